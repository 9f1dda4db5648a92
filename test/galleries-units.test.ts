import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import calibration from '../src/recognition/default-calibration.json' with { type: 'json' };
import type { Calibration, PerformerRecord } from '../src/database/format.js';
import { FaceDatabase } from '../src/database/loader.js';
import { writeDatabase } from '../src/database/writer.js';
import { localGalleryId, stashBoxKeys } from '../src/galleries/ids.js';
import { hasProfileImage } from '../src/galleries/stash-library.js';
import { localOnlyEntries } from '../src/galleries/searchable.js';
import { GalleryUnion } from '../src/galleries/union.js';
import { matchEmbedding } from '../src/recognition/match.js';
import { l2normalize } from '../src/vision/vectors.js';

/** Galleries searched as one, on small packages of random unit vectors (no models needed). */
const DIM = 32;
const MODEL = { id: 'm', sha256: 'a'.repeat(64), dim: DIM };

function rng(seed: number) {
  let s = seed;
  return () => ((s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31) * 2 - 1;
}
const random = rng(7);
const vector = () => l2normalize(Float32Array.from({ length: DIM }, random));
const near = (v: Float32Array, noise = 0.15) => l2normalize(v.map((x) => x + noise * random()));

const identities = { a: vector(), b: vector(), c: vector(), d: vector() };
const stashdb = (uuid: string) => `stashdb.org:${uuid}`;

async function writeGallery(dir: string, version: string, entries: Array<{ record: Partial<PerformerRecord> & { id: string }; v: Float32Array; faces: number }>) {
  await writeDatabase(dir, {
    version,
    sources: [],
    detector: { id: 'det', sha256: 'b'.repeat(64) },
    models: [MODEL],
    performers: entries.map((e) => ({ name: e.record.id, endpoint: 'https://stashdb.org/graphql', face_count: e.faces, ...e.record })),
    faces: entries.flatMap((e) => Array.from({ length: e.faces }, (_, i) => ({ performer_id: e.record.id, image_id: `${e.record.id}-${i}`, embeddings: { m: near(e.v) } }))),
    templates: entries.flatMap((e) => [
      { performer_id: e.record.id, size_tier: 'full' as const, embeddings: { m: near(e.v, 0.05) } },
      { performer_id: e.record.id, size_tier: 24, embeddings: { m: near(e.v, 0.05) } },
    ]),
    calibration: calibration as unknown as Calibration,
  });
  return FaceDatabase.load(dir, [MODEL]);
}

describe('galleries searched as one', () => {
  let root: string;
  let shared: FaceDatabase;
  let local: FaceDatabase;
  let union: GalleryUnion;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'galleries-'));
    shared = await writeGallery(join(root, 'shared'), 's1', [
      { record: { id: stashdb('a') }, v: identities.a, faces: 3 },
      { record: { id: 'fansdb.cc:b' }, v: identities.b, faces: 2 },
    ]);
    local = await writeGallery(join(root, 'local'), 'local-1', [
      // Linked to StashDB: the same id as the shared performer.
      { record: { id: stashdb('a'), local_id: '5', stash_box_ids: [stashdb('a')] }, v: identities.a, faces: 1 },
      // Keyed by its StashDB id, but its FansDB id is the one in the shared database: still the same performer.
      { record: { id: stashdb('b2'), local_id: '6', stash_box_ids: [stashdb('b2'), 'fansdb.cc:b'] }, v: identities.b, faces: 1 },
      { record: { id: 'local:7', endpoint: '', local_id: '7', stash_box_ids: [] }, v: identities.c, faces: 2 },
    ]);
    union = new GalleryUnion(shared, local, calibration as unknown as Calibration);
  });

  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('counts distinct performers and says where each came from', () => {
    expect(union.version).toBe('s1+local-1');
    expect(union.performerCount).toBe(3);
    expect(union.performer(stashdb('a'))).toMatchObject({ origin: 'BOTH', local_id: '5', face_count: 4 });
    expect(union.performer('fansdb.cc:b')).toMatchObject({ origin: 'BOTH', local_id: '6' });
    expect(union.performer('local:7')).toMatchObject({ origin: 'LOCAL', local_id: '7' });
    expect(union.performer(stashdb('b2'))).toBeUndefined();
  });

  it('returns a performer in both galleries once, scored against the pooled template', () => {
    const probe = near(identities.a, 0.1);
    const found = union.searchTemplates('m', 'full', probe, 10);
    expect(new Set(found.map((n) => n.label)).size).toBe(found.length);
    const label = union.templateLabels.indexOf(stashdb('a'));
    expect(found[0].label).toBe(label);
    const pooled = union.templateSimilarity('m', 'full', label, probe);
    const fromShared = shared.templateSimilarity('m', 'full', shared.templateLabels.indexOf(stashdb('a')), probe);
    const fromLocal = local.templateSimilarity('m', 'full', local.templateLabels.indexOf(stashdb('a')), probe);
    // A weighted mean of two templates scores between them (closer to the shared one: 3 faces against 1).
    expect(pooled).toBeGreaterThanOrEqual(Math.min(fromShared, fromLocal) - 1e-6);
    expect(pooled).toBeLessThanOrEqual(Math.max(fromShared, fromLocal) + 0.02);
    const matches = matchEmbedding(union, { m: probe }, 200, { maxResults: 5, minConfidence: 0 });
    expect(matches.filter((m) => m.performer.id === stashdb('a'))).toHaveLength(1);
    expect(matches[0].performer).toMatchObject({ id: stashdb('a'), origin: 'BOTH' });
  });

  it('finds a local-only performer, and each gallery alone still works', () => {
    const matches = matchEmbedding(union, { m: near(identities.c, 0.1) }, 24, { maxResults: 3, minConfidence: 0 });
    expect(matches[0].performer).toMatchObject({ id: 'local:7', origin: 'LOCAL' });
    const onlyLocal = new GalleryUnion(undefined, local, calibration as unknown as Calibration);
    expect(onlyLocal.performerCount).toBe(3);
    expect(matchEmbedding(onlyLocal, { m: near(identities.c, 0.1) }, 200, { maxResults: 1, minConfidence: 0 })[0].performer.id).toBe('local:7');
    const empty = new GalleryUnion(undefined, undefined, calibration as unknown as Calibration);
    expect(empty.version).toBe('none');
    expect(matchEmbedding(empty, { m: identities.d }, 200, { maxResults: 1, minConfidence: 0 })).toEqual([]);
  });

  it("a Stash performer's own photo does not find its local-only self, and a performer the shared database knows stays", () => {
    const probe = near(identities.c, 0.1);
    expect(matchEmbedding(union, { m: probe }, 200, { maxResults: 3, minConfidence: 0 })[0].performer.id).toBe('local:7');
    const found = matchEmbedding(union, { m: probe }, 200, { maxResults: 3, minConfidence: 0, excludePerformers: localOnlyEntries(union, '7') });
    expect(found.length).toBeGreaterThan(0);
    expect(found.map((m) => m.performer.id)).not.toContain('local:7');
    // Performer 5 is in both galleries (linked to StashDB): asked about it, its StashDB entry is still the answer.
    expect(localOnlyEntries(union, '5').size).toBe(0);
  });

  it('keys local performers by their stash-box id, StashDB first, else local:<id>', () => {
    const fans = { endpoint: 'https://fansdb.cc/graphql', stash_id: 'f1' };
    const db = { endpoint: 'https://stashdb.org/graphql', stash_id: 's1' };
    expect(localGalleryId({ id: '3', stash_ids: [fans, db] })).toBe('stashdb.org:s1');
    expect(stashBoxKeys([fans, db])).toEqual(['stashdb.org:s1', 'fansdb.cc:f1']);
    expect(localGalleryId({ id: '3', stash_ids: [fans] })).toBe('fansdb.cc:f1');
    expect(localGalleryId({ id: '3', stash_ids: [] })).toBe('local:3');
    expect(hasProfileImage({ image_path: 'http://stash/performer/3/image?t=1&default=true' })).toBe(false);
    expect(hasProfileImage({ image_path: 'http://stash/performer/3/image?t=1' })).toBe(true);
    expect(hasProfileImage({ image_path: null })).toBe(false);
  });
});
