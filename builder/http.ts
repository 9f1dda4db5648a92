import { describeFetchError } from '../src/util/fetch-error.js';
/**
 * HTTP plumbing shared by the stash-box client and the image downloader: an even-spacing rate limiter that every
 * request of one endpoint goes through (retries included), and a fetch that retries 429 / 5xx / network errors with
 * back-off, honouring Retry-After.
 */

export class AbortedError extends Error {
  constructor() {
    super('aborted');
    this.name = 'AbortError';
  }
}

export function isAbort(e: unknown): boolean {
  return e instanceof Error && (e.name === 'AbortError' || (e as { code?: string }).code === 'ABORT_ERR');
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return Promise.reject(new AbortedError());
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, Math.max(0, ms));
    const onAbort = () => {
      clearTimeout(timer);
      reject(new AbortedError());
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * At most `perMinute` starts per minute, evenly spaced (no bursts: a server counting per second sees the same rate
 * as one counting per minute). `pause` pushes every later start back, so one 429 slows all callers.
 */
export class RateLimiter {
  private next = 0;
  readonly intervalMs: number;

  constructor(
    readonly perMinute: number,
    private readonly now: () => number = Date.now,
  ) {
    this.intervalMs = 60_000 / perMinute;
  }

  async take(signal?: AbortSignal): Promise<void> {
    const now = this.now();
    const at = Math.max(now, this.next);
    this.next = at + this.intervalMs;
    if (at > now) await sleep(at - now, signal);
  }

  pause(ms: number): void {
    this.next = Math.max(this.next, this.now() + ms);
  }
}

export interface RetryPolicy {
  retries: number;
  /** First back-off; doubles per attempt. */
  baseDelayMs: number;
  maxDelayMs: number;
  timeoutMs: number;
}

export interface HttpStats {
  requests: number;
  retries: number;
  rateLimited: number;
  serverErrors: number;
  networkErrors: number;
}

export function newHttpStats(): HttpStats {
  return { requests: 0, retries: 0, rateLimited: 0, serverErrors: 0, networkErrors: 0 };
}

export function isRetryableStatus(status: number): boolean {
  return status === 429 || status === 408 || status >= 500;
}

/** Seconds or an HTTP date; undefined when absent or unreadable. */
export function retryAfterMs(header: string | null, now = Date.now()): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(header);
  return Number.isFinite(at) ? Math.max(0, at - now) : undefined;
}

export function backoffMs(attempt: number, policy: Pick<RetryPolicy, 'baseDelayMs' | 'maxDelayMs'>): number {
  const exp = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt);
  return exp * (0.75 + Math.random() * 0.5);
}

export interface LimitedFetchOptions {
  limiter: RateLimiter;
  policy: RetryPolicy;
  stats?: HttpStats;
  signal?: AbortSignal;
  fetch?: typeof fetch;
  onRetry?: (info: { url: string; attempt: number; delayMs: number; reason: string }) => void;
}

/**
 * A fetch for one endpoint: every attempt waits its turn at the limiter and has its own timeout; 429, 408, 5xx and
 * network failures are retried (Retry-After first, else exponential back-off with jitter). After the last retry the
 * final response is returned (the caller reports it), or the final network error thrown.
 */
export function limitedFetch(options: LimitedFetchOptions): typeof fetch {
  const doFetch = options.fetch ?? fetch;
  const stats = options.stats ?? newHttpStats();
  return async (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    for (let attempt = 0; ; attempt++) {
      await options.limiter.take(options.signal);
      stats.requests++;
      const signals = [AbortSignal.timeout(options.policy.timeoutMs)];
      if (options.signal) signals.push(options.signal);
      if (init?.signal) signals.push(init.signal);
      let reason: string;
      let delay: number | undefined;
      try {
        const response = await doFetch(input, { ...init, signal: AbortSignal.any(signals) });
        if (!isRetryableStatus(response.status) || attempt >= options.policy.retries) return response;
        if (response.status === 429) {
          stats.rateLimited++;
          delay = retryAfterMs(response.headers.get('retry-after'));
          // Everyone sharing this endpoint backs off, not only this request.
          options.limiter.pause(delay ?? backoffMs(attempt, options.policy));
        } else stats.serverErrors++;
        reason = `HTTP ${response.status}`;
        await response.body?.cancel().catch(() => undefined);
      } catch (e) {
        if (options.signal?.aborted || init?.signal?.aborted) throw new AbortedError();
        stats.networkErrors++;
        if (attempt >= options.policy.retries) throw e;
        reason = describeFetchError(e, { brief: true });
      }
      const wait = Math.min(options.policy.maxDelayMs, delay ?? backoffMs(attempt, options.policy));
      stats.retries++;
      options.onRetry?.({ url, attempt: attempt + 1, delayMs: wait, reason });
      await sleep(wait, options.signal);
    }
  };
}
