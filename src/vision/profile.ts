import { AppError } from '../errors.js';
import type { DetectOptions } from './detectors/detection.js';

/**
 * Everything that decides which vector a photo's face becomes, apart from the pixels: the detector and the size and
 * threshold it runs at (its keypoints steer the alignment), and per embedder the alignment template and the
 * preprocessing. The builder writes the profile it enrolled with into the manifest; the sidecar checks it at load
 * and detects single images with the database's profile, so a face embedded at build time and at query time takes
 * the same code with the same parameters (and gives the same bits).
 *
 * Scene tiles and frames are detected with their own sizes and thresholds (identify/scene sources): they are probes
 * of another kind, matched against degraded-size templates, not photos.
 */
export interface VisionProfile {
  detector: {
    id: string;
    sha256: string;
    /** Long side, in pixels, the image is scaled to for the detector. */
    input_size: number;
    /** Faces scoring below this are not faces. */
    min_score: number;
  };
  embedders: Array<{
    id: string;
    sha256: string;
    dim: number;
    chip_size: number;
    /** Five-point template (eyes, nose, mouth corners) in chip pixels. */
    template: Array<[number, number]>;
    preprocessing: string;
  }>;
}

/** The detector input a database written before profiles existed was built with (the builder always used 640). */
export const LEGACY_DETECT_SIZE = 640;

/** The detect options a profile stands for. */
export function profileDetectOptions(profile: VisionProfile): Required<Pick<DetectOptions, 'inputSize' | 'minScore'>> {
  return { inputSize: profile.detector.input_size, minScore: profile.detector.min_score };
}

export interface SettledProfile {
  /** The profile to detect and embed photos with while this database serves. */
  profile: VisionProfile;
  /** What was adopted from the database, for the log and `health`. */
  adopted: string[];
}

/**
 * Compares a database's profile with the running engine's and returns the one to use.
 * - Embedders (model file, template, preprocessing) and the detector model must be the same: the vectors would not
 *   be comparable, and the sidecar cannot swap models under a running server. Refused (DATABASE_INVALID).
 * - Detector input size and threshold are adopted from the database, unless the operator pinned the size
 *   (`DETECT_SIZE`) to another value: then the database is refused, saying how to fix it.
 * A database without a profile (built before profiles) is taken as the legacy builder made it: 640 px input, the
 * detector's default threshold.
 */
export function settleProfile(database: VisionProfile | undefined, running: VisionProfile, pinnedDetectSize?: number): SettledProfile {
  const adopted: string[] = [];
  const db = database ?? { ...running, detector: { ...running.detector, input_size: LEGACY_DETECT_SIZE } };
  if (!database) adopted.push(`the database has no vision profile (built before profiles): detecting photos at ${LEGACY_DETECT_SIZE} px as its builder did`);
  const d = db.detector, r = running.detector;
  if (d.id !== r.id || d.sha256 !== r.sha256) {
    throw new AppError(
      'DATABASE_INVALID',
      `The database was built with the face detector ${d.id} (sha256 ${d.sha256.slice(0, 12)}…) but this sidecar runs ${r.id} (${r.sha256.slice(0, 12)}…): set DETECTOR=${d.id} or use a database built with ${r.id}.`,
    );
  }
  for (const e of db.embedders) {
    const mine = running.embedders.find((m) => m.id === e.id);
    if (!mine) continue; // reported by the model-pin check, which knows which models are loaded
    const same =
      mine.sha256 === e.sha256 &&
      mine.dim === e.dim &&
      mine.chip_size === e.chip_size &&
      mine.preprocessing === e.preprocessing &&
      JSON.stringify(mine.template) === JSON.stringify(e.template);
    if (!same) {
      throw new AppError(
        'DATABASE_INVALID',
        `The database aligned or prepared ${e.id} faces differently (${e.chip_size} px chip, "${e.preprocessing}") than this sidecar does (${mine.chip_size} px, "${mine.preprocessing}"): its vectors cannot be compared. Use a database built by this sidecar version's builder.`,
      );
    }
  }
  if (pinnedDetectSize !== undefined && pinnedDetectSize !== d.input_size) {
    throw new AppError(
      'DATABASE_INVALID',
      `The database was built detecting faces at ${d.input_size} px, but DETECT_SIZE=${pinnedDetectSize} is set: faces would be found and aligned differently from its references. Unset DETECT_SIZE to use the database's ${d.input_size} px, or rebuild the database with processing.detect_size ${pinnedDetectSize}.`,
    );
  }
  if (database && d.input_size !== r.input_size) adopted.push(`detector input ${d.input_size} px (this sidecar's default: ${r.input_size})`);
  if (d.min_score !== r.min_score) adopted.push(`detector threshold ${d.min_score} (this sidecar's default: ${r.min_score})`);
  return { profile: { detector: { ...r, input_size: d.input_size, min_score: d.min_score }, embedders: running.embedders }, adopted };
}
