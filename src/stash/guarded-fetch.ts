import { AppError } from '../errors.js';
import { describeFetchError } from '../util/fetch-error.js';

export interface FetchPolicy {
  /** Stash's base URL: its origin is allowed, and only it receives the API key. */
  stashUrl?: string;
  stashApiKey?: string;
  /** Further origins image_url may name. */
  allowedOrigins: readonly string[];
  maxBytes: number;
  timeoutMs: number;
}

/** The policy for downloads from Stash alone (its images, sprites, VTTs), with the configured limits. */
export function stashFetchPolicy(config: { stashUrl?: string; stashApiKey?: string; maxImageBytes: number; fetchTimeoutMs: number }, allowedOrigins: readonly string[] = []): FetchPolicy {
  return { stashUrl: config.stashUrl, stashApiKey: config.stashApiKey, allowedOrigins, maxBytes: config.maxImageBytes, timeoutMs: config.fetchTimeoutMs };
}

const MAX_REDIRECTS = 5;

/**
 * The one way the sidecar downloads anything a request names: only allowed origins (the sidecar must not become a
 * proxy into the user's network), the Stash API key only to Stash, redirects followed by hand and re-checked,
 * size and time limits enforced while streaming.
 */
export async function guardedFetch(rawUrl: string, policy: FetchPolicy, what = 'image', signal?: AbortSignal): Promise<Buffer> {
  let url = parseUrl(rawUrl);
  const stashOrigin = policy.stashUrl ? new URL(policy.stashUrl).origin : undefined;
  const allowed = new Set([...(stashOrigin ? [stashOrigin] : []), ...policy.allowedOrigins]);
  const timeout = AbortSignal.timeout(policy.timeoutMs);
  // The request's signal (the client went away) ends the download too; its reason, not a fetch error, is thrown.
  const deadline = signal ? AbortSignal.any([timeout, signal]) : timeout;
  for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
    if (!allowed.has(url.origin)) {
      throw new AppError(
        'FORBIDDEN_ORIGIN',
        `The sidecar may not fetch from ${url.origin}. Allowed: ${[...allowed].join(', ') || 'none'} (set STASH_URL or ALLOWED_IMAGE_ORIGINS).`,
      );
    }
    const headers: Record<string, string> = {};
    if (url.origin === stashOrigin && policy.stashApiKey) headers.ApiKey = policy.stashApiKey;
    let response: Response;
    try {
      response = await fetch(url, { headers, redirect: 'manual', signal: deadline });
    } catch (e) {
      if (signal?.aborted) throw signal.reason;
      const timedOut = deadline.aborted;
      throw new AppError(
        'FETCH_FAILED',
        timedOut
          ? `Fetching the ${what} from ${url.origin} took longer than ${policy.timeoutMs} ms.`
          : `Could not fetch the ${what} from ${url.origin}: ${describeFetchError(e)}.`,
      );
    }
    if (response.status >= 300 && response.status < 400 && response.headers.get('location')) {
      await response.body?.cancel();
      url = parseUrl(new URL(response.headers.get('location')!, url).toString());
      continue;
    }
    if (!response.ok) {
      await response.body?.cancel();
      throw new AppError('FETCH_FAILED', `Fetching the ${what} failed: ${url.origin}${url.pathname} answered HTTP ${response.status}.`, {
        status: response.status,
      });
    }
    return readLimited(response, policy.maxBytes, what, deadline, signal);
  }
  throw new AppError('FETCH_FAILED', `Too many redirects while fetching the ${what}.`);
}

function parseUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new AppError('BAD_USER_INPUT', `"${raw.slice(0, 200)}" is not a valid URL.`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new AppError('BAD_USER_INPUT', `Only http and https URLs can be fetched (got ${url.protocol}).`);
  }
  return url;
}

async function readLimited(response: Response, maxBytes: number, what: string, deadline: AbortSignal, signal?: AbortSignal): Promise<Buffer> {
  const declared = Number(response.headers.get('content-length'));
  if (declared > maxBytes) {
    await response.body?.cancel();
    throw new AppError('IMAGE_TOO_LARGE', `The ${what} is ${declared} bytes, above the ${maxBytes}-byte limit (MAX_IMAGE_BYTES).`);
  }
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
      total += chunk.length;
      if (total > maxBytes) {
        await response.body?.cancel().catch(() => undefined);
        throw new AppError('IMAGE_TOO_LARGE', `The ${what} is larger than the ${maxBytes}-byte limit (MAX_IMAGE_BYTES).`);
      }
      chunks.push(chunk);
    }
  } catch (e) {
    if (e instanceof AppError) throw e;
    if (signal?.aborted) throw signal.reason;
    throw new AppError('FETCH_FAILED', deadline.aborted ? `Fetching the ${what} timed out.` : `The ${what} download broke off: ${describeFetchError(e)}.`);
  }
  return Buffer.concat(chunks);
}
