import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { AppError } from '../errors.js';
import { sha256File } from '../util/sha256.js';
import {
  FORMAT_VERSION,
  MANIFEST_FILE,
  type FaceLabel,
  type IndexEntry,
  type Manifest,
  type PerformerRecord,
  type SizeTier,
  type TemplateLabels,
} from './format.js';
import { settleProfile, type SettledProfile, type VisionProfile } from '../vision/profile.js';
import { readIndex, searchIndex, type HnswIndex, type Neighbour } from './hnsw.js';

/** What the running vision engine offers; a database built with other models cannot be searched with it. */
export interface AvailableModel {
  id: string;
  sha256: string;
  dim?: number;
}

/** The running engine's vision profile, and the detector size the operator pinned (DETECT_SIZE), if any. */
export interface RunningVision {
  profile: VisionProfile;
  pinnedDetectSize?: number;
}

/** A loaded, verified, read-only face database. */
export class FaceDatabase {
  private constructor(
    readonly dir: string,
    readonly manifest: Manifest,
    /**
     * The vision profile photos are detected and embedded with while this database serves (the database's, checked
     * against the running engine); undefined when loaded without an engine to check against.
     */
    readonly profile: SettledProfile | undefined,
    private readonly performers: ReadonlyMap<string, PerformerRecord>,
    readonly faceLabels: readonly FaceLabel[],
    readonly templateLabels: TemplateLabels,
    private readonly indexes: ReadonlyMap<string, HnswIndex>,
  ) {}

  /** Verifies every checksum and model pin, then loads the label tables and indexes. */
  static async load(dir: string, available: readonly AvailableModel[], vision?: RunningVision): Promise<FaceDatabase> {
    const manifest = await readManifest(dir);
    const profile = await verifyPackage(dir, manifest, available, vision);
    const readJson = async <T>(name: string): Promise<T> => JSON.parse(await readFile(join(dir, name), 'utf8')) as T;
    const performerList = await readJson<PerformerRecord[]>('performers.json');
    const labelFiles = new Map<string, unknown>();
    for (const entry of manifest.indexes) {
      if (!labelFiles.has(entry.labels)) labelFiles.set(entry.labels, await readJson(entry.labels));
    }
    const indexes = new Map<string, HnswIndex>();
    for (const entry of manifest.indexes) {
      indexes.set(indexKey(entry.model.id, entry.kind, entry.size_tier), await readIndex(join(dir, entry.file), entry.model.dim));
    }
    const faces = (labelFiles.get('faces.json') as FaceLabel[] | undefined) ?? [];
    const templates = (labelFiles.get('templates.json') as TemplateLabels | undefined) ?? [];
    return new FaceDatabase(dir, manifest, profile, new Map(performerList.map((p) => [p.id, p])), faces, templates, indexes);
  }

  get version(): string {
    return this.manifest.version;
  }

  performer(id: string): PerformerRecord | undefined {
    return this.performers.get(id);
  }

  /** Embedder ids every index of this database was built with. */
  get modelIds(): string[] {
    return this.manifest.models.map((m) => m.id);
  }

  /** Template tiers present, `full` first then smaller. */
  get templateTiers(): SizeTier[] {
    const tiers = new Set(this.manifest.indexes.filter((i) => i.kind === 'template').map((i) => i.size_tier));
    return [...tiers].sort((a, b) => (a === 'full' ? -1 : b === 'full' ? 1 : b - a));
  }

  /** The template tier made for faces of about this width: the nearest degraded tier, or `full` above them. */
  tierFor(faceWidth: number): SizeTier {
    return tierForWidth(this.templateTiers, faceWidth);
  }

  /** Nearest performer templates for one model and tier: labels are positions in `templateLabels`. */
  searchTemplates(modelId: string, tier: SizeTier, query: Float32Array, k: number): Neighbour[] {
    return searchIndex(this.index(modelId, 'template', tier), query, k);
  }

  /** Nearest reference faces for one model: labels are positions in `faceLabels`. */
  searchFaces(modelId: string, query: Float32Array, k: number): Neighbour[] {
    return searchIndex(this.index(modelId, 'face', 'full'), query, k);
  }

  /** Exact cosine between a query and one performer's template (for fusing models whose top-k differ). */
  templateSimilarity(modelId: string, tier: SizeTier, label: number, query: Float32Array): number {
    const point = this.index(modelId, 'template', tier).getPoint(label);
    let dot = 0, norm = 0;
    for (let i = 0; i < point.length; i++) {
      dot += point[i] * query[i];
      norm += point[i] * point[i];
    }
    return norm > 0 ? dot / Math.sqrt(norm) : 0;
  }

  /** A performer's stored template vector (galleries pool the templates of a performer present in two of them; lookalikes search with it). */
  templateVector(modelId: string, tier: SizeTier, label: number): Float32Array {
    return Float32Array.from(this.index(modelId, 'template', tier).getPoint(label));
  }

  /**
   * Frees the native indexes now (hnswlib's memory is outside the JS heap: left to the garbage collector, a replaced
   * database's indexes could stay for many reloads). The holder calls it once no request uses this database.
   */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    // initIndex deletes the native index and makes an empty one; hnswlib-node has no other way to free it.
    for (const index of this.indexes.values()) index.initIndex(1);
  }

  private closed = false;

  private index(modelId: string, kind: IndexEntry['kind'], tier: SizeTier): HnswIndex {
    if (this.closed) throw new AppError('DATABASE_NOT_LOADED', `Database ${this.version} was replaced while this request used it; try again.`);
    const index = this.indexes.get(indexKey(modelId, kind, tier));
    if (!index) throw new AppError('DATABASE_INVALID', `The database has no ${kind} index for ${modelId} at size ${tier}.`);
    return index;
  }
}

function indexKey(model: string, kind: string, tier: SizeTier): string {
  return `${model}:${kind}:${tier}`;
}

export async function readManifest(dir: string): Promise<Manifest> {
  const path = join(dir, MANIFEST_FILE);
  if (!existsSync(path)) throw new AppError('DATABASE_INVALID', `No ${MANIFEST_FILE} in ${dir}: this is not a stash-face database.`);
  let manifest: Manifest;
  try {
    manifest = JSON.parse(await readFile(path, 'utf8')) as Manifest;
  } catch (e) {
    throw new AppError('DATABASE_INVALID', `${path} is not valid JSON: the package is damaged.`);
  }
  if (manifest.format_version !== FORMAT_VERSION) {
    throw new AppError(
      'DATABASE_INVALID',
      `The database ${dir} has format ${manifest.format_version}; this sidecar reads format ${FORMAT_VERSION}. Update the sidecar or download a matching database.`,
    );
  }
  return manifest;
}

/**
 * Checks every file's sha256, that this sidecar runs exactly the models the indexes were built with and, given the
 * running vision profile, that it can detect and embed as the database did (returning the profile to use).
 */
export async function verifyPackage(
  dir: string,
  manifest: Manifest,
  available: readonly AvailableModel[],
  vision?: RunningVision,
): Promise<SettledProfile | undefined> {
  const expected: Array<[string, string]> = [
    ...Object.entries(manifest.files),
    ...manifest.indexes.map((i): [string, string] => [i.file, i.sha256]),
  ];
  for (const [file, sha] of expected) {
    const path = join(dir, file);
    if (!existsSync(path)) throw new AppError('DATABASE_INVALID', `The database is incomplete: ${file} is missing.`);
    const actual = await sha256File(path);
    if (actual !== sha) {
      throw new AppError('DATABASE_INVALID', `The database is damaged: ${file} has sha256 ${actual.slice(0, 12)}…, the manifest says ${sha.slice(0, 12)}….`);
    }
  }
  for (const pin of manifest.models) {
    const have = available.find((m) => m.id === pin.id);
    if (!have) {
      throw new AppError('DATABASE_INVALID', `The database was built with model ${pin.id}, which this sidecar has not loaded (set EMBEDDERS or install the model).`);
    }
    if (have.sha256 !== pin.sha256 || (have.dim !== undefined && have.dim !== pin.dim)) {
      throw new AppError('DATABASE_INVALID', `The database was built with a different ${pin.id} (sha256 ${pin.sha256.slice(0, 12)}…) than this sidecar runs (${have.sha256.slice(0, 12)}…): its vectors cannot be compared.`);
    }
  }
  return vision ? settleProfile(manifest.vision_profile, vision.profile, vision.pinnedDetectSize) : undefined;
}

/** The template tier made for faces of about this width among `tiers`: the nearest degraded tier, or `full` above them. */
export function tierForWidth(tiers: readonly SizeTier[], faceWidth: number): SizeTier {
  const numeric = tiers.filter((t): t is number => t !== 'full');
  if (numeric.length === 0) return 'full';
  const largest = Math.max(...numeric);
  if (faceWidth >= largest * 1.25) return 'full';
  return numeric.reduce((best, t) => (Math.abs(Math.log(t / faceWidth)) < Math.abs(Math.log(best / faceWidth)) ? t : best));
}
