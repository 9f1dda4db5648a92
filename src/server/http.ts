import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { renderGraphiQL } from '@graphql-yoga/render-graphiql';
import { useCSRFPrevention } from '@graphql-yoga/plugin-csrf-prevention';
import { maxAliasesPlugin } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthPlugin } from '@escape.tech/graphql-armor-max-depth';
import { maxTokensPlugin } from '@escape.tech/graphql-armor-max-tokens';
import { createFetch } from '@whatwg-node/fetch';
import { createYoga, maskError } from 'graphql-yoga';
import { GraphQLError } from 'graphql';
import { corsGate } from './cors.js';
import type { AppServices, GraphQLContext } from './context.js';
import { schema } from './schema/index.js';

/** A handler for a non-GraphQL path; returns false when the request is not its own. */
export type RouteHandler = (req: IncomingMessage, res: ServerResponse, url: URL) => boolean | Promise<boolean>;

export interface HttpServer {
  server: Server;
  url: string;
  port: number;
  /** Stops accepting, lets requests in flight finish within `timeoutMs`, then closes what is left. */
  shutdown(timeoutMs: number): Promise<void>;
}

/**
 * Bounds on one GraphQL document. The sidecar's own clients send a few hundred tokens at most; the parser is
 * recursive, so tokens also bound how deeply a document can nest before it is parsed (about 2,500 levels overflow
 * the stack; 2,000 tokens stop a document well below 1,000).
 */
export const QUERY_LIMITS = { tokens: 2000, depth: 15, aliases: 50 } as const;
/** Largest JSON (non-multipart) request body. */
export const MAX_JSON_BODY_BYTES = 1024 * 1024;
/** Time a client has to send its headers, and its whole request (a stalled upload is closed after it). */
export const HEADERS_TIMEOUT_MS = 20_000;
export const REQUEST_TIMEOUT_MS = 120_000;

export async function startHttpServer(services: AppServices, routes: RouteHandler[] = []): Promise<HttpServer> {
  const { config, log } = services;
  const yoga = createYoga<{ req: IncomingMessage; res: ServerResponse }, GraphQLContext>({
    schema,
    graphqlEndpoint: '/graphql',
    // Uploads: one file of at most MAX_IMAGE_BYTES (the same limit a downloaded image has); yoga's own default
    // request limit (25 MB, also for chunked bodies) follows it.
    maxRequestBodySize: config.maxImageBytes + MAX_JSON_BODY_BYTES,
    fetchAPI: createFetch({
      formDataLimits: { fileSize: config.maxImageBytes, files: 1, fields: 10, fieldSize: MAX_JSON_BODY_BYTES, parts: 12 },
    }),
    // The GraphiQL page with its assets inlined: it works with no internet.
    renderGraphiQL,
    graphiql: { title: 'stash-face', defaultQuery: DEFAULT_QUERY, endpoint: `${config.basePath}/graphql` },
    landingPage: false,
    cors: { origin: config.corsOrigins, credentials: false, methods: ['GET', 'POST', 'OPTIONS'] },
    // Multipart uploads and GETs are "simple" requests a browser sends cross-origin without a CORS preflight: a page
    // on any site could call the sidecar. Such requests must carry a header a form cannot set.
    plugins: [
      useCSRFPrevention({ requestHeaders: ['x-graphql-yoga-csrf', 'graphql-require-preflight'] }),
      maxTokensPlugin({ n: QUERY_LIMITS.tokens, exposeLimits: true }),
      maxDepthPlugin({ n: QUERY_LIMITS.depth, exposeLimits: true, flattenFragments: true }),
      maxAliasesPlugin({ n: QUERY_LIMITS.aliases, exposeLimits: true }),
    ],
    multipart: true,
    context: ({ request }) => ({ ...services, request }),
    logging: {
      debug: (...a) => log.debug(String(a[0])),
      info: (...a) => log.debug(String(a[0])),
      warn: (...a) => log.warn(String(a[0])),
      error: (...a) => log.error(String(a[0])),
    },
    maskedErrors: {
      // Our AppErrors carry a code and a message for people; anything else is a bug: log it, show a generic error.
      maskError(error, message, isDev) {
        const original = error instanceof GraphQLError ? error.originalError : error;
        if (original && !(original instanceof GraphQLError)) {
          if (isAbort(original)) return new GraphQLError('The request was cancelled.', { extensions: { code: 'CANCELLED' } });
          log.error('unexpected error', { error: String(original), stack: (original as Error).stack });
        }
        // Errors of the request itself (a syntax error, bad multipart fields, a limit) come without a code from the
        // libraries that raise them: a client can branch only on a code.
        if (error instanceof GraphQLError && !original && error.extensions?.code === undefined) {
          return new GraphQLError(error.message, { nodes: error.nodes, positions: error.positions, path: error.path, extensions: { ...error.extensions, code: 'BAD_REQUEST' } });
        }
        return maskError(error, message, isDev);
      },
    },
  });

  const cors = corsGate(config, log);
  let inFlight = 0;
  let draining = false;
  const drained: Array<() => void> = [];
  // Checked every 2 s (Node's default is 30 s) so a stalled request is closed soon after its time is up.
  const server = createServer({ connectionsCheckingInterval: 2_000 }, async (req, res) => {
    inFlight++;
    res.on('close', () => {
      inFlight--;
      if (draining && inFlight === 0) drained.splice(0).forEach((f) => f());
    });
    if (draining) res.setHeader('Connection', 'close');
    try {
      let url = new URL(req.url ?? '/', 'http://localhost');
      // Behind a reverse proxy at PUBLIC_URL's path: answered with or without the prefix (proxies differ in stripping it).
      const base = config.basePath;
      if (base && (url.pathname === base || url.pathname.startsWith(`${base}/`))) {
        req.url = url.pathname.slice(base.length) + url.search || '/';
        url = new URL(req.url, 'http://localhost');
      }
      if (url.pathname === '/' && req.method === 'GET') {
        res.writeHead(302, { Location: `${base}/graphql` }).end();
        return;
      }
      for (const route of routes) if (await route(req, res, url)) return;
      if (url.pathname === '/graphql') {
        if (cors(req, res)) return;
        const length = Number(req.headers['content-length'] ?? 0);
        const multipart = /^multipart\/form-data/i.test(req.headers['content-type'] ?? '');
        if (length > (multipart ? config.maxImageBytes + MAX_JSON_BODY_BYTES : MAX_JSON_BODY_BYTES)) {
          refuse(res, 413, 'REQUEST_ENTITY_TOO_LARGE', multipart
            ? `The upload is ${length} bytes, above the ${config.maxImageBytes}-byte limit (MAX_IMAGE_BYTES).`
            : `The request body is ${length} bytes; GraphQL requests are at most ${MAX_JSON_BODY_BYTES} bytes (upload images as multipart).`);
          req.resume();
          return;
        }
      }
      await yoga.handle(req, res);
    } catch (e) {
      log.error('request failed', { error: String(e) });
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain' });
      res.end('internal error');
    }
  });
  // requestTimeout bounds receiving a request (headers and body), not the answer: identify may take longer than it.
  server.requestTimeout = REQUEST_TIMEOUT_MS;
  server.headersTimeout = HEADERS_TIMEOUT_MS;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const host = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
  return {
    server,
    port,
    url: `http://${host}:${port}`,
    async shutdown(timeoutMs) {
      draining = true;
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      if (inFlight > 0) {
        await Promise.race([
          new Promise<void>((resolve) => drained.push(resolve)),
          new Promise<void>((resolve) => setTimeout(resolve, timeoutMs).unref()),
        ]);
      }
      server.closeAllConnections();
      await closed;
    },
  };
}

/** A GraphQL-shaped error answer for requests refused before they reach yoga. */
export function refuse(res: ServerResponse, status: number, code: string, message: string, headers: Record<string, string> = {}): void {
  if (res.headersSent) return void res.end();
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', Connection: 'close', ...headers });
  res.end(JSON.stringify({ errors: [{ message, extensions: { code } }] }));
}

function isAbort(e: unknown): boolean {
  return e instanceof Error && (e.name === 'AbortError' || (e as { code?: string }).code === 'ABORT_ERR');
}

const DEFAULT_QUERY = `# stash-face: identify performers by their faces.
query Health {
  health { status version execution_providers database_loaded database_version database_error warnings }
}

query Identify($url: String!) {
  identify(input: { image_url: $url }) {
    persons {
      face_size thumbnail
      matches { confidence performer { name stash_id stashbox_url local_performer { id name } } }
    }
    timings { stage ms }
  }
}
`;
