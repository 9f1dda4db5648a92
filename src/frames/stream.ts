import { AppError, errorMessage } from '../errors.js';
import type { RgbImage } from '../vision/decode.js';
import { extractFrame, extractSpan, type ExtractedFrame, type ExtractOptions } from './ffmpeg.js';
import { openStreamRelay, type RelayOptions } from './stream-relay.js';

/** The most frames one request may ask for (each is an ffmpeg run and a 1080p detection). */
export const MAX_FRAME_COUNT = 200;

/** `count` times evenly spread over 5%-95% of the scene (intros, credits and fades sit at the very ends). */
export function frameTimes(duration: number, count: number): number[] {
  if (count <= 1) return [duration / 2];
  return Array.from({ length: count }, (_, i) => duration * (0.05 + (0.9 * i) / (count - 1)));
}

export interface StreamFramesOptions extends Omit<ExtractOptions, 'accurate'> {
  /** ffmpeg processes at once. */
  concurrency: number;
  /** Stash's origin and API key: the stream is read through a loopback relay (stream-relay.ts), never directly. */
  relay: Omit<RelayOptions, 'timeoutMs'>;
  /**
   * Called as soon as a frame is decoded, so detection overlaps with the next extractions. A span's frames are lent
   * (extractSpan): their pixels are reused once the returned promise fulfils, so copy what must outlive the call.
   */
  onFrame(frame: { index: number; time: number; image: RgbImage }): Promise<void>;
  onError?(time: number, error: unknown): void;
  onStart?(index: number): void;
  /** A seek per frame whatever the spacing (benchmarks compare the strategies). */
  forceSeeks?: boolean;
  /** The exact frames asked for, never a keyframe near them (the frame on screen). */
  exact?: boolean;
}

/** After this many failed extractions with none succeeding, the stream is taken to be unreadable. */
const GIVE_UP_AFTER = 3;

const MIN_KEYFRAME_TOLERANCE = 2;

/**
 * Below this spacing of the wanted frames, one ffmpeg decodes straight through a span of them (extractSpan) instead
 * of seeking to each. A seek decodes from the keyframe before the frame: half a keyframe interval on average (x264's
 * default is 10 s, other encoders 2-5 s), so frames closer than about a keyframe interval cost less read in a row.
 * Measured on the 81 s 1080p H.264 MP4 (40 frames, 1.8 s apart, keyframes 10 s apart; bench/frames.ts): a seek per
 * frame 22 ffmpeg CPU-seconds, spans 4.6-5.9; on the 1 fps VP8 WebM 9.0 against 1.6-1.8.
 */
export const SPAN_BELOW_SECONDS = 12;

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
 * Extracts frames at the given (evenly spaced, ascending) times from Stash's stream URL with at most
 * `concurrency` ffmpeg processes, through a loopback relay that holds the API key and refuses redirects off Stash's
 * origin. Close frames are read in `concurrency` spans, one process each; far-apart frames by a seek each. A frame
 * that fails is skipped (logged by `onError`); when nothing could be read, FFMPEG_FAILED (the first reason), or
 * FORBIDDEN_ORIGIN when the relay refused a redirect. Aborting `signal` kills every ffmpeg at once.
 * Returns how many frames were delivered.
 */
export async function extractFrames(ffmpeg: string, streamUrl: string, times: readonly number[], options: StreamFramesOptions): Promise<number> {
  const relay = await openStreamRelay(streamUrl, { ...options.relay, timeoutMs: options.timeoutMs });
  const seen = new Set<number>();
  let delivered = 0;
  const deliver = async (index: number, frame: ExtractedFrame) => {
    // Two requested times can land on one frame (a scene shorter than its frame count); use it once.
    const key = Math.round(frame.time * 1000);
    if (seen.has(key)) return;
    seen.add(key);
    delivered++;
    await options.onFrame({ index, time: frame.time, image: frame.image });
  };
  try {
    const spacing = times.length > 1 ? (times.at(-1)! - times[0]) / (times.length - 1) : Infinity;
    const failures = spacing < SPAN_BELOW_SECONDS && !options.forceSeeks
      ? await bySpans(ffmpeg, relay.url, times, spacing, options, deliver)
      : await bySeeks(ffmpeg, relay.url, times, spacing, options, deliver, () => delivered);
    options.signal?.throwIfAborted();
    const refused = relay.refused();
    if (refused) throw refused;
    if (delivered === 0 && failures.length > 0) {
      const first = failures[0];
      throw first instanceof AppError ? first : new AppError('FFMPEG_FAILED', `ffmpeg could not extract frames: ${errorMessage(first)}.`);
    }
    return delivered;
  } finally {
    await relay.close();
  }
}

type Deliver = (index: number, frame: ExtractedFrame) => Promise<void>;

/** `concurrency` contiguous runs of the times, each read by one ffmpeg (extractSpan). Returns the failures. */
async function bySpans(ffmpeg: string, url: string, times: readonly number[], step: number, options: StreamFramesOptions, deliver: Deliver): Promise<unknown[]> {
  const parts = Math.max(1, Math.min(options.concurrency, times.length));
  const size = Math.ceil(times.length / parts);
  const failures: unknown[] = [];
  await Promise.all(
    Array.from({ length: parts }, async (_, p) => {
      const first = p * size;
      const count = Math.min(size, times.length - first);
      if (count <= 0) return;
      options.onStart?.(first);
      let k = 0;
      try {
        await extractSpan(ffmpeg, url, { start: times[first], step, count }, {
          ...options,
          onFrame: (frame) => deliver(first + Math.min(k++, count - 1), frame),
        });
      } catch (e) {
        if (options.signal?.aborted) throw e;
        failures.push(e);
        options.onError?.(times[first], e);
      }
    }),
  );
  return failures;
}

/** A seek per time (frameNear), `concurrency` at a time. Returns the failures. */
async function bySeeks(
  ffmpeg: string,
  url: string,
  times: readonly number[],
  spacing: number,
  options: StreamFramesOptions,
  deliver: Deliver,
  delivered: () => number,
): Promise<unknown[]> {
  let next = 0;
  const failures: unknown[] = [];
  const tolerance = options.exact ? 0 : Math.max(0.5, spacing / 2);
  const worker = async () => {
    while (next < times.length) {
      if (delivered() === 0 && failures.length >= GIVE_UP_AFTER) return;
      options.signal?.throwIfAborted();
      const index = next++;
      let frame: ExtractedFrame | undefined;
      options.onStart?.(index);
      try {
        frame = await frameNear(ffmpeg, url, times[index], tolerance, options);
      } catch (e) {
        if (options.signal?.aborted) throw e;
        failures.push(e);
        options.onError?.(times[index], e);
        continue;
      }
      if (frame) await deliver(index, frame);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(options.concurrency, times.length)) }, worker));
  return failures;
}
