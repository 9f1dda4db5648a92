import { errorMessage } from '../errors.js';
import type { Logger } from '../log.js';
import type { RgbImage } from '../vision/decode.js';
import type { DetectOptions } from '../vision/detectors/detection.js';
import type { FrameSource } from './source.js';

/** One image of a Stash gallery: its id and where Stash serves it. */
export interface GalleryPicture {
  id: string;
  url: string;
}

export interface GallerySourceOptions {
  /** The images to search, in gallery order (the caller has already capped them). */
  pictures: readonly GalleryPicture[];
  /** The guarded fetch of a URL on Stash. */
  fetch(url: string): Promise<Uint8Array>;
  decode(bytes: Uint8Array): Promise<RgbImage>;
  /** Detection as for a single photo: the database's references were detected this way (its vision profile). */
  detect: DetectOptions;
  describe: Record<string, unknown>;
  log: Logger;
}

/**
 * A Stash gallery: its images are the frames of one group, as a scene's sprite tiles are, so the persons found
 * across them are clustered into one person each (faces of one image are never one person). Frames have no time;
 * `pictures` says which image each frame index is. The next image is fetched and decoded while one is searched.
 * An image that cannot be read (a video "image", a broken file) is left out with a warning: the gallery goes on
 * with the rest, and fails only when none could be read (frames_used says how many were).
 */
export function gallerySource(options: GallerySourceOptions): FrameSource {
  const { pictures } = options;
  return {
    mode: null,
    timed: false,
    pictures: pictures.map((p) => p.id),
    describe: options.describe,
    detectOptions: () => options.detect,
    async run(onFrame, clock, progress) {
      progress.set({ stage: 'fetch', frames_total: pictures.length });
      // Never rejects: an unreadable image is a value, so a prefetch nobody awaits (a stop) is no unhandled rejection.
      const load = (i: number): Promise<RgbImage | Error> =>
        clock
          .span('fetch', () => options.fetch(pictures[i].url))
          .then((bytes) => clock.span('decode', () => options.decode(bytes)))
          .catch((e: unknown) => (e instanceof Error ? e : new Error(String(e))));
      let used = 0;
      let firstError: Error | undefined;
      let next = pictures.length ? load(0) : undefined;
      for (let i = 0; i < pictures.length; i++) {
        const image = await next!;
        next = i + 1 < pictures.length ? load(i + 1) : undefined;
        if (image instanceof Error) {
          options.log.warn('gallery image could not be read; left out', { ...options.describe, image_id: pictures[i].id, error: errorMessage(image) });
          firstError ??= image;
          continue;
        }
        await onFrame({ index: i, time: i, image });
        used++;
      }
      if (used === 0 && firstError) throw firstError;
      return used;
    },
  };
}
