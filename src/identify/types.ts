import type { PerformerRecord } from '../database/format.js';
import type { AnalyzedFace } from '../vision/engine.js';
import type { Box } from '../vision/geometry.js';
import type { Embeddings } from '../vision/vectors.js';

export type { FramesMode } from '../frames/source.js';
import type { FramesMode } from '../frames/source.js';

/** What a caller asks identify for; exactly one source (an image, a Stash id, or a sprite sheet). */
export interface IdentifyRequest {
  image_url?: string | null;
  image?: File | null;
  image_id?: string | null;
  performer_id?: string | null;
  scene_id?: string | null;
  sprite_url?: string | null;
  vtt_url?: string | null;
  frames_mode?: FramesMode | null;
  frame_count?: number | null;
  /** With scene_id: identify the one full-resolution frame at this time (the frame on screen), face by face. */
  frame_time?: number | null;
  max_results?: number | null;
  min_confidence?: number | null;
  /**
   * Internal (library runs, not in GraphQL): a Stash gallery's images, already listed and capped by the caller, and
   * the performers on the gallery. Its images are searched as one group: one person across them.
   */
  gallery?: IdentifyGallery | null;
}

/** A gallery as identify searches it (src/library/stash-galleries.ts lists it). */
export interface IdentifyGallery {
  id: string;
  pictures: Array<{ id: string; url: string }>;
  performers: Array<{ id: string; stash_ids: Array<{ endpoint: string; stash_id: string }> }>;
}

export interface MatchResult {
  performer: PerformerRecord;
  confidence: number;
  distance: number;
  /** For scenes: the performer is already on the scene in Stash. Null when not known. */
  already_tagged: boolean | null;
}

/** One face in an image, or one clustered person in a scene. */
export interface PersonResult {
  id: string;
  box: Box | null;
  face_count: number;
  timestamps: number[];
  face_size: number;
  detection_score: number;
  thumbnail: string | null;
  low_evidence: boolean;
  matches: MatchResult[];
  /** Gallery persons: the gallery's images the person is in, the image of its best face (the thumbnail) first. */
  image_ids?: string[] | null;
  /** Internal (not in GraphQL), for kept results: the per-model mean embedding that was searched ... */
  embeddings?: Record<string, Float32Array>;
  /** ... at this face width (the median of the person's faces) ... */
  search_size?: number;
  /** ... averaged over this many faces. A re-match after a database update needs only these. */
  faces?: number;
}

export interface IdentifyResult {
  persons: PersonResult[];
  source: FramesMode | null;
  frames_used: number;
  database_version: string | null;
  timings: Array<{ stage: string; ms: number }>;
  /** For scenes: seconds between the sampled pictures (sprite cues or frames): timestamps this far apart belong to
   * one appearance. */
  frame_step?: number | null;
  /** For frame_time: the frame that was searched (boxes are in its pixels). */
  frame?: FrameInfo | null;
  /** Internal: the stash ids of the performers already on the scene (kept results re-match against them). */
  tagged?: Array<{ endpoint: string; stash_id: string }>;
  /** Internal: the scene file's fingerprint (a kept result is "done" for this file only). */
  fingerprint?: string | null;
}

/**
 * What identify knows about one person beyond the GraphQL answer, for code that hooks in after matching (kept
 * results, local enrolment): the person's faces as embedded and its per-model mean embedding. Never sent to clients.
 */
export interface IdentifiedPerson {
  result: PersonResult;
  faces: AnalyzedFace[];
  /** Per-model re-normalised mean of the faces' embeddings (what the person was matched with). */
  embeddings: Embeddings;
}

/** The answer and the internals of one identify run. */
export interface IdentifyOutcome {
  result: IdentifyResult;
  persons: IdentifiedPerson[];
}

/** The frame a frame_time request searched: where it really is, its size, and a JPEG of it for the panel. */
export interface FrameInfo {
  time: number;
  width: number;
  height: number;
  /** A JPEG data URL, at most 1280 px wide. */
  image: string;
}

/** What a watcher of one scene run is told (the progressive answer, `identifySceneProgress`). */
export interface SceneProgress {
  /** "sprite": the fast answer from the sprite sheet; "frames": full frames being read; "done". */
  stage: 'sprite' | 'frames' | 'done';
  frames_done: number;
  frames_total: number;
  /** true on the last event: `result` is the answer. */
  final: boolean;
  /**
   * The answer so far when it changed (null on progress-only events): the sprite's, then persons from the frames
   * read so far, then the final one.
   */
  result: IdentifyResult | null;
}
