/**
 * Which faces of a person's photos become references: the per-face rules (one photo at a time) and the selection
 * rules (across a person's photos). The builder reads them from its config (`faces:`); local enrolment uses the
 * defaults. They change which faces are kept, never how a kept face is embedded (that is the vision profile).
 */
export interface EnrolmentRules {
  /** Faces narrower than this (px, the detector box's long side) are rejected. */
  min_face_size: number;
  /** Minimum detector score; unset: the detector's own threshold (the sidecar's too). */
  min_score?: number;
  /** 0 = profile, 1 = frontal; faces below are rejected. */
  min_frontal: number;
  /** Faces embedded per image at most (the largest); crowd photos are rarely about one performer. */
  max_faces_per_image: number;
  /** Cosine (primary embedder) a face needs to its performer's other faces to count as the same person. */
  consistency_threshold: number;
  /** In an image whose performer has no other faces, the largest face wins only if it is this much larger. */
  dominance_ratio: number;
  /** Faces at least this similar to a better face of the same performer are near-duplicates. */
  duplicate_threshold: number;
  /** Faces kept per performer at most (best quality first). */
  max_faces_per_performer: number;
  /** Degraded-copy template tiers (face widths in px, RECOGNITION.md). */
  template_tiers: number[];
}

export type PhotoRules = Pick<EnrolmentRules, 'min_face_size' | 'min_score' | 'min_frontal' | 'max_faces_per_image'>;
export type SelectionRules = Pick<EnrolmentRules, 'consistency_threshold' | 'dominance_ratio' | 'duplicate_threshold' | 'max_faces_per_performer'>;

export const DEFAULT_ENROLMENT_RULES: EnrolmentRules = {
  min_face_size: 40,
  min_frontal: 0.25,
  max_faces_per_image: 10,
  consistency_threshold: 0.35,
  dominance_ratio: 1.5,
  duplicate_threshold: 0.95,
  max_faces_per_performer: 10,
  template_tiers: [32, 24, 16],
};
