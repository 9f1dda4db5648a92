import { AppError, errorMessage } from '../errors.js';
import type { Logger } from '../log.js';
import type { StashScene } from '../stash/client.js';
import type { RgbImage } from '../vision/decode.js';
import type { DetectOptions } from '../vision/detectors/detection.js';
import type { FfmpegLocator } from './ffmpeg.js';
import { safeUrl } from './ffmpeg.js';
import type { FrameSource, FramesMode } from './source.js';
import { loadSpriteFrames } from './sprite.js';
import { onStash } from './stash-url.js';
import { extractFrames, frameTimes } from './stream.js';

/**
 * Detector score floors. YuNet's default (0.85) was tuned on photos. On the synthetic benchmark's tiles (detector
 * input 320) it finds 78% of the faces, at 0.5 92% (at 0.3, 94% but the first false faces); false faces that real
 * scenes have end up in small persons that are reported as low-evidence, not named. In 1080p frames 0.6 finds 99.8%
 * of the faces (0.85: 97%) with no false ones.
 */
export const SPRITE_MIN_SCORE = 0.5;
export const FRAME_MIN_SCORE = 0.6;
/**
 * Detector input for a tile: twice its long side (320 for Stash's 160x90). Upscaling helps landmarks
 * (RECOGNITION.md); measured on the synthetic sprites, 2x names the same performers as 4x (640) with per-face
 * rank-1 89.9% vs 88.7%, at a third of the detection time; it finds fewer of the 12-14 px faces, which cannot be
 * named anyway.
 */
export function tileInputSize(image: RgbImage): number {
  return Math.min(640, Math.max(320, 2 * Math.max(image.width, image.height)));
}
/** Tiles analysed at once: enough for the batching runner to group same-shape detector inputs and face chips. */
const TILE_CONCURRENCY = 16;
/**
 * ffmpeg processes at once: for close frames, each reads one span of them straight through (stream.ts). Measured
 * on the 40-frame 1080p H.264 MP4 scene on 2 cores: 2 and 3 give the same final answer time (8.6-9.2 s), 2 with
 * fewer processes competing with detection.
 */
const FFMPEG_CONCURRENCY = 2;

export interface SceneSourceDeps {
  /** The guarded fetch (allowed origins, size and time limits). */
  fetch(url: string, what: string): Promise<Uint8Array>;
  decode(bytes: Uint8Array): Promise<RgbImage>;
  ffmpeg: FfmpegLocator;
  stashUrl?: string;
  stashApiKey?: string;
  fetchTimeoutMs: number;
  log: Logger;
  /** Aborted when the client goes away or cancels: every ffmpeg is killed at once. */
  signal?: AbortSignal;
}

/** A sprite sheet and its VTT: one frame per tile, searched with tile-sized detection. */
export function spriteSource(sprite: { vttUrl: string; spriteUrl?: string; sceneId?: string }, deps: SceneSourceDeps): FrameSource {
  return {
    mode: 'SPRITE',
    timed: true,
    describe: sprite.sceneId ? { scene_id: sprite.sceneId, mode: 'SPRITE' } : { vtt_url: safeUrl(sprite.vttUrl), mode: 'SPRITE' },
    detectOptions: (frame) => ({ minScore: SPRITE_MIN_SCORE, inputSize: tileInputSize(frame.image) }),
    async run(onFrame, clock, progress) {
      progress.set({ stage: 'fetch' });
      const frames = await loadSpriteFrames(
        sprite,
        {
          fetch: async (url, what) => {
            try {
              return await deps.fetch(url, what);
            } catch (e) {
              // Stash answers 404 until sprites are generated for the scene.
              if (sprite.sceneId && e instanceof AppError && e.code === 'FETCH_FAILED' && e.extensions.status === 404) {
                throw new AppError('NOT_FOUND', `Scene ${sprite.sceneId} has no ${what} in Stash yet (Tasks > Generate > Sprites).`);
              }
              throw e;
            }
          },
          decode: deps.decode,
        },
        { fetch: (ms) => clock.add('fetch', ms), decode: (ms) => clock.add('decode', ms) },
      );
      progress.set({ stage: 'detect', frames_total: frames.length, frames_done: 0 });
      let next = 0;
      const worker = async () => {
        while (next < frames.length) await onFrame(frames[next++]);
      };
      await Promise.all(Array.from({ length: TILE_CONCURRENCY }, worker));
      return frames.length;
    },
  };
}

/** Full-resolution frames of a scene's stream, extracted with ffmpeg through the relay (the API key never leaves STASH_URL's origin). */
export function streamSource(scene: StashScene, count: number, deps: SceneSourceDeps): FrameSource {
  return {
    mode: 'FRAMES',
    timed: true,
    describe: { scene_id: scene.id, mode: 'FRAMES' },
    detectOptions: () => ({ minScore: FRAME_MIN_SCORE }),
    async run(onFrame, clock, progress) {
      const ffmpeg = await deps.ffmpeg.require();
      const url = onStash(scene.paths.stream!, deps.stashUrl);
      const times = frameTimes(scene.files[0].duration, count);
      progress.set({ stage: 'extract', frames_total: times.length, frames_done: 0 });
      const starts = new Map<number, number>();
      return extractFrames(ffmpeg, url, times, {
        concurrency: FFMPEG_CONCURRENCY,
        signal: deps.signal,
        timeoutMs: deps.fetchTimeoutMs,
        // ffmpeg reads through a loopback relay that alone holds the key and stays on Stash's origin.
        relay: { origin: deps.stashUrl ? new URL(deps.stashUrl).origin : '', apiKey: deps.stashApiKey },
        onStart: (index) => starts.set(index, performance.now()),
        // The frame's pixels are lent (reused for a later frame once this returns): identify keeps only face crops.
        onFrame: async (frame) => {
          clock.record('fetch', starts.get(frame.index) ?? performance.now(), performance.now());
          await onFrame(frame);
        },
        onError: (time, e) => deps.log.warn('frame extraction failed', { scene_id: scene.id, time, error: errorMessage(e) }),
      });
    },
  };
}

/**
 * The one full-resolution frame of a scene at `time` (the frame on screen): an exact seek through the stream relay,
 * searched as a photo is (face by face, with boxes); the answer carries the frame for the panel to draw on.
 */
export function frameAtSource(scene: StashScene, time: number, detect: DetectOptions, deps: SceneSourceDeps): FrameSource {
  const duration = scene.files[0]?.duration ?? 0;
  if (!scene.paths.stream || !(duration > 0)) throw new AppError('BAD_USER_INPUT', `Scene ${scene.id} has no video file to take a frame from.`);
  if (!(time >= 0 && time <= duration)) {
    throw new AppError('BAD_USER_INPUT', `frame_time must be between 0 and the scene's ${duration.toFixed(1)} s (got ${time}).`);
  }
  return {
    mode: 'FRAMES',
    timed: false,
    returnsFrame: true,
    describe: { scene_id: scene.id, frame_time: time },
    detectOptions: () => detect,
    async run(onFrame, clock, progress) {
      const ffmpeg = await deps.ffmpeg.require();
      progress.set({ stage: 'extract', frames_total: 1, frames_done: 0 });
      const start = performance.now();
      let delivered = 0;
      // The last frame of a file is often not decodable at its exact duration: a little before it.
      await extractFrames(ffmpeg, onStash(scene.paths.stream!, deps.stashUrl), [Math.min(time, Math.max(0, duration - 0.05))], {
        concurrency: 1,
        signal: deps.signal,
        timeoutMs: deps.fetchTimeoutMs,
        relay: { origin: deps.stashUrl ? new URL(deps.stashUrl).origin : '', apiKey: deps.stashApiKey },
        exact: true,
        onFrame: async (frame) => {
          clock.record('fetch', start, performance.now());
          delivered++;
          await onFrame(frame);
        },
      });
      if (!delivered) throw new AppError('NOT_FOUND', `Scene ${scene.id} has no frame at ${time.toFixed(2)} s.`);
      return 1;
    },
  };
}

/** Whether full frames can be read for a scene: a playable file and ffmpeg. */
export async function canReadFrames(scene: StashScene, deps: SceneSourceDeps): Promise<boolean> {
  const file = scene.files[0];
  return !!scene.paths.stream && !!file && file.duration > 0 && !!(await deps.ffmpeg.status()).path;
}

/** The scene's sprite sheet, its URLs moved onto STASH_URL. */
export function sceneSpriteSource(scene: StashScene, deps: SceneSourceDeps): FrameSource {
  if (!scene.paths.vtt) throw new AppError('NOT_FOUND', `Scene ${scene.id} has no sprite sheet in Stash (Tasks > Generate > Sprites).`);
  return spriteSource(
    { vttUrl: onStash(scene.paths.vtt, deps.stashUrl), spriteUrl: scene.paths.sprite ? onStash(scene.paths.sprite, deps.stashUrl) : undefined, sceneId: scene.id },
    deps,
  );
}

/**
 * A Stash scene in the requested mode. AUTO: frames when the scene has a playable file and ffmpeg is there, else the
 * sprite; AUTO frames that ffmpeg cannot extract fall back to the sprite.
 */
export async function sceneSource(scene: StashScene, requested: FramesMode, count: number, deps: SceneSourceDeps): Promise<FrameSource> {
  if (requested === 'SPRITE') return sceneSpriteSource(scene, deps);
  const file = scene.files[0];
  const playable = !!scene.paths.stream && !!file && file.duration > 0;
  if (requested === 'FRAMES') {
    if (!playable) throw new AppError('BAD_USER_INPUT', `Scene ${scene.id} has no video file with a duration to extract frames from.`);
    await deps.ffmpeg.require();
    return streamSource(scene, count, deps);
  }
  if (!(await canReadFrames(scene, deps))) return sceneSpriteSource(scene, deps);
  return {
    ...streamSource(scene, count, deps),
    fallback: (e) => {
      if (!(e instanceof AppError) || e.code !== 'FFMPEG_FAILED') return undefined;
      deps.log.warn('scene frames could not be extracted; using the sprite sheet', { scene_id: scene.id, reason: e.message });
      return sceneSpriteSource(scene, deps);
    },
  };
}
