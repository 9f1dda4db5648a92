import Database from 'better-sqlite3';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STATE_FILE } from '../src/state/database.js';
import { VisionEngine } from '../src/vision/engine.js';
import { buildDemoDatabase } from './support/demo-db.js';
import { HAVE_SHARED } from './support/fixtures.js';
import { findJob, startLibraryStash, startRun, waitForJob } from './support/library-stash.js';
import { buildSceneSet } from './support/scenes.js';
import { gql } from './support/sidecar.js';

/**
 * A library run over 300 scene ids (scene 1 of the synthetic set under each id, through a 4-cue VTT so a scene takes
 * a fraction of a second), in a real stash-face process that is SIGKILLed mid-run and started again.
 */
const COUNT = 300;
const IDS = Array.from({ length: COUNT }, (_, i) => String(1001 + i));

describe.skipIf(!HAVE_SHARED)('library run killed and restarted', () => {
  let dbDir: string, stateDir: string, mediaDir: string;
  let stash: { url: string; close(): Promise<void> };
  let child: ChildProcess | undefined;

  function serve(): Promise<string> {
    const proc = spawn(process.execPath, ['bin/stash-face.mjs', 'serve'], {
      env: { ...process.env, STASH_URL: stash.url, DATABASE_PATH: dbDir, STATE_PATH: stateDir, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    child = proc;
    const logs: string[] = [];
    return new Promise((resolve, reject) => {
      let buffer = '';
      proc.stderr!.on('data', (d: Buffer) => {
        buffer += d.toString();
        for (let nl = buffer.indexOf('\n'); nl >= 0; nl = buffer.indexOf('\n')) {
          const line = buffer.slice(0, nl);
          buffer = buffer.slice(nl + 1);
          logs.push(line);
          if (line.includes('"stash-face listening"')) resolve(JSON.parse(line).url);
        }
      });
      proc.once('exit', (code) => reject(new Error(`stash-face exited (${code}) before listening:\n${logs.slice(-20).join('\n')}`)));
    });
  }

  async function kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    const proc = child!;
    if (proc.exitCode !== null || proc.signalCode !== null) return;
    const exited = new Promise((r) => proc.once('exit', r));
    proc.kill(signal);
    await exited;
  }

  beforeAll(async () => {
    const engine = await VisionEngine.create();
    const set = await buildSceneSet(engine, { count: 1 });
    dbDir = await mkdtemp(join(tmpdir(), 'kill-db-'));
    stateDir = await mkdtemp(join(tmpdir(), 'kill-state-'));
    mediaDir = await mkdtemp(join(tmpdir(), 'kill-media-'));
    await buildDemoDatabase(engine, dbDir);
    await engine.close();
    // Four tiles where the enrolled person's face is largest: a person of several faces, found in milliseconds.
    const truth = set.scenes[0];
    const cues = truth.frames
      .map((faces, i) => ({ i, w: Math.max(0, ...faces.filter((f) => !f.stranger).map((f) => f.box.width)) }))
      .sort((a, b) => b.w - a.w)
      .slice(0, 4)
      .map((c) => c.i)
      .sort((a, b) => a - b);
    stash = await startLibraryStash(set, join(mediaDir, 'm'), { scenes: IDS.map((id) => ({ id: Number(id), from: 1, cues })) });
  }, 600_000);

  afterAll(async () => {
    if (child) await kill();
    await stash?.close();
    for (const d of [dbDir, stateDir, mediaDir]) if (d) await rm(d, { recursive: true, force: true });
  });

  it('finishes after a SIGKILL with no scene analysed twice and none skipped; stops within one item; a second run skips all', async () => {
    let url = await serve();
    const id = await startRun(url, { scope: 'IDS', scene_ids: IDS, frames_mode: 'SPRITE' });
    let before = await findJob(url, id);
    while (before.counts.done < 60) {
      await sleep(50);
      before = await findJob(url, id);
    }
    await kill('SIGKILL');

    url = await serve();
    const job = await waitForJob(url, id, 400_000);
    expect(job.status).toBe('FINISHED');
    expect(job.counts).toEqual({ total: COUNT, done: COUNT, skipped: 0, failed: 0, pending: 0 });
    const state = new Database(join(stateDir, STATE_FILE), { readonly: true });
    const results = state.prepare(`SELECT COUNT(*) AS n, MAX(analyses) AS most FROM results`).get() as { n: number; most: number };
    const retried = state.prepare(`SELECT COUNT(*) AS n FROM job_items WHERE job_id = ? AND attempts > 1`).get(Number(id)) as { n: number };
    state.close();
    expect(results).toEqual({ n: COUNT, most: 1 }); // every scene kept, each analysed (committed) once
    expect(retried.n).toBeLessThanOrEqual(1); // at most the one in flight at the kill was started again
    console.log(`kill test: killed at ${before.counts.done} done; results ${results.n}, max analyses ${results.most}, items started twice ${retried.n}; rate ${job.rate_per_hour?.toFixed(0)}/h`);

    // A second run: everything is done for this file, database, profile and mode.
    const again = await waitForJob(url, await startRun(url, { scope: 'IDS', scene_ids: IDS, frames_mode: 'SPRITE' }));
    expect(again.counts).toMatchObject({ total: COUNT, skipped: COUNT, done: 0, failed: 0 });

    // stopJob on a forced re-run: at most the item in flight finishes.
    const forced = await startRun(url, { scope: 'IDS', scene_ids: IDS, frames_mode: 'SPRITE', force: true });
    while ((await findJob(url, forced)).counts.done < 5) await sleep(20);
    expect((await gql(url, `mutation($id: ID!) { stopJob(job_id: $id) }`, { id: forced })).data.stopJob).toBe(true);
    const atStop = (await findJob(url, forced)).counts.done;
    const stopped = await waitForJob(url, forced);
    expect(stopped.status).toBe('CANCELLED');
    expect(stopped.counts.done - atStop).toBeLessThanOrEqual(1);
    expect(stopped.summary).toMatch(/^Stopped/);

    // Stash goes away mid-run: every item after fails (STASH_ERROR; FETCH_FAILED for one caught between its scene
    // query and its sprite download), and the run still ends.
    const down = await startRun(url, { scope: 'IDS', scene_ids: IDS.slice(0, 30), frames_mode: 'SPRITE', force: true });
    while ((await findJob(url, down)).counts.done < 3) await sleep(20);
    await stash.close();
    const ended = await waitForJob(url, down);
    expect(ended.status).toBe('FINISHED');
    expect(ended.counts.failed).toBeGreaterThan(0);
    expect(ended.counts.done + ended.counts.failed).toBe(30);
    for (const f of ended.failures) expect(['STASH_ERROR', 'FETCH_FAILED']).toContain(f.code);
    expect(ended.failures.filter((f) => f.code === 'STASH_ERROR').length).toBeGreaterThanOrEqual(ended.counts.failed - 1);
    await kill('SIGTERM');
  }, 900_000);
});
