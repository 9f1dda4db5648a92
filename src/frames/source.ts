import type { DetectOptions } from '../vision/detectors/detection.js';
import type { SceneFrame } from './sprite.js';

/** Which pictures of a scene are searched (the GraphQL enum FramesMode). */
export type FramesMode = 'SPRITE' | 'FRAMES' | 'AUTO';

/** One picture to search: a single image (index 0), a sprite tile or an extracted frame. */
export type Frame = SceneFrame;

/** Where a source reports the time its stages take (identify's SpanTimer). */
export interface StageClock {
  span<T>(stage: string, fn: () => Promise<T>): Promise<T>;
  add(stage: string, ms: number): void;
  record(stage: string, start: number, end: number): void;
}

/** Where a source reports how far it is (identify's progress reporter). */
export interface ProgressSink {
  set(fields: Record<string, unknown>): void;
}

/**
 * Pictures to identify, from wherever they come (an image URL or upload, a Stash image or performer, a sprite sheet,
 * a scene's stream). Identify runs one pipeline over every source: frames -> faces -> persons -> matches.
 */
export interface FrameSource {
  /** What the answer reports as `source`: null for a single image. */
  readonly mode: Exclude<FramesMode, 'AUTO'> | null;
  /** Whether frames have times in a scene (a single image has none: no timestamps). */
  readonly timed: boolean;
  /** Log fields that say what is being identified (never a secret). */
  readonly describe: Record<string, unknown>;
  /**
   * The Stash ids behind the frames, by frame index (a gallery's images): its frames are one group (persons across
   * them, as in a scene) without times, and each person says which of these pictures it is in.
   */
  readonly pictures?: readonly string[];
  /** The answer carries the frame itself (the frame on screen: the panel draws the boxes on it). */
  readonly returnsFrame?: boolean;
  /** How faces are detected in a frame of this source. */
  detectOptions(frame: Frame): DetectOptions;
  /**
   * Delivers the frames to `onFrame` (with the concurrency the source allows; frames may overlap) and returns how
   * many were used.
   */
  run(onFrame: (frame: Frame) => Promise<void>, clock: StageClock, progress: ProgressSink): Promise<number>;
  /** A source to use instead when this one fails with `error` (AUTO mode: the sprite when ffmpeg fails). */
  fallback?(error: unknown): FrameSource | undefined;
}
