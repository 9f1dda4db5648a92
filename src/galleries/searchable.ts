import type { Calibration, PerformerRecord, SizeTier } from '../database/format.js';
import type { Neighbour } from '../database/hnsw.js';
import type { SettledProfile } from '../vision/profile.js';

/**
 * What matching needs of a gallery: one loaded package (FaceDatabase) or the galleries searched as one
 * (GalleryUnion). Template labels are positions in `templateLabels`, one per distinct performer.
 */
export interface SearchableGallery {
  readonly version: string;
  /** The vision profile photos are probed with while this gallery serves (see vision/profile.ts). */
  readonly profile: SettledProfile | undefined;
  readonly manifest: { readonly calibration: Calibration };
  readonly modelIds: string[];
  readonly templateLabels: readonly string[];
  tierFor(faceWidth: number): SizeTier;
  searchTemplates(modelId: string, tier: SizeTier, query: Float32Array, k: number): Neighbour[];
  templateSimilarity(modelId: string, tier: SizeTier, label: number, query: Float32Array): number;
  performer(id: string): PerformerRecord | undefined;
}

/** Whatever serves galleries to a request: one snapshot per request, or DATABASE_NOT_LOADED saying why. */
export interface GallerySource {
  readonly current: SearchableGallery | undefined;
  require(): SearchableGallery;
}

/** Where a performer was found: the shared database, the user's own library (local gallery), or both. */
export type PerformerOrigin = 'SHARED' | 'LOCAL' | 'BOTH';

/** A performer record as the galleries searched together answer it. */
export interface GalleryPerformer extends PerformerRecord {
  origin: PerformerOrigin;
}

/**
 * The gallery entries of the user's Stash performer `localId` that only the local gallery knows: asked "who is this
 * performer on StashDB?", the performer's own profile photo enrolled locally is no answer, and as a candidate it would
 * take the confidence from the real one. A performer the shared database knows too (origin BOTH) is not listed.
 */
export function localOnlyEntries(db: SearchableGallery, localId: string): Set<string> {
  const ids = new Set<string>();
  for (const id of db.templateLabels) {
    const p = db.performer(id) as (PerformerRecord & { origin?: PerformerOrigin }) | undefined;
    if (p?.local_id === localId && p.origin !== 'BOTH') ids.add(id);
  }
  return ids;
}
