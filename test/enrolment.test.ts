import { mkdtempSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import calibration from '../src/recognition/default-calibration.json' with { type: 'json' };
import { loadConfig } from '../src/config.js';
import type { Calibration, PerformerRecord } from '../src/database/format.js';
import { DatabaseHolder } from '../src/database/holder.js';
import { releaseDir, setCurrentVersion } from '../src/database/store.js';
import { profilePins, writeDatabase, type FaceEntry, type TemplateEntry } from '../src/database/writer.js';
import { analysePhoto, DEFAULT_ENROLMENT_RULES, enrolPerson, type CandidateImage } from '../src/enrolment/index.js';
import { IdentifyService } from '../src/identify/service.js';
import { createLogger } from '../src/log.js';
import type { RgbImage } from '../src/vision/decode.js';
import { VisionEngine } from '../src/vision/engine.js';
import { profileDetectOptions, settleProfile, type VisionProfile } from '../src/vision/profile.js';
import { HAVE_SHARED, openSetSplit } from './support/fixtures.js';

const log = createLogger('error');

/** Three performers enrolled through src/enrolment with `profile`, written as a package that records it. */
async function enrolledDatabase(engine: VisionEngine, databasePath: string, profile: VisionProfile, withProfile = true) {
  const performers: PerformerRecord[] = [];
  const faces: FaceEntry[] = [];
  const templates: TemplateEntry[] = [];
  for (const person of openSetSplit().enrolled.slice(0, 3)) {
    const decoded = new Map<string, RgbImage>();
    const photos: CandidateImage[] = [];
    for (const file of person.enrol) {
      const { analysis, image } = await analysePhoto(engine, await readFile(file), profile, DEFAULT_ENROLMENT_RULES);
      if (!analysis.ok) continue;
      decoded.set(file, image!);
      photos.push({ image_id: file, sha256: file, faces: analysis.faces });
    }
    const enrolment = await enrolPerson(engine, photos, DEFAULT_ENROLMENT_RULES, async (key) => decoded.get(key)!);
    const id = `stashdb.org:${person.identity}`;
    performers.push({ id, name: person.identity, endpoint: 'https://stashdb.org/graphql', face_count: enrolment.kept.length });
    for (const k of enrolment.kept) faces.push({ performer_id: id, image_id: k.image_id, embeddings: k.face.embeddings });
    for (const t of enrolment.templates) templates.push({ performer_id: id, ...t });
  }
  await writeDatabase(releaseDir(databasePath, 'p1'), {
    version: 'p1',
    sources: [{ endpoint: 'https://stashdb.org/graphql', host: 'stashdb.org', performers: performers.length }],
    ...profilePins(profile),
    ...(withProfile ? {} : { vision_profile: undefined }),
    performers,
    faces,
    templates,
    calibration: calibration as Calibration,
  });
  await setCurrentVersion(databasePath, 'p1');
}

function bytesOf(v: Float32Array): Buffer {
  return Buffer.from(v.buffer, v.byteOffset, v.byteLength);
}

describe('vision profile: settling a database profile against the running engine', () => {
  const running: VisionProfile = {
    detector: { id: 'yunet_n', sha256: 'aa', input_size: 640, min_score: 0.85 },
    embedders: [{ id: 'fr_feature', sha256: 'bb', dim: 512, chip_size: 112, template: [[1, 2]], preprocessing: 'p' }],
  };
  const at = (input_size: number, min_score = 0.85): VisionProfile => ({ ...running, detector: { ...running.detector, input_size, min_score } });

  it('adopts the detector size and threshold of the database, saying so', () => {
    const { profile, adopted } = settleProfile(at(480, 0.9), running);
    expect(profile.detector).toMatchObject({ input_size: 480, min_score: 0.9 });
    expect(adopted.join(' ')).toMatch(/480 px.*640/);
    expect(settleProfile(at(640), running).adopted).toEqual([]);
  });

  it('refuses a database built at another size than a pinned DETECT_SIZE, saying how to fix it', () => {
    expect(() => settleProfile(at(480), running, 640)).toThrow(/built detecting faces at 480 px, but DETECT_SIZE=640.*Unset DETECT_SIZE/);
    expect(settleProfile(at(640), running, 640).profile.detector.input_size).toBe(640);
  });

  it('refuses another detector model, or another alignment or preprocessing', () => {
    expect(() => settleProfile({ ...running, detector: { ...running.detector, id: 'scrfd_500m' } }, running)).toThrow(/DETECTOR=scrfd_500m/);
    const aligned = { ...running, embedders: [{ ...running.embedders[0], template: [[3, 4]] as Array<[number, number]> }] };
    expect(() => settleProfile(aligned, running)).toThrow(expect.objectContaining({ code: 'DATABASE_INVALID' }));
  });

  it('takes a database without a profile as the legacy builder made it (640 px)', () => {
    const { profile, adopted } = settleProfile(undefined, at(800));
    expect(profile.detector.input_size).toBe(640);
    expect(adopted[0]).toMatch(/no vision profile/);
  });
});

describe.skipIf(!HAVE_SHARED)('enrolment and identify embed a photo alike', () => {
  let engine: VisionEngine;
  let root = '';
  // Not the default 640: identify must follow the database, not its own default.
  let built: VisionProfile;

  beforeAll(async () => {
    engine = await VisionEngine.create();
    root = mkdtempSync(join(tmpdir(), 'enrolment-'));
    built = engine.profile({ inputSize: 480 });
    await enrolledDatabase(engine, join(root, 'p480'), built);
    await enrolledDatabase(engine, join(root, 'legacy'), engine.profile(), false);
  }, 180_000);

  afterAll(async () => {
    await engine?.close();
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it('identify adopts the database profile and gives the bits enrolment gave, for every face of the photo', async () => {
    const holder = new DatabaseHolder(join(root, 'p480'), engine.models, log, { profile: engine.profile() });
    const db = await holder.reload();
    expect(db.profile?.profile.detector.input_size).toBe(480);
    expect(db.profile?.adopted.join(' ')).toMatch(/480 px/);
    const service = new IdentifyService({ engine, holder, config: loadConfig({}), log });
    const file = openSetSplit().enrolled[0].enrol[0];
    const bytes = await readFile(file);
    const outcome = await service.run({ image: new File([bytes], 'photo.jpg'), min_confidence: 0 });
    const { analysis } = await analysePhoto(engine, bytes, built, { ...DEFAULT_ENROLMENT_RULES, min_face_size: 0, min_frontal: 0 });
    if (!analysis.ok) throw new Error('the photo did not decode');
    const probed = outcome.persons.flatMap((p) => p.faces);
    expect(probed.length).toBe(analysis.faces.length);
    for (const enrolled of analysis.faces) {
      const same = probed.find((f) => f.box.x === enrolled.box.x && f.box.y === enrolled.box.y)!;
      expect(same).toBeDefined();
      for (const model of Object.keys(enrolled.embeddings)) expect(bytesOf(same.embeddings[model]).equals(bytesOf(enrolled.embeddings[model]))).toBe(true);
    }
    // The profile matters: at the sidecar's own default (640) the same face embeds to other bits.
    const image = await engine.decode(bytes);
    const [at640] = await engine.detect(image, profileDetectOptions(engine.profile()));
    const other = await engine.embed(image, at640);
    expect(bytesOf(other.embeddings.fr_feature).equals(bytesOf(analysis.faces[0].embeddings.fr_feature))).toBe(false);
    // The answer names the enrolled performer, and its person carries the mean it was matched with.
    expect(outcome.result.persons[0].matches[0]?.performer.id).toBe(`stashdb.org:${openSetSplit().enrolled[0].identity}`);
    expect(outcome.persons[0].embeddings.fr_feature).toHaveLength(512);
  });

  it('refuses a database built at another size than DETECT_SIZE, and identify says why', async () => {
    const holder = new DatabaseHolder(join(root, 'p480'), engine.models, log, { profile: engine.profile(), pinnedDetectSize: 640 });
    await expect(holder.reload()).rejects.toThrow(/built detecting faces at 480 px, but DETECT_SIZE=640/);
    const service = new IdentifyService({ engine, holder, config: loadConfig({}), log });
    await expect(service.identify({ image_url: 'http://example.invalid/x.jpg' })).rejects.toMatchObject({ code: 'DATABASE_NOT_LOADED', message: expect.stringMatching(/DETECT_SIZE=640/) });
  });

  it('loads a database written before profiles as detected at 640 px', async () => {
    const holder = new DatabaseHolder(join(root, 'legacy'), engine.models, log, { profile: engine.profile({ inputSize: 800 }) });
    const db = await holder.reload();
    expect(db.profile?.profile.detector.input_size).toBe(640);
    expect(db.profile?.adopted[0]).toMatch(/no vision profile/);
  });
});
