import { createHash } from 'node:crypto';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { sha256File } from './checksum.js';
import {
  FACES_FILE,
  FORMAT_VERSION,
  MANIFEST_FILE,
  PERFORMERS_FILE,
  TEMPLATES_FILE,
  type Calibration,
  type FaceLabel,
  type IndexEntry,
  type Manifest,
  type ModelPin,
  type PerformerRecord,
  type SizeTier,
  type SourceRecord,
} from './format.js';
import type { VisionProfile } from '../vision/profile.js';
import { buildIndex, DEFAULT_EF_CONSTRUCTION, DEFAULT_M } from './hnsw.js';

export interface FaceEntry extends FaceLabel {
  embeddings: Record<string, Float32Array>;
}

export interface TemplateEntry {
  performer_id: string;
  size_tier: SizeTier;
  embeddings: Record<string, Float32Array>;
}

/** Everything a database package holds, before it is written. */
export interface DatabaseContent {
  version: string;
  created_at?: string;
  sources: SourceRecord[];
  detector: { id: string; sha256: string };
  models: ModelPin[];
  /** How every face was detected and embedded (the builder's engine.profile()); the sidecar checks it at load. */
  vision_profile?: VisionProfile;
  performers: PerformerRecord[];
  faces: FaceEntry[];
  templates: TemplateEntry[];
  calibration: Calibration;
  M?: number;
  ef_construction?: number;
}

/** The model pins and vision profile a package records, from the profile its faces were embedded with. */
export function profilePins(profile: VisionProfile): Pick<DatabaseContent, 'detector' | 'models' | 'vision_profile'> {
  return {
    detector: { id: profile.detector.id, sha256: profile.detector.sha256 },
    models: profile.embedders.map((e) => ({ id: e.id, sha256: e.sha256, dim: e.dim, preprocessing: e.preprocessing })),
    vision_profile: profile,
  };
}

const byPerformerThenImage = (a: FaceLabel, b: FaceLabel) =>
  a.performer_id.localeCompare(b.performer_id) || a.image_id.localeCompare(b.image_id);

/**
 * Writes a package into `dir` (created; must not hold another package): label tables, one HNSW index per model and
 * kind/tier, and the manifest with every checksum. Order is canonical, so the same content gives the same files
 * (HNSW bytes aside).
 */
export async function writeDatabase(dir: string, content: DatabaseContent): Promise<Manifest> {
  await mkdir(dir, { recursive: true });
  const M = content.M ?? DEFAULT_M;
  const efc = content.ef_construction ?? DEFAULT_EF_CONSTRUCTION;
  const performers = [...content.performers].sort((a, b) => a.id.localeCompare(b.id));
  const faces = [...content.faces].sort(byPerformerThenImage);
  const templatePerformers = [...new Set(content.templates.map((t) => t.performer_id))].sort();
  const tiers = [...new Set(content.templates.map((t) => t.size_tier))].sort(tierOrder);

  const files: Record<string, string> = {};
  const writeJson = async (name: string, value: unknown) => {
    await atomicWrite(join(dir, name), JSON.stringify(value, null, 1));
    files[name] = await sha256File(join(dir, name));
  };
  await writeJson(PERFORMERS_FILE, performers);
  await writeJson(FACES_FILE, faces.map(({ performer_id, image_id }) => ({ performer_id, image_id })));
  await writeJson(TEMPLATES_FILE, templatePerformers);

  const indexes: IndexEntry[] = [];
  const addIndex = async (model: ModelPin, kind: 'face' | 'template', tier: SizeTier, vectors: Float32Array[]) => {
    const file = `index.${model.id}.${kind}.${tier}.hnsw`;
    buildIndex(model.dim, vectors, M, efc).writeIndexSync(join(dir, file));
    indexes.push({
      file,
      sha256: await sha256File(join(dir, file)),
      model,
      kind,
      size_tier: tier,
      count: vectors.length,
      space: 'cosine',
      M,
      ef_construction: efc,
      labels: kind === 'face' ? FACES_FILE : TEMPLATES_FILE,
    });
  };
  for (const model of content.models) {
    await addIndex(model, 'face', 'full', faces.map((f) => requireVector(f.embeddings, model, f.image_id)));
    for (const tier of tiers) {
      const byPerformer = new Map(
        content.templates.filter((t) => t.size_tier === tier).map((t) => [t.performer_id, t.embeddings]),
      );
      const vectors = templatePerformers.map((id) => {
        const e = byPerformer.get(id);
        if (!e) throw new Error(`performer ${id} has no ${tier} template`);
        return requireVector(e, model, id);
      });
      await addIndex(model, 'template', tier, vectors);
    }
  }

  const manifest: Manifest = {
    format_version: FORMAT_VERSION,
    version: content.version,
    created_at: content.created_at ?? new Date().toISOString(),
    counts: {
      performers: performers.length,
      faces: faces.length,
      templates: templatePerformers.length,
      images: new Set(faces.map((f) => f.image_id)).size,
    },
    sources: content.sources,
    detector: content.detector,
    models: content.models,
    ...(content.vision_profile ? { vision_profile: content.vision_profile } : {}),
    indexes,
    calibration: content.calibration,
    files,
  };
  await atomicWrite(join(dir, MANIFEST_FILE), JSON.stringify(manifest, null, 2));
  return manifest;
}

/**
 * A digest of what a package means, independent of HNSW file bytes and creation time: sorted faces with their
 * vectors, templates, and performers. Two builds with equal digests answer every query the same way.
 */
export function contentDigest(content: DatabaseContent): string {
  const hash = createHash('sha256');
  hash.update(JSON.stringify([...content.performers].sort((a, b) => a.id.localeCompare(b.id))));
  for (const f of [...content.faces].sort(byPerformerThenImage)) {
    hash.update(`${f.performer_id}\0${f.image_id}\0`);
    for (const id of Object.keys(f.embeddings).sort()) hash.update(new Uint8Array(f.embeddings[id].buffer));
  }
  const templates = [...content.templates].sort(
    (a, b) => a.performer_id.localeCompare(b.performer_id) || tierOrder(a.size_tier, b.size_tier),
  );
  for (const t of templates) {
    hash.update(`${t.performer_id}\0${t.size_tier}\0`);
    for (const id of Object.keys(t.embeddings).sort()) hash.update(new Uint8Array(t.embeddings[id].buffer));
  }
  return hash.digest('hex');
}

function requireVector(embeddings: Record<string, Float32Array>, model: ModelPin, owner: string): Float32Array {
  const v = embeddings[model.id];
  if (!v || v.length !== model.dim) throw new Error(`${owner}: missing or wrong-sized ${model.id} embedding`);
  return v;
}

/** `full` first, then degraded tiers from large to small. */
export function tierOrder(a: SizeTier, b: SizeTier): number {
  const rank = (t: SizeTier) => (t === 'full' ? Number.POSITIVE_INFINITY : t);
  return rank(b) - rank(a);
}

async function atomicWrite(path: string, data: string): Promise<void> {
  const tmp = `${path}.tmp`;
  await writeFile(tmp, data);
  await rename(tmp, path);
}
