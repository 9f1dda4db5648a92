import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBuild, type BuildSummary } from '../builder/build.js';
import { resolveConfig, type BuilderConfig } from '../builder/config.js';
import { readTar } from '../builder/tar.js';
import type { FaceLabel, Manifest, PerformerRecord } from '../src/database/format.js';
import { readIndex } from '../src/database/hnsw.js';
import { FaceDatabase } from '../src/database/loader.js';
import { releaseDir, setCurrentVersion } from '../src/database/store.js';
import type { Sidecar } from '../src/main.js';
import { cosine, meanEmbedding } from '../src/vision/vectors.js';
import { ImageCache } from '../builder/images.js';
import { VisionEngine } from '../src/vision/engine.js';
import { FakeStashBox } from './fakes/stashbox.js';
import { DUPLICATE, enrolledPerformers, GROUPS_DIR, newcomers, performerId, secondEndpointPerformers } from './fakes/stashbox-data.js';
import { HAVE_SHARED, openSetSplit } from './support/fixtures.js';
import { gqlUpload, startTestSidecar } from './support/sidecar.js';

interface Package {
  dir: string;
  manifest: Manifest;
  performers: PerformerRecord[];
  faces: FaceLabel[];
  templates: string[];
}

function readPackage(dir: string): Package {
  const json = <T>(f: string) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as T;
  return { dir, manifest: json('manifest.json'), performers: json('performers.json'), faces: json('faces.json'), templates: json('templates.json') };
}

/** Vectors of one index by label key (face: performer+image, template: performer), read straight from the HNSW file. */
async function vectors(pkg: Package, model: string, kind: 'face' | 'template', tier: 'full' | number = 'full'): Promise<Map<string, string>> {
  const entry = pkg.manifest.indexes.find((i) => i.model.id === model && i.kind === kind && i.size_tier === tier)!;
  const index = await readIndex(join(pkg.dir, entry.file), entry.model.dim);
  const keys = kind === 'face' ? pkg.faces.map((f) => `${f.performer_id}/${f.image_id}`) : pkg.templates;
  return new Map(keys.map((k, label) => [k, createHash('sha256').update(new Float32Array(index.getPoint(label)).join(',')).digest('hex')]));
}

describe.skipIf(!HAVE_SHARED)('builder end to end against a fake stash-box', () => {
  let engine: VisionEngine;
  let fake: FakeStashBox;
  let second: FakeStashBox;
  let root = '';
  let config: BuilderConfig;
  let v1: BuildSummary;
  const { performers, identityOf } = enrolledPerformers();
  const uid = (identity: string) => fake.universalId(performerId(identity));

  beforeAll(async () => {
    engine = await VisionEngine.create();
    // The fake allows 4 API requests a second; the builder is told 600/minute, so it meets 429s and must back off.
    fake = await FakeStashBox.start({ performers, apiKey: 'test-key', rateLimit: { max: 4, windowMs: 1000 } });
    second = await FakeStashBox.start({ performers: secondEndpointPerformers() });
    root = mkdtempSync(join(tmpdir(), 'builder-e2e-'));
    config = resolveConfig({
      stashboxes: [
        { name: 'StashDB (fake)', url: fake.url, api_key: 'test-key', rate_limit: 600, per_page: 5 },
        { name: 'FansDB (fake)', url: second.url, per_page: 5 },
      ],
      output: { directory: join(root, 'out'), version: '1.0.0' },
      cache: { image_directory: join(root, 'cache', 'images'), embeddings_directory: join(root, 'cache', 'embeddings') },
      state_directory: join(root, 'state'),
      progress: { mode: 'off' },
    });
    v1 = await runBuild({ config, engine });
  });

  afterAll(async () => {
    await fake?.close();
    await second?.close();
    await engine?.close();
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it('writes a package the sidecar verifies, with its tar.gz, .sha256 and latest.json', async () => {
    const out = config.output.directory;
    expect(readdirSync(out).sort()).toEqual(
      ['latest.json', 'stash-face-db-1.0.0', 'stash-face-db-1.0.0.summary.json', 'stash-face-db-1.0.0.tar.gz', 'stash-face-db-1.0.0.tar.gz.sha256'].sort(),
    );
    const db = await FaceDatabase.load(v1.package.dir, engine.models);
    expect(db.version).toBe('1.0.0');
    const tarball = readFileSync(join(out, 'stash-face-db-1.0.0.tar.gz'));
    const sha = createHash('sha256').update(tarball).digest('hex');
    expect(readFileSync(join(out, 'stash-face-db-1.0.0.tar.gz.sha256'), 'utf8')).toBe(`${sha}  stash-face-db-1.0.0.tar.gz\n`);
    const latest = JSON.parse(readFileSync(join(out, 'latest.json'), 'utf8'));
    expect(latest).toEqual({
      version: '1.0.0',
      created_at: db.manifest.created_at,
      url: 'stash-face-db-1.0.0.tar.gz',
      sha256: sha,
      size: tarball.length,
      format_version: 1,
      min_sidecar_version: '0.1.0',
    });
    // The archive holds exactly the package's files at its root, manifest first.
    const entries = readTar(gunzipSync(tarball));
    expect(entries[0].name).toBe('manifest.json');
    expect(entries.map((e) => e.name).sort()).toEqual(readdirSync(v1.package.dir).sort());
    for (const e of entries) expect(e.data.equals(readFileSync(join(v1.package.dir, e.name)))).toBe(true);
    // Model pins and calibration travel with the database.
    expect(db.manifest.models.map((m) => m.id)).toEqual(['fr_feature', 'dlib_resnet']);
    expect(db.manifest.calibration.method).toBe('logistic-llr');
    expect(db.manifest.sources.map((s) => [s.host, s.performers])).toEqual(
      [[fake.host, 21], [second.host, 1]].sort((a, b) => `http://${a[0]}/graphql`.localeCompare(`http://${b[0]}/graphql`)),
    );
  });

  it('keeps universal ids from both endpoints, hides the deleted performer, and records who is who', () => {
    const pkg = readPackage(v1.package.dir);
    expect(pkg.performers).toHaveLength(22);
    expect(pkg.performers.every((p) => /^127\.0\.0\.1:\d+:[0-9a-f-]{36}$/.test(p.id))).toBe(true);
    expect(pkg.performers.some((p) => p.id.endsWith(performerId('deleted')))).toBe(false);
    const penny = pkg.performers.find((p) => p.id === uid('bbt-penny'))!;
    expect(penny).toMatchObject({ name: 'bbt penny', endpoint: fake.url, stashbox_url: `${fake.origin}/performers/${performerId('bbt-penny')}` });
    expect(penny.image_url).toMatch(/\/images\/[0-9a-f-]+\?size=300$/);
    expect(pkg.performers.find((p) => p.id.startsWith(second.host))?.endpoint).toBe(second.url);
  });

  it('met the rate limit with back-off, counted the bad images, retried the flaky one', () => {
    expect(fake.rateLimited).toBeGreaterThan(0);
    expect(v1.api['StashDB (fake)'].rate_limited).toBe(fake.rateLimited);
    // duplicate_image: John_Savage's re-upload, and two byte-identical photos in the people set (John_Shimkus).
    expect(v1.faces.rejected).toMatchObject({ image_unavailable: 1, bad_image: 1, duplicate_image: 2 });
    expect(v1.images.download_failed).toEqual({ 'HTTP 404': 1 });
    const flaky = fake.performers.get(performerId('John_Savage'))!.images.at(-1)!;
    expect(fake.imageRequests.get(flaky.id)).toBe(2);
    expect(fake.downloads.get(flaky.id)).toBe(1);
    // Every image was downloaded once.
    expect([...fake.downloads.values()].every((n) => n === 1)).toBe(true);
    console.log('v1 summary', JSON.stringify({ performers: v1.performers, images: v1.images, faces: v1.faces, api: v1.api, seconds: v1.seconds }));
  });

  it('picks the performer in a group photo and rejects a group photo without them', async () => {
    const pkg = readPackage(v1.package.dir);
    const fp = fake.performers;
    const pennyGroup = fp.get(performerId('bbt-penny'))!.images.at(-1)!.id;
    const amyGroup = fp.get(performerId('bbt-amy'))!.images.at(-1)!.id;
    expect(pkg.faces).toContainEqual({ performer_id: uid('bbt-penny'), image_id: pennyGroup });
    expect(pkg.faces.some((f) => f.image_id === amyGroup)).toBe(false);
    // Independently: the face of bbt4.jpg most like Penny's own photos is the one the builder kept.
    const split = openSetSplit().enrolled.find((p) => p.identity === 'bbt-penny')!;
    const own = await Promise.all(split.enrol.map(async (f) => (await engine.analyzeImage(await readFile(f))).faces[0].embeddings.fr_feature));
    const group = await engine.analyzeImage(await readFile(join(GROUPS_DIR, 'bbt4.jpg')));
    const mean = meanEmbedding(own);
    const best = [...group.faces].sort((a, b) => cosine(mean, b.embeddings.fr_feature) - cosine(mean, a.embeddings.fr_feature))[0];
    expect(best).not.toBe(group.faces[0]); // not simply the largest face
    const stored = JSON.parse(readFileSync(join(config.state_directory, 'results', fake.host.replace(':', '_'), `${performerId('bbt-penny')}.json`), 'utf8'));
    const kept = stored.faces.find((f: { image_id: string }) => f.image_id === pennyGroup);
    expect(Math.abs(kept.face.box.x - best.box.x)).toBeLessThan(2);
    expect(Math.abs(kept.face.box.y - best.box.y)).toBeLessThan(2);
  });

  it('identifies held-out photos through the sidecar loading the released tar.gz: top-1 >= 97%', async () => {
    // Install the release the way a user would get it: unpack the tarball into DATABASE_PATH/releases/<version>.
    const databasePath = join(root, 'sidecar-data');
    const dir = releaseDir(databasePath, '1.0.0');
    mkdirSync(dir, { recursive: true });
    for (const e of readTar(gunzipSync(readFileSync(v1.package.tarball)))) writeFileSync(join(dir, e.name), e.data);
    await setCurrentVersion(databasePath, '1.0.0');
    let sidecar: Sidecar | undefined;
    try {
      sidecar = await startTestSidecar(engine, { DATABASE_PATH: databasePath });
      const query = `query($image: File) { identify(input: { image: $image, max_results: 1, min_confidence: 0 }) { database_version persons { box { x y width height } matches { confidence performer { id stash_id } } } } }`;
      let probes = 0, correct = 0;
      const wrong: string[] = [];
      for (const person of openSetSplit().enrolled) {
        for (const file of person.probe) {
          probes++;
          const r = await gqlUpload(sidecar.url, query, file);
          expect(r.errors).toBeUndefined();
          expect(r.data.identify.database_version).toBe('1.0.0');
          const meta = await sharp(file).metadata();
          const cx = (meta.width ?? 0) / 2, cy = (meta.height ?? 0) / 2;
          type P = { box: { x: number; y: number; width: number; height: number }; matches: Array<{ performer: { stash_id: string } }> };
          const dist = (p: P) => Math.hypot(p.box.x + p.box.width / 2 - cx, p.box.y + p.box.height / 2 - cy);
          const central = [...(r.data.identify.persons as P[])].sort((a, b) => dist(a) - dist(b))[0];
          const named = identityOf.get(central?.matches[0]?.performer.stash_id ?? '');
          if (named === person.identity) correct++;
          else wrong.push(`${file}: ${named}`);
        }
      }
      console.log(`builder package: ${correct}/${probes} held-out photos named correctly`, wrong);
      expect(probes).toBeGreaterThan(50);
      expect(correct / probes).toBeGreaterThanOrEqual(0.97);

      // The same photo bytes: every face the builder kept is, bit for bit, a face identify embeds (vision profile).
      const stored = JSON.parse(readFileSync(join(config.state_directory, 'results', fake.host.replace(':', '_'), `${performerId('bbt-penny')}.json`), 'utf8'));
      expect(stored.faces.length).toBeGreaterThan(1);
      for (const kept of stored.faces) {
        const bytes = await new ImageCache(config.cache.image_directory).read(kept.sha256);
        const outcome = await sidecar.services.identify.run({ image: new File([new Uint8Array(bytes)], 'photo.jpg'), min_confidence: 0 });
        const same = outcome.persons.flatMap((p) => p.faces).find((f) => f.box.x === kept.face.box.x && f.box.y === kept.face.box.y);
        for (const model of ['fr_feature', 'dlib_resnet']) {
          const v = same!.embeddings[model];
          expect(Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('base64')).toBe(kept.face.embeddings[model]);
        }
      }
      expect(readPackage(v1.package.dir).manifest.vision_profile?.detector).toMatchObject({ id: 'yunet_n', input_size: 640 });
    } finally {
      await sidecar?.close();
    }
  });

  it('an update run after 2 new performers, 1 edit and 1 merge writes a version with exactly those changes', async () => {
    const before = readPackage(v1.package.dir);
    const downloadsBefore = new Map(fake.downloads);
    for (const p of newcomers()) await fake.add(p);
    await fake.edit(performerId('bbt-raj'), { name: 'Raj Koothrappali', addImages: [{ file: join(GROUPS_DIR, 'bbt2.jpg') }] });
    fake.merge(performerId(DUPLICATE), performerId('John_Simm'));
    const requestsBefore = fake.graphqlRequests - fake.rateLimited;

    const v2 = await runBuild({ config: { ...config, output: { ...config.output, version: '1.1.0' } }, update: true, engine });
    const after = readPackage(v2.package.dir);
    await FaceDatabase.load(v2.package.dir, engine.models);
    expect(v2.mode).toBe('update');

    // Performers: exactly two added, the duplicate gone, Raj changed; every other record byte-identical.
    const ids = (pkg: Package) => pkg.performers.map((p) => p.id);
    const added = ids(after).filter((id) => !ids(before).includes(id));
    const removed = ids(before).filter((id) => !ids(after).includes(id));
    expect(added.sort()).toEqual([uid('celeb-person10'), uid('celeb-person11')].sort());
    expect(removed).toEqual([uid(DUPLICATE)]);
    const changed = after.performers.filter((p) => {
      const old = before.performers.find((o) => o.id === p.id);
      return old && JSON.stringify(old) !== JSON.stringify(p);
    });
    expect(changed.map((p) => p.id)).toEqual([uid('bbt-raj')]);
    expect(changed[0]).toMatchObject({ name: 'Raj Koothrappali', face_count: before.performers.find((p) => p.id === uid('bbt-raj'))!.face_count + 1 });

    // Faces: the new performers' and Raj's new (group) photo added, the duplicate's removed, nothing else.
    const key = (f: FaceLabel) => `${f.performer_id}/${f.image_id}`;
    const facesAdded = after.faces.map(key).filter((k) => !before.faces.map(key).includes(k));
    const facesRemoved = before.faces.map(key).filter((k) => !after.faces.map(key).includes(k));
    const rajGroup = fake.performers.get(performerId('bbt-raj'))!.images.at(-1)!.id;
    expect(facesRemoved.sort()).toEqual(before.faces.filter((f) => f.performer_id === uid(DUPLICATE)).map(key).sort());
    expect(facesAdded.filter((k) => !k.startsWith(uid('celeb-person10')) && !k.startsWith(uid('celeb-person11')))).toEqual([`${uid('bbt-raj')}/${rajGroup}`]);
    expect(facesAdded.length).toBe(1 + after.faces.filter((f) => f.performer_id === uid('celeb-person10') || f.performer_id === uid('celeb-person11')).length);

    // Vectors: every face and every template of an untouched performer is bit-identical to the last version's.
    const touched = new Set([uid('bbt-raj'), ...added]);
    for (const model of ['fr_feature', 'dlib_resnet']) {
      const [f1, f2] = [await vectors(before, model, 'face'), await vectors(after, model, 'face')];
      for (const [k, v] of f2) if (!touched.has(k.split('/')[0])) expect(v, k).toBe(f1.get(k));
      for (const tier of ['full', 16] as const) {
        const [t1, t2] = [await vectors(before, model, 'template', tier), await vectors(after, model, 'template', tier)];
        for (const [k, v] of t2) if (!touched.has(k)) expect(v, k).toBe(t1.get(k));
      }
    }

    // Nothing downloaded twice; only the new images were fetched.
    for (const [image, n] of fake.downloads) expect(n - (downloadsBefore.get(image) ?? 0), image).toBeLessThanOrEqual(downloadsBefore.has(image) ? 0 : 1);
    expect(v2.images.downloaded).toBe(5);
    expect(v2.changes).toMatchObject({ previous_version: '1.0.0', added: expect.any(Array), removed: [uid(DUPLICATE)], changed: [uid('bbt-raj')] });
    expect(v2.performers.removed.merged).toBe(1);
    console.log('update run', { api_requests: fake.graphqlRequests - fake.rateLimited - requestsBefore, operations: fake.operations, changes: v2.changes, seconds: v2.seconds });
  });

  it('a later update drops a deleted performer (found with findPerformer) and changes nothing else', async () => {
    const before = readPackage(join(config.output.directory, 'stash-face-db-1.1.0'));
    const lookupsBefore = fake.operations.FindPerformer ?? 0;
    fake.delete(performerId('celeb-person05'));
    const v3 = await runBuild({ config: { ...config, output: { ...config.output, version: '1.2.0' } }, update: true, engine });
    const after = readPackage(v3.package.dir);
    expect(before.performers.filter((p) => p.id !== uid('celeb-person05'))).toEqual(after.performers);
    expect(before.faces.filter((f) => f.performer_id !== uid('celeb-person05'))).toEqual(after.faces);
    expect(v3.changes).toMatchObject({ added: [], removed: [uid('celeb-person05')], changed: [] });
    expect(v3.performers).toMatchObject({ processed: 0, removed: { deleted: 1, merged: 0, gone: 0 } });
    expect((fake.operations.FindPerformer ?? 0) - lookupsBefore).toBeGreaterThanOrEqual(1);
    expect(v3.images.downloaded).toBe(0);
  });
});
