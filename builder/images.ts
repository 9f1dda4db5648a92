import { describeFetchError } from '../src/util/fetch-error.js';
import { existsSync, mkdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Slots } from '../src/util/slots.js';
import { isAbort, limitedFetch, newHttpStats, RateLimiter, type HttpStats, type RetryPolicy } from './http.js';
import { writeFileAtomicSync } from '../src/util/atomic-write.js';
import { Journal } from './journal.js';
import { sha256Hex } from '../src/util/sha256.js';

/** What the cache knows about one URL: its bytes' sha256, or that it can never be fetched. */
type UrlRecord = { url: string; sha256: string; bytes: number } | { url: string; failed: string };

/**
 * Content-addressed image cache: bytes live at `blobs/<aa>/<sha256>`, and `urls.jsonl` maps each downloaded URL to
 * its blob. A URL is written to the index only after its blob is in place, so a download that completed is never
 * repeated, across kills and builds. Permanent failures (404, too large) are remembered too.
 */
export class ImageCache {
  private readonly urls = new Map<string, UrlRecord>();
  private readonly journal: Journal<UrlRecord>;

  constructor(readonly dir: string) {
    mkdirSync(join(dir, 'blobs'), { recursive: true });
    this.journal = new Journal(join(dir, 'urls.jsonl'));
    for (const record of this.journal.read()) this.urls.set(record.url, record);
  }

  lookup(url: string): UrlRecord | undefined {
    const record = this.urls.get(url);
    if (record && 'sha256' in record && !existsSync(this.blobPath(record.sha256))) return undefined;
    return record;
  }

  blobPath(sha256: string): string {
    return join(this.dir, 'blobs', sha256.slice(0, 2), sha256);
  }

  read(sha256: string): Promise<Buffer> {
    return readFile(this.blobPath(sha256));
  }

  put(url: string, bytes: Uint8Array): string {
    const sha256 = sha256Hex(bytes);
    const path = this.blobPath(sha256);
    if (!existsSync(path)) {
      mkdirSync(join(this.dir, 'blobs', sha256.slice(0, 2)), { recursive: true });
      writeFileAtomicSync(path, bytes);
    }
    const record = { url, sha256, bytes: bytes.byteLength };
    this.urls.set(url, record);
    this.journal.append(record);
    return sha256;
  }

  markFailed(url: string, reason: string): void {
    const record = { url, failed: reason };
    this.urls.set(url, record);
    this.journal.append(record);
  }

  get size(): number {
    return this.urls.size;
  }
}

export type DownloadResult =
  | { ok: true; sha256: string; bytes: Buffer; cached: boolean }
  /** `permanent`: the URL will never work (remembered); otherwise worth another try in a later run. */
  | { ok: false; reason: string; permanent: boolean };

export interface DownloadStats extends HttpStats {
  downloaded: number;
  cached: number;
  bytes: number;
  failed: Record<string, number>;
}

export interface DownloaderOptions {
  rateLimit: number;
  concurrency: number;
  policy: RetryPolicy;
  maxBytes: number;
  signal?: AbortSignal;
  fetch?: typeof fetch;
}

/** Downloads images into the cache: bounded concurrency, its own rate limit, timeouts and retries. */
export class ImageDownloader {
  readonly stats: DownloadStats = { ...newHttpStats(), downloaded: 0, cached: 0, bytes: 0, failed: {} };
  private readonly gate: Slots;
  private readonly fetch: typeof fetch;
  private readonly inflight = new Map<string, Promise<DownloadResult>>();

  constructor(
    readonly cache: ImageCache,
    private readonly options: DownloaderOptions,
  ) {
    this.gate = new Slots(options.concurrency);
    this.fetch = limitedFetch({
      limiter: new RateLimiter(options.rateLimit),
      policy: options.policy,
      stats: this.stats,
      signal: options.signal,
      fetch: options.fetch,
    });
  }

  get(url: string): Promise<DownloadResult> {
    const known = this.cache.lookup(url);
    if (known) {
      if ('failed' in known) return Promise.resolve(this.fail(known.failed, true));
      this.stats.cached++;
      return this.cache.read(known.sha256).then((bytes) => ({ ok: true, sha256: known.sha256, bytes, cached: true }));
    }
    // Two performers sharing an image URL at the same moment share one download.
    let pending = this.inflight.get(url);
    if (!pending) {
      pending = this.gate.run(() => this.download(url)).finally(() => this.inflight.delete(url));
      this.inflight.set(url, pending);
    }
    return pending;
  }

  private async download(url: string): Promise<DownloadResult> {
    let response: Response;
    try {
      response = await this.fetch(url);
    } catch (e) {
      if (isAbort(e) && this.options.signal?.aborted) throw e;
      return this.fail(`network: ${describeFetchError(e, { brief: true })}`, false);
    }
    if (!response.ok) {
      await response.body?.cancel().catch(() => undefined);
      // 4xx other than 408/429 will not get better by asking again.
      const permanent = response.status >= 400 && response.status < 500 && response.status !== 408 && response.status !== 429;
      if (permanent) this.cache.markFailed(url, `HTTP ${response.status}`);
      return this.fail(`HTTP ${response.status}`, permanent);
    }
    const declared = Number(response.headers.get('content-length'));
    if (declared > this.options.maxBytes) {
      await response.body?.cancel().catch(() => undefined);
      this.cache.markFailed(url, 'too large');
      return this.fail('too large', true);
    }
    let bytes: Buffer;
    try {
      bytes = await readLimited(response, this.options.maxBytes);
    } catch (e) {
      if (this.options.signal?.aborted) throw e;
      if (e instanceof TooLarge) {
        this.cache.markFailed(url, 'too large');
        return this.fail('too large', true);
      }
      return this.fail(`network: ${describeFetchError(e, { brief: true })}`, false);
    }
    const sha256 = this.cache.put(url, bytes);
    this.stats.downloaded++;
    this.stats.bytes += bytes.byteLength;
    return { ok: true, sha256, bytes, cached: false };
  }

  private fail(reason: string, permanent: boolean): DownloadResult {
    const key = reason.startsWith('network') ? 'network' : reason;
    this.stats.failed[key] = (this.stats.failed[key] ?? 0) + 1;
    return { ok: false, reason, permanent };
  }
}

class TooLarge extends Error {}

async function readLimited(response: Response, maxBytes: number): Promise<Buffer> {
  const chunks: Uint8Array[] = [];
  let total = 0;
  if (!response.body) return Buffer.alloc(0);
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    total += chunk.byteLength;
    if (total > maxBytes) throw new TooLarge();
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/** stash-box serves smaller copies with `?size=300|600|1280|full`: faces need no more than 600 px. */
export function sizedImageUrl(url: string, size: string | null): string {
  if (!size) return url;
  try {
    const u = new URL(url);
    u.searchParams.set('size', size);
    return u.href;
  } catch {
    return url;
  }
}
