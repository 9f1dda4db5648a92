import { existsSync } from 'node:fs';
import { mkdir, open, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { sha256File } from '../util/sha256.js';
import { AppError } from '../errors.js';
import { describeFetchError } from '../util/fetch-error.js';

/**
 * Resumable downloads of large files (database packages, models). The bytes go to `<dest>.part`, with
 * `<dest>.part.json` remembering the URL and the server's validators; an interrupted download continues with an HTTP
 * Range request (If-Range guards against a file that changed meanwhile). Only a complete file whose sha256 matches
 * is renamed to `dest`; a mismatch deletes the partial file so the next try starts clean.
 */
export interface DownloadProgress {
  received: number;
  /** Total size when the server or the caller knows it. */
  total?: number;
  /** Bytes already on disk from an earlier attempt when this one started. */
  resumedFrom: number;
}

export interface DownloadOptions {
  /** Expected sha256 (hex). Without it the caller must verify the file another way. */
  sha256?: string;
  /** Expected size in bytes, when known (latest.json). */
  size?: number;
  onProgress?: (p: DownloadProgress) => void;
  /** Attempts in this call, each resuming where the last one broke off (default 4). */
  attempts?: number;
  /** Wait between attempts, doubled each time (default 1000 ms). */
  retryDelayMs?: number;
  /** Abort when no byte arrives for this long (default 60 s). */
  idleTimeoutMs?: number;
  /** Error code for a checksum mismatch (packages: DATABASE_INVALID; models: MODEL_INVALID, which also says a different build may be at the URL). */
  mismatchCode?: 'DATABASE_INVALID' | 'MODEL_INVALID';
  /** What is downloaded, for messages ("database package", "model scrfd_500m"). */
  what?: string;
  fetch?: typeof fetch;
}

export interface DownloadResult {
  path: string;
  sha256: string;
  size: number;
  /** Bytes this call fetched over the network (less than size after a resume). */
  fetched: number;
  /** True when an earlier partial download was continued. */
  resumed: boolean;
}

interface PartMeta {
  url: string;
  etag?: string;
  last_modified?: string;
  total?: number;
}

export async function download(url: string, dest: string, options: DownloadOptions = {}): Promise<DownloadResult> {
  const what = options.what ?? 'file';
  const attempts = Math.max(1, options.attempts ?? 4);
  const doFetch = options.fetch ?? fetch;
  const part = `${dest}.part`;
  const metaFile = `${dest}.part.json`;
  await mkdir(dirname(dest), { recursive: true });

  // A finished earlier download of the same file.
  if (options.sha256 && existsSync(dest) && (await sha256File(dest)) === options.sha256) {
    const { size } = await stat(dest);
    return { path: dest, sha256: options.sha256, size, fetched: 0, resumed: false };
  }

  let saved: PartMeta | undefined;
  if (existsSync(part) && existsSync(metaFile)) {
    try {
      saved = JSON.parse(await readFile(metaFile, 'utf8')) as PartMeta;
    } catch {
      saved = undefined;
    }
  }
  if (!saved || saved.url !== url) {
    await rm(part, { force: true });
    saved = { url };
  }
  let meta: PartMeta = saved;

  let fetched = 0;
  let resumed = false;
  let lastError: unknown;
  for (let attempt = 1; attempt <= attempts; attempt++) {
    if (attempt > 1) await new Promise((r) => setTimeout(r, (options.retryDelayMs ?? 1000) * 2 ** (attempt - 2)));
    const have = existsSync(part) ? (await stat(part)).size : 0;
    const known = options.size ?? meta.total;
    if (known !== undefined && have === known && have > 0) break; // complete; verified below
    if (known !== undefined && have > known) {
      await rm(part, { force: true });
      continue;
    }
    try {
      const state: { meta: PartMeta } = { meta };
      try {
        const result = await fetchOnce(doFetch, url, part, have, state, options, what);
        fetched += result.fetched;
        resumed ||= result.resumed;
      } finally {
        meta = state.meta;
      }
      await writeFile(metaFile, JSON.stringify(meta));
      lastError = undefined;
      break;
    } catch (e) {
      lastError = e;
      // Keep what arrived, with validators, so the next attempt (or the next run) resumes.
      await writeFile(metaFile, JSON.stringify(meta)).catch(() => undefined);
      if (e instanceof AppError && e.extensions.retry === false) break;
    }
  }
  if (lastError) {
    const have = existsSync(part) ? (await stat(part)).size : 0;
    const total = options.size ?? meta.total;
    const msg = lastError instanceof AppError ? lastError.message : `Downloading the ${what} from ${origin(url)} failed: ${describeFetchError(lastError)}.`;
    throw new AppError(
      'FETCH_FAILED',
      have > 0
        ? `${msg} ${have}${total ? ` of ${total}` : ''} bytes are kept in ${part}: run the same command again to resume.`
        : msg,
      { url, received: have },
    );
  }

  const { size } = await stat(part);
  const total = options.size ?? meta.total;
  if (total !== undefined && size !== total) {
    throw new AppError('FETCH_FAILED', `The ${what} download is ${size} bytes, ${total} expected: run the same command again to resume.`);
  }
  const sha256 = await sha256File(part);
  if (options.sha256 && sha256 !== options.sha256.toLowerCase()) {
    await rm(part, { force: true });
    await rm(metaFile, { force: true });
    throw new AppError(
      options.mismatchCode ?? 'DATABASE_INVALID',
      `The downloaded ${what} has sha256 ${sha256}, but ${options.sha256} was expected: it is damaged or was tampered with${options.mismatchCode === 'MODEL_INVALID' ? ' (or the URL serves a different build of the model)' : ''}, and was deleted. Nothing was installed.`,
      { url },
    );
  }
  await rename(part, dest);
  await rm(metaFile, { force: true });
  return { path: dest, sha256, size, fetched, resumed };
}

async function fetchOnce(
  doFetch: typeof fetch,
  url: string,
  part: string,
  have: number,
  state: { meta: PartMeta },
  options: DownloadOptions,
  what: string,
): Promise<{ fetched: number; resumed: boolean }> {
  let meta = state.meta;
  const headers: Record<string, string> = { 'Accept-Encoding': 'identity' };
  if (have > 0) {
    headers.Range = `bytes=${have}-`;
    const validator = meta.etag && !meta.etag.startsWith('W/') ? meta.etag : meta.last_modified;
    if (validator) headers['If-Range'] = validator;
  }
  const idle = new AbortController();
  const idleMs = options.idleTimeoutMs ?? 60_000;
  let timer = setTimeout(() => idle.abort(), idleMs);
  const touch = () => {
    clearTimeout(timer);
    timer = setTimeout(() => idle.abort(), idleMs);
  };
  try {
    let response: Response;
    try {
      response = await doFetch(url, { headers, signal: idle.signal, redirect: 'follow' });
    } catch (e) {
      throw new AppError('FETCH_FAILED', `Could not reach ${origin(url)} for the ${what}: ${idle.signal.aborted ? `no answer in ${idleMs} ms` : describeFetchError(e)}.`);
    }
    let start = 0;
    if (response.status === 206 && have > 0) {
      const range = /bytes (\d+)-(\d+)\/(\d+|\*)/.exec(response.headers.get('content-range') ?? '');
      if (!range || Number(range[1]) !== have) {
        await response.body?.cancel();
        await rm(part, { force: true });
        throw new AppError('FETCH_FAILED', `The server answered the resume request of the ${what} with the wrong range; starting over.`);
      }
      start = have;
      if (range[3] !== '*') meta = state.meta = { ...meta, total: Number(range[3]) };
    } else if (response.status === 416 && have > 0) {
      await response.body?.cancel();
      // Nothing after `have`: the partial file may already be complete (checked by size and sha256 by the caller).
      state.meta = { ...meta, total: meta.total ?? have };
      return { fetched: 0, resumed: true };
    } else if (response.status === 200) {
      const length = Number(response.headers.get('content-length'));
      meta = state.meta = {
        url: meta.url,
        etag: response.headers.get('etag') ?? undefined,
        last_modified: response.headers.get('last-modified') ?? undefined,
        total: Number.isFinite(length) && length > 0 ? length : undefined,
      };
    } else {
      await response.body?.cancel();
      const retry = response.status >= 500 || response.status === 429;
      throw new AppError('FETCH_FAILED', `Downloading the ${what} failed: ${origin(url)}${new URL(url).pathname} answered HTTP ${response.status}.`, {
        status: response.status,
        retry,
      });
    }
    if (!response.body) throw new AppError('FETCH_FAILED', `The server sent no body for the ${what}.`);
    const handle = await open(part, start > 0 ? 'a' : 'w');
    let received = start;
    let fetched = 0;
    const total = options.size ?? meta.total;
    try {
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
        touch();
        await handle.write(chunk);
        received += chunk.length;
        fetched += chunk.length;
        if (total !== undefined && received > total) {
          throw new AppError('FETCH_FAILED', `The ${what} is larger than the ${total} bytes announced.`, { retry: false });
        }
        options.onProgress?.({ received, total, resumedFrom: start });
      }
    } catch (e) {
      if (e instanceof AppError) throw e;
      throw new AppError('FETCH_FAILED', `The ${what} download broke off after ${received} bytes: ${idle.signal.aborted ? `no data for ${idleMs} ms` : describeFetchError(e)}.`);
    } finally {
      await handle.close();
    }
    if (total !== undefined && received < total) {
      throw new AppError('FETCH_FAILED', `The ${what} download broke off after ${received} of ${total} bytes.`);
    }
    return { fetched, resumed: start > 0 };
  } finally {
    clearTimeout(timer);
  }
}

function origin(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return url;
  }
}
