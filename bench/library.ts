/**
 * Library bench: a SPRITE library run over the stand-in Stash (the synthetic scenes 1-3 under many ids), then the
 * kept results copied up to 1,000 scenes, the state file's size, and a re-match of all of them against a new
 * database (no detection: ONNX runs counted).
 *
 * Then a FRAMES run over a few ids of the synthetic H.264 MP4 scenes (scenes per hour with full frames).
 *
 *   npx tsx bench/library.ts [--scenes 30] [--kept 1000] [--frames-scenes 4]
 */
import Database from 'better-sqlite3';
import { mkdtemp, rm, stat, symlink } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { loadConfig } from '../src/config.js';
import { startSidecar } from '../src/main.js';
import { STATE_FILE } from '../src/state/database.js';
import { VisionEngine } from '../src/vision/engine.js';
import { buildDemoDatabase } from '../test/support/demo-db.js';
import { openSetSplit } from '../test/support/fixtures.js';
import { launchStandIn } from '../test/fakes/stand-in-stash.js';
import { startLibraryStash, startRun, waitForJob, writeLibraryMedia } from '../test/support/library-stash.js';
import { buildSceneSet } from '../test/support/scenes.js';
import { gql } from '../test/support/sidecar.js';

/**
 * A FRAMES library run (40 full frames per scene, ffmpeg over Stash's stream): the synthetic 81 s 1080p H.264 MP4
 * scenes served as each scene's stream, under `count` ids, with a fresh state file.
 */
async function framesRun(engine: VisionEngine, count: number, root: string) {
  const set = await buildSceneSet(engine, { count: 2, mp4: true });
  const dir = join(root, 'frames');
  const specs = Array.from({ length: count }, (_, i) => ({ id: i + 1, from: (i % 2) + 1 }));
  const libraryPath = await writeLibraryMedia(set, dir, { scenes: specs });
  for (const s of specs) await symlink(join(set.dir, `scene-${s.from}.mp4`), join(dir, `scene-${s.id}.webm`));
  const stash = await launchStandIn(libraryPath, dir);
  const [dbDir, stateDir] = await Promise.all(['bench-frames-db-', 'bench-frames-state-'].map((p) => mkdtemp(join(tmpdir(), p))));
  await buildDemoDatabase(engine, dbDir);
  const sidecar = await startSidecar(
    loadConfig({ PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'error', STASH_URL: stash.url, DATABASE_PATH: dbDir, STATE_PATH: stateDir, LOCAL_GALLERY: 'false' }),
    { engine },
  );
  try {
    const t0 = performance.now();
    const job = await waitForJob(sidecar.url, await startRun(sidecar.url, { scope: 'ALL', frames_mode: 'FRAMES' }), 3_600_000);
    const seconds = (performance.now() - t0) / 1000;
    return { mode: 'FRAMES', format: 'H.264 MP4, 81 s 1080p, 40 frames', scenes: count, counts: job.counts, seconds: Math.round(seconds * 10) / 10, scenes_per_hour: Math.round((job.counts.done / seconds) * 3600) };
  } finally {
    await sidecar.close();
    await stash.close();
    for (const d of [dbDir, stateDir]) await rm(d, { recursive: true, force: true });
  }
}

export async function benchLibrary(options: { scenes?: number; kept?: number; framesScenes?: number } = {}) {
  const sceneCount = options.scenes ?? 30;
  const keptCount = options.kept ?? 1000;
  const engine = await VisionEngine.create();
  const dirs = await Promise.all(['bench-lib-db-', 'bench-lib-state-', 'bench-lib-media-'].map((p) => mkdtemp(join(tmpdir(), p))));
  const [dbDir, stateDir, mediaDir] = dirs;
  const onnxRuns = () => Object.values(engine.runnerStats).reduce((n, s) => n + s.runs, 0);
  try {
    const set = await buildSceneSet(engine, { count: 3 });
    await buildDemoDatabase(engine, dbDir);
    const ids = Array.from({ length: sceneCount }, (_, i) => i + 1);
    const stash = await startLibraryStash(set, join(mediaDir, 'm'), { scenes: ids.map((id) => ({ id, from: ((id - 1) % 3) + 1 })) });
    const sidecar = await startSidecar(
      // No local gallery: its syncs would publish new gallery versions and start re-matches of their own mid-bench.
      loadConfig({ PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'error', STASH_URL: stash.url, DATABASE_PATH: dbDir, STATE_PATH: stateDir, LOCAL_GALLERY: 'false' }),
      { engine },
    );
    try {
      const load0 = loadavg()[0];
      const t0 = performance.now();
      const job = await waitForJob(sidecar.url, await startRun(sidecar.url, { scope: 'ALL', frames_mode: 'SPRITE' }), 3_600_000);
      const runSeconds = (performance.now() - t0) / 1000;
      // Kept results copied under new ids up to `keptCount` scenes (real persons, thumbnails and embeddings).
      const state = new Database(join(stateDir, STATE_FILE));
      const have = (state.prepare('SELECT COUNT(*) AS n FROM results').get() as { n: number }).n;
      // Named, not positional: later migrations add columns (gallery persons' image_ids).
      const personColumns = (state.prepare('PRAGMA table_info(persons)').all() as Array<{ name: string }>).map((c) => c.name);
      state.transaction(() => {
        for (let copy = have + 1; copy <= keptCount; copy++) {
          const from = String(((copy - 1) % have) + 1);
          state.prepare(`INSERT INTO results SELECT item_kind, ?, fingerprint, database_version, vision_profile, frames_mode, source, frames_used, tagged, 1, analysed_at, matched_at FROM results WHERE item_kind = 'scene' AND item_id = ?`).run(String(copy), from);
          state.prepare(`INSERT INTO persons (${personColumns.join(', ')}) SELECT ${personColumns.map((c) => (c === 'item_id' ? '?' : c)).join(', ')} FROM persons WHERE item_kind = 'scene' AND item_id = ?`).run(String(copy), from);
        }
      })();
      state.pragma('wal_checkpoint(TRUNCATE)');
      const persons = (state.prepare('SELECT COUNT(*) AS n FROM persons').get() as { n: number }).n;
      state.close();
      const bytes = (await stat(join(stateDir, STATE_FILE))).size;

      const people = openSetSplit().enrolled.slice(1).map(({ identity, enrol }) => ({ identity, enrol }));
      await buildDemoDatabase(engine, dbDir, { version: 'demo-2', people });
      const runs = onnxRuns();
      const r0 = performance.now();
      await gql(sidecar.url, 'mutation { reloadDatabase { version } }');
      const queue = await gql(sidecar.url, '{ jobQueue { id kind } }');
      // The newest re-match: the one this reload queued (the queue also lists jobs that ended).
      const rematchId = (queue.data.jobQueue as Array<{ id: string; kind: string }>).filter((j) => j.kind === 'rematch').sort((a, b) => Number(b.id) - Number(a.id))[0].id;
      const rematch = await waitForJob(sidecar.url, rematchId, 600_000);
      const rematchSeconds = (performance.now() - r0) / 1000;
      return {
        load_1min_at_start: load0,
        run: {
          mode: 'SPRITE',
          scenes: sceneCount,
          counts: job.counts,
          seconds: Math.round(runSeconds * 10) / 10,
          scenes_per_hour: Math.round((job.counts.done / runSeconds) * 3600),
          rate_per_hour_reported: job.rate_per_hour && Math.round(job.rate_per_hour),
        },
        state: { scenes: keptCount, persons, bytes, bytes_per_1000_scenes: Math.round((bytes / keptCount) * 1000) },
        rematch: {
          scenes: rematch.counts.done,
          seconds: Math.round(rematchSeconds * 100) / 100,
          scenes_per_second: Math.round(rematch.counts.done / rematchSeconds),
          onnx_runs: onnxRuns() - runs,
          status: rematch.status,
        },
        frames_run: await framesRun(engine, options.framesScenes ?? 4, mediaDir),
        load_1min_at_end: loadavg()[0],
      };
    } finally {
      await sidecar.close();
      await stash.close();
    }
  } finally {
    await engine.close();
    for (const d of dirs) await rm(d, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const arg = (name: string) => {
    const i = process.argv.indexOf(name);
    return i > 0 ? Number(process.argv[i + 1]) : undefined;
  };
  console.log(JSON.stringify(await benchLibrary({ scenes: arg('--scenes'), kept: arg('--kept'), framesScenes: arg('--frames-scenes') }), null, 2));
}
