import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PerformerRecord } from '../src/database/format.js';
import { degradedEmbedding } from '../src/enrolment/templates.js';
import { learnedTier } from '../src/galleries/learned.js';
import { matchEmbedding } from '../src/recognition/match.js';
import type { KeptPerson } from '../src/library/types.js';
import type { Sidecar } from '../src/main.js';
import { VisionEngine } from '../src/vision/engine.js';
import { cosine, meanEmbeddings, type Embeddings } from '../src/vision/vectors.js';
import { launchStandIn, startStandInStash, type LibrarySpec, type StandInStash } from './fakes/stand-in-stash.js';
import { analyseLabelled } from './support/evaluation.js';
import { HAVE_SHARED, openSetSplit } from './support/fixtures.js';
import { gql, gqlUpload, startTestSidecar } from './support/sidecar.js';

/**
 * Learned faces end to end, on real embeddings of real photos: kept persons of synthetic scenes (a performer's own
 * photos, full size and as 24 px sprite copies; a stranger of ../shared/faces that no gallery holds) are confirmed
 * through the real sidecar's GraphQL (suggestionsAccept / suggestionsUndo / faceGroupName against the stand-in
 * Stash), and identify on photos never used anywhere shows what the local gallery learned.
 */
const split = openSetSplit();
const salley = split.enrolled.find((p) => p.identity === 'John_Salley')!;
const amy = split.enrolled.find((p) => p.identity === 'bbt-amy')!;
const schneider = split.enrolled.find((p) => p.identity === 'John_Schneider')!;
// The stranger with the most photos: five of them recur in scenes, the last ones are only ever identified.
const stranger = [...split.strangers].sort((a, b) => b.files.length - a.files.length)[0];
const other = split.strangers.find((s) => s !== stranger)!;
const SPRITE = 24;
const ACCEPTED_SCENES = 50;

/** Performer 1 has no photo: the stand-in serves performer 1's photo for any performer without one. */
const LIBRARY: LibrarySpec = {
  performers: [
    { id: 1, name: 'Nobody Pictured', stash_id: null },
    { id: 2, name: 'John Salley', stash_id: null, photo: salley.enrol[0] },
    { id: 3, name: 'Amy', stash_id: null, photo: amy.enrol[0] },
    // Two Stash performers of one person: 4 is merged into 5 later (its solo image then belongs to 5).
    { id: 4, name: 'Schneider Dup', stash_id: null, photo: schneider.enrol[0] },
    { id: 5, name: 'John Schneider', stash_id: null, photo: schneider.enrol[1] },
  ],
  images: [{ id: 40, title: 'schneider solo', photo: schneider.enrol[2], performers: [4] }],
  scenes: Array.from({ length: 80 }, (_, i) => ({ id: i + 1, title: `Scene ${i + 1}` })),
};

const IDENTIFY = `query($image: File, $min: Float) {
  identify(input: { image: $image, min_confidence: $min, max_results: 3 }) {
    persons { matches { confidence performer { id name face_count } } }
  }
}`;

interface Match {
  confidence: number;
  performer: { id: string; name: string; face_count: number };
}

describe.skipIf(!HAVE_SHARED)('learned faces: confirmed persons join the local gallery', () => {
  let engine: VisionEngine;
  let dir: string;
  let stash: StandInStash;
  let sidecar: Sidecar;
  const views = new Map<string, Array<{ file: string; full: Embeddings; small: Embeddings; width: number }>>();

  const identify = async (file: string, min = 0): Promise<Match[]> => {
    const res = await gqlUpload<{ identify: { persons: Array<{ matches: Match[] }> } }>(sidecar.url, IDENTIFY, file, { min });
    expect(res.errors).toBeUndefined();
    return res.data!.identify.persons[0]?.matches ?? [];
  };
  const gallery = () => sidecar.services.localGallery!;
  const sequence = () => Number(/-(\d+)$/.exec(gallery().status().version ?? '-0')![1]);
  /** Waits for the next publish of the local gallery, then for a batch window more: returns how many happened. */
  const publishes = async (from: number): Promise<number> => {
    for (let i = 0; sequence() === from; i++) {
      expect(i).toBeLessThan(300);
      await sleep(100);
    }
    await sleep(3000);
    return sequence() - from;
  };
  const person = (id: string, view: { full: Embeddings; small: Embeddings; width: number }, small: boolean, matches: KeptPerson['matches'] = []): KeptPerson => ({
    id,
    box: null,
    timestamps: [1, 2, 3, 4, 5, 6],
    face_count: 6,
    face_size: small ? SPRITE : Math.round(view.width),
    detection_score: 0.9,
    thumbnail: null,
    low_evidence: false,
    matches,
    embeddings: small ? view.small : view.full,
    search_size: small ? SPRITE : Math.round(view.width),
    faces: small ? 2 : 4,
  });
  const keep = (sceneId: number, persons: KeptPerson[]) => {
    const result = { kind: 'scene' as const, item_id: String(sceneId), fingerprint: null, database_version: 'test', vision_profile: 'x', frames_mode: 'SPRITE', source: 'SPRITE', frames_used: 81, tagged: [], persons };
    const store = sidecar.services.library!.store;
    store.db.transaction(() => {
      store.saveResult(result);
      store.refreshSuggestions(result, 0.5);
    })();
  };

  beforeAll(async () => {
    engine = await VisionEngine.create();
    const photos = [salley, amy, schneider].flatMap((p) => [...p.enrol, ...p.probe].map((file) => ({ identity: p.identity, file })));
    photos.push(...[stranger, other].flatMap((s) => s.files.map((file) => ({ identity: s.identity, file }))));
    const { faces } = await analyseLabelled(engine, photos, 2);
    for (const f of faces) {
      const small = await degradedEmbedding(engine, f.image, f.face, SPRITE);
      views.set(f.identity, [...(views.get(f.identity) ?? []), { file: f.file, full: f.face.embeddings, small, width: f.face.box.width }]);
    }
    dir = await mkdtemp(join(tmpdir(), 'learned-faces-'));
    stash = await startStandInStash(LIBRARY);
    sidecar = await startTestSidecar(engine, { STASH_URL: stash.url, DATABASE_PATH: join(dir, 'db'), LOCAL_GALLERY: 'true', LOCAL_GALLERY_SYNC_MINUTES: '600' });
    for (let i = 0; !gallery().status().last_sync_at || gallery().status().phase !== 'idle'; i++) {
      expect(i).toBeLessThan(1200);
      await sleep(100);
    }
  }, 300_000);

  afterAll(async () => {
    await sidecar?.close();
    await stash?.close();
    await engine?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('learns the persons of accepted suggestions in one publish, keeps them through a re-sync and forgets them on undo', async () => {
    const own = views.get('John_Salley')!.filter((v) => v.file !== salley.enrol[0]);
    const probe = own.pop()!.file; // never a kept person
    const record: PerformerRecord = { id: 'local:2', name: 'John Salley', endpoint: '', face_count: 1, local_id: '2' };
    const before = (await identify(probe))[0];
    expect(before.performer).toMatchObject({ id: 'local:2', face_count: 1 });

    // Five of his photos are full-size persons of scenes, the others 24 px sprite persons; 50 scenes cycle them.
    for (let n = 1; n <= ACCEPTED_SCENES; n++) {
      const k = (n - 1) % own.length;
      keep(n, [person(`p${n}`, own[k], k >= 5, [{ performer: record, confidence: 0.9, distance: 0.4 }])]);
    }
    const pending = sidecar.services.library!.findSuggestions({ status: ['PENDING'], performer_id: 'local:2', per_page: -1 }).suggestions;
    expect(pending).toHaveLength(ACCEPTED_SCENES);
    // A sprite-size view of the held-out photo, matched at the 24 px tier (where learned sprite persons go).
    const spriteProbe = views.get('John_Salley')!.find((v) => v.file === probe)!.small;
    const spriteMatch = () => matchEmbedding(sidecar.services.galleries.require(), spriteProbe, SPRITE, { maxResults: 1, minConfidence: 0 })[0];
    const spriteBefore = spriteMatch();
    expect(spriteBefore.performer.id).toBe('local:2');

    // A rejection teaches nothing: Amy's suggestion on a scene with Salley's face, rejected.
    keep(ACCEPTED_SCENES + 1, [person('x', own[0], false, [{ performer: { id: 'local:3', name: 'Amy', endpoint: '', face_count: 1, local_id: '3' }, confidence: 0.6, distance: 0.5 }])]);
    const wrong = sidecar.services.library!.findSuggestions({ status: ['PENDING'], performer_id: 'local:3', per_page: -1 }).suggestions;
    expect(wrong).toHaveLength(1);
    const unchanged = sequence();
    expect((await gql(sidecar.url, `mutation($ids: [ID!]!) { suggestionsReject(ids: $ids) { status } }`, { ids: [wrong[0].id] })).data!.suggestionsReject[0].status).toBe('REJECTED');
    await sleep(3000);
    expect(sequence()).toBe(unchanged);
    expect(gallery().entry('3')!.learned).toHaveLength(0);

    const from = sequence();
    const accepted = await gql(sidecar.url, `mutation($ids: [ID!]!) { suggestionsAccept(ids: $ids) { status } }`, { ids: pending.map((s) => s.id) });
    expect(accepted.errors).toBeUndefined();
    expect(accepted.data!.suggestionsAccept.every((o: { status: string }) => o.status === 'ACCEPTED')).toBe(true);
    expect(await publishes(from)).toBe(1);

    const entry = gallery().entry('2')!;
    expect(entry.learned).toHaveLength(ACCEPTED_SCENES);
    const used = entry.learned.filter((f) => f.used);
    // The cap: his profile photo plus at most nine learned faces, never two copies of one photo.
    expect(used.length).toBeGreaterThanOrEqual(5);
    expect(entry.faces.length + used.length).toBeLessThanOrEqual(10);
    expect(new Set(used.map((f) => f.person.replace(/^scene:(\d+):.*/, (_, n) => String((Number(n) - 1) % own.length)))).size).toBe(used.length);
    // Full-size persons first; the sprite ones go to the 24 px tier only, never into the full template.
    // Full-size persons first, each kept unless it nearly duplicates a used one (two of his photos are one shot);
    // the sprite ones go to the 24 px tier only, never into the full template.
    const primary = engine.embedderSpecs[0].id;
    const usedFull = used.filter((f) => learnedTier(f) === 'full');
    expect(usedFull.length).toBeGreaterThanOrEqual(4);
    for (const f of entry.learned.filter((x) => !x.used && learnedTier(x) === 'full')) {
      expect(Math.max(...usedFull.map((u) => cosine(u.embeddings[primary], f.embeddings[primary])))).toBeGreaterThanOrEqual(0.95);
    }
    expect(used.filter((f) => learnedTier(f) === SPRITE).length).toBeGreaterThan(0);
    const full = [...entry.faces.map((f) => f.embeddings), ...used.filter((f) => learnedTier(f) === 'full').map((f) => f.embeddings)];
    const expected = meanEmbeddings(full);
    const template = entry.templates.find((t) => t.size_tier === 'full')!.embeddings;
    for (const m of Object.keys(expected)) expect(cosine(template[m], expected[m])).toBeGreaterThan(0.9999);
    const tier24 = meanEmbeddings([...full, ...entry.faces.map((f) => f.degraded[SPRITE]), ...used.filter((f) => learnedTier(f) === SPRITE).map((f) => f.embeddings)]);
    const template24 = entry.templates.find((t) => t.size_tier === SPRITE)!.embeddings;
    for (const m of Object.keys(tier24)) expect(cosine(template24[m], tier24[m])).toBeGreaterThan(0.9999);
    const spriteAfter = spriteMatch();
    expect(spriteAfter.performer.id).toBe('local:2');

    const after = (await identify(probe))[0];
    expect(after.performer).toMatchObject({ id: 'local:2', face_count: 1 + used.length });
    expect(after.confidence).toBeGreaterThanOrEqual(before.confidence - 0.02);
    console.log('learned faces: accept', JSON.stringify({ accepted: ACCEPTED_SCENES, publishes: 1, learned: entry.learned.length, used: used.length, full_used: usedFull.length, sprite_used: used.length - usedFull.length, confidence_before: before.confidence, confidence_after: after.confidence, sprite_probe: { cosine_before: spriteBefore.cosines[primary], cosine_after: spriteAfter.cosines[primary], confidence_before: spriteBefore.confidence, confidence_after: spriteAfter.confidence } }));

    // Stash changes the performer: the sync enrols it again from its photos, and its learned faces stay.
    const touched = await gql(stash.url, `mutation { performerUpdate(input: { id: "2", details: "edited" }) { id updated_at } }`);
    expect(touched.errors).toBeUndefined();
    const sync = await gql(sidecar.url, `mutation { syncLocalGallery(wait: true) { phase last_error } }`);
    expect(sync.data!.syncLocalGallery).toMatchObject({ phase: 'idle', last_error: null });
    const resynced = gallery().entry('2')!;
    expect(resynced.updated_at).not.toBe(entry.updated_at);
    expect(resynced.learned).toHaveLength(ACCEPTED_SCENES);
    expect(resynced.learned.filter((f) => f.used)).toHaveLength(used.length);
    expect((await identify(probe))[0].performer.face_count).toBe(1 + used.length);

    // Undo takes back exactly what the accepts added.
    const from2 = sequence();
    const undone = await gql(sidecar.url, `mutation($ids: [ID!]!) { suggestionsUndo(ids: $ids) { status } }`, { ids: pending.map((s) => s.id) });
    expect(undone.errors).toBeUndefined();
    expect(undone.data!.suggestionsUndo.every((o: { status: string }) => o.status === 'PENDING')).toBe(true);
    expect(await publishes(from2)).toBe(1);
    expect(gallery().entry('2')!.learned).toHaveLength(0);
    expect((await identify(probe))[0].performer).toMatchObject({ id: 'local:2', face_count: 1 });
  }, 120_000);

  it('names a recurring stranger once, and then recognises them in a photo never seen', async () => {
    const faces = views.get(stranger.identity)!;
    expect(faces.length).toBeGreaterThanOrEqual(5);
    const probes = faces.slice(5).map((f) => f.file);
    const others = views.get(other.identity)!;
    // Six scenes: the stranger (four full-size, two sprite persons) on screen with another stranger.
    for (let n = 0; n < 6; n++) {
      const small = n >= 4;
      keep(61 + n, [person(`s${n}`, faces[n % 5], small), person(`o${n}`, others[n % others.length], small)]);
    }
    const files = probes.length ? probes : [faces[4].file];
    // Before naming: nobody at the default confidence (only weak lookalikes at 0).
    const before = new Map<string, number>();
    for (const file of files) {
      expect(await identify(file, 0.5)).toHaveLength(0);
      before.set(file, (await identify(file))[0]?.confidence ?? 0);
    }

    const grouped = await gql(sidecar.url, `mutation { faceGroupsRecluster { groups_started } }`);
    expect(grouped.errors).toBeUndefined();
    const groups = await gql(sidecar.url, `{ findFaceGroups(filter: { per_page: -1 }) { face_groups { id persons { person_id } } } }`);
    const group = groups.data!.findFaceGroups.face_groups.find((g: { persons: Array<{ person_id: string }> }) => g.persons.some((p) => p.person_id.startsWith('s')));
    expect(group).toBeDefined();
    expect(group.persons.every((p: { person_id: string }) => p.person_id.startsWith('s'))).toBe(true);

    const from = sequence();
    const named = await gql(sidecar.url, `mutation($id: ID!) { faceGroupName(input: { group_id: $id, name: "Recurring Stranger" }) { status created_performer face_group { stash_performer_id } } }`, { id: group.id });
    expect(named.errors).toBeUndefined();
    expect(named.data!.faceGroupName).toMatchObject({ status: 'NAMED', created_performer: true });
    const newId = named.data!.faceGroupName.face_group.stash_performer_id as string;
    expect(await publishes(from)).toBe(1);

    const entry = gallery().entry(newId)!;
    expect(entry.learned.map((f) => f.person).sort()).toEqual(group.persons.map((p: { person_id: string }) => `scene:${61 + Number(p.person_id.slice(1))}:${p.person_id}`).sort());
    const results: Array<{ file: string; before: number; after: number }> = [];
    for (const file of files) {
      const after = await identify(file);
      results.push({ file: file.split('/').pop()!, before: before.get(file)!, after: after[0]?.confidence ?? 0 });
      expect(after[0]?.performer).toMatchObject({ id: `local:${newId}`, name: 'Recurring Stranger' });
      expect(after[0].confidence).toBeGreaterThanOrEqual(0.5);
    }
    console.log('learned faces: named group', JSON.stringify({ stranger: stranger.identity, group_persons: group.persons.length, learned: entry.learned.length, used: entry.learned.filter((f) => f.used).length, probes: results }));
  }, 120_000);

  it('moves learned faces with a merge in Stash, and drops them with a deletion', async () => {
    const faces = views.get('John_Schneider')!.filter((v) => ![schneider.enrol[0], schneider.enrol[1], schneider.enrol[2]].includes(v.file));
    const record: PerformerRecord = { id: 'local:4', name: 'Schneider Dup', endpoint: '', face_count: 1, local_id: '4' };
    for (let n = 0; n < 3; n++) keep(71 + n, [person(`m${n}`, faces[n], false, [{ performer: record, confidence: 0.9, distance: 0.4 }])]);
    const pending = sidecar.services.library!.findSuggestions({ status: ['PENDING'], performer_id: 'local:4', per_page: -1 }).suggestions;
    expect(pending).toHaveLength(3);
    // Accepted one at a time, as clicks in the review queue: the batch window still publishes once.
    const from = sequence();
    for (const s of pending) {
      const res = await gql(sidecar.url, `mutation($ids: [ID!]!) { suggestionsAccept(ids: $ids) { status } }`, { ids: [s.id] });
      expect(res.data!.suggestionsAccept[0].status).toBe('ACCEPTED');
    }
    expect(await publishes(from)).toBe(1);
    const learned = gallery().entry('4')!.learned.map((f) => f.person).sort();
    expect(learned).toEqual(['scene:71:m0', 'scene:72:m1', 'scene:73:m2']);
    const named = gallery().allEntries().find((e) => e.record.name === 'Recurring Stranger')!;
    expect(named.learned.length).toBeGreaterThan(0);

    // Stash after merging 4 into 5 and deleting the performer the face group created: the stand-in reads its
    // library at start, so it restarts on the same port with the new one.
    const port = Number(new URL(stash.url).port);
    await stash.close();
    const after = {
      performers: LIBRARY.performers!.filter((p) => p.id !== 4).map(({ id, name, stash_id }) => ({ id, name, stash_id })),
      images: [{ id: 40, title: 'schneider solo', performers: [5] }],
      scenes: LIBRARY.scenes!.map(({ id, title }) => ({ id, title, performers: [], duration: 81, width: 1920, height: 1080 })),
    };
    const libraryPath = join(dir, 'library-after.json');
    await writeFile(libraryPath, JSON.stringify(after));
    const restarted = await launchStandIn(libraryPath, stash.mediaDir, [], port);
    stash = { ...stash, ...restarted };
    const sync = await gql(sidecar.url, `mutation { syncLocalGallery(reconcile: true, wait: true) { phase last_error } }`);
    expect(sync.data!.syncLocalGallery).toMatchObject({ phase: 'idle', last_error: null });
    expect(gallery().entry('4')).toBeUndefined();
    expect(gallery().entry(named.stash_id)).toBeUndefined();
    const survivor = gallery().entry('5')!;
    expect(survivor.learned.map((f) => f.person).sort()).toEqual(learned);
    expect(survivor.learned.every((f) => f.used)).toBe(true);
    // The deleted performer's faces are no candidate any more; the survivor's face count has the merged ones.
    const probe = views.get(stranger.identity)!.slice(5)[0]?.file ?? views.get(stranger.identity)![4].file;
    expect((await identify(probe, 0.5)).map((m) => m.performer.id)).not.toContain(`local:${named.stash_id}`);
    const schneiderProbe = (await identify(faces[faces.length - 1].file))[0];
    expect(schneiderProbe.performer).toMatchObject({ id: 'local:5' });
    expect(schneiderProbe.performer.face_count).toBe(survivor.faces.length + survivor.learned.length);
  }, 120_000);
});
