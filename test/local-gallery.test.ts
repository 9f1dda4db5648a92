import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sidecar } from '../src/main.js';
import { VisionEngine } from '../src/vision/engine.js';
import { launchStandIn, startStandInStash, type LibrarySpec } from './fakes/stand-in-stash.js';
import { buildDemoDatabase, demoUuid } from './support/demo-db.js';
import { FACES_DIR, HAVE_SHARED, openSetSplit } from './support/fixtures.js';
import { buildSceneSet, SCENE_IDENTIFY_QUERY, type SceneSet } from './support/scenes.js';
import { gql, gqlUpload, startTestSidecar } from './support/sidecar.js';

/**
 * The local gallery end to end: a stand-in Stash library (real photos from ../shared/faces; some performers linked
 * to StashDB, some not, one with only a group photo, a duplicate to merge, one to delete), the real sidecar with no
 * shared database, and identify over HTTP while and after the gallery syncs.
 */
const split = openSetSplit();
const person = (identity: string) => split.enrolled.find((p) => p.identity === identity)!;
const salley = person('John_Salley'); // local only; the lead of synthetic scene 1
const amy = person('bbt-amy'); // linked to StashDB; later also in the shared database
const celeb = person('celeb-person01'); // local only, profile image only
const savage = person('John_Savage'); // deleted in Stash later
const schneider = person('John_Schneider'); // two Stash performers: "Dup" (6) merged into "Survivor" (7)

const PERFORMERS: NonNullable<LibrarySpec['performers']> = [
  { id: 1, name: 'John Salley', stash_id: null, photo: salley.enrol[0] },
  { id: 2, name: 'Amy', stash_id: demoUuid('bbt-amy'), photo: amy.enrol[0] },
  { id: 3, name: 'Celeb One', stash_id: null, photo: celeb.enrol[0] },
  { id: 4, name: 'Group Only', stash_id: null, photo: join(FACES_DIR, 'groups', 'bbt4.jpg') },
  { id: 5, name: 'John Savage', stash_id: null, photo: savage.enrol[0] },
  { id: 6, name: 'Schneider Dup', stash_id: null, photo: schneider.enrol[0] },
  { id: 7, name: 'John Schneider', stash_id: null, photo: schneider.enrol[4] },
];
const IMAGES: NonNullable<LibrarySpec['images']> = [
  ...salley.enrol.slice(1, 4).map((photo, i) => ({ id: 10 + i, title: `salley ${i}`, photo, performers: [1] })),
  ...amy.enrol.slice(1).map((photo, i) => ({ id: 20 + i, title: `amy ${i}`, photo, performers: [2] })),
  // Two performers tagged: says nothing about which face is whose, never enrolled.
  { id: 30, title: 'two people', photo: join(FACES_DIR, 'groups', 'bbt2.jpg'), performers: [1, 2] },
  { id: 50, title: 'savage', photo: savage.enrol[1], performers: [5] },
  ...schneider.enrol.slice(1, 4).map((photo, i) => ({ id: 60 + i, title: `schneider ${i}`, photo, performers: [6] })),
  { id: 70, title: 'schneider survivor', photo: schneider.enrol[5], performers: [7] },
];

const IDENTIFY_PHOTO = `query($image: File, $min: Float) {
  identify(input: { image: $image, min_confidence: $min, max_results: 5 }) {
    database_version
    persons { matches { confidence performer { id name origin stash_id endpoint face_count local_performer { id name } } } }
  }
  health { status local_gallery { phase done total last_sync_at } }
}`;
const STATUS = `{
  health { status database_loaded searched_performers local_gallery { enabled phase stash_performers enrolled_performers without_faces faces version last_sync_at last_reconcile_at last_error } }
  database { loaded performer_count searched_performers local_gallery { enrolled_performers } }
}`;

interface Match {
  confidence: number;
  performer: { id: string; name: string; origin: string; stash_id: string; endpoint: string; face_count: number; local_performer: { id: string; name: string } | null };
}

describe.skipIf(!HAVE_SHARED)('local gallery', () => {
  let engine: VisionEngine;
  let dataDir: string;
  let scenes: SceneSet;
  let stash: { url: string; mediaDir: string; close(): Promise<void> };
  let sidecar: Sidecar;

  const identifyPhoto = async (file: string, minConfidence?: number) => gqlUpload<{ identify: { persons: Array<{ matches: Match[] }> }; health: any }>(sidecar.url, IDENTIFY_PHOTO, file, { min: minConfidence ?? null });
  const best = async (file: string): Promise<Match | undefined> => {
    const res = await identifyPhoto(file);
    expect(res.errors).toBeUndefined();
    return res.data!.identify.persons[0]?.matches[0];
  };
  const status = async () => {
    const res = await gql(sidecar.url, STATUS);
    expect(res.errors).toBeUndefined();
    return res.data!;
  };
  const sync = async (reconcile: boolean) => {
    const res = await gql(sidecar.url, `mutation($r: Boolean) { syncLocalGallery(reconcile: $r, wait: true) { phase last_error } }`, { r: reconcile });
    expect(res.errors).toBeUndefined();
    return res.data!.syncLocalGallery;
  };

  beforeAll(async () => {
    engine = await VisionEngine.create();
    scenes = await buildSceneSet(engine, { count: 1 });
    dataDir = await mkdtemp(join(tmpdir(), 'local-gallery-'));
    const media = Object.fromEntries(['scene-1.jpg', 'scene-1_sprite.jpg', 'scene-1_thumbs.vtt'].map((f) => [f, join(scenes.dir, f)]));
    stash = await startStandInStash({ performers: PERFORMERS, images: IMAGES, scenes: [{ id: 1, title: 'Scene one', performers: [1], media }] });
    sidecar = await startTestSidecar(engine, { STASH_URL: stash.url, DATABASE_PATH: join(dataDir, 'db'), LOCAL_GALLERY: 'true', LOCAL_GALLERY_SYNC_MINUTES: '600' });
  });

  afterAll(async () => {
    await sidecar?.close();
    await stash?.close();
    await engine?.close();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('answers every identify while the first sync runs, then names local performers', async () => {
    let during = 0, requests = 0, named = false;
    for (;;) {
      const res = await identifyPhoto(salley.probe[0]);
      requests++;
      expect(res.errors).toBeUndefined();
      const gallery = res.data!.health.local_gallery;
      if (gallery.phase !== 'idle' || !gallery.last_sync_at) during++;
      named ||= res.data!.identify.persons[0]?.matches[0]?.performer.id === 'local:1';
      if (gallery.last_sync_at && gallery.phase === 'idle') break;
      expect(requests).toBeLessThan(500);
    }
    expect(during).toBeGreaterThan(0);
    const match = await best(salley.probe[0]);
    expect(match?.performer).toMatchObject({ id: 'local:1', name: 'John Salley', origin: 'LOCAL', stash_id: '', endpoint: '', local_performer: { id: '1', name: 'John Salley' } });
    expect(match!.confidence).toBeGreaterThan(0.5);
    // Profile image plus the three images where only he is tagged; the two-person image is not his.
    expect(match!.performer.face_count).toBe(4);
    console.log(JSON.stringify({ identify_requests_during_first_sync: during, total_requests: requests, named_before_sync_ended: named }));
  });

  it('reports the local gallery in health and database, with the group-only performer not enrolled', async () => {
    const s = await status();
    expect(s.health.database_loaded).toBe(false);
    expect(s.health.status).toBe('degraded'); // PUBLIC_URL is not set in tests
    expect(s.health.local_gallery).toMatchObject({ enabled: true, phase: 'idle', stash_performers: 7, enrolled_performers: 6, without_faces: 1, last_error: null });
    expect(s.health.searched_performers).toBe(6);
    expect(s.database).toMatchObject({ loaded: false, performer_count: 0, searched_performers: 6, local_gallery: { enrolled_performers: 6 } });
  });

  it('keys a performer linked to StashDB by its StashDB id', async () => {
    const match = await best(amy.probe[0]);
    expect(match?.performer).toMatchObject({ id: `stashdb.org:${demoUuid('bbt-amy')}`, origin: 'LOCAL', stash_id: demoUuid('bbt-amy'), endpoint: 'https://stashdb.org/graphql', local_performer: { id: '2' } });
  });

  it('names a local-only performer in a synthetic scene', async () => {
    const res = await gql(sidecar.url, SCENE_IDENTIFY_QUERY, { input: { scene_id: '1', frames_mode: 'SPRITE' } });
    expect(res.errors).toBeUndefined();
    const lead = scenes.scenes[0].enrolled[0];
    expect(lead).toBe('John_Salley');
    const named = res.data!.identify.persons.filter((p: { matches: unknown[] }) => p.matches.length > 0);
    expect(named.map((p: { matches: Match[] }) => p.matches[0].performer.id)).toEqual(['local:1']);
    // Tagged on the scene in Stash: a local performer is recognised as already there by its Stash id.
    expect(named[0].matches[0].already_tagged).toBe(true);
  });

  it('returns a performer in both galleries once, from both', async () => {
    const before = (await best(amy.probe[0]))!;
    await buildDemoDatabase(engine, join(dataDir, 'db'), { people: [amy, person('bbt-howard'), person('bbt-penny')] });
    const reload = await gql(sidecar.url, `mutation { reloadDatabase { loaded performer_count searched_performers } }`);
    expect(reload.errors).toBeUndefined();
    // 3 shared + 6 local, Amy in both: 8 distinct performers.
    expect(reload.data!.reloadDatabase).toMatchObject({ loaded: true, performer_count: 3, searched_performers: 8 });
    const res = await identifyPhoto(amy.probe[0]);
    const matches = res.data!.identify.persons[0].matches;
    expect(matches.filter((m) => m.performer.id === `stashdb.org:${demoUuid('bbt-amy')}`)).toHaveLength(1);
    expect(matches[0].performer).toMatchObject({ id: `stashdb.org:${demoUuid('bbt-amy')}`, origin: 'BOTH', local_performer: { id: '2' } });
    expect(matches[0].performer.face_count).toBeGreaterThan(before.performer.face_count);
    // Others of the shared database keep their origin.
    const howard = await best(person('bbt-howard').probe[0]);
    expect(howard?.performer.origin).toBe('SHARED');
    expect((await best(salley.probe[0]))?.performer.origin).toBe('LOCAL');
  });

  it('removes a performer deleted in Stash and moves a merged performer\'s faces to the survivor, after the reconcile', async () => {
    const dup = await best(schneider.probe[0]);
    expect(['local:6', 'local:7']).toContain(dup?.performer.id);
    // Two Stash performers of one person: both are candidates, the confidence split between them.
    const survivorBefore = (await identifyPhoto(schneider.probe[0], 0)).data!.identify.persons[0].matches.find((m) => m.performer.id === 'local:7')!;
    expect((await best(savage.probe[0]))?.performer.id).toBe('local:5');

    // Stash after a delete of 5 and a merge of 6 into 7: 5 and 6 are gone, 6's images belong to 7 (Stash has no
    // merge hook and keeps no merged ids). The stand-in reads its library at start: restart it on the same port.
    const port = Number(new URL(stash.url).port);
    await stash.close();
    const library = {
      performers: PERFORMERS.filter((p) => p.id !== 5 && p.id !== 6).map(({ id, name, stash_id }) => ({ id, name, stash_id })),
      images: IMAGES.filter((i) => i.id !== 50).map(({ id, title, performers }) => ({ id, title, performers: (performers ?? []).map((p) => (p === 6 ? 7 : p)) })),
      scenes: [],
    };
    const libraryPath = join(dirname(stash.mediaDir), 'library-after.json');
    await writeFile(libraryPath, JSON.stringify(library));
    const restarted = await launchStandIn(libraryPath, stash.mediaDir, [], port);
    stash = { ...restarted, mediaDir: stash.mediaDir };

    // An incremental sync sees no change (Stash reports none); the reconcile finds both.
    await sync(false);
    expect((await best(savage.probe[0]))?.performer.id).toBe('local:5');
    expect(await sync(true)).toMatchObject({ phase: 'idle', last_error: null });
    const s = await status();
    expect(s.health.local_gallery).toMatchObject({ stash_performers: 5, enrolled_performers: 4, without_faces: 1 });
    expect(s.health.local_gallery.last_reconcile_at).not.toBeNull();
    const savageNow = await best(savage.probe[0]);
    expect(savageNow?.performer.id ?? null).not.toBe('local:5');
    const matches = (await identifyPhoto(schneider.probe[0], 0)).data!.identify.persons[0].matches;
    expect(matches.map((m) => m.performer.id)).not.toContain('local:6');
    expect(matches[0].performer.id).toBe('local:7');
    // The survivor holds the merged performer's faces too (its profile photo and the images now tagged with it).
    expect(matches[0].performer.face_count).toBeGreaterThan(survivorBefore.performer.face_count);
    expect(matches[0].confidence).toBeGreaterThanOrEqual(survivorBefore.confidence);
  });
});
