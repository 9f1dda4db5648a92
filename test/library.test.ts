import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sidecar } from '../src/main.js';
import { VisionEngine } from '../src/vision/engine.js';
import { buildDemoDatabase, demoPerformerId } from './support/demo-db.js';
import { HAVE_SHARED, openSetSplit } from './support/fixtures.js';
import { findJob, startLibraryStash, startRun, waitForJob } from './support/library-stash.js';
import { buildSceneSet, type SceneSet } from './support/scenes.js';
import { gql, startTestSidecar } from './support/sidecar.js';

/**
 * Library runs end to end: the real sidecar (SPRITE mode) over the stand-in Stash, scenes 1-3 of the synthetic set
 * under several ids, a broken sprite (94) and an id Stash does not know (404). John_Savage is missing from the
 * user's Stash (accepting creates him once) and John_Schneider is there only as an unlinked "john schneider"
 * (accepting must offer a link, never create a second one).
 */
const RUN_IDS = ['1', '2', '3', '11', '12', '13', '94', '404'];
const SUGGESTION_FIELDS = `id scene_id confidence status stash_performer_id created_performer
  performer { id name local_performer { id } } person { id thumbnail timestamps face_count }`;

interface SuggestionAnswer {
  id: string;
  scene_id: string;
  confidence: number;
  status: string;
  stash_performer_id: string | null;
  created_performer: boolean;
  performer: { id: string; name: string; local_performer: { id: string } | null };
  person: { id: string; thumbnail: string | null; timestamps: number[]; face_count: number } | null;
}

describe.skipIf(!HAVE_SHARED)('library runs', () => {
  let engine: VisionEngine;
  let set: SceneSet;
  let dbDir: string, stateDir: string, mediaDir: string;
  let stash: { url: string; close(): Promise<void> };
  let sidecar: Sidecar;
  const onnxRuns = () => Object.values(engine.runnerStats).reduce((n, s) => n + s.runs, 0);
  const start = () => startTestSidecar(engine, { STASH_URL: stash.url, DATABASE_PATH: dbDir, STATE_PATH: stateDir });
  const suggestions = async (filter: Record<string, unknown> = {}) => {
    const res = await gql<{ findSuggestions: { count: number; suggestions: SuggestionAnswer[] } }>(
      sidecar.url,
      `query($f: SuggestionFilterType) { findSuggestions(filter: { per_page: -1 }, suggestion_filter: $f) { count suggestions { ${SUGGESTION_FIELDS} } } }`,
      { f: filter },
    );
    expect(res.errors).toBeUndefined();
    return res.data!.findSuggestions;
  };
  const mutate = async <T>(query: string, variables: Record<string, unknown>) => {
    const res = await gql<T>(sidecar.url, query, variables);
    expect(res.errors).toBeUndefined();
    return res.data!;
  };
  const truthOf = (sceneId: string) => set.scenes.find((s) => s.id === ((Number(sceneId) - 1) % 10) + 1)!;

  beforeAll(async () => {
    engine = await VisionEngine.create();
    set = await buildSceneSet(engine, { count: 3 });
    dbDir = await mkdtemp(join(tmpdir(), 'library-db-'));
    stateDir = await mkdtemp(join(tmpdir(), 'library-state-'));
    mediaDir = await mkdtemp(join(tmpdir(), 'library-media-'));
    await buildDemoDatabase(engine, dbDir);
    stash = await startLibraryStash(set, join(mediaDir, 'm'), {
      scenes: [1, 2, 3, 11, 12, 13, 21].map((id) => ({ id, from: ((id - 1) % 10) + 1 })),
      broken: [94],
      dropPerformers: ['John_Savage', 'John_Schneider'],
      extraPerformers: [{ id: 200, name: 'john schneider', stash_id: null }],
    });
    sidecar = await start();
  }, 600_000);

  afterAll(async () => {
    await sidecar?.close();
    await stash?.close();
    await engine?.close();
    for (const d of [dbDir, stateDir, mediaDir]) if (d) await rm(d, { recursive: true, force: true });
  });

  it('runs a list of scenes, keeps results, fails bad items with their code and goes on; a second run skips all', async () => {
    const id = await startRun(sidecar.url, { scope: 'IDS', scene_ids: RUN_IDS, frames_mode: 'SPRITE' });
    const job = await waitForJob(sidecar.url, id);
    expect(job.status).toBe('FINISHED');
    expect(job.counts).toEqual({ total: 8, done: 6, skipped: 0, failed: 2, pending: 0 });
    const codes = Object.fromEntries(job.failures.map((f) => [f.id, f.code]));
    expect(codes['404']).toBe('NOT_FOUND');
    expect(codes['94']).toBeDefined();
    expect(job.failures.find((f) => f.id === '94')!.message).toMatch(/sprite|image/i);
    expect(job.summary).toMatch(/6 processed/);
    expect(job.rate_per_hour).toBeGreaterThan(0);

    const kept = await gql(sidecar.url, `{ sceneFaces(scene_id: "2") { scene_id database_version frames_used source persons { id thumbnail timestamps matches { confidence performer { id } } } } }`);
    expect(kept.errors).toBeUndefined();
    const faces = kept.data.sceneFaces;
    expect(faces).toMatchObject({ scene_id: '2', database_version: 'demo-1', frames_used: 81, source: 'SPRITE' });
    expect(faces.persons.length).toBeGreaterThan(0);
    expect(faces.persons[0].thumbnail).toMatch(/^data:image\/jpeg;base64,/);
    expect((await gql(sidecar.url, `{ sceneFaces(scene_id: "21") { scene_id } }`)).data.sceneFaces).toBeNull();

    const runsBefore = onnxRuns();
    const again = await waitForJob(sidecar.url, await startRun(sidecar.url, { scope: 'IDS', scene_ids: RUN_IDS, frames_mode: 'SPRITE' }));
    expect(again.counts).toMatchObject({ done: 0, skipped: 6, failed: 2 });
    expect(onnxRuns()).toBe(runsBefore);
  }, 300_000);

  it('proposes the performers in the scenes (none already on them) for review', async () => {
    const { suggestions: pending } = await suggestions();
    expect(pending.length).toBeGreaterThanOrEqual(4);
    for (const s of pending) {
      expect(truthOf(s.scene_id).enrolled.map(demoPerformerId)).toContain(s.performer.id);
      expect(s.person!.thumbnail).toMatch(/^data:image\/jpeg/);
      expect(s.person!.timestamps.length).toBeGreaterThan(0);
    }
    const salley = pending.find((s) => s.scene_id === '1')!;
    expect(salley.performer.local_performer).not.toBeNull(); // in the user's Stash by stash id
  });

  it('rejects, accepts (never duplicating a performer), previews and applies exactly the previewed set, undoes', async () => {
    const pending = (await suggestions()).suggestions;
    const reject = pending.find((s) => s.scene_id === '1')!;
    const rejected = await mutate<{ suggestionsReject: Array<{ status: string }> }>(`mutation($ids: [ID!]!) { suggestionsReject(ids: $ids) { status } }`, { ids: [reject.id] });
    expect(rejected.suggestionsReject[0].status).toBe('REJECTED');

    const preview = await mutate<{ suggestionsAcceptAbove: { count: number; ids: string[] } }>(
      `mutation { suggestionsAcceptAbove(min_confidence: 0.5, dry_run: true) { count ids } }`,
      {},
    );
    expect(preview.suggestionsAcceptAbove.count).toBe(pending.filter((s) => s.confidence >= 0.5 && s.id !== reject.id).length);
    // New work lands between the preview and the apply: scene 21 (scene 1 again) brings its own suggestion.
    await waitForJob(sidecar.url, await startRun(sidecar.url, { scope: 'IDS', scene_ids: ['21'], frames_mode: 'SPRITE' }));
    const late = (await suggestions({ scene_id: '21' })).suggestions;
    expect(late.length).toBeGreaterThan(0);

    const applied = await mutate<{ suggestionsAcceptAbove: { count: number; ids: string[]; outcomes: Array<{ id: string; status: string; candidates: Array<{ id: string }>; created_performer: boolean }> } }>(
      `mutation($ids: [ID!]) { suggestionsAcceptAbove(min_confidence: 0.5, dry_run: false, ids: $ids) { count ids outcomes { id status candidates { id } created_performer } } }`,
      { ids: preview.suggestionsAcceptAbove.ids },
    );
    const outcomes = applied.suggestionsAcceptAbove.outcomes;
    expect(applied.suggestionsAcceptAbove.ids).toEqual(preview.suggestionsAcceptAbove.ids);
    expect(outcomes.map((o) => o.id)).toEqual(preview.suggestionsAcceptAbove.ids);
    expect((await suggestions({ scene_id: '21' })).suggestions.map((s) => s.status)).toEqual(late.map(() => 'PENDING'));

    const byId = new Map(pending.map((s) => [s.id, s]));
    const schneider = outcomes.filter((o) => byId.get(o.id)!.performer.id === demoPerformerId('John_Schneider'));
    const savage = outcomes.filter((o) => byId.get(o.id)!.performer.id === demoPerformerId('John_Savage'));
    for (const o of schneider) expect(o).toMatchObject({ status: 'NEEDS_LINK', candidates: [{ id: '200' }] });
    for (const o of outcomes.filter((x) => !schneider.includes(x))) expect(o.status).toBe('ACCEPTED');
    expect(applied.suggestionsAcceptAbove.count).toBe(outcomes.length - schneider.length);
    const creates = (await (await fetch(`${stash.url}/mutations?mutation=performerCreate`)).json()) as Array<{ args: { input: { name: string; stash_ids: unknown[] } } }>;
    expect(creates.length).toBe(savage.length ? 1 : 0); // John Savage: created once, whatever the number of scenes
    if (savage.length) expect(creates[0].args.input).toMatchObject({ name: 'John Savage', stash_ids: [{ stash_id: demoPerformerId('John_Savage').split(':')[1] }] });
    const adds = (await (await fetch(`${stash.url}/mutations?mutation=bulkSceneUpdate`)).json()) as Array<{ args: { input: { ids: string[]; performer_ids: { mode: string } } } }>;
    expect(adds.length).toBe(applied.suggestionsAcceptAbove.count);
    for (const a of adds) expect(a.args.input.performer_ids.mode).toBe('ADD');

    if (schneider[0]) {
      const linked = await mutate<{ suggestionLink: { status: string; suggestion: { stash_performer_id: string } } }>(
        `mutation($id: ID!) { suggestionLink(id: $id, performer_id: "200") { status suggestion { stash_performer_id } } }`,
        { id: schneider[0].id },
      );
      expect(linked.suggestionLink).toMatchObject({ status: 'ACCEPTED', suggestion: { stash_performer_id: '200' } });
    }
    const accepted = outcomes.find((o) => o.status === 'ACCEPTED')!;
    const undone = await mutate<{ suggestionsUndo: Array<{ status: string }> }>(`mutation($ids: [ID!]!) { suggestionsUndo(ids: $ids) { status } }`, { ids: [accepted.id] });
    expect(undone.suggestionsUndo[0].status).toBe('PENDING');
    const removes = ((await (await fetch(`${stash.url}/mutations?mutation=bulkSceneUpdate`)).json()) as Array<{ args: { input: { performer_ids: { mode: string } } } }>).filter((a) => a.args.input.performer_ids.mode === 'REMOVE');
    expect(removes.length).toBe(1);
    const bad = await gql(sidecar.url, `mutation { suggestionsAcceptAbove(min_confidence: 2) { count } }`);
    expect(bad.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  }, 120_000);

  it('re-matches every kept scene after a new database with no detection; rejections survive it and a restart', async () => {
    const before = await suggestions({ status: ['REJECTED'] });
    expect(before.count).toBe(1);
    // demo-2 lacks John_Simm: his suggestions must go.
    const people = openSetSplit().enrolled.filter((p) => p.identity !== 'John_Simm').map(({ identity, enrol }) => ({ identity, enrol }));
    await buildDemoDatabase(engine, dbDir, { version: 'demo-2', people });
    const runs = onnxRuns();
    const reload = await gql(sidecar.url, `mutation { reloadDatabase { version } }`);
    expect(reload.data.reloadDatabase.version).toBe('demo-2');
    const queue = await gql(sidecar.url, `{ jobQueue { id kind status } }`);
    const rematch = queue.data.jobQueue.find((j: { kind: string }) => j.kind === 'rematch');
    expect(rematch).toBeDefined();
    const job = await waitForJob(sidecar.url, rematch.id);
    expect(job.counts).toMatchObject({ total: 7, done: 7, failed: 0 });
    expect(onnxRuns()).toBe(runs); // not one detection or embedding
    for (const id of ['1', '2', '3', '11', '12', '13', '21']) {
      expect((await gql(sidecar.url, `{ sceneFaces(scene_id: "${id}") { database_version } }`)).data.sceneFaces.database_version).toBe('demo-2');
    }
    const pending = (await suggestions()).suggestions;
    expect(pending.some((s) => s.performer.id === demoPerformerId('John_Simm'))).toBe(false);
    expect(pending.some((s) => s.scene_id === '1' && s.performer.id === demoPerformerId('John_Salley'))).toBe(false);

    await sidecar.close();
    sidecar = await start();
    expect((await suggestions({ status: ['REJECTED'] })).suggestions.map((s) => s.id)).toEqual(before.suggestions.map((s) => s.id));
    // Everything kept is done for demo-2: a new run skips it all.
    const again = await waitForJob(sidecar.url, await startRun(sidecar.url, { scope: 'IDS', scene_ids: ['1', '2', '3'], frames_mode: 'SPRITE' }));
    expect(again.counts).toMatchObject({ skipped: 3, done: 0 });
    const exported = JSON.parse((await gql(sidecar.url, `{ exportDecisions }`)).data.exportDecisions);
    expect(exported.decisions.filter((d: { decision: string }) => d.decision === 'REJECTED')).toHaveLength(1);
    expect((await findJob(sidecar.url, rematch.id)).status).toBe('FINISHED');
  }, 300_000);

  it('answers unknown jobs and bad input with codes', async () => {
    expect((await gql(sidecar.url, `{ findJob(id: "9999") { id } }`)).data.findJob).toBeNull();
    expect((await gql(sidecar.url, `mutation { stopJob(job_id: "9999") }`)).errors?.[0].extensions?.code).toBe('JOB_NOT_FOUND');
    const noIds = await gql(sidecar.url, `mutation { libraryIdentify(input: { scope: IDS }) }`);
    expect(noIds.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    const imported = await gql(sidecar.url, `mutation { importDecisions(json: "{}") }`);
    expect(imported.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });
});
