import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VisionEngine } from '../src/vision/engine.js';
import { buildDemoDatabase, demoUuid } from './support/demo-db.js';
import { HAVE_SHARED, openSetSplit } from './support/fixtures.js';

/**
 * What `docker stop` does: SIGTERM to the container's main process (`node bin/stash-face.mjs serve`, as in the
 * image's CMD). A request in flight must finish; the process must exit 0; new connections are refused meanwhile.
 */
describe.skipIf(!HAVE_SHARED)('graceful shutdown of the stash-face process', () => {
  let databasePath: string;
  let photos: Server;
  let photosUrl = '';
  let release: () => void = () => undefined;
  let requested: Promise<void>;
  const person = openSetSplit().enrolled[0];

  beforeAll(async () => {
    const engine = await VisionEngine.create();
    databasePath = await mkdtemp(join(tmpdir(), 'sf-term-'));
    await buildDemoDatabase(engine, databasePath);
    await engine.close();
    // An image host that holds its answer until the test lets it go: the identify request is then surely in flight.
    let arrived!: () => void;
    requested = new Promise<void>((r) => (arrived = r));
    photos = createServer(async (_req, res) => {
      arrived();
      await new Promise<void>((r) => (release = r));
      res.writeHead(200, { 'content-type': 'image/jpeg' }).end(await readFile(person.probe[0]));
    });
    await new Promise<void>((r) => photos.listen(0, '127.0.0.1', r));
    photosUrl = `http://127.0.0.1:${(photos.address() as AddressInfo).port}`;
  });

  afterAll(() => {
    release();
    photos?.close();
  });

  function startServe(): Promise<{ child: ChildProcess; url: string; logs: string[] }> {
    const child = spawn(process.execPath, ['bin/stash-face.mjs', 'serve'], {
      env: { ...process.env, DATABASE_PATH: databasePath, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', ALLOWED_IMAGE_ORIGINS: photosUrl, SHUTDOWN_TIMEOUT_MS: '30000' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const logs: string[] = [];
    return new Promise((resolve, reject) => {
      let buffer = '';
      child.stderr!.on('data', (d: Buffer) => {
        buffer += d.toString();
        for (let nl = buffer.indexOf('\n'); nl >= 0; nl = buffer.indexOf('\n')) {
          const line = buffer.slice(0, nl);
          buffer = buffer.slice(nl + 1);
          logs.push(line);
          try {
            const entry = JSON.parse(line) as { msg: string; url?: string };
            if (entry.msg === 'stash-face listening') resolve({ child, url: entry.url!, logs });
          } catch {
            // not a log line
          }
        }
      });
      child.once('exit', (code) => reject(new Error(`stash-face exited (${code}) before listening:\n${logs.join('\n')}`)));
    });
  }

  it('lets an identify in flight finish on SIGTERM, refuses new connections, and exits 0', async () => {
    const { child, url, logs } = await startServe();
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    const inFlight = fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        query: 'query($u: String!) { identify(input: { image_url: $u }) { database_version persons { matches { performer { stash_id } } } } }',
        variables: { u: `${photosUrl}/probe.jpg` },
      }),
    });
    await requested;
    child.kill('SIGTERM');
    // The listener closes at once: a new connection is refused while the old request still runs.
    await new Promise((r) => setTimeout(r, 300));
    await expect(fetch(`${url}/graphql?query=%7Bhealth%7Bstatus%7D%7D`)).rejects.toThrow();
    release();
    const response = await inFlight;
    expect(response.status).toBe(200);
    const body = (await response.json()) as { data: { identify: { database_version: string; persons: Array<{ matches: Array<{ performer: { stash_id: string } }> }> } } };
    expect(body.data.identify.database_version).toBe('demo-1');
    expect(body.data.identify.persons[0].matches[0].performer.stash_id).toBe(demoUuid(person.identity));
    expect(await exited).toBe(0);
    const messages = logs.map((l) => (JSON.parse(l) as { msg: string }).msg);
    expect(messages).toEqual(expect.arrayContaining(['shutting down: finishing requests in flight', 'stopped']));
  });
});
