import { AppError, errorMessage } from '../errors.js';
import type { RgbImage } from '../vision/decode.js';
import { extractFrame, type ExtractedFrame, type ExtractOptions } from './ffmpeg.js';

/** The most frames one request may ask for (each is an ffmpeg run and a 1080p detection). */
export const MAX_FRAME_COUNT = 200;

/** `count` times evenly spread over 5%-95% of the scene (intros, credits and fades sit at the very ends). */
export function frameTimes(duration: number, count: number): number[] {
  if (count <= 1) return [duration / 2];
  return Array.from({ length: count }, (_, i) => duration * (0.05 + (0.9 * i) / (count - 1)));
}

export interface StreamFramesOptions extends ExtractOptions {
  /** ffmpeg processes at once (each mostly waits on HTTP and decodes one GOP). */
  concurrency: number;
  /** Called as soon as a frame is decoded, so detection overlaps with the next extractions. */
  onFrame(frame: { index: number; time: number; image: RgbImage }): Promise<void>;
  onError?(time: number, error: unknown): void;
  onStart?(index: number): void;
}

/** After this many failed extractions with none succeeding, the stream is taken to be unreadable. */
const GIVE_UP_AFTER = 3;

const MIN_KEYFRAME_TOLERANCE = 2;

/**
 * A frame near `time`: the keyframe before it when that is close enough (one frame decoded: fast on long scenes,
 * whose frames are tens of seconds apart), else the exact frame (decoding from that keyframe). `tolerance` is half
 * the spacing of the requested times, so frames stay spread over the scene whatever its keyframe interval.
 */
export async function frameNear(ffmpeg: string, url: string, time: number, tolerance: number, options: ExtractOptions): Promise<ExtractedFrame | undefined> {
  // Frames closer together than common keyframe intervals (2-10 s): the keyframe would rarely do.
  if (tolerance < MIN_KEYFRAME_TOLERANCE) return extractFrame(ffmpeg, url, time, { ...options, accurate: true });
  const keyframe = await extractFrame(ffmpeg, url, time, { ...options, accurate: false });
  if (keyframe && Math.abs(keyframe.time - time) <= tolerance) return keyframe;
  return (await extractFrame(ffmpeg, url, time, { ...options, accurate: true })) ?? keyframe;
}

/**
 * Extracts frames at the given times with bounded concurrency. A frame that fails is skipped (logged by `onError`);
 * when the first extractions all fail, the rest are not tried and FFMPEG_FAILED (the first reason) is thrown.
 * Returns how many frames were delivered.
 */
export async function extractFrames(ffmpeg: string, url: string, times: readonly number[], options: StreamFramesOptions): Promise<number> {
  let next = 0, delivered = 0, failed = 0;
  const spacing = times.length > 1 ? (times.at(-1)! - times[0]) / (times.length - 1) : Infinity;
  const tolerance = Math.max(0.5, spacing / 2);
  const seen = new Set<number>();
  let firstError: unknown;
  const worker = async () => {
    while (next < times.length) {
      if (delivered === 0 && failed >= GIVE_UP_AFTER) return;
      const index = next++;
      let frame: ExtractedFrame | undefined;
      options.onStart?.(index);
      try {
        frame = await frameNear(ffmpeg, url, times[index], tolerance, options);
      } catch (e) {
        failed++;
        firstError ??= e;
        options.onError?.(times[index], e);
        continue;
      }
      if (!frame) continue; // past the end of the stream
      // Two requested times can land on one frame (a scene shorter than its frame count); use it once.
      const key = Math.round(frame.time * 1000);
      if (seen.has(key)) continue;
      seen.add(key);
      delivered++;
      await options.onFrame({ index, time: frame.time, image: frame.image });
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(options.concurrency, times.length)) }, worker));
  if (delivered === 0 && failed > 0) {
    throw firstError instanceof AppError ? firstError : new AppError('FFMPEG_FAILED', `ffmpeg could not extract frames: ${errorMessage(firstError)}.`);
  }
  return delivered;
}
