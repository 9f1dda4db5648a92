import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sidecar } from '../src/main.js';
import { VisionEngine } from '../src/vision/engine.js';
import { startStandInStash, type LibrarySpec, type StandInStash } from './fakes/stand-in-stash.js';
import { buildDemoDatabase, DEMO_ENDPOINT, demoPerformerId, demoUuid } from './support/demo-db.js';
import { HAVE_SHARED, openSetSplit } from './support/fixtures.js';
import { waitForJob } from './support/library-stash.js';
import { gql, startTestSidecar } from './support/sidecar.js';

/**
 * "Find on StashDB" for every unlinked performer: the real sidecar (shared demo database + local gallery) over the
 * stand-in Stash. Unlinked performers whose faces are in the shared database (photos it was not built from) must be
 * proposed, strangers must not, linked ones are not looked up. Schneider is in Stash twice: linked (6) and unlinked
 * (5): accepting 5's link must not give a second performer the same stash id.
 */
const split = openSetSplit();
const person = (identity: string) => split.enrolled.find((p) => p.identity === identity)!;
const [strangerA, strangerB] = split.strangers;
const salley = person('John_Salley');
const simm = person('John_Simm');
const schneider = person('John_Schneider');
const penny = person('bbt-penny');
const amy = person('bbt-amy');

const PERFORMERS: NonNullable<LibrarySpec['performers']> = [
  { id: 1, name: 'Salley Unlinked', stash_id: null, photo: salley.probe[0] },
  { id: 2, name: 'Amy', stash_id: demoUuid('bbt-amy'), photo: amy.probe[0] },
  { id: 3, name: 'Stranger A', stash_id: null, photo: strangerA.files[0] },
  { id: 4, name: 'Simm Unlinked', stash_id: null, photo: simm.probe[0] },
  { id: 5, name: 'Schneider Second', stash_id: null, photo: schneider.probe[0] },
  { id: 6, name: 'John Schneider', stash_id: demoUuid('John_Schneider'), photo: schneider.probe[1] },
  { id: 7, name: 'Stranger B', stash_id: null, photo: strangerB.files[0] },
  { id: 8, name: 'Penny Unlinked', stash_id: null, photo: penny.probe[0] },
];
const IMAGES: NonNullable<LibrarySpec['images']> = salley.probe.slice(1, 3).map((photo, i) => ({ id: 10 + i, title: `salley ${i}`, photo, performers: [1] }));
/** Stash performer -> the shared database performer it must be proposed to link to. */
const EXPECTED: Record<string, string> = {
  '1': demoPerformerId('John_Salley'),
  '4': demoPerformerId('John_Simm'),
  '5': demoPerformerId('John_Schneider'),
  '8': demoPerformerId('bbt-penny'),
};

const LINK_FIELDS = `id kind status confidence scene_id stash_performer_id stash_performer { id name image_path }
  performer { id name stash_id endpoint } person { id }`;
interface LinkAnswer {
  id: string;
  kind: string;
  status: string;
  confidence: number;
  scene_id: string | null;
  stash_performer_id: string | null;
  stash_performer: { id: string; name: string; image_path: string | null };
  performer: { id: string; name: string; stash_id: string; endpoint: string };
  person: null;
}

describe.skipIf(!HAVE_SHARED)('find unlinked performers on StashDB', () => {
  let engine: VisionEngine;
  let dbDir: string, stateDir: string, stateDir2: string;
  let stash: StandInStash;
  let sidecar: Sidecar;
  const onnxRuns = () => Object.values(engine.runnerStats).reduce((n, s) => n + s.runs, 0);
  const ok = async <T = any>(query: string, variables: Record<string, unknown> = {}): Promise<T> => {
    const res = await gql<T>(sidecar.url, query, variables);
    expect(res.errors).toBeUndefined();
    return res.data!;
  };
  const startJob = async (input: Record<string, unknown> = {}) =>
    (await ok<{ performersFindOnStashBox: string }>(`mutation($input: PerformersFindOnStashBoxInput) { performersFindOnStashBox(input: $input) }`, { input }))
      .performersFindOnStashBox;
  const links = async (status = ['PENDING']) =>
    (
      await ok<{ findSuggestions: { count: number; suggestions: LinkAnswer[] } }>(
        `query($f: SuggestionFilterType) { findSuggestions(filter: { per_page: -1 }, suggestion_filter: $f) { count suggestions { ${LINK_FIELDS} } } }`,
        { f: { status, kinds: ['PERFORMER'] } },
      )
    ).findSuggestions.suggestions;
  const stashIdsOf = async (id: string) =>
    ((await gql(stash.url, `query($id: ID!) { findPerformer(id: $id) { stash_ids { endpoint stash_id } } }`, { id })).data.findPerformer.stash_ids as Array<{ endpoint: string; stash_id: string }>);
  const review = async (mutation: 'suggestionsAccept' | 'suggestionsReject' | 'suggestionsUndo', ids: string[]) =>
    (await ok(`mutation($ids: [ID!]!) { ${mutation}(ids: $ids) { id status message candidates { id name } suggestion { status stash_performer_id } } }`, { ids }))[mutation] as Array<{
      id: string;
      status: string;
      message: string | null;
      candidates: Array<{ id: string; name: string }>;
      suggestion: { status: string; stash_performer_id: string | null };
    }>;

  beforeAll(async () => {
    engine = await VisionEngine.create();
    dbDir = await mkdtemp(join(tmpdir(), 'links-db-'));
    stateDir = await mkdtemp(join(tmpdir(), 'links-state-'));
    stateDir2 = await mkdtemp(join(tmpdir(), 'links-state2-'));
    await buildDemoDatabase(engine, dbDir);
    stash = await startStandInStash({ performers: PERFORMERS, images: IMAGES });
    sidecar = await startTestSidecar(engine, { STASH_URL: stash.url, DATABASE_PATH: dbDir, STATE_PATH: stateDir, LOCAL_GALLERY: 'true', LOCAL_GALLERY_SYNC_MINUTES: '600' });
    const synced = await ok(`mutation { syncLocalGallery(wait: true) { phase last_error enrolled_performers } }`);
    expect(synced.syncLocalGallery).toMatchObject({ last_error: null, enrolled_performers: 8 });
  }, 600_000);

  afterAll(async () => {
    await sidecar?.close();
    await stash?.close();
    await engine?.close();
    for (const d of [dbDir, stateDir, stateDir2]) if (d) await rm(d, { recursive: true, force: true });
  });

  it('looks every unlinked performer up from its local-gallery faces (no model run) and proposes exactly the right links', async () => {
    const runs = onnxRuns();
    const job = await waitForJob(sidecar.url, await startJob());
    expect(job.status).toBe('FINISHED');
    // 2 and 6 are linked already: never looked up.
    expect(job.counts).toEqual({ total: 6, done: 6, skipped: 0, failed: 0, pending: 0 });
    expect(onnxRuns()).toBe(runs);
    const pending = await links();
    expect(Object.fromEntries(pending.map((s) => [s.stash_performer.id, s.performer.id]))).toEqual(EXPECTED);
    for (const s of pending) {
      expect(s).toMatchObject({ kind: 'PERFORMER', scene_id: null, person: null, stash_performer_id: null, performer: { endpoint: DEMO_ENDPOINT } });
      expect(s.confidence).toBeGreaterThanOrEqual(0.5);
      expect(s.stash_performer.name).toBe(PERFORMERS.find((p) => String(p.id) === s.stash_performer.id)!.name);
      expect(s.stash_performer.image_path).toMatch(new RegExp(`/performer/${s.stash_performer.id}/image`));
    }
    // Scene suggestions and links are told apart by kind.
    const scenes = await ok(`{ findSuggestions(suggestion_filter: { kinds: [SCENE, IMAGE] }) { count } all: findSuggestions { count } }`);
    expect(scenes).toEqual({ findSuggestions: { count: 0 }, all: { count: 4 } });
    const strangers = ['3', '7'].map((id) => sidecar.services.library!.links.lookup(id, 'stashdb.org')!);
    for (const l of strangers) expect(l.source).toBe('GALLERY');
    console.log(
      JSON.stringify({
        link_confidences: Object.fromEntries(pending.map((s) => [s.stash_performer.name, Number(s.confidence.toFixed(4))])),
        stranger_best: strangers.map((l) => Number((l.candidates[0]?.confidence ?? 0).toFixed(4))),
      }),
    );
  });

  it('accept writes the stash id to Stash, never a second performer with the same one; reject is remembered', async () => {
    const byStash = new Map((await links()).map((s) => [s.stash_performer.id, s]));
    const [accepted] = await review('suggestionsAccept', [byStash.get('1')!.id]);
    expect(accepted).toMatchObject({ status: 'ACCEPTED', suggestion: { status: 'ACCEPTED', stash_performer_id: '1' } });
    expect(await stashIdsOf('1')).toEqual([{ endpoint: DEMO_ENDPOINT, stash_id: demoUuid('John_Salley') }]);

    const updatesBefore = (await stash.mutations('performerUpdate')).length;
    const [duplicate] = await review('suggestionsAccept', [byStash.get('5')!.id]);
    expect(duplicate).toMatchObject({ status: 'ALREADY_LINKED', candidates: [{ id: '6', name: 'John Schneider' }], suggestion: { status: 'PENDING' } });
    expect(duplicate.message).toMatch(/"John Schneider" \(6\).*merge/);
    expect((await stash.mutations('performerUpdate')).length).toBe(updatesBefore);
    expect(await stashIdsOf('5')).toEqual([]);

    const [rejected] = await review('suggestionsReject', [byStash.get('4')!.id]);
    expect(rejected.status).toBe('REJECTED');
  });

  it('a second run skips what was looked up; a new database looks again and still never proposes a rejected link', async () => {
    const again = await waitForJob(sidecar.url, await startJob());
    // 1 is linked now: no longer listed.
    expect(again.counts).toEqual({ total: 5, done: 0, skipped: 5, failed: 0, pending: 0 });
    expect((await links()).map((s) => s.stash_performer.id).sort()).toEqual(['5', '8']);

    const people = split.enrolled.map(({ identity, enrol }) => ({ identity, enrol }));
    await buildDemoDatabase(engine, dbDir, { version: 'demo-2', people });
    expect((await ok(`mutation { reloadDatabase { version } }`)).reloadDatabase.version).toBe('demo-2');
    const third = await waitForJob(sidecar.url, await startJob());
    expect(third.counts).toEqual({ total: 5, done: 5, skipped: 0, failed: 0, pending: 0 });
    const pending = await links();
    expect(pending.map((s) => s.stash_performer.id).sort()).toEqual(['5', '8']);
    expect(pending.every((s) => s.performer.id === EXPECTED[s.stash_performer.id])).toBe(true);
    const rejected = await links(['REJECTED']);
    expect(rejected.map((s) => [s.stash_performer.id, s.performer.id])).toEqual([['4', EXPECTED['4']]]);
  });

  it('undo takes the stash id off the Stash performer again', async () => {
    const [accepted] = await links(['ACCEPTED']);
    const [undone] = await review('suggestionsUndo', [accepted.id]);
    expect(undone).toMatchObject({ status: 'PENDING', suggestion: { status: 'PENDING' } });
    expect(await stashIdsOf('1')).toEqual([]);
  });

  it('says what is wrong with bad input', async () => {
    const bad = async (input: Record<string, unknown>) =>
      (await gql(sidecar.url, `mutation($input: PerformersFindOnStashBoxInput) { performersFindOnStashBox(input: $input) }`, { input })).errors?.[0];
    expect((await bad({ endpoint: 'https://fansdb.cc/graphql' }))).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' }, message: expect.stringMatching(/holds no performers of https:\/\/fansdb.cc/) });
    expect((await bad({ performer_ids: ['x1'] }))?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('without the local gallery, falls back to identify on the profile image (its own entry never the answer)', async () => {
    await sidecar.close();
    sidecar = await startTestSidecar(engine, { STASH_URL: stash.url, DATABASE_PATH: dbDir, STATE_PATH: stateDir2 });
    const runs = onnxRuns();
    const job = await waitForJob(sidecar.url, await startJob({ performer_ids: ['1', '3', '4', '6'] }));
    expect(job.counts).toEqual({ total: 3, done: 3, skipped: 0, failed: 0, pending: 0 });
    expect(onnxRuns()).toBeGreaterThan(runs);
    const pending = await links();
    expect(Object.fromEntries(pending.map((s) => [s.stash_performer.id, s.performer.id]))).toEqual({ '1': EXPECTED['1'], '4': EXPECTED['4'] });
  });
});
