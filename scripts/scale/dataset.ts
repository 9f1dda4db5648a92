/**
 * The large-gallery test bed (issue 18): ../shared/faces/lfw (orig150) and ../shared/faces/lfw-distractors enrolled
 * as performers with the builder's own code, their held-back photos and never-enrolled people as probes.
 *
 * Split (deterministic, by sorted name):
 * - lfw: every 5th person is a stranger (all photos probes); the others enrol the first half of their photos
 *   (rounded up) and probe with the rest. These are the main genuine probes: in every gallery size.
 * - lfw-distractors: every 20th person is a stranger; the others enrol the first half of their photos (rounded up)
 *   and probe with the rest (people with one photo only enrol). Their probes count only in galleries that hold them.
 *
 * Enrolment goes through src/enrolment: analysePhoto (the builder's face rules) -> selectFaces -> the degraded
 * copies of every kept face (degradedEmbedding, what performerTemplates averages). Probes go through what the sidecar
 * does with a photo: engine.analyzeImage, the central face (the labelled person), plus degraded copies at the sprite
 * widths. Everything is cached per person under .cache/scale/ so that a rerun costs seconds.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { decodeEmbeddings, encodeEmbeddings } from '../../builder/analysis.js';
import { analysePhoto, DEFAULT_ENROLMENT_RULES, selectFaces } from '../../src/enrolment/index.js';
import { DEFAULT_DEGRADED_TIERS, degradedEmbedding } from '../../src/enrolment/templates.js';
import { writeFileAtomicSync as writeFileAtomic } from '../../src/util/atomic-write.js';
import type { AnalyzedFace, VisionEngine } from '../../src/vision/engine.js';
import { frontalness } from '../../src/vision/quality.js';
import { FACES_DIR } from '../../test/support/fixtures.js';
import { centralFace } from '../../test/support/evaluation.js';

export const CACHE_DIR = join('.cache', 'scale', 'v1');
export const TIERS = DEFAULT_DEGRADED_TIERS;
export type Vecs = Record<string, Float32Array>;

export type SetName = 'lfw' | 'distractors';
export type Role = 'enrolled' | 'stranger';

export interface Photo {
  file: string;
  /** Face width (detector box) in the photo. */
  width: number;
  /** 0 = profile .. 1 = frontal (from the five landmarks). */
  frontal: number;
  full: Vecs;
  /** Degraded copies by face width (as a sprite tile would show the face); empty until the second pass. */
  degraded: Record<number, Vecs>;
  /** Full-size embeddings of the mirrored face (the pose experiment: flip-averaged embeddings); absent until that pass. */
  flipped?: Vecs;
  /** The detection, to make the degraded copies later. */
  face?: Pick<AnalyzedFace, 'box' | 'keypoints' | 'score'>;
  /** Faces the detector found in the photo. */
  faceCount: number;
}

export interface PersonRecord {
  identity: string;
  set: SetName;
  role: Role;
  /** Kept reference faces (builder selection) of the enrolled half; empty for strangers. */
  references: Photo[];
  /** Why enrolled faces were not kept (builder selection reasons). */
  rejected: Record<string, number>;
  probes: Photo[];
  /** Probe photos with no face found. */
  probeMissed: string[];
}

export interface PersonPlan {
  identity: string;
  set: SetName;
  role: Role;
  enrol: string[];
  probe: string[];
}

function manifest(dir: string): Record<string, string[]> {
  return JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as Record<string, string[]>;
}

export function plan(): PersonPlan[] {
  const out: PersonPlan[] = [];
  const sets: Array<{ set: SetName; dir: string; strangerEvery: number }> = [
    { set: 'lfw', dir: join(FACES_DIR, 'lfw', 'orig150'), strangerEvery: 5 },
    { set: 'distractors', dir: join(FACES_DIR, 'lfw-distractors'), strangerEvery: 20 },
  ];
  for (const { set, dir, strangerEvery } of sets) {
    const m = manifest(dir);
    Object.keys(m)
      .sort()
      .forEach((identity, i) => {
        const files = m[identity].map((f) => join(dir, f));
        if (i % strangerEvery === strangerEvery - 1) out.push({ identity, set, role: 'stranger', enrol: [], probe: files });
        else {
          const half = Math.ceil(files.length / 2);
          out.push({ identity, set, role: 'enrolled', enrol: files.slice(0, half), probe: files.slice(half) });
        }
      });
  }
  return out;
}

function photoOf(file: string, face: AnalyzedFace, faceCount: number): Photo {
  const { box, keypoints, score } = face;
  return { file, width: Math.max(box.width, box.height), frontal: frontalness(keypoints), full: face.embeddings, degraded: {}, face: { box, keypoints, score }, faceCount };
}

/** Second pass: the degraded copies of a photo's face (decoded again from the file). */
async function degrade(engine: VisionEngine, photo: Photo): Promise<void> {
  if (Object.keys(photo.degraded).length === TIERS.length || !photo.face) return;
  const image = await engine.decode(await readFile(photo.file));
  for (const w of TIERS) photo.degraded[w] = await degradedEmbedding(engine, image, photo.face, w);
}

/**
 * Third pass (--flip): the face embedded from the mirrored photo. The five points are mirrored too and re-ordered
 * (image left first), so the aligner sees a proper face, the same one seen from the other side.
 */
async function flip(engine: VisionEngine, photo: Photo): Promise<void> {
  if (photo.flipped || !photo.face) return;
  const image = await engine.decode(await readFile(photo.file));
  const { width, height, data } = image;
  const mirrored = Buffer.alloc(data.length);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const from = (y * width + x) * 3, to = (y * width + (width - 1 - x)) * 3;
      mirrored[to] = data[from];
      mirrored[to + 1] = data[from + 1];
      mirrored[to + 2] = data[from + 2];
    }
  }
  const { box, keypoints, score } = photo.face;
  const m = keypoints.map((k) => ({ x: width - 1 - k.x, y: k.y }));
  const face = await engine.embed(
    { data: mirrored, width, height },
    { box: { ...box, x: width - box.x - box.width }, score, keypoints: [m[1], m[0], m[2], m[4], m[3]] },
  );
  photo.flipped = face.embeddings;
}

export function hasFlipped(r: PersonRecord): boolean {
  return [...r.references, ...r.probes].every((p) => p.flipped !== undefined || !p.face);
}

export function hasDegraded(r: PersonRecord): boolean {
  return [...r.references, ...r.probes].every((p) => Object.keys(p.degraded).length === TIERS.length);
}

/** Enrols and probes one person (uncached). */
export async function processPerson(engine: VisionEngine, p: PersonPlan): Promise<PersonRecord> {
  const rules = DEFAULT_ENROLMENT_RULES;
  const analysed = await Promise.all(
    p.enrol.map(async (file) => {
      const bytes = await readFile(file);
      const { analysis, image } = await analysePhoto(engine, bytes, engine.profile({ minScore: rules.min_score }), rules);
      return { file, analysis, image };
    }),
  );
  const candidates = analysed.flatMap((a, i) => (a.analysis.ok ? [{ image_id: String(i), sha256: a.file, faces: a.analysis.faces }] : []));
  const selection = selectFaces(candidates, engine.embedderSpecs[0].id, rules);
  const rejected: Record<string, number> = { ...selection.rejected };
  for (const a of analysed) if (a.analysis.ok) for (const [r, n] of Object.entries(a.analysis.rejected)) rejected[r] = (rejected[r] ?? 0) + (n as number);
  const references: Photo[] = [];
  for (const k of selection.kept) {
    const a = analysed[Number(k.image_id)];
    const faces = a.analysis.ok ? a.analysis.faces.length : 0;
    references.push(photoOf(a.file, k.face as AnalyzedFace, faces));
  }
  const probes: Photo[] = [];
  const probeMissed: string[] = [];
  for (const file of p.probe) {
    const { image, faces } = await engine.analyzeImage(await readFile(file));
    const face = centralFace(faces, image);
    if (!face) probeMissed.push(file);
    else probes.push(photoOf(file, face, faces.length));
  }
  return { identity: p.identity, set: p.set, role: p.role, references, rejected, probes, probeMissed };
}

function encodePhoto(ph: Photo) {
  return {
    ...ph,
    full: encodeEmbeddings(ph.full),
    flipped: ph.flipped && encodeEmbeddings(ph.flipped),
    degraded: Object.fromEntries(Object.entries(ph.degraded).map(([w, v]) => [w, encodeEmbeddings(v)])),
  };
}

function decodePhoto(raw: ReturnType<typeof encodePhoto>): Photo {
  return {
    ...raw,
    full: decodeEmbeddings(raw.full),
    flipped: raw.flipped && decodeEmbeddings(raw.flipped),
    degraded: Object.fromEntries(Object.entries(raw.degraded).map(([w, v]) => [Number(w), decodeEmbeddings(v)])),
  };
}

function cachePath(p: Pick<PersonPlan, 'set' | 'identity'>): string {
  return join(CACHE_DIR, p.set, `${p.identity}.json`);
}

export function readCached(p: PersonPlan): PersonRecord | undefined {
  const path = cachePath(p);
  if (!existsSync(path)) return undefined;
  const raw = JSON.parse(readFileSync(path, 'utf8'));
  return { ...raw, references: raw.references.map(decodePhoto), probes: raw.probes.map(decodePhoto) };
}

export function writeCached(r: PersonRecord): void {
  mkdirSync(join(CACHE_DIR, r.set), { recursive: true });
  writeFileAtomic(cachePath(r), JSON.stringify({ ...r, references: r.references.map(encodePhoto), probes: r.probes.map(encodePhoto) }));
}

/**
 * Every person of the plan, from the cache or computed (and cached) now: first the full-size faces of everyone,
 * then (`degraded`) the sprite-size copies, lfw first, so that a partial run already serves the full-size figures.
 */
export async function loadAll(
  engine: () => Promise<VisionEngine>,
  options: { degraded: boolean; flip?: boolean; log?: (s: string) => void; concurrency?: number; cachedOnly?: boolean },
): Promise<PersonRecord[]> {
  const log = options.log ?? ((s: string) => console.error(s));
  const people = plan();
  const out: PersonRecord[] = people.map((p) => readCached(p)!);
  // While another run is still embedding: what is cached so far.
  if (options.cachedOnly) return out.filter((r) => r !== undefined);
  let e: VisionEngine | undefined;
  const run = async (label: string, todo: number[], work: (e: VisionEngine, i: number) => Promise<void>) => {
    if (todo.length === 0) return;
    e ??= await engine();
    const t0 = performance.now();
    let done = 0, next = 0;
    await Promise.all(
      Array.from({ length: options.concurrency ?? 3 }, async () => {
        while (next < todo.length) {
          const i = todo[next++];
          await work(e!, i);
          writeCached(out[i]);
          if (++done % 100 === 0) log(`${label}: ${done}/${todo.length} people in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
        }
      }),
    );
  };
  await run('full-size', people.flatMap((_, i) => (out[i] ? [] : [i])), async (eng, i) => void (out[i] = await processPerson(eng, people[i])));
  if (options.degraded) {
    await run('degraded', people.flatMap((_, i) => (hasDegraded(out[i]) ? [] : [i])), async (eng, i) => {
      for (const ph of [...out[i].references, ...out[i].probes]) await degrade(eng, ph);
    });
  }
  if (options.flip) {
    await run('mirrored', people.flatMap((_, i) => (hasFlipped(out[i]) ? [] : [i])), async (eng, i) => {
      for (const ph of [...out[i].references, ...out[i].probes]) await flip(eng, ph);
    });
  }
  return out;
}
