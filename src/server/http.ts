import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { renderGraphiQL } from '@graphql-yoga/render-graphiql';
import { useCSRFPrevention } from '@graphql-yoga/plugin-csrf-prevention';
import { createYoga, maskError } from 'graphql-yoga';
import { GraphQLError } from 'graphql';
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

export async function startHttpServer(services: AppServices, routes: RouteHandler[] = []): Promise<HttpServer> {
  const { config, log } = services;
  const yoga = createYoga<{ req: IncomingMessage; res: ServerResponse }, GraphQLContext>({
    schema,
    graphqlEndpoint: '/graphql',
    // The GraphiQL page with its assets inlined: it works with no internet.
    renderGraphiQL,
    graphiql: { title: 'stash-face', defaultQuery: DEFAULT_QUERY },
    landingPage: false,
    cors: { origin: config.corsOrigins, credentials: false, methods: ['GET', 'POST', 'OPTIONS'] },
    // Multipart uploads and GETs are "simple" requests a browser sends cross-origin without a CORS preflight: a page
    // on any site could call the sidecar. Such requests must carry a header a form cannot set.
    plugins: [useCSRFPrevention({ requestHeaders: ['x-graphql-yoga-csrf', 'graphql-require-preflight'] })],
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
          log.error('unexpected error', { error: String(original), stack: (original as Error).stack });
        }
        return maskError(error, message, isDev);
      },
    },
  });

  let inFlight = 0;
  let draining = false;
  const drained: Array<() => void> = [];
  const server = createServer(async (req, res) => {
    inFlight++;
    res.on('close', () => {
      inFlight--;
      if (draining && inFlight === 0) drained.splice(0).forEach((f) => f());
    });
    if (draining) res.setHeader('Connection', 'close');
    try {
      const url = new URL(req.url ?? '/', 'http://localhost');
      if (url.pathname === '/' && req.method === 'GET') {
        res.writeHead(302, { Location: '/graphql' }).end();
        return;
      }
      for (const route of routes) if (await route(req, res, url)) return;
      await yoga.handle(req, res);
    } catch (e) {
      log.error('request failed', { error: String(e) });
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain' });
      res.end('internal error');
    }
  });
  // Requests can wait on ONNX batches under load: no socket time-outs shorter than the fetch limit.
  server.requestTimeout = 0;
  server.headersTimeout = 60_000;
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
