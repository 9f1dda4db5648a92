/**
 * The local gallery: the sidecar runs as its own process (as users run it) against a stand-in Stash library of LFW
 * people (a profile photo and solo-tagged images each; some linked to performers of the shared demo database), with
 * the shared database loaded. Reports the first sync's enrolment rate, identify latency while it runs (and whether any
 * request failed), and identify latency with both galleries loaded.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { VisionEngine } from '../src/vision/engine.js';
import { freePort, startStandInStash, type LibrarySpec } from '../test/fakes/stand-in-stash.js';
import { buildDemoDatabase, demoUuid } from '../test/support/demo-db.js';
import { FACES_DIR, openSetSplit } from '../test/support/fixtures.js';
import { gql, gqlUpload } from '../test/support/sidecar.js';
import { photo1080p, round, summary, timeIt } from './util.js';

const QUERY = `query($image: File) { identify(input: { image: $image }) { persons { matches { confidence performer { id origin } } } } }`;
const STATUS = `{ health { searched_performers local_gallery { phase done total stash_performers enrolled_performers faces last_sync_at performers_per_second } } }`;

export async function benchGalleries(performers = Number(process.env.BENCH_LOCAL_PERFORMERS ?? 40), requests = 20) {
  // The shared database: the demo one (20 people of ../shared/faces).
  const engine = await VisionEngine.create();
  const databasePath = await mkdtemp(join(tmpdir(), 'bench-galleries-'));
  await buildDemoDatabase(engine, databasePath);
  await engine.close();

  // The user's Stash: LFW people (a profile photo and up to 3 solo images each), and 5 people of the demo database
  // linked by their StashDB id (in both galleries).
  const lfw = JSON.parse(readFileSync(join(FACES_DIR, 'lfw', 'orig150', 'manifest.json'), 'utf8')) as Record<string, string[]>;
  const spec: LibrarySpec = { performers: [], images: [] };
  let imageId = 1;
  Object.entries(lfw)
    .slice(0, performers - 5)
    .forEach(([name, files], i) => {
      const id = i + 1;
      const path = (f: string) => join(FACES_DIR, 'lfw', 'orig150', f);
      spec.performers!.push({ id, name, stash_id: null, photo: path(files[0]) });
      for (const f of files.slice(1, 4)) spec.images!.push({ id: imageId++, title: f, photo: path(f), performers: [id] });
    });
  openSetSplit()
    .enrolled.slice(0, 5)
    .forEach((p, i) => spec.performers!.push({ id: 1000 + i, name: p.identity, stash_id: demoUuid(p.identity), photo: p.enrol[0] }));
  const stash = await startStandInStash(spec);

  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    env: { ...process.env, STASH_URL: stash.url, DATABASE_PATH: databasePath, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  const photo = await photo1080p();
  const identify = () => gqlUpload(url, QUERY, photo);
  try {
    for (let i = 0; ; i++) {
      try {
        if ((await gql(url, '{ health { database_loaded } }')).data?.health.database_loaded) break;
      } catch {
        // starting
      }
      if (i > 600) throw new Error('sidecar did not start');
      await new Promise((r) => setTimeout(r, 100));
    }
    // The first sync runs in the background from start-up: identify meanwhile, one request after another.
    const syncStart = performance.now();
    const during: number[] = [];
    let failed = 0;
    let status: any;
    for (;;) {
      const [ms, r] = await timeIt(identify);
      if (r.errors) failed++;
      else during.push(ms);
      status = (await gql(url, STATUS)).data.health;
      if (status.local_gallery.last_sync_at && status.local_gallery.phase === 'idle') break;
      if (performance.now() - syncStart > 30 * 60_000) throw new Error('first sync did not finish in 30 min');
    }
    const syncSeconds = (performance.now() - syncStart) / 1000;
    const both: number[] = [];
    for (let i = 0; i < requests + 2; i++) {
      const [ms, r] = await timeIt(identify);
      if (r.errors) throw new Error(JSON.stringify(r.errors));
      if (i >= 2) both.push(ms);
    }
    return {
      stash_performers: status.local_gallery.stash_performers,
      enrolled_performers: status.local_gallery.enrolled_performers,
      faces: status.local_gallery.faces,
      searched_performers: status.searched_performers,
      first_sync_s: round(syncSeconds),
      // Measured from the first answer of the server (the sync starts with it), with identify requests running.
      enrolment_performers_per_s: round(status.local_gallery.stash_performers / syncSeconds, 2),
      identify_during_first_sync: { ...summary(during), failed },
      identify_both_galleries_1080p: summary(both),
      load_average: loadavg().map((v) => round(v, 2)),
    };
  } finally {
    child.kill('SIGTERM');
    await stash.close();
  }
}
