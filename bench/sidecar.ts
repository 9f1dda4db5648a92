/** identify latency over HTTP on the real sidecar with a demo database: a 1080p single-face photo and a group photo. */
import { readFile } from 'node:fs/promises';
import { mkdtemp } from 'node:fs/promises';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { VisionEngine } from '../src/vision/engine.js';
import { buildDemoDatabase } from '../test/support/demo-db.js';
import { FACES_DIR } from '../test/support/fixtures.js';
import { gql, startTestSidecar } from '../test/support/sidecar.js';
import { photo1080p, summary, timeIt } from './util.js';

export async function benchSidecar(requests = 30) {
  const engine = await VisionEngine.create();
  const databasePath = await mkdtemp(join(tmpdir(), 'bench-db-'));
  await buildDemoDatabase(engine, databasePath);
  const files: Record<string, Buffer> = {
    '/single.jpg': await photo1080p(),
    '/group.jpg': await readFile(join(FACES_DIR, 'groups', 'bbt1.jpg')),
  };
  const host = createServer((req, res) => res.writeHead(200, { 'content-type': 'image/jpeg' }).end(files[req.url ?? '']));
  await new Promise<void>((r) => host.listen(0, '127.0.0.1', r));
  const origin = `http://127.0.0.1:${(host.address() as { port: number }).port}`;
  const sidecar = await startTestSidecar(engine, { DATABASE_PATH: databasePath, ALLOWED_IMAGE_ORIGINS: origin });
  const query = `query($u: String!) { identify(input: { image_url: $u }) { persons { face_size thumbnail matches { confidence performer { name } } } timings { stage ms } } }`;
  try {
    const out: Record<string, unknown> = {};
    for (const [name, path] of [['single_face_1080p', '/single.jpg'], ['group_photo', '/group.jpg']] as const) {
      const times: number[] = [];
      let persons = 0;
      let stages: Array<{ stage: string; ms: number }> = [];
      for (let i = 0; i < requests + 3; i++) {
        const [ms, r] = await timeIt(() => gql(sidecar.url, query, { u: `${origin}${path}` }));
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
    await sidecar.close();
    host.close();
    await engine.close();
  }
}
