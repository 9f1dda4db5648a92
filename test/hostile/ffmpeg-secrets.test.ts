import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sidecar } from '../../src/main.js';
import { VisionEngine } from '../../src/vision/engine.js';
import { buildDemoDatabase } from '../support/demo-db.js';
import { HAVE_SHARED, openSetSplit } from '../support/fixtures.js';
import { buildSceneSet, startSceneStash } from '../support/scenes.js';
import { gql, startTestSidecar } from '../support/sidecar.js';

/**
 * FRAMES mode and Stash's secrets (issue 16): ffmpeg must never follow a redirect from Stash's stream URL to another
 * host (a capture server on another origin must receive nothing), and the API key must never be on ffmpeg's command
 * line (read from /proc while ffmpeg runs) nor in any answer. Stash here is the stand-in behind a small front that
 * demands the key, puts `?apikey=` into the stream paths as Stash does, and redirects the streams it is told to.
 */
const KEY = 'secret-key-1f0c9d2e7a';

interface Front {
  url: string;
  /** Stream requests that reached Stash, with the key they carried. */
  streamRequests: Array<{ path: string; key: string | undefined }>;
  redirect: Map<string, string>;
  close(): Promise<void>;
}

async function listen(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<{ server: Server; url: string }> {
  const server = createServer(handler);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

async function stashFront(upstream: string): Promise<Front> {
  const streamRequests: Front['streamRequests'] = [];
  const redirect = new Map<string, string>();
  let self = '';
  const { server, url } = await listen(async (req, res) => {
    const u = new URL(req.url ?? '/', 'http://x');
    const key = (req.headers.apikey as string | undefined) ?? u.searchParams.get('apikey') ?? undefined;
    if (key !== KEY) return void res.writeHead(401).end('unauthorized');
    if (/\/stream/.test(u.pathname)) {
      streamRequests.push({ path: u.pathname, key });
      const to = redirect.get(u.pathname);
      if (to) return void res.writeHead(302, { Location: to }).end();
    }
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const answer = await fetch(`${upstream}${u.pathname}${u.search}`, {
      method: req.method,
      headers: { ...(req.headers['content-type'] ? { 'content-type': String(req.headers['content-type']) } : {}), ...(req.headers.range ? { range: req.headers.range } : {}) },
      body: req.method === 'POST' ? Buffer.concat(chunks) : undefined,
    });
    const headers: Record<string, string> = {};
    for (const h of ['content-type', 'content-range', 'accept-ranges']) if (answer.headers.get(h)) headers[h] = answer.headers.get(h)!;
    let body = Buffer.from(await answer.arrayBuffer());
    if (u.pathname === '/graphql') {
      // Stash's own absolute URLs, with the key in the stream URL's query as Stash writes it.
      body = Buffer.from(body.toString('utf8').replaceAll(upstream, self).replace(/(\/scene\/\d+\/stream)"/g, `$1?apikey=${KEY}"`));
    }
    res.writeHead(answer.status, headers).end(body);
  });
  self = url;
  return { url, streamRequests, redirect, close: () => new Promise((r) => { server.closeAllConnections(); server.close(() => r()); }) };
}

/** The command lines of this process's ffmpeg children right now (the test runs the sidecar in-process). */
function ffmpegCommandLines(): string[] {
  const out: string[] = [];
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) !== process.pid) continue;
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
      if (cmd.includes('ffmpeg')) out.push(cmd);
    } catch {
      // gone
    }
  }
  return out;
}

const QUERY = `query($input: IdentifyInput!) { identify(input: $input) { source frames_used persons { id matches { confidence } } } }`;

describe.skipIf(!HAVE_SHARED)('ffmpeg and Stash secrets', () => {
  let engine: VisionEngine;
  let dbDir: string;
  let stash: { url: string; close(): Promise<void> };
  let front: Front;
  let capture: { server: Server; url: string; requests: Array<{ url?: string; headers: IncomingMessage['headers'] }> };
  let sidecar: Sidecar;

  beforeAll(async () => {
    engine = await VisionEngine.create();
    const set = await buildSceneSet(engine, { count: 1, video: true });
    dbDir = await mkdtemp(join(tmpdir(), 'secrets-db-'));
    await buildDemoDatabase(engine, dbDir, { people: openSetSplit().enrolled.slice(0, 2).map(({ identity, enrol }) => ({ identity, enrol: enrol.slice(0, 2) })) });
    stash = await startSceneStash(set);
    front = await stashFront(stash.url);
    const requests: Array<{ url?: string; headers: IncomingMessage['headers'] }> = [];
    capture = { ...(await listen((req, res) => (requests.push({ url: req.url, headers: req.headers }), res.writeHead(200).end('captured')))), requests };
    sidecar = await startTestSidecar(engine, { STASH_URL: front.url, STASH_API_KEY: KEY, DATABASE_PATH: dbDir, LOG_LEVEL: 'error' });
  }, 600_000);

  afterAll(async () => {
    await sidecar?.close();
    await front?.close();
    capture?.server.close();
    await stash?.close();
    await engine?.close();
    if (dbDir) await rm(dbDir, { recursive: true, force: true });
  });

  it('reads the stream with the key sent to Stash only, never on the command line', async () => {
    const seen: string[] = [];
    const poll = setInterval(() => seen.push(...ffmpegCommandLines()), 20);
    const res = await gql(sidecar.url, QUERY, { input: { scene_id: '1', frames_mode: 'FRAMES', frame_count: 10 } }).finally(() => clearInterval(poll));
    expect(res.errors).toBeUndefined();
    expect(res.data.identify).toMatchObject({ source: 'FRAMES', frames_used: 10 });
    // ffmpeg really ran (the check below is not vacuous), reading a loopback relay, not Stash.
    // (The `-version` probe that finds a working ffmpeg runs too; it reads no input.)
    const readers = seen.filter((cmd) => cmd.includes(' -i '));
    expect(readers.length).toBeGreaterThan(0);
    for (const cmd of seen) {
      expect(cmd).not.toContain(KEY);
      expect(cmd).not.toContain(front.url);
    }
    for (const cmd of readers) expect(cmd).toMatch(/-i http:\/\/127\.0\.0\.1:\d+\/[0-9a-f]{36} /);
    // Stash got the stream requests, each with the key.
    expect(front.streamRequests.length).toBeGreaterThan(0);
    expect(front.streamRequests.every((r) => r.key === KEY)).toBe(true);
    expect(JSON.stringify(res)).not.toContain(KEY);
  });

  it('does not follow a redirect off Stash’s origin: the capture server receives nothing', async () => {
    front.redirect.set('/scene/1/stream', `${capture.url}/steal`);
    try {
      const res = await gql(sidecar.url, QUERY, { input: { scene_id: '1', frames_mode: 'FRAMES', frame_count: 4 } });
      expect(res.errors?.[0]?.extensions?.code).toBe('FORBIDDEN_ORIGIN');
      expect(res.errors?.[0]?.message).toMatch(/redirected the scene's stream to http:\/\/127\.0\.0\.1:\d+/);
      expect(JSON.stringify(res)).not.toContain(KEY);
      // AUTO falls back to the sprite sheet, still without a request to the capture host.
      const auto = await gql(sidecar.url, QUERY, { input: { scene_id: '1', frames_mode: 'AUTO' } });
      expect(JSON.stringify(auto)).not.toContain(KEY);
    } finally {
      front.redirect.clear();
    }
    expect(capture.requests).toEqual([]);
    // The sidecar is still up and the next request works.
    const next = await gql(sidecar.url, QUERY, { input: { scene_id: '1', frames_mode: 'FRAMES', frame_count: 2 } });
    expect(next.data?.identify.frames_used).toBe(2);
  });

  it('follows a redirect on Stash’s own origin', async () => {
    front.redirect.set('/scene/1/stream', `${front.url}/scene/1/stream.webm`);
    try {
      const res = await gql(sidecar.url, QUERY, { input: { scene_id: '1', frames_mode: 'FRAMES', frame_count: 2 } });
      expect(res.errors).toBeUndefined();
      expect(res.data.identify.frames_used).toBe(2);
      expect(front.streamRequests.some((r) => r.path === '/scene/1/stream.webm')).toBe(true);
    } finally {
      front.redirect.clear();
    }
  });
});
