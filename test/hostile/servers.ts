import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A small HTTP server for hostile tests: records every request's headers; `routes` answers by path. */
export interface RecordingServer {
  url: string;
  requests: Array<{ url: string; headers: IncomingHttpHeaders }>;
  close(): Promise<void>;
}

export type Route = (req: IncomingMessage, res: ServerResponse, body: string) => void | Promise<void>;

export async function startRecordingServer(routes: Record<string, Route> = {}, fallback?: Route): Promise<RecordingServer> {
  const requests: RecordingServer['requests'] = [];
  const server: Server = createServer(async (req, res) => {
    requests.push({ url: req.url ?? '', headers: req.headers });
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const path = (req.url ?? '/').split('?')[0];
    const route = routes[path] ?? fallback;
    if (route) await route(req, res, Buffer.concat(chunks).toString('utf8'));
    else res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

/** A WebVTT thumbnails file with the given cues (x, y, w, h) on `file`, one second each. */
export function vtt(file: string, tiles: Array<[number, number, number, number]>): string {
  const time = (s: number) => `00:00:${String(s).padStart(2, '0')}.000`;
  return `WEBVTT\n\n${tiles.map(([x, y, w, h], i) => `${time(i % 60)} --> ${time((i % 60) + 1)}\n${file}#xywh=${x},${y},${w},${h}`).join('\n\n')}\n`;
}
