import { AppError } from '../errors.js';
import type { RgbImage } from '../vision/decode.js';
import type { DetectOptions } from '../vision/detectors/detection.js';
import type { FrameSource } from './source.js';

export interface ImageSourceOptions {
  /** Gets the image bytes (an upload, or the guarded fetch of a URL). */
  bytes(): Promise<Uint8Array>;
  decode(bytes: Uint8Array): Promise<RgbImage>;
  /** Detection as the database's references were detected (its vision profile). */
  detect: DetectOptions;
  describe: Record<string, unknown>;
}

/** A single image: a one-frame scene (its faces are never one person, and each keeps its box). */
export function imageSource(options: ImageSourceOptions): FrameSource {
  return {
    mode: null,
    timed: false,
    describe: options.describe,
    detectOptions: () => options.detect,
    async run(onFrame, clock, progress) {
      progress.set({ stage: 'fetch' });
      const bytes = await clock.span('fetch', () => options.bytes());
      const image = await clock.span('decode', () => options.decode(bytes));
      progress.set({ stage: 'detect', frames_total: 1 });
      await onFrame({ index: 0, time: 0, image });
      return 1;
    },
  };
}

/** An uploaded file's bytes, refused above the size limit before it is read. */
export async function uploadBytes(file: File, maxBytes: number): Promise<Uint8Array> {
  if (file.size > maxBytes) {
    throw new AppError('IMAGE_TOO_LARGE', `The upload is ${file.size} bytes, above the ${maxBytes}-byte limit (MAX_IMAGE_BYTES).`);
  }
  return new Uint8Array(await file.arrayBuffer());
}
