import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PerformerRecord } from '../src/database/format.js';
import { AppError } from '../src/errors.js';
import { JobRunner } from '../src/jobs/runner.js';
import type { JobHandler, JobItem } from '../src/jobs/types.js';
import { coversFramesMode } from '../src/library/jobs.js';
import { galleryFingerprint, spreadEvenly } from '../src/library/stash-galleries.js';
import { LibraryStore } from '../src/library/store.js';
import type { KeptResult } from '../src/library/types.js';
import { fromHalf, packEmbeddings, toHalf, unpackEmbeddings } from '../src/library/vectors.js';
import { createLogger } from '../src/log.js';
import { migrate, openStateDatabase, type StateDatabase } from '../src/state/database.js';
import { MIGRATIONS } from '../src/state/migrations.js';

const log = createLogger('error');

describe('float16 embeddings', () => {
  it('round-trips unit vectors within half precision and keeps every model', () => {
    const v = new Float32Array(128).map((_, i) => Math.sin(i * 0.7) / 8);
    const w = new Float32Array(512).map((_, i) => Math.cos(i) / 23);
    const back = unpackEmbeddings(packEmbeddings({ fr_feature: v, dlib_resnet: w }));
    expect(Object.keys(back).sort()).toEqual(['dlib_resnet', 'fr_feature']);
    for (let i = 0; i < v.length; i++) expect(Math.abs(back.fr_feature[i] - v[i])).toBeLessThan(2e-4);
    expect(back.dlib_resnet.length).toBe(512);
    expect(packEmbeddings({ fr_feature: v }).length).toBe(3 + 'fr_feature'.length + 256);
  });

  it('handles zero, negatives, subnormals and overflow', () => {
    for (const x of [0, -0.5, 1, 65504, 6e-8, -3.14159]) expect(fromHalf(toHalf(x))).toBeCloseTo(x, 2);
    expect(fromHalf(toHalf(1e6))).toBe(Infinity);
  });
});

describe('state file', () => {
  let dir: string;
  beforeEach(async () => (dir = await mkdtemp(join(tmpdir(), 'state-'))));
  afterEach(async () => rm(dir, { recursive: true, force: true }));

  it('opens in WAL mode at the latest schema version, and opening again changes nothing', () => {
    const a = openStateDatabase(dir);
    expect(a.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(a.pragma('user_version', { simple: true })).toBe(MIGRATIONS.at(-1)!.version);
    a.prepare(`INSERT INTO decisions VALUES ('scene', '1', 'p', 'REJECTED', 'person-1', 'now')`).run();
    a.close();
    const b = openStateDatabase(dir);
    expect(b.prepare('SELECT COUNT(*) AS n FROM decisions').get()).toEqual({ n: 1 });
    b.close();
  });

  it('applies a new step once and refuses a file from a newer sidecar', () => {
    const db = openStateDatabase(dir);
    const next = [...MIGRATIONS, { version: 99, description: 'test', sql: 'CREATE TABLE extra (x)' }];
    expect(migrate(db, next)).toBe(99);
    expect(migrate(db, next)).toBe(99);
    expect(() => migrate(db, MIGRATIONS)).toThrow(/newer than this sidecar/);
    db.close();
  });

  it('says what to do when STATE_PATH cannot be used', async () => {
    const { writeFile } = await import('node:fs/promises');
    await writeFile(join(dir, 'a-file'), 'x');
    expect(() => openStateDatabase(join(dir, 'a-file', 'state'))).toThrow(/STATE_PATH/);
  });
});

/** A handler over fake items: `fail` ids throw with a code, each item takes `ms`. */
function fakeHandler(processed: string[], opts: { ms?: number; fail?: Record<string, string>; fatal?: string } = {}): JobHandler<{ ids: string[] }> {
  return {
    kind: 'fake',
    describe: (input) => `fake over ${input.ids.length}`,
    plan: async (input) => input.ids.map((id): JobItem => ({ kind: 'scene', id })),
    isFatal: (e) => e instanceof AppError && e.code === 'DATABASE_NOT_LOADED',
    process: async (item) => {
      await new Promise((r) => setTimeout(r, opts.ms ?? 1));
      if (opts.fatal === item.id) throw new AppError('DATABASE_NOT_LOADED', 'no database');
      if (opts.fail?.[item.id]) throw new AppError(opts.fail[item.id] as 'NOT_FOUND', `item ${item.id} broke`);
      if (item.id.startsWith('skip')) return { outcome: 'skipped' };
      return { outcome: 'done', commit: () => processed.push(item.id) };
    },
  };
}

describe('job runner', () => {
  let dir: string;
  let db: StateDatabase;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'jobs-'));
    db = openStateDatabase(dir);
  });
  afterEach(async () => {
    if (db.open) db.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('processes every item once, records failures with their codes, goes on, and sums up', async () => {
    const done: string[] = [];
    const runner = new JobRunner(db, log);
    runner.register(fakeHandler(done, { fail: { b: 'NOT_FOUND', d: 'STASH_ERROR' } }));
    const id = runner.submit('fake', { ids: ['a', 'b', 'c', 'd', 'skip1', 'e'] });
    await runner.idle();
    const job = runner.find(id)!;
    expect(job.status).toBe('FINISHED');
    expect(done).toEqual(['a', 'c', 'e']);
    expect(job.counts).toEqual({ total: 6, done: 3, skipped: 1, failed: 2, pending: 0, warnings: 0 });
    expect(job.progress).toBe(1);
    expect(runner.store.failures(Number(id)).map((f) => [f.id, f.code])).toEqual([['b', 'NOT_FOUND'], ['d', 'STASH_ERROR']]);
    expect(job.summary).toMatch(/3 processed, 1 skipped.*2 failed \(1 NOT_FOUND, 1 STASH_ERROR\)/);
    expect(job.rate).toBeGreaterThan(0);
  });

  it('records a failed follow-up on its item and the job, keeps the item done, and goes on', async () => {
    const done: string[] = [];
    const runner = new JobRunner(db, log);
    const handler = fakeHandler(done);
    runner.register({
      ...handler,
      process: async (item, input, ctx) => ({
        ...(await handler.process(item, input, ctx)),
        after: async () => {
          if (item.id === 'b') throw new AppError('PROCESSED_TAG_FAILED', 'Stash refused the tag');
        },
      }),
    });
    const id = runner.submit('fake', { ids: ['a', 'b', 'c'] });
    await runner.idle();
    const job = runner.find(id)!;
    expect(done).toEqual(['a', 'b', 'c']);
    expect(job.counts).toEqual({ total: 3, done: 3, skipped: 0, failed: 0, pending: 0, warnings: 1 });
    expect(runner.store.warnings(Number(id))).toEqual([{ kind: 'scene', id: 'b', code: 'PROCESSED_TAG_FAILED', message: 'Stash refused the tag' }]);
    expect(runner.store.failures(Number(id))).toEqual([]);
    expect(job.summary).toMatch(/3 processed.*1 processed with a warning \(1 PROCESSED_TAG_FAILED\)/);
  });

  it('takes work submitted after an idle start', async () => {
    const done: string[] = [];
    const runner = new JobRunner(db, log);
    runner.register(fakeHandler(done));
    runner.start();
    await runner.idle();
    const id = runner.submit('fake', { ids: ['a'] });
    await runner.idle();
    expect(runner.find(id)!.status).toBe('FINISHED');
  });

  it('stops within one item, and cancels a queued job at once', async () => {
    const done: string[] = [];
    const runner = new JobRunner(db, log);
    runner.register(fakeHandler(done, { ms: 40 }));
    const first = runner.submit('fake', { ids: Array.from({ length: 50 }, (_, i) => `s${i}`) });
    const second = runner.submit('fake', { ids: ['x'] });
    expect(runner.stop(second)).toBe(true);
    expect(runner.find(second)!.status).toBe('CANCELLED');
    while (done.length < 3) await new Promise((r) => setTimeout(r, 5));
    const atStop = done.length;
    expect(runner.stop(first)).toBe(true);
    await runner.idle();
    expect(runner.find(first)!.status).toBe('CANCELLED');
    expect(done.length - atStop).toBeLessThanOrEqual(1);
    expect(runner.stop(first)).toBe(false);
    expect(() => runner.stop('999')).toThrow(/no job 999/);
  });

  it('resumes after a restart from the first pending item, never doing a finished one again', async () => {
    const done: string[] = [];
    const ids = Array.from({ length: 30 }, (_, i) => `r${i}`);
    let runner = new JobRunner(db, log);
    runner.register(fakeHandler(done, { ms: 10 }));
    const id = runner.submit('fake', { ids });
    while (done.length < 8) await new Promise((r) => setTimeout(r, 2));
    await runner.close(); // as a shutdown: the item in flight stays pending
    db.close();
    db = openStateDatabase(dir);
    runner = new JobRunner(db, log);
    runner.register(fakeHandler(done, { ms: 1 }));
    expect(runner.find(id)!.status).toBe('RUNNING');
    runner.start();
    await runner.idle();
    expect(runner.find(id)!.status).toBe('FINISHED');
    expect(done).toEqual(ids);
  });

  it('pauses between items and resumes', async () => {
    const done: string[] = [];
    const runner = new JobRunner(db, log);
    runner.register(fakeHandler(done, { ms: 5 }));
    const id = runner.submit('fake', { ids: Array.from({ length: 20 }, (_, i) => `p${i}`) });
    while (done.length < 2) await new Promise((r) => setTimeout(r, 2));
    runner.setPaused(id, true);
    await new Promise((r) => setTimeout(r, 60));
    const paused = done.length;
    await new Promise((r) => setTimeout(r, 300));
    expect(done.length).toBe(paused);
    expect(runner.find(id)!.paused).toBe(true);
    runner.setPaused(id, false);
    await runner.idle();
    expect(done.length).toBe(20);
  });

  it('fails the whole job on a fatal error, keeping the rest pending', async () => {
    const runner = new JobRunner(db, log);
    runner.register(fakeHandler([], { fatal: 'b' }));
    const id = runner.submit('fake', { ids: ['a', 'b', 'c'] });
    await runner.idle();
    const job = runner.find(id)!;
    expect(job.status).toBe('FAILED');
    expect(job.error).toBe('no database');
    expect(job.counts.pending).toBe(2);
  });
});

describe('review queue rows', () => {
  let dir: string;
  let db: StateDatabase;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'review-'));
    db = openStateDatabase(dir);
  });
  afterEach(async () => {
    db.close();
    await rm(dir, { recursive: true, force: true });
  });

  const performer = (n: number): PerformerRecord => ({ id: `stashdb.org:uuid-${n}`, name: `P ${n}`, endpoint: 'https://stashdb.org/graphql', face_count: 3 });
  const result = (matches: Array<[number, number]>, tagged: number[] = []): KeptResult => ({
    kind: 'scene',
    item_id: '7',
    fingerprint: 'oshash:1',
    database_version: 'v1',
    vision_profile: 'p',
    frames_mode: 'SPRITE',
    source: 'SPRITE',
    frames_used: 81,
    tagged: tagged.map((n) => ({ endpoint: 'https://stashdb.org/graphql', stash_id: `uuid-${n}` })),
    analyses: 1,
    analysed_at: '',
    matched_at: '',
    persons: matches.map(([n, confidence], i) => ({
      id: `person-${i + 1}`,
      box: null,
      timestamps: [1, 2],
      face_count: 4,
      face_size: 20,
      detection_score: 0.9,
      thumbnail: null,
      low_evidence: false,
      embeddings: { m: new Float32Array([0.6, 0.8]) },
      search_size: 20,
      faces: 4,
      matches: [{ performer: performer(n), confidence, distance: 0.3 }],
    })),
  });

  it('proposes confident untagged matches, supersedes what a re-match drops, and never re-proposes a rejection', () => {
    const store = new LibraryStore(db);
    const r = result([[1, 0.9], [2, 0.3], [3, 0.8]], [3]);
    store.saveResult(r);
    store.refreshSuggestions(r, 0.5);
    let pending = store.findSuggestions({ status: ['PENDING'] }).suggestions;
    expect(pending.map((s) => s.performer.id)).toEqual(['stashdb.org:uuid-1']); // 2 is weak, 3 is on the scene
    store.decide({ ...pending[0], performer_id: pending[0].performer.id }, 'REJECTED');
    store.setSuggestionStatus(pending[0].id, 'REJECTED');
    // A new database: person 1 now matches 4 instead, person 2 matches 1 (rejected for this scene).
    const r2 = result([[4, 0.95], [1, 0.9]]);
    store.refreshSuggestions(r2, 0.5);
    pending = store.findSuggestions({ status: ['PENDING'] }).suggestions;
    expect(pending.map((s) => s.performer.id)).toEqual(['stashdb.org:uuid-4']);
    store.refreshSuggestions(result([[5, 0.7]]), 0.5);
    expect(store.findSuggestions({ status: ['SUPERSEDED'] }).count).toBe(1);
    expect(store.findSuggestions({ status: ['REJECTED'] }).count).toBe(1);
  });
});

describe('what counts as done', () => {
  it('a kept scene covers a run asking for a mode no more thorough than the one it was made with', () => {
    const kept = (frames_mode: string, source: string | null) => ({ frames_mode, source });
    // Every mode covers SPRITE: a page's AUTO identify (frames or its sprite fallback) is not redone by a SPRITE run.
    for (const k of [kept('SPRITE', 'SPRITE'), kept('AUTO', 'FRAMES'), kept('AUTO', 'SPRITE'), kept('FRAMES', 'FRAMES')]) expect(coversFramesMode(k, 'SPRITE')).toBe(true);
    expect(coversFramesMode(kept('AUTO', 'SPRITE'), 'AUTO')).toBe(true);
    expect(coversFramesMode(kept('FRAMES', 'FRAMES'), 'AUTO')).toBe(true);
    expect(coversFramesMode(kept('SPRITE', 'SPRITE'), 'AUTO')).toBe(false);
    // FRAMES: only what really read frames.
    expect(coversFramesMode(kept('AUTO', 'FRAMES'), 'FRAMES')).toBe(true);
    expect(coversFramesMode(kept('AUTO', 'SPRITE'), 'FRAMES')).toBe(false);
    expect(coversFramesMode(kept('SPRITE', 'SPRITE'), 'FRAMES')).toBe(false);
  });

  it("a gallery is the same for the same images and checksums, whatever their order; its searched images spread over it", () => {
    const img = (id: string, md5: string) => ({ id, visual_files: [{ fingerprints: [{ type: 'md5', value: md5 }] }] });
    const a = galleryFingerprint([img('1', 'x'), img('2', 'y')]);
    expect(a).toMatch(/^images:2:[0-9a-f]{16}$/);
    expect(galleryFingerprint([img('2', 'y'), img('1', 'x')])).toBe(a);
    expect(galleryFingerprint([img('1', 'x'), img('2', 'z')])).not.toBe(a); // a file replaced
    expect(galleryFingerprint([img('1', 'x')])).not.toBe(a); // an image removed
    const list = Array.from({ length: 200 }, (_, i) => i);
    const picked = spreadEvenly(list, 50);
    expect(picked).toHaveLength(50);
    expect(picked[0]).toBe(0);
    expect(picked.at(-1)).toBe(199);
    expect(new Set(picked).size).toBe(50);
    expect(spreadEvenly([1, 2, 3], 50)).toEqual([1, 2, 3]);
  });
});
