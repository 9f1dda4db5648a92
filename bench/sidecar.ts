/**
 * identify latency over HTTP: the real sidecar runs as its own process (as users run it) on a demo database; this
 * process only sends requests. A 1080p single-face photo and a group photo.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { VisionEngine } from '../src/vision/engine.js';
import { freePort } from '../test/fakes/stand-in-stash.js';
import { buildDemoDatabase } from '../test/support/demo-db.js';
import { FACES_DIR } from '../test/support/fixtures.js';
import { gql } from '../test/support/sidecar.js';
import { photo1080p, summary, timeIt } from './util.js';

export async function benchSidecar(requests = 30) {
  const engine = await VisionEngine.create();
  const databasePath = await mkdtemp(join(tmpdir(), 'bench-db-'));
  await buildDemoDatabase(engine, databasePath);
  await engine.close();
  const files: Record<string, Buffer> = {
    '/single.jpg': await photo1080p(),
    '/group.jpg': await readFile(join(FACES_DIR, 'groups', 'bbt1.jpg')),
  };
  const host = createServer((req, res) => res.writeHead(200, { 'content-type': 'image/jpeg' }).end(files[req.url ?? '']));
  await new Promise<void>((r) => host.listen(0, '127.0.0.1', r));
  const origin = `http://127.0.0.1:${(host.address() as { port: number }).port}`;
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    env: { ...process.env, DATABASE_PATH: databasePath, ALLOWED_IMAGE_ORIGINS: origin, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  const query = `query($u: String!) { identify(input: { image_url: $u }) { persons { face_size thumbnail matches { confidence performer { name } } } timings { stage ms } } }`;
  try {
    for (let i = 0; ; i++) {
      try {
        if ((await gql(url, '{ health { database_loaded } }')).data?.health.database_loaded) break;
      } catch {
        // starting
      }
      if (i > 300) throw new Error('sidecar did not start');
      await new Promise((r) => setTimeout(r, 100));
    }
    const out: Record<string, unknown> = {};
    for (const [name, path] of [['single_face_1080p', '/single.jpg'], ['group_photo', '/group.jpg']] as const) {
      const times: number[] = [];
      let persons = 0;
      let stages: Array<{ stage: string; ms: number }> = [];
      for (let i = 0; i < requests + 3; i++) {
        const [ms, r] = await timeIt(() => gql(url, query, { u: `${origin}${path}` }));
        if (r.errors) throw new Error(JSON.stringify(r.errors));
        if (i < 3) continue; // warm-up
        times.push(ms);
        persons = r.data.identify.persons.length;
        stages = r.data.identify.timings;
      }
      out[name] = { ...summary(times), persons, last_stage_ms: Object.fromEntries(stages.map((s) => [s.stage, s.ms])) };
    }
    return out;
  } finally {
    child.kill('SIGTERM');
    host.close();
  }
}
