import { errorMessage } from '../errors.js';

/**
 * The one describer of a failed fetch: Node's fetch throws "fetch failed" and hides the reason in `cause` (a DNS,
 * connection or TLS error). `brief`: a short stable token for counting and retry logs (`timed out`, `ECONNRESET`);
 * otherwise the cause's sentence for a person.
 */
export function describeFetchError(e: unknown, options: { brief?: boolean } = {}): string {
  if (options.brief && e instanceof Error && (e.name === 'TimeoutError' || e.name === 'AbortError')) return 'timed out';
  const cause = (e as { cause?: { code?: string } } | undefined)?.cause;
  if (options.brief && cause?.code) return cause.code;
  return errorMessage(cause ?? e);
}
