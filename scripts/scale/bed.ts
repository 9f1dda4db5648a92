/**
 * The test bed in memory: performers (templates as the builder makes them), nested galleries, probes and exact
 * score matrices (every probe against every performer, per model and template tier). Exhaustive search, so the
 * figures measure the scores and the confidence, not the HNSW recall (bench/ measures that).
 */
import { createHash } from 'node:crypto';
import type { PerformerRecord, SizeTier } from '../../src/database/format.js';
import type { FaceEntry, TemplateEntry } from '../../src/database/writer.js';
import { meanEmbedding, meanEmbeddings } from '../../src/vision/vectors.js';
import { TIERS, type Photo, type PersonRecord, type SetName, type Vecs } from './dataset.js';

export interface Performer {
  identity: string;
  set: SetName;
  /** Templates per tier, as performerTemplates makes them: `full` = mean of the kept faces, a width = mean of full + degraded. */
  templates: Map<SizeTier, Vecs>;
  references: Photo[];
}

/** A probe: one face (a photo, or a degraded copy of it) or a person (several faces). */
export interface Probe {
  identity: string;
  set: SetName;
  /** Position of its performer in the gallery order; -1 for a stranger (never enrolled). */
  performer: number;
  /** Template tier it is searched against. */
  tier: SizeTier;
  /** One entry per face (one for a single face). */
  faces: Vecs[];
  /** Source photo (its first one for a person); frontalness of the (first) face. */
  file: string;
  frontal: number;
}

export interface Bed {
  models: string[];
  /** Gallery order: lfw performers first, then distractors in a fixed pseudo-random order. */
  performers: Performer[];
  /** Gallery sizes evaluated: prefixes of `performers`. */
  sizes: number[];
  records: PersonRecord[];
}

const hash = (s: string) => createHash('sha256').update(s).digest().readUInt32BE(0);

export function templatesOf(references: readonly Photo[], withDegraded: boolean): Map<SizeTier, Vecs> {
  const full = references.map((r) => r.full);
  const out = new Map<SizeTier, Vecs>([['full', meanEmbeddings(full)]]);
  if (withDegraded) for (const w of TIERS) out.set(w, meanEmbeddings([...full, ...references.map((r) => r.degraded[w])]));
  return out;
}

/**
 * Performers from the records. `exclude`: performers left out of every gallery (collisions: see findCollisions).
 * Gallery sizes: about 300 and 1,000, and everything.
 */
export function buildBed(records: PersonRecord[], withDegraded: boolean, exclude: ReadonlySet<string> = new Set()): Bed {
  const enrolled = records.filter((r) => r.role === 'enrolled' && r.references.length > 0 && !exclude.has(r.identity));
  const lfw = enrolled.filter((r) => r.set === 'lfw');
  const distractors = enrolled.filter((r) => r.set === 'distractors').sort((a, b) => hash(a.identity) - hash(b.identity));
  const performers = [...lfw, ...distractors].map((r) => ({ identity: r.identity, set: r.set, templates: templatesOf(r.references, withDegraded), references: r.references }));
  const models = Object.keys(performers[0].references[0].full);
  return { models, performers, sizes: [300, 1000, performers.length], records };
}

/** Single-face probes at a tier: `full` (the photo) or a sprite width (its degraded copy). */
export function faceProbes(bed: Bed, tier: SizeTier): Probe[] {
  const index = new Map(bed.performers.map((p, i) => [p.identity, i]));
  return bed.records.flatMap((r) =>
    r.probes.map((ph) => ({
      identity: r.identity,
      set: r.set,
      performer: index.get(r.identity) ?? -1,
      tier,
      faces: [tier === 'full' ? ph.full : ph.degraded[tier]],
      file: ph.file,
      frontal: ph.frontal,
    })),
  ).filter((p) => p.faces[0] !== undefined);
}

/**
 * Sprite persons: every probe photo of one identity at each sprite width (32, 24, 16 px), the faces of one person
 * across a scene's tiles; searched against the templates of their median width (24) as person.ts does.
 */
export function spriteProbes(bed: Bed): Probe[] {
  return personsOf(bed, (r) => r.probes.length > 0 && r.probes.every((ph) => Object.keys(ph.degraded).length === TIERS.length), 24, (ph) => TIERS.map((w) => ph.degraded[w]));
}

/** One probe per identity whose probe photos pass `keep`: all their faces (`facesOf` each photo) as one person. */
function personsOf(bed: Bed, keep: (r: PersonRecord) => boolean, tier: SizeTier, facesOf: (ph: Photo) => Vecs[]): Probe[] {
  const index = new Map(bed.performers.map((p, i) => [p.identity, i]));
  return bed.records.filter(keep).map((r) => ({
    identity: r.identity,
    set: r.set,
    performer: index.get(r.identity) ?? -1,
    tier,
    faces: r.probes.flatMap(facesOf),
    file: r.probes[0].file,
    frontal: r.probes[0].frontal,
  }));
}

/**
 * Persons of one face width: every probe photo of an identity with two or more, all at `width` (`full`: the photos
 * themselves, as full frames see a person; a sprite width: its degraded copies, as a scene whose faces are all that
 * small). The mixed-width sprite persons above stand for the 24 px person tier; these give the other tiers their own
 * open-set model, since a mean of 16 px faces meets far closer impostors than a mean of full-size ones.
 */
export function personProbes(bed: Bed, width: SizeTier): Probe[] {
  return personsOf(
    bed,
    (r) => r.probes.length >= 2 && (width === 'full' || r.probes.every((ph) => ph.degraded[width] !== undefined)),
    width,
    (ph) => [width === 'full' ? ph.full : ph.degraded[width]!],
  );
}

/** The per-model embedding a probe is searched with: a face's own, a person's re-normalised mean. */
export function probeVector(probe: Probe, model: string): Float32Array {
  return probe.faces.length === 1 ? probe.faces[0][model] : meanEmbedding(probe.faces.map((f) => f[model]));
}

/**
 * Cosines of every probe against every performer's template of the probe's tier, per model: row-major
 * [probe][performer] Float32Arrays.
 */
export function cosineMatrix(bed: Bed, probes: readonly Probe[], model: string): Float32Array {
  const n = bed.performers.length;
  const out = new Float32Array(probes.length * n);
  const byTier = new Map<SizeTier, Float32Array[]>();
  for (const probe of probes) if (!byTier.has(probe.tier)) byTier.set(probe.tier, bed.performers.map((p) => p.templates.get(probe.tier)![model]));
  probes.forEach((probe, i) => {
    const q = probeVector(probe, model);
    const gallery = byTier.get(probe.tier)!;
    const d = q.length;
    for (let j = 0; j < n; j++) {
      const g = gallery[j];
      let s = 0;
      for (let k = 0; k < d; k++) s += q[k] * g[k];
      out[i * n + j] = s;
    }
  });
  return out;
}

/** The bed's performers as database package entries, as the builder writes them (records, reference faces, templates). */
export function packageEntries(bed: Bed, endpoint: string): { performers: PerformerRecord[]; faces: FaceEntry[]; templates: TemplateEntry[] } {
  const id = (identity: string) => `${new URL(endpoint).host}:${identity}`;
  return {
    performers: bed.performers.map((p) => ({ id: id(p.identity), name: p.identity.replace(/_/g, ' '), endpoint, face_count: p.references.length })),
    faces: bed.performers.flatMap((p) => p.references.map((r, k) => ({ performer_id: id(p.identity), image_id: String(k), embeddings: r.full }))),
    templates: bed.performers.flatMap((p) => [...p.templates].map(([size_tier, embeddings]) => ({ performer_id: id(p.identity), size_tier, embeddings }))),
  };
}
