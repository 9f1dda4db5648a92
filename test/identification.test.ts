import { cp, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setCurrentVersion } from '../src/database/store.js';
import type { Sidecar } from '../src/main.js';
import { VisionEngine } from '../src/vision/engine.js';
import { buildDemoDatabase, demoUuid } from './support/demo-db.js';
import { HAVE_SHARED, openSetSplit } from './support/fixtures.js';
import { gql, gqlUpload, startTestSidecar, type GraphQLResponse } from './support/sidecar.js';

interface Person { box: { x: number; y: number; width: number; height: number }; matches: Array<{ confidence: number; performer: { stash_id: string } }> }

describe.skipIf(!HAVE_SHARED)('open-set identification and database reloads', () => {
  let engine: VisionEngine;
  let sidecar: Sidecar;
  let databasePath = '';
  const split = openSetSplit();
  const QUERY = `query($image: File) { identify(input: { image: $image }) { database_version persons { box { x y width height } matches { confidence performer { stash_id } } } } }`;

  beforeAll(async () => {
    engine = await VisionEngine.create();
    databasePath = await mkdtemp(join(tmpdir(), 'db-'));
    const release = await buildDemoDatabase(engine, databasePath, { version: 'demo-1' });
    // A second release with the same content under another version, for swaps.
    const second = join(databasePath, 'releases', 'demo-2');
    await cp(release, second, { recursive: true });
    const manifest = JSON.parse(await readFile(join(second, 'manifest.json'), 'utf8'));
    await writeFile(join(second, 'manifest.json'), JSON.stringify({ ...manifest, version: 'demo-2' }));
    sidecar = await startTestSidecar(engine, { DATABASE_PATH: databasePath });
  });

  afterAll(async () => {
    await sidecar?.close();
    await engine?.close();
  });

  /** The face a labelled photo is about: the one nearest the centre of the photo. */
  async function identifyPhoto(file: string): Promise<Person | undefined> {
    const r = await gqlUpload(sidecar.url, QUERY, file);
    expect(r.errors).toBeUndefined();
    const persons = r.data.identify.persons as Person[];
    const { default: sharp } = await import('sharp');
    const meta = await sharp(file).metadata();
    const cx = (meta.width ?? 0) / 2, cy = (meta.height ?? 0) / 2;
    const dist = (p: Person) => Math.hypot(p.box.x + p.box.width / 2 - cx, p.box.y + p.box.height / 2 - cy);
    return [...persons].sort((a, b) => dist(a) - dist(b))[0];
  }

  it('names enrolled people (top-1 >= 97%) and leaves strangers unnamed (>= 95%) at the default min_confidence', async () => {
    let probes = 0, correct = 0;
    const wrong: string[] = [];
    for (const person of split.enrolled) {
      for (const file of person.probe) {
        probes++;
        const p = await identifyPhoto(file);
        if (p?.matches[0]?.performer.stash_id === demoUuid(person.identity)) correct++;
        else wrong.push(`${file}: ${JSON.stringify(p?.matches[0] ?? null)}`);
      }
    }
    let strangerPhotos = 0, rejected = 0;
    const accepted: string[] = [];
    for (const stranger of split.strangers) {
      for (const file of stranger.files) {
        strangerPhotos++;
        const p = await identifyPhoto(file);
        if (!p || p.matches.length === 0) rejected++;
        else accepted.push(`${file}: ${JSON.stringify(p.matches[0])}`);
      }
    }
    console.log(`enrolled probes: ${correct}/${probes} named correctly; strangers: ${rejected}/${strangerPhotos} unnamed`, { wrong, accepted });
    expect(correct / probes).toBeGreaterThanOrEqual(0.97);
    expect(rejected / strangerPhotos).toBeGreaterThanOrEqual(0.95);
  });

  it('serves 50 concurrent identify requests while the database is swapped twice, with no failure', async () => {
    const file = split.enrolled[0].probe[0];
    // Three overlapping waves of requests; each swap happens while the previous wave is still in flight, and the
    // next wave starts right after it, so requests run on both sides of every swap.
    const all: Array<Promise<GraphQLResponse>> = [];
    const wave = (n: number) => {
      const batch = Array.from({ length: n }, (_, i) => new Promise((r) => setTimeout(r, i * 30)).then(() => gqlUpload(sidecar.url, QUERY, file)));
      all.push(...batch);
      return Promise.race(batch);
    };
    await wave(17);
    for (const [version, next] of [['demo-2', 17], ['demo-1', 16]] as const) {
      await setCurrentVersion(databasePath, version);
      const r = await gql(sidecar.url, 'mutation { reloadDatabase { version } }');
      expect(r.errors).toBeUndefined();
      expect(r.data.reloadDatabase.version).toBe(version);
      await wave(next);
    }
    const results = await Promise.all(all);
    expect(results).toHaveLength(50);
    const versions = new Set<string>();
    for (const r of results) {
      expect(r.errors).toBeUndefined();
      expect(r.data.identify.persons[0].matches[0].performer.stash_id).toBe(demoUuid(split.enrolled[0].identity));
      versions.add(r.data.identify.database_version);
    }
    console.log('versions seen by the 50 requests', [...versions], results.map((r) => r.data?.identify?.database_version).join(','));
    expect(versions.size).toBeGreaterThanOrEqual(2);
  });

  it('refuses a corrupted package and keeps the old database answering', async () => {
    const bad = join(databasePath, 'releases', 'demo-bad');
    await cp(join(databasePath, 'releases', 'demo-1'), bad, { recursive: true });
    const manifest = JSON.parse(await readFile(join(bad, 'manifest.json'), 'utf8'));
    await writeFile(join(bad, 'manifest.json'), JSON.stringify({ ...manifest, version: 'demo-bad' }));
    const index = join(bad, manifest.indexes[0].file);
    const bytes = await readFile(index);
    bytes[bytes.length - 100] ^= 0xff;
    await writeFile(index, bytes);
    await setCurrentVersion(databasePath, 'demo-bad');
    const r = await gql(sidecar.url, 'mutation { reloadDatabase { version } }');
    expect(r.errors?.[0]).toMatchObject({ extensions: { code: 'DATABASE_INVALID' }, message: expect.stringContaining('damaged') });
    const still = await gqlUpload(sidecar.url, QUERY, split.enrolled[0].probe[0]);
    expect(still.errors).toBeUndefined();
    expect(still.data.identify.database_version).toBe('demo-1');
    const health = await gql(sidecar.url, '{ health { database_loaded database_version database_error } }');
    expect(health.data.health).toMatchObject({ database_loaded: true, database_version: 'demo-1', database_error: expect.stringContaining('damaged') });
    // A package built for other models is refused too.
    await writeFile(join(bad, 'manifest.json'), JSON.stringify({ ...manifest, version: 'demo-bad', models: [{ ...manifest.models[0], sha256: '0'.repeat(64) }, manifest.models[1]] }));
    await cp(join(databasePath, 'releases', 'demo-1', manifest.indexes[0].file), index);
    const wrongModel = await gql(sidecar.url, 'mutation { reloadDatabase { version } }');
    expect(wrongModel.errors?.[0]).toMatchObject({ extensions: { code: 'DATABASE_INVALID' }, message: expect.stringContaining('different fr_feature') });
    await setCurrentVersion(databasePath, 'demo-1');
  });
});
