import type { Calibration, PerformerRecord, SizeTier } from '../database/format.js';
import type { Neighbour } from '../database/hnsw.js';
import type { FaceDatabase } from '../database/loader.js';
import type { SettledProfile } from '../vision/profile.js';
import { l2normalize } from '../vision/vectors.js';
import type { GalleryPerformer, SearchableGallery } from './searchable.js';

interface Member {
  db: FaceDatabase;
  /** This gallery's template label -> union label. */
  toUnion: Int32Array;
}

/**
 * The shared database and the local gallery searched as one. Labels are distinct performers: a local performer
 * whose stash-box id (any of them) is in the shared database is the same label, so it comes back once and the
 * confidence counts it once. Such a performer is scored against one template pooled from both galleries (the
 * face-count-weighted mean of the two mean templates, re-normalised: a mean template over both reference sets, which
 * is what the calibration was fitted on), never against the better of two.
 *
 * Models and calibration come from the shared database when it is loaded (a database travels with its calibration),
 * else from the local gallery; only models both galleries hold are searched.
 */
export class GalleryUnion implements SearchableGallery {
  readonly version: string;
  readonly manifest: { calibration: Calibration };
  readonly modelIds: string[];
  readonly templateLabels: string[] = [];
  /** The vision profile single photos are probed with: the shared database's, else the local gallery's. */
  readonly profile: SettledProfile | undefined;
  private readonly members: Member[] = [];
  /** Union label -> [member index, label in it] for each gallery that holds the performer. */
  private readonly refs: Array<Array<[number, number]>> = [];
  private readonly records = new Map<string, GalleryPerformer>();
  private readonly pooled = new Map<string, Float32Array>();
  private readonly primary?: FaceDatabase;

  constructor(
    readonly shared: FaceDatabase | undefined,
    readonly local: FaceDatabase | undefined,
    fallbackCalibration: Calibration,
  ) {
    const loaded = [shared, local].filter((g): g is FaceDatabase => !!g);
    this.primary = loaded[0];
    this.profile = this.primary?.profile;
    this.version = loaded.map((g) => g.version).join('+') || 'none';
    this.manifest = { calibration: this.primary?.manifest.calibration ?? fallbackCalibration };
    this.modelIds = (this.primary?.modelIds ?? []).filter((m) => loaded.every((g) => g.templateLabels.length === 0 || g.modelIds.includes(m)));

    const labelOf = new Map<string, number>();
    const add = (id: string, record: GalleryPerformer): number => {
      const label = this.templateLabels.length;
      this.templateLabels.push(id);
      this.refs.push([]);
      labelOf.set(id, label);
      this.records.set(id, record);
      return label;
    };
    if (shared) {
      const toUnion = new Int32Array(shared.templateLabels.length);
      shared.templateLabels.forEach((id, i) => {
        const label = labelOf.get(id) ?? add(id, { ...shared.performer(id)!, origin: 'SHARED' });
        this.refs[label].push([this.members.length, i]);
        toUnion[i] = label;
      });
      this.members.push({ db: shared, toUnion });
    }
    if (local) {
      const toUnion = new Int32Array(local.templateLabels.length);
      local.templateLabels.forEach((id, i) => {
        const record = local.performer(id)!;
        const sharedId = [id, ...(record.stash_box_ids ?? [])].find((key) => shared?.performer(key));
        let label: number;
        if (sharedId !== undefined && labelOf.has(sharedId)) {
          label = labelOf.get(sharedId)!;
          const both = this.records.get(sharedId)!;
          this.records.set(sharedId, { ...both, origin: 'BOTH', local_id: record.local_id, face_count: both.face_count + record.face_count });
        } else {
          label = labelOf.get(id) ?? add(id, { ...record, origin: 'LOCAL' });
        }
        this.refs[label].push([this.members.length, i]);
        toUnion[i] = label;
      });
      this.members.push({ db: local, toUnion });
    }
  }

  /** Galleries that hold templates (an empty local gallery has no template indexes to search). */
  private get searchable(): Member[] {
    return this.members.filter((m) => m.db.templateLabels.length > 0);
  }

  get performerCount(): number {
    return this.templateLabels.length;
  }

  performer(id: string): PerformerRecord | undefined {
    return this.records.get(id);
  }

  tierFor(faceWidth: number): SizeTier {
    return this.primary?.tierFor(faceWidth) ?? 'full';
  }

  searchTemplates(modelId: string, tier: SizeTier, query: Float32Array, k: number): Neighbour[] {
    const best = new Map<number, number>();
    for (const m of this.searchable) {
      for (const n of m.db.searchTemplates(modelId, tierIn(m.db, tier), query, k)) {
        const label = m.toUnion[n.label];
        best.set(label, Math.max(best.get(label) ?? -Infinity, n.similarity));
      }
    }
    return [...best]
      .map(([label, similarity]) => ({ label, similarity }))
      .sort((a, b) => b.similarity - a.similarity)
      .slice(0, k);
  }

  templateSimilarity(modelId: string, tier: SizeTier, label: number, query: Float32Array): number {
    const refs = this.refs[label];
    if (refs.length === 1) {
      const [member, own] = refs[0];
      const db = this.members[member].db;
      return db.templateSimilarity(modelId, tierIn(db, tier), own, query);
    }
    const template = this.pooledTemplate(modelId, tier, label);
    let dot = 0;
    for (let i = 0; i < template.length; i++) dot += template[i] * query[i];
    return dot;
  }

  /** A performer's template (unit length; pooled over both galleries for a performer present in both). */
  templateVector(modelId: string, tier: SizeTier, label: number): Float32Array {
    const refs = this.refs[label];
    if (refs.length === 1) {
      const [member, own] = refs[0];
      const db = this.members[member].db;
      return l2normalize(db.templateVector(modelId, tierIn(db, tier), own));
    }
    return this.pooledTemplate(modelId, tier, label);
  }

  private pooledTemplate(modelId: string, tier: SizeTier, label: number): Float32Array {
    const key = `${modelId}\0${tier}\0${label}`;
    let template = this.pooled.get(key);
    if (!template) {
      template = this.poolTemplates(modelId, tier, this.refs[label]);
      this.pooled.set(key, template);
    }
    return template;
  }

  private poolTemplates(modelId: string, tier: SizeTier, refs: Array<[number, number]>): Float32Array {
    let sum: Float32Array | undefined;
    for (const [member, own] of refs) {
      const db = this.members[member].db;
      const vector = l2normalize(db.templateVector(modelId, tierIn(db, tier), own));
      const weight = Math.max(1, db.performer(db.templateLabels[own])?.face_count ?? 1);
      sum ??= new Float32Array(vector.length);
      for (let i = 0; i < vector.length; i++) sum[i] += weight * vector[i];
    }
    return l2normalize(sum!);
  }
}

/** The tier a gallery holds for a tier asked of the union (galleries built with other tiers take their nearest). */
function tierIn(db: FaceDatabase, tier: SizeTier): SizeTier {
  const tiers = db.templateTiers;
  if (tiers.includes(tier)) return tier;
  return db.tierFor(tier === 'full' ? Number.POSITIVE_INFINITY : tier);
}
