import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sidecar } from '../src/main.js';
import { VisionEngine } from '../src/vision/engine.js';
import { startStandInStash } from './fakes/stand-in-stash.js';
import { withGalleries, type GalleryStash } from './fakes/stash-galleries.js';
import { buildDemoDatabase, demoPerformerId, demoUuid } from './support/demo-db.js';
import { HAVE_SHARED, openSetSplit } from './support/fixtures.js';
import { startRun, waitForJob } from './support/library-stash.js';
import { gql, startTestSidecar } from './support/sidecar.js';

/**
 * Gallery scopes (issue 13): a Stash gallery's images are identified as one group, so one person across its photos
 * is one person with one suggestion for the gallery; accepting adds the performer to the gallery (bulkGalleryUpdate
 * ADD) through the review queue's safe accept; a gallery is done for its images; what fails after an item (the
 * processed tag) is on the job's record. Real models, real SQLite, real HTTP; the stand-in Stash (Stash's schema)
 * with galleries in front of it, its images real face photos (probe photos: not the ones the database enrolled).
 */
const SALLEY = 'John_Salley', SAVAGE = 'John_Savage', SHIMKUS = 'John_Shimkus', SIMM = 'John_Simm';

interface Suggestion {
  id: string;
  kind: string;
  gallery_id: string | null;
  status: string;
  stash_performer_id: string | null;
  created_performer: boolean;
  performer: { id: string };
  person: { image_ids: string[] | null; face_count: number };
}

describe.skipIf(!HAVE_SHARED)('library runs over galleries', () => {
  let engine: VisionEngine;
  let dbDir: string, stateDir: string;
  let stash: GalleryStash;
  let standInUrl: string;
  let sidecar: Sidecar;
  const images = new Map<string, number[]>(); // identity -> stand-in image ids of its probe photos
  const ok = async <T = any>(query: string, variables: Record<string, unknown> = {}): Promise<T> => {
    const res = await gql<T>(sidecar.url, query, variables);
    expect(res.errors).toBeUndefined();
    return res.data!;
  };
  const suggestions = async (galleryId: string, status = ['PENDING', 'ACCEPTED', 'REJECTED']) =>
    (
      await ok(
        `query($f: SuggestionFilterType) { findSuggestions(filter: { per_page: -1 }, suggestion_filter: $f) {
          suggestions { id kind gallery_id status stash_performer_id created_performer performer { id } person { image_ids face_count } } } }`,
        { f: { gallery_id: galleryId, status } },
      )
    ).findSuggestions.suggestions as Suggestion[];
  const kept = async (galleryId: string) =>
    (
      await ok(`query($id: ID!) { galleryFaces(gallery_id: $id) { gallery_id scene_id fingerprint frames_used database_version
        persons { id box { x } face_count image_ids low_evidence matches { confidence already_tagged performer { id } } } } }`, { id: galleryId })
    ).galleryFaces;
  const job = async (id: string) =>
    (await ok(`query($id: ID!) { findJob(id: $id) { status summary counts { total done skipped failed warnings } failures { id code message } warnings { kind id code message } } }`, { id }))
      .findJob;
  const run = async (input: Record<string, unknown>) => {
    const id = await startRun(sidecar.url, input);
    await waitForJob(sidecar.url, id);
    return job(id);
  };

  beforeAll(async () => {
    engine = await VisionEngine.create();
    dbDir = await mkdtemp(join(tmpdir(), 'galleries-db-'));
    stateDir = await mkdtemp(join(tmpdir(), 'galleries-state-'));
    await buildDemoDatabase(engine, dbDir);
    const probes = new Map(openSetSplit().enrolled.map((p) => [p.identity, p.probe]));
    const photos: Array<{ id: number; title: string; photo: string }> = [];
    [SALLEY, SAVAGE, SHIMKUS, SIMM].forEach((identity, k) => {
      const ids = probes.get(identity)!.slice(0, 4).map((photo, i) => {
        photos.push({ id: 100 + k * 10 + i, title: `${identity} ${i}`, photo });
        return 100 + k * 10 + i;
      });
      images.set(identity, ids);
    });
    // The user's Stash has John Salley linked to StashDB; the others are not in it.
    const standIn = await startStandInStash({ performers: [{ id: 1, name: 'John Salley', stash_id: demoUuid(SALLEY) }], images: photos, scenes: [] });
    standInUrl = standIn.url;
    const [salley, savage, shimkus, simm] = [SALLEY, SAVAGE, SHIMKUS, SIMM].map((i) => images.get(i)!);
    stash = await withGalleries(standIn, [
      // One person over four photos, and a stranger to the set in one photo (one image: too little to name).
      { id: 1, title: 'Salley set', images: [...salley, simm[0]] },
      // Two persons, three photos each.
      { id: 2, title: 'Two people', images: [...savage.slice(0, 3), ...shimkus.slice(0, 3)] },
      // Salley is on it already: nothing to suggest.
      { id: 3, title: 'Tagged set', images: salley.slice(2), performers: [1] },
    ]);
    sidecar = await startTestSidecar(engine, { STASH_URL: stash.url, DATABASE_PATH: dbDir, STATE_PATH: stateDir });
  }, 600_000);

  afterAll(async () => {
    await sidecar?.close();
    await stash?.close();
    await engine?.close();
    for (const d of [dbDir, stateDir]) if (d) await rm(d, { recursive: true, force: true });
  });

  it("groups a gallery's persons across its images and suggests one performer per person for the gallery", async () => {
    const first = await run({ scope: 'GALLERIES_NO_PERFORMERS' });
    expect(first).toMatchObject({ status: 'FINISHED', counts: { total: 2, done: 2, skipped: 0, failed: 0, warnings: 0 } });

    const one = await kept('1');
    expect(one).toMatchObject({ gallery_id: '1', scene_id: null, frames_used: 5, database_version: 'demo-1' });
    expect(one.fingerprint).toMatch(/^images:5:[0-9a-f]{16}$/);
    const salley = one.persons.find((p: any) => p.matches[0]?.performer.id === demoPerformerId(SALLEY));
    // Four photos, one person: grouped as a scene's frames are, with the images it is in.
    expect(salley.face_count).toBeGreaterThanOrEqual(3);
    expect(salley.box).toBeNull();
    expect(salley.image_ids.length).toBe(salley.face_count);
    for (const id of salley.image_ids) expect(images.get(SALLEY)!.map(String)).toContain(id);
    expect(salley.low_evidence).toBe(false);
    expect(salley.matches[0].already_tagged).toBe(false);

    const s1 = await suggestions('1');
    expect(s1.map((s) => s.performer.id)).toEqual([demoPerformerId(SALLEY)]); // the one-photo stranger is not proposed
    expect(s1[0]).toMatchObject({ kind: 'GALLERY', gallery_id: '1', status: 'PENDING' });
    expect(s1[0].person.image_ids).toEqual(salley.image_ids);
    expect((await suggestions('2')).map((s) => s.performer.id).sort()).toEqual([demoPerformerId(SAVAGE), demoPerformerId(SHIMKUS)].sort());
  }, 600_000);

  it('skips galleries done for the same images; a gallery whose images changed is analysed again', async () => {
    const all = await run({ scope: 'GALLERIES' });
    expect(all.counts).toMatchObject({ total: 3, done: 1, skipped: 2, failed: 0 });
    // The tagged gallery: Salley found, already on it, so nothing to review.
    const three = await kept('3');
    expect(three.persons[0].matches[0]).toMatchObject({ performer: { id: demoPerformerId(SALLEY) }, already_tagged: true });
    expect(await suggestions('3')).toEqual([]);

    stash.setImages(1, [...images.get(SALLEY)!, images.get(SIMM)![0], images.get(SIMM)![1]]);
    const again = await run({ scope: 'IDS', gallery_ids: ['1', '2'] });
    expect(again.counts).toMatchObject({ total: 2, done: 1, skipped: 1, failed: 0 });
    expect((await kept('1')).frames_used).toBe(6);
  }, 600_000);

  it('accepting adds the performer to the gallery (ADD, never twice), undo removes it, a missing one is created once', async () => {
    const [salley] = (await suggestions('1', ['PENDING'])).filter((s) => s.performer.id === demoPerformerId(SALLEY));
    const accept = `mutation($ids: [ID!]!) { suggestionsAccept(ids: $ids) { id status message created_performer suggestion { stash_performer_id } } }`;
    expect((await ok(accept, { ids: [salley.id] })).suggestionsAccept[0]).toMatchObject({ status: 'ACCEPTED', suggestion: { stash_performer_id: '1' } });
    expect(stash.mutations('bulkGalleryUpdate').map((m) => m.args.input)).toEqual([{ ids: ['1'], performer_ids: { ids: ['1'], mode: 'ADD' } }]);
    expect(stash.gallery(1)!.performers).toEqual(['1']);
    expect((await ok(accept, { ids: [salley.id] })).suggestionsAccept[0].status).toBe('SKIPPED');
    expect(stash.mutations('bulkGalleryUpdate')).toHaveLength(1);

    expect((await ok(`mutation($ids: [ID!]!) { suggestionsUndo(ids: $ids) { status } }`, { ids: [salley.id] })).suggestionsUndo[0].status).toBe('PENDING');
    expect(stash.mutations('bulkGalleryUpdate').at(-1)!.args.input).toEqual({ ids: ['1'], performer_ids: { ids: ['1'], mode: 'REMOVE' } });
    expect(stash.gallery(1)!.performers).toEqual([]);

    // Savage is not in the user's Stash: created once (no name or alias like it there), then added to gallery 2.
    const [savage] = (await suggestions('2', ['PENDING'])).filter((s) => s.performer.id === demoPerformerId(SAVAGE));
    const out = (await ok(accept, { ids: [savage.id] })).suggestionsAccept[0];
    expect(out).toMatchObject({ status: 'ACCEPTED', created_performer: true });
    expect(stash.gallery(2)!.performers).toEqual([out.suggestion.stash_performer_id]);
    const creates = (await (await fetch(`${standInUrl}/mutations?mutation=performerCreate`)).json()) as Array<{ args: { input: { name: string } } }>;
    expect(creates.map((c) => c.args.input.name)).toEqual(['John Savage']);
  }, 300_000);

  it('a processed tag Stash refuses is recorded on the item and the job (code, message, count), and the run goes on', async () => {
    await ok(`mutation { configureLibrary(input: { processed_tag: "Faces scanned" }) { processed_tag } }`);
    stash.refuse(['tagCreate']);
    const refused = await run({ scope: 'IDS', gallery_ids: ['1', '3'], force: true });
    expect(refused).toMatchObject({ status: 'FINISHED', counts: { total: 2, done: 2, failed: 0, warnings: 2 } });
    expect(refused.warnings.map((w: { kind: string; id: string; code: string }) => [w.kind, w.id, w.code])).toEqual([
      ['gallery', '1', 'PROCESSED_TAG_FAILED'],
      ['gallery', '3', 'PROCESSED_TAG_FAILED'],
    ]);
    expect(refused.warnings[0].message).toMatch(/Faces scanned.*refuses/);
    expect(refused.summary).toMatch(/2 processed with a warning \(2 PROCESSED_TAG_FAILED\)/);

    stash.refuse([]);
    const tagged = await run({ scope: 'IDS', gallery_ids: ['1'], force: true });
    expect(tagged.counts).toMatchObject({ done: 1, warnings: 0 });
    expect(tagged.warnings).toEqual([]);
    const tagWrites = stash.mutations('bulkGalleryUpdate').filter((m) => m.args.input.tag_ids);
    expect(tagWrites.map((m) => m.args.input)).toEqual([{ ids: ['1'], tag_ids: { ids: [expect.any(String)], mode: 'ADD' } }]);
    expect(stash.gallery(1)!.tags).toHaveLength(1);
    await ok(`mutation { configureLibrary(input: { processed_tag: null }) { processed_tag } }`);
  }, 300_000);

  it('refuses gallery ids that are not numbers; a gallery Stash does not have fails its item with NOT_FOUND', async () => {
    const bad = await gql(sidecar.url, `mutation { libraryIdentify(input: { scope: IDS, gallery_ids: ["1", "x; drop"] }) }`);
    expect(bad.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(bad.errors?.[0].message).toMatch(/gallery ids are numbers/);
    const missing = await run({ scope: 'IDS', gallery_ids: ['99'] });
    expect(missing).toMatchObject({ status: 'FINISHED', counts: { total: 1, failed: 1 } });
    expect(missing.failures[0]).toMatchObject({ id: '99', code: 'NOT_FOUND' });
    expect(await kept('99')).toBeNull();
  }, 120_000);
});
