import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Config } from '../config.js';
import type { Logger } from '../log.js';

/** The code of the answer a page from a refused origin gets (the plugin tells it from an unreachable sidecar). */
export const CORS_REFUSED = 'CORS_ORIGIN_REFUSED';

/**
 * Refuses GraphQL requests from browser origins outside CORS_ORIGINS before they run, and says so where a person
 * looks: the log names the origin and the setting, and the page gets a readable 403 (its preflight is answered so
 * the real request, and with it the explanation, reaches the page; nothing is executed for it). Same-origin pages
 * (GraphiQL served by the sidecar itself) are always allowed. Returns true when it answered the request.
 */
export function corsGate(config: Pick<Config, 'corsOrigins'>, log: Logger): (req: IncomingMessage, res: ServerResponse) => boolean {
  const allowed = new Set(config.corsOrigins);
  const logged = new Set<string>();
  return (req, res) => {
    const origin = req.headers.origin;
    if (!origin || allowed.has(origin) || sameOrigin(origin, req)) return false;
    const shown = origin.slice(0, 200);
    if (!logged.has(shown) && logged.size < 100) {
      logged.add(shown);
      log.warn('refused a request from a browser page whose origin is not allowed: add it to CORS_ORIGINS', {
        origin: shown,
        setting: 'CORS_ORIGINS',
        allowed: [...allowed],
      });
    }
    req.resume();
    if (req.method === 'OPTIONS') {
      res.writeHead(403, { Vary: 'Origin', 'Content-Type': 'text/plain; charset=utf-8' }).end(`Origin ${shown} is not in CORS_ORIGINS.\n`);
      return true;
    }
    const headers = { 'Access-Control-Allow-Origin': origin, Vary: 'Origin' };
    // The allowed list stays in the log: a foreign page need not learn the user's Stash address.
    const message = `The sidecar refused this page's origin ${shown}: add it to CORS_ORIGINS in the sidecar's settings and restart the sidecar.`;
    res.writeHead(403, { ...headers, 'Content-Type': 'application/json; charset=utf-8' });
    res.end(JSON.stringify({ errors: [{ message, extensions: { code: CORS_REFUSED, origin: shown, setting: 'CORS_ORIGINS' } }] }));
    return true;
  };
}

function sameOrigin(origin: string, req: IncomingMessage): boolean {
  try {
    // Not X-Forwarded-Host: a page could set it on its real request after a preflight.
    return new URL(origin).host === req.headers.host;
  } catch {
    return false;
  }
}
