import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { AppError } from '../errors.js';

/**
 * A loopback relay between ffmpeg and Stash's stream URL, so that
 *  - the API key is never on ffmpeg's command line (anything that lists processes could read it there): ffmpeg is
 *    given `http://127.0.0.1:<port>/<random token>`, and the relay adds the key to its own requests to Stash;
 *  - ffmpeg never follows a redirect off Stash's origin: the relay follows redirects by hand, only on that origin,
 *    and answers 502 to anything else (remembered as `refused`, so the caller reports FORBIDDEN_ORIGIN);
 *  - cancelling one request stops every range request ffmpeg has open (`close()` aborts them).
 * ffmpeg's HTTP Range requests are passed through unchanged; the resolved URL is kept after the first request so
 * the many seeks of one extraction do not repeat the redirect hops.
 */
export interface StreamRelay {
  /** The address to give ffmpeg (loopback, unguessable path, no secret). */
  url: string;
  /** Why the relay refused to go on (a redirect off Stash's origin), if it did. */
  refused(): AppError | undefined;
  /** Requests ffmpeg made through the relay. */
  requests(): number;
  close(): Promise<void>;
}

export interface RelayOptions {
  /** The only origin the relay talks to (STASH_URL's). */
  origin: string;
  /** Sent as the `ApiKey` header to that origin only. */
  apiKey?: string;
  /** Time limit for each upstream request's headers. */
  timeoutMs: number;
}

const MAX_REDIRECTS = 5;
const PASSED_HEADERS = ['content-type', 'content-length', 'content-range', 'accept-ranges', 'last-modified', 'etag'];

export async function openStreamRelay(upstream: string, options: RelayOptions): Promise<StreamRelay> {
  const first = new URL(upstream);
  if (first.origin !== options.origin) {
    throw new AppError('FORBIDDEN_ORIGIN', `The scene's stream ${first.origin}${first.pathname} is not on STASH_URL's origin.`);
  }
  const token = randomBytes(18).toString('hex');
  const everything = new AbortController();
  let resolved: URL | undefined;
  let refused: AppError | undefined;
  let count = 0;

  const fetchUpstream = async (req: IncomingMessage, signal: AbortSignal): Promise<Response> => {
    let url = resolved ?? first;
    for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
      const headers: Record<string, string> = {};
      if (req.headers.range) headers.Range = req.headers.range;
      if (options.apiKey) headers.ApiKey = options.apiKey;
      const response = await fetch(url, {
        method: req.method === 'HEAD' ? 'HEAD' : 'GET',
        headers,
        redirect: 'manual',
        signal: AbortSignal.any([signal, everything.signal, AbortSignal.timeout(options.timeoutMs)]),
      });
      const location = response.headers.get('location');
      if (response.status >= 300 && response.status < 400 && location) {
        await response.body?.cancel().catch(() => undefined);
        const next = new URL(location, url);
        if (next.origin !== options.origin) {
          refused = new AppError(
            'FORBIDDEN_ORIGIN',
            `Stash redirected the scene's stream to ${next.origin}, which is not STASH_URL's origin; the sidecar does not follow it (the API key stays with Stash).`,
          );
          throw refused;
        }
        url = next;
        continue;
      }
      resolved = url;
      return response;
    }
    throw new AppError('FETCH_FAILED', "Too many redirects on the scene's stream.");
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    count++;
    if (req.url !== `/${token}` || (req.method !== 'GET' && req.method !== 'HEAD') || refused) {
      res.writeHead(refused ? 502 : 404).end();
      return;
    }
    const abort = new AbortController();
    res.on('close', () => abort.abort());
    let response: Response;
    try {
      response = await fetchUpstream(req, abort.signal);
    } catch {
      if (!res.headersSent) res.writeHead(502);
      res.end();
      return;
    }
    const headers: Record<string, string> = {};
    for (const name of PASSED_HEADERS) {
      const value = response.headers.get(name);
      if (value) headers[name] = value;
    }
    res.writeHead(response.status, headers);
    if (!response.body || req.method === 'HEAD') {
      res.end();
      return;
    }
    const body = Readable.fromWeb(response.body as import('node:stream/web').ReadableStream);
    body.on('error', () => res.destroy());
    body.pipe(res);
    res.on('close', () => body.destroy());
  };

  const server = createServer((req, res) => {
    handle(req, res).catch(() => res.destroy());
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/${token}`,
    refused: () => refused,
    requests: () => count,
    close: () =>
      new Promise<void>((resolve) => {
        everything.abort();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
