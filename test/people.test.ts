import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { degradedEmbedding } from '../src/enrolment/templates.js';
import { LibraryStore } from '../src/library/store.js';
import type { KeptPerson } from '../src/library/types.js';
import { createLogger } from '../src/log.js';
import { FaceDatabase } from '../src/database/loader.js';
import { groupingQuality } from '../src/people/cluster.js';
import { lookalikes } from '../src/people/lookalikes.js';
import { PeopleService } from '../src/people/service.js';
import { groupStashBoxMatches, stashBoxPerformer } from '../src/people/stashbox-lookup.js';
import { personKey } from '../src/people/store.js';
import calibration from '../src/recognition/default-calibration.json' with { type: 'json' };
import { openStateDatabase, type StateDatabase } from '../src/state/database.js';
import { StashClient } from '../src/stash/client.js';
import { VisionEngine } from '../src/vision/engine.js';
import { meanEmbeddings, type Embeddings } from '../src/vision/vectors.js';
import { startStandInStash, type StandInStash } from './fakes/stand-in-stash.js';
import { buildDemoDatabase, demoPerformerId, demoUuid } from './support/demo-db.js';
import { analyseLabelled } from './support/evaluation.js';
import { HAVE_SHARED, openSetSplit } from './support/fixtures.js';
import { gql, startTestSidecar } from './support/sidecar.js';

/**
 * People across the library, on real embeddings: the six strangers of ../shared/faces (never in the test database)
 * recur across synthetic scenes as kept persons, full size and as 24 px sprite copies (means of two), two or three
 * to a scene and on screen together; one scene also holds a stranger split into two persons of overlapping frames.
 */
const SPRITE = 24;

interface Truth {
  key: string;
  identity: string;
  item: string;
}

describe.skipIf(!HAVE_SHARED)('people: unknown persons grouped, named once, ignored for good', () => {
  let engine: VisionEngine;
  let dir: string;
  let state: StateDatabase;
  let stash: StandInStash;
  const truth: Truth[] = [];
  const log = createLogger('error');
  const open = () => {
    state = openStateDatabase(dir);
    return new PeopleService({ state, calibration: () => calibration, stash: new StashClient(stash.url), log });
  };

  beforeAll(async () => {
    engine = await VisionEngine.create();
    const { strangers } = openSetSplit();
    const photos = strangers.flatMap((s) => s.files.map((file) => ({ identity: s.identity, file })));
    const { faces } = await analyseLabelled(engine, photos, 2);
    const views = new Map<string, Array<{ full: Embeddings; small: Embeddings; width: number }>>();
    for (const f of faces) {
      const small = await degradedEmbedding(engine, f.image, f.face, SPRITE);
      views.set(f.identity, [...(views.get(f.identity) ?? []), { full: f.face.embeddings, small, width: f.face.box.width }]);
    }
    dir = await mkdtemp(join(tmpdir(), 'people-'));
    stash = await startStandInStash({ performers: [{ id: 7, name: 'Existing Person', stash_id: null }], scenes: [] });
    state = openStateDatabase(dir);
    const library = new LibraryStore(state);
    const ids = [...views.keys()];
    let sceneId = 100;
    // Scene n shows strangers n, n+1 (and n+2 every other scene), all in frames 0..9: never one person.
    const appearance = (identity: string, n: number, at: number[]): KeptPerson => {
      const v = views.get(identity)!;
      const small = n % 2 === 1;
      const a = v[n % v.length], b = v[(n + 1) % v.length];
      return {
        id: `p${identity}-${n}`,
        box: null,
        timestamps: at,
        face_count: 6,
        face_size: small ? SPRITE : Math.round(a.width),
        detection_score: 0.9,
        thumbnail: null,
        low_evidence: false,
        matches: [],
        embeddings: small ? meanEmbeddings([a.small, b.small]) : a.full,
        search_size: small ? SPRITE : Math.round(a.width),
        faces: small ? 2 : 1,
      };
    };
    const frames = Array.from({ length: 10 }, (_, i) => i);
    for (let n = 0; n < 12; n++) {
      const cast = [ids[n % ids.length], ids[(n + 1) % ids.length], ...(n % 2 ? [ids[(n + 2) % ids.length]] : [])];
      const persons = cast.map((identity) => appearance(identity, n, frames));
      const item = String(sceneId++);
      for (const p of persons) truth.push({ key: `scene:${item}:${p.id}`, identity: persons.length ? cast[persons.indexOf(p)] : '', item });
      library.saveResult({ kind: 'scene', item_id: item, fingerprint: null, database_version: 'v1', vision_profile: 'x', frames_mode: 'SPRITE', source: 'SPRITE', frames_used: 81, tagged: [], persons });
    }
    // One stranger split by the scene clustering into two persons seen in the same frames: never one group.
    const split = [appearance(ids[0], 0, [3, 4]), { ...appearance(ids[0], 2, [4, 5]), id: 'split-b' }];
    library.saveResult({ kind: 'scene', item_id: '999', fingerprint: null, database_version: 'v1', vision_profile: 'x', frames_mode: 'FRAMES', source: 'FRAMES', frames_used: 40, tagged: [], persons: split });
    for (const p of split) truth.push({ key: `scene:999:${p.id}`, identity: ids[0], item: '999' });
    state.close();
  }, 240_000);

  afterAll(async () => {
    state?.close();
    await stash?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('groups recurring strangers purely, never two persons of one frame', () => {
    const people = open();
    const outcome = people.update();
    expect(outcome.new_persons).toBe(truth.length);
    const groupOf = new Map<number, number>();
    for (const m of people.store.members()) {
      const i = truth.findIndex((t) => t.key === personKey(m));
      if (m.group_id != null) groupOf.set(i, m.group_id);
    }
    const q = groupingQuality(truth.map((t) => t.identity), groupOf);
    const groupsPerIdentity = new Map<string, Set<number>>();
    for (const [i, g] of groupOf) groupsPerIdentity.set(truth[i].identity, (groupsPerIdentity.get(truth[i].identity) ?? new Set()).add(g));
    console.log('people grouping', JSON.stringify({ persons: truth.length, ...q, groups_per_identity: Object.fromEntries([...groupsPerIdentity].map(([k, v]) => [k, v.size])) }));
    expect(q.pure_groups).toBe(1);
    expect(q.groups).toBeGreaterThanOrEqual(3);
    // Persons of one scene here always share frames: no group holds two persons of one item.
    for (const g of new Set(groupOf.values())) {
      const items = [...groupOf].filter(([, x]) => x === g).map(([i]) => truth[i].item);
      expect(new Set(items).size).toBe(items.length);
    }
    // A second update with nothing new changes nothing.
    expect(people.update()).toMatchObject({ new_persons: 0, removed: 0, groups_started: 0 });
    state.close();
  });

  it('naming a group makes suggestions for exactly the scenes that contain it, kept through a re-match', async () => {
    const people = open();
    const [group] = people.findGroups().groups;
    const scenes = new Set(people.members(group.id).map((m) => m.item_id));
    const needsLink = await people.name({ group_id: String(group.id), name: 'existing person' });
    expect(needsLink.status).toBe('NEEDS_LINK');
    expect(needsLink.candidates.map((c) => c.id)).toEqual(['7']);
    const named = await people.name({ group_id: String(group.id), stash_performer_id: '7' });
    expect(named.status).toBe('NAMED');
    const library = new LibraryStore(state);
    const suggested = library.findSuggestions({ performer_id: 'local:7', per_page: -1 }).suggestions;
    expect(new Set(suggested.map((s) => s.item_id))).toEqual(scenes);
    expect(suggested.every((s) => s.status === 'PENDING')).toBe(true);
    // A re-match that does not propose the performer leaves the group's suggestions pending.
    const kept = library.result('scene', suggested[0].item_id)!;
    library.refreshSuggestions(kept, 0.5);
    expect(library.suggestion(suggested[0].id)!.status).toBe('PENDING');
    // Creating by a new name makes one performer, once.
    const other = people.findGroups().groups.find((g) => g.status === 'UNNAMED')!;
    const created = await people.name({ group_id: String(other.id), name: 'Brand New Person' });
    expect(created).toMatchObject({ status: 'NAMED', created_performer: true });
    expect(await new StashClient(stash.url).findPerformersNamed('Brand New Person')).toHaveLength(1);
    expect(people.findGroups().groups.filter((g) => g.stash_performer_id === created.group.stash_performer_id)).toHaveLength(1);
    state.close();
  });

  it('ignoring hides a group across restarts, new members stay hidden, and it can be undone', () => {
    let people = open();
    const target = people.findGroups().groups.find((g) => g.status === 'UNNAMED')!;
    people.ignore([String(target.id)], true);
    state.close();
    people = open();
    expect(people.findGroups().groups.map((g) => g.id)).not.toContain(target.id);
    expect(people.findGroups({ status: ['IGNORED'] }).groups.map((g) => g.id)).toContain(target.id);
    // A full recluster leaves ignored groups as they are.
    people.update({ full: true });
    expect(people.store.group(target.id)!.status).toBe('IGNORED');
    people.ignore([String(target.id)], false);
    expect(people.findGroups().groups.map((g) => g.id)).toContain(target.id);
    state.close();
  });

  it('merge refuses persons of one frame; split takes persons out into a group of their own', () => {
    const people = open();
    const groups = people.findGroups({ status: ['UNNAMED'], per_page: -1 }).groups;
    const a = groups[0];
    const b = groups.find((g) => g.id !== a.id && people.members(g.id).some((m) => people.members(a.id).some((n) => n.item_id === m.item_id)))!;
    const members = people.members(a.id);
    const moved = people.split(String(a.id), [personKey(members[0])]);
    expect(people.members(moved.id).map(personKey)).toEqual([personKey(members[0])]);
    expect(people.store.group(a.id)!.manual).toBe(true);
    // a and b hold different strangers of the same scenes (same frames): merging them must fail.
    expect(() => people.merge([String(b.id)], String(a.id))).toThrow(/same frame/);
    const merged = people.merge([String(moved.id)], String(a.id));
    expect(people.members(merged.id).map(personKey)).toContain(personKey(members[0]));
    expect(() => people.merge([String(moved.id)], String(a.id))).toThrow(/no face group/);
    state.close();
  });
});

describe.skipIf(!HAVE_SHARED)('lookalikes', () => {
  let dir: string;
  let db: FaceDatabase;

  beforeAll(async () => {
    const engine = await VisionEngine.create();
    dir = await mkdtemp(join(tmpdir(), 'lookalikes-'));
    const { enrolled } = openSetSplit();
    const john = enrolled.find((p) => p.identity === 'John_Simm')!;
    const all = [...john.enrol, ...john.probe];
    const half = Math.ceil(all.length / 2);
    // The same man enrolled twice (two performers from different photos) beside four others.
    const people = [
      { identity: 'John_Simm', enrol: all.slice(0, half) },
      { identity: 'John_Simm_twin', enrol: all.slice(half) },
      ...enrolled.filter((p) => p.identity !== 'John_Simm').slice(0, 4).map((p) => ({ identity: p.identity, enrol: p.enrol.slice(0, 2) })),
    ];
    const release = await buildDemoDatabase(engine, dir, { people });
    db = await FaceDatabase.load(release, engine.models);
  }, 240_000);

  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it("finds the performer's double first, never the performer itself", async () => {
    const found = await lookalikes(db, demoPerformerId('John_Simm'), 3);
    console.log('lookalikes', JSON.stringify(found.map((m) => ({ id: m.performer.name, confidence: +m.confidence.toFixed(3) }))));
    expect(found[0].performer.id).toBe(demoPerformerId('John_Simm_twin'));
    expect(found.map((m) => m.performer.id)).not.toContain(demoPerformerId('John_Simm'));
    expect(found[0].confidence).toBeGreaterThan(found[1]?.confidence ?? 0);
    await expect(lookalikes(db, 'stashdb.org:nobody', 3)).rejects.toMatchObject({ extensions: { code: 'NOT_FOUND' } });
  });
});

/**
 * A face group looked up on StashDB by its faces: an enrolled performer's probe photos (never enrolled) recur as
 * unknown kept persons, as does a stranger, in the same frames of four scenes; the first group's best persons find
 * the performer in the shared database, the stranger's find no one above MIN_CONFIDENCE.
 */
describe.skipIf(!HAVE_SHARED)('a face group looked up on StashDB', () => {
  let engine: VisionEngine;
  let dir: string;
  let db: FaceDatabase;
  let stash: StandInStash;
  let state: StateDatabase;
  const log = createLogger('error');
  const { enrolled, strangers } = openSetSplit();
  const known = enrolled[3];
  const namesake = enrolled[5];
  const stranger = strangers[1];
  const open = () => {
    state = openStateDatabase(join(dir, 'state'));
    return new PeopleService({ state, calibration: () => db.manifest.calibration, stash: new StashClient(stash.url), log });
  };
  const groupOf = (people: PeopleService, prefix: string) =>
    people.findGroups({ per_page: -1 }).groups.find((g) => people.members(g.id).every((m) => m.person_id.startsWith(prefix)))!;

  beforeAll(async () => {
    engine = await VisionEngine.create();
    dir = await mkdtemp(join(tmpdir(), 'people-stashbox-'));
    const release = await buildDemoDatabase(engine, join(dir, 'db'), { people: enrolled.slice(0, 8).map((p) => ({ identity: p.identity, enrol: p.enrol.slice(0, 3) })) });
    db = await FaceDatabase.load(release, engine.models);
    // A Stash performer of the namesake's name with no stash id: naming after the StashDB record must not duplicate it.
    stash = await startStandInStash({ performers: [{ id: 8, name: namesake.identity.replace(/[_-]/g, ' '), stash_id: null }], scenes: [] });
    const photos = [...known.probe.slice(0, 4).map((file) => ({ identity: 'known', file })), ...stranger.files.slice(0, 4).map((file) => ({ identity: 'stranger', file }))];
    const { faces } = await analyseLabelled(engine, photos, 2);
    state = openStateDatabase(join(dir, 'state'));
    const library = new LibraryStore(state);
    const frames = Array.from({ length: 10 }, (_, i) => i);
    for (let n = 0; n < 4; n++) {
      const persons = (['known', 'stranger'] as const).flatMap((identity) => {
        const f = faces.filter((x) => x.identity === identity)[n];
        if (!f) return [];
        const width = Math.round(f.face.box.width);
        return [{ id: `${identity}-${n}`, box: null, timestamps: frames, face_count: 1, face_size: width, detection_score: 0.9, thumbnail: null, low_evidence: false, matches: [], embeddings: f.face.embeddings, search_size: width, faces: 1 } satisfies KeptPerson];
      });
      library.saveResult({ kind: 'scene', item_id: String(200 + n), fingerprint: null, database_version: 'v1', vision_profile: 'x', frames_mode: 'FRAMES', source: 'FRAMES', frames_used: 40, tagged: [], persons });
    }
    state.close();
  }, 240_000);

  afterAll(async () => {
    state?.close();
    db?.close();
    await stash?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it("finds a known performer's group with high confidence and a stranger's with nothing above the threshold", () => {
    const people = open();
    people.update();
    const mine = groupOf(people, 'known');
    const theirs = groupOf(people, 'stranger');
    expect(mine.persons).toBeGreaterThanOrEqual(2);
    expect(theirs.persons).toBeGreaterThanOrEqual(2);
    const found = groupStashBoxMatches(db, people, String(mine.id), 5);
    const none = groupStashBoxMatches(db, people, String(theirs.id), 5);
    console.log('group stash-box lookup', JSON.stringify({
      known: found.map((m) => ({ name: m.performer.name, confidence: +m.confidence.toFixed(3) })),
      stranger: none.map((m) => ({ name: m.performer.name, confidence: +m.confidence.toFixed(3) })),
    }));
    expect(found[0].performer.id).toBe(demoPerformerId(known.identity));
    expect(found[0].confidence).toBeGreaterThan(0.9);
    expect(found.length).toBeLessThanOrEqual(5);
    expect(none.every((m) => m.confidence < 0.5)).toBe(true);
    expect(() => groupStashBoxMatches(db, people, '99999', 5)).toThrow(/no face group 99999/);
    expect(() => stashBoxPerformer(db, 'local:8')).toThrow(/stashdb.org:<uuid>/);
    expect(() => stashBoxPerformer(db, 'stashdb.org:nobody')).toThrow(/not in the loaded face database/);
    state.close();
  });

  it('names a group after the StashDB performer: created with its stash id once, a namesake never duplicated', async () => {
    const people = open();
    const client = new StashClient(stash.url);
    const mine = groupOf(people, 'known');
    const named = await people.name({ group_id: String(mine.id), stash_box_performer: stashBoxPerformer(db, demoPerformerId(known.identity)) });
    expect(named).toMatchObject({ status: 'NAMED', created_performer: true, suggestions_created: mine.items });
    const made = await client.findPerformer(named.group.stash_performer_id!);
    expect(made.stash_ids.map((s) => s.stash_id)).toEqual([demoUuid(known.identity)]);
    // Again (e.g. another group of the same performer): found by its stash id, not created twice.
    const again = await people.name({ group_id: String(mine.id), stash_box_performer: stashBoxPerformer(db, demoPerformerId(known.identity)) });
    expect(again).toMatchObject({ status: 'NAMED', created_performer: false });
    expect(again.group.stash_performer_id).toBe(made.id);

    const theirs = groupOf(people, 'stranger');
    const box = stashBoxPerformer(db, demoPerformerId(namesake.identity));
    const needsLink = await people.name({ group_id: String(theirs.id), stash_box_performer: box });
    expect(needsLink.status).toBe('NEEDS_LINK');
    expect(needsLink.candidates.map((c) => c.id)).toEqual(['8']);
    expect(people.store.group(theirs.id)!.status).toBe('UNNAMED');
    const linked = await people.name({ group_id: String(theirs.id), stash_box_performer: box, stash_performer_id: '8' });
    expect(linked).toMatchObject({ status: 'NAMED', created_performer: false });
    expect((await client.findPerformer('8')).stash_ids.map((s) => s.stash_id)).toEqual([demoUuid(namesake.identity)]);
    await expect(people.name({ group_id: String(theirs.id), stash_box_performer: box, name: 'Someone' })).rejects.toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
    state.close();
  });

  it('over GraphQL: the lookup and naming by stash-box id; NOT_FOUND for an unknown group, DATABASE_NOT_LOADED without a database', async () => {
    const sidecar = await startTestSidecar(engine, { DATABASE_PATH: join(dir, 'db'), STATE_PATH: join(dir, 'state'), STASH_URL: stash.url });
    const empty = await mkdtemp(join(tmpdir(), 'people-no-db-'));
    const bare = await startTestSidecar(engine, { DATABASE_PATH: empty, STATE_PATH: join(dir, 'state'), STASH_URL: stash.url });
    try {
      const q = `query($id: ID!) { faceGroupStashBoxMatches(id: $id, limit: 3) { performer { id name } confidence distance } }`;
      const groups = await gql(sidecar.url, '{ findFaceGroups(filter: { per_page: -1 }) { face_groups { id performer { name } persons { id } } } }');
      const mine = groups.data.findFaceGroups.face_groups.find((g: { persons: Array<{ id: string }> }) => g.persons.every((p) => p.id.includes(':known-')));
      const r = await gql(sidecar.url, q, { id: mine.id });
      expect(r.errors).toBeUndefined();
      expect(r.data.faceGroupStashBoxMatches[0]).toMatchObject({ performer: { id: demoPerformerId(known.identity) }, confidence: expect.any(Number) });
      expect(r.data.faceGroupStashBoxMatches.length).toBeLessThanOrEqual(3);
      const missing = await gql(sidecar.url, q, { id: '99999' });
      expect(missing.errors?.[0]).toMatchObject({ extensions: { code: 'NOT_FOUND' }, message: 'There is no face group 99999.' });
      const noDb = await gql(bare.url, q, { id: mine.id });
      expect(noDb.errors?.[0]).toMatchObject({ extensions: { code: 'DATABASE_NOT_LOADED' }, message: expect.stringContaining('No face database') });
      const name = `mutation($input: FaceGroupNameInput!) { faceGroupName(input: $input) { status created_performer face_group { performer { name } } } }`;
      const unknownId = await gql(sidecar.url, name, { input: { group_id: mine.id, stash_box_performer_id: 'stashdb.org:nobody' } });
      expect(unknownId.errors?.[0]).toMatchObject({ extensions: { code: 'NOT_FOUND' } });
      const ok = await gql(sidecar.url, name, { input: { group_id: mine.id, stash_box_performer_id: demoPerformerId(known.identity) } });
      expect(ok.errors).toBeUndefined();
      expect(ok.data.faceGroupName).toMatchObject({ status: 'NAMED', created_performer: false, face_group: { performer: { name: known.identity.replace(/[_-]/g, ' ') } } });
    } finally {
      await bare.close();
      await sidecar.close();
      await rm(empty, { recursive: true, force: true });
    }
  });
});
