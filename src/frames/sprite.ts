import { AppError } from '../errors.js';
import { cropRgb, imageDimensions, type RgbImage } from '../vision/decode.js';
import { parseSpriteVtt, type SpriteCue } from './vtt.js';

/** One picture of a scene to search: a sprite tile or an extracted frame, with the time it shows. */
export interface SceneFrame {
  index: number;
  /** Seconds into the scene. */
  time: number;
  image: RgbImage;
}

/** Most tiles analysed per request (Stash's sheets have 81); longer VTTs are sampled evenly. */
export const MAX_SPRITE_TILES = 243;

/** Most distinct sprite images one VTT may name (Stash uses one). */
export const MAX_SPRITE_IMAGES = 8;

/** Largest sprite sheet decoded (Stash's are about 1.2 MP: 81 tiles of 160x90). */
export const MAX_SPRITE_PIXELS = 16_000_000;

/** Largest tile (a full-HD frame); Stash's are 160x90. */
export const MAX_TILE_PIXELS = 1920 * 1080;

/**
 * Pixels all tiles of one request may add up to. Each cue is cut out as its own copy: a VTT whose every cue names
 * the whole sheet would otherwise copy the sheet hundreds of times (243 cues of a 2 MP sheet: 1.4 GB).
 */
export const MAX_TILES_PIXELS = 32_000_000;

/** Refuses cues whose tiles are too large, alone or together, before anything is downloaded or decoded. */
export function checkTileBudget(cues: readonly SpriteCue[]): void {
  let total = 0;
  for (const [i, cue] of cues.entries()) {
    const pixels = cue.width * cue.height;
    if (pixels > MAX_TILE_PIXELS) {
      throw new AppError('BAD_USER_INPUT', `VTT cue ${i + 1} names a ${cue.width}x${cue.height} tile; sprite tiles are at most ${MAX_TILE_PIXELS} pixels (1920x1080).`);
    }
    total += pixels;
  }
  if (total > MAX_TILES_PIXELS) {
    throw new AppError(
      'BAD_USER_INPUT',
      `The VTT's ${cues.length} tiles add up to ${(total / 1e6).toFixed(1)} MP; one request reads at most ${MAX_TILES_PIXELS / 1e6} MP of tiles (do the cues name the whole sheet instead of one tile each?).`,
    );
  }
}

/**
 * Resolves every cue's image against the VTT's URL (as a browser would). With `spriteUrl` given and the VTT naming a
 * single image, that image is `spriteUrl`: the caller said where the sheet is, and Stash's file names are hashes
 * the caller may have rewritten.
 */
export function spriteImageUrls(cues: readonly SpriteCue[], vttUrl: string, spriteUrl?: string): Map<string, string> {
  const files = [...new Set(cues.map((c) => c.file))];
  if (files.length > MAX_SPRITE_IMAGES) {
    throw new AppError('BAD_USER_INPUT', `The VTT names ${files.length} different sprite images; at most ${MAX_SPRITE_IMAGES} are read.`);
  }
  if (spriteUrl && files.length === 1) return new Map([[files[0], spriteUrl]]);
  return new Map(
    files.map((f) => {
      try {
        return [f, new URL(f, vttUrl).toString()];
      } catch {
        throw new AppError('BAD_USER_INPUT', `The VTT names a sprite "${f.slice(0, 100)}" that is not a valid URL.`);
      }
    }),
  );
}

/** Cuts every cue's tile out of its decoded sprite; a cue reaching outside its sprite is the caller's error. */
export function cutTiles(cues: readonly SpriteCue[], sprites: ReadonlyMap<string, RgbImage>): SceneFrame[] {
  return cues.map((cue, index) => {
    const sprite = sprites.get(cue.file);
    if (!sprite) throw new Error(`no decoded sprite for ${cue.file}`);
    if (cue.x + cue.width > sprite.width || cue.y + cue.height > sprite.height) {
      throw new AppError(
        'BAD_USER_INPUT',
        `VTT cue ${index + 1} (xywh=${cue.x},${cue.y},${cue.width},${cue.height}) lies outside the ${sprite.width}x${sprite.height} sprite image.`,
      );
    }
    return { index, time: cue.start, image: cropRgb(sprite, cue.x, cue.y, cue.width, cue.height) };
  });
}

export interface SpriteSource {
  vttUrl: string;
  /** The sheet, when the caller knows it (a scene's paths.sprite, or sprite_url). */
  spriteUrl?: string;
}

export interface SpriteIo {
  /** Downloads a URL (the guarded fetch: allowed origins, size and time limits). */
  fetch(url: string, what: string): Promise<Uint8Array>;
  decode(bytes: Uint8Array): Promise<RgbImage>;
}

/** Downloads the VTT and its sprite image(s) and cuts one frame per cue. */
export async function loadSpriteFrames(source: SpriteSource, io: SpriteIo, timings?: { fetch?: (ms: number) => void; decode?: (ms: number) => void }): Promise<SceneFrame[]> {
  let t = performance.now();
  const vttBytes = await io.fetch(source.vttUrl, 'VTT file');
  const cues = evenly(parseSpriteVtt(new TextDecoder('utf-8', { fatal: false }).decode(vttBytes)), MAX_SPRITE_TILES);
  checkTileBudget(cues);
  const urls = spriteImageUrls(cues, source.vttUrl, source.spriteUrl);
  const bytes = await Promise.all([...urls].map(async ([file, url]) => [file, await io.fetch(url, 'sprite image')] as const));
  timings?.fetch?.(performance.now() - t);
  t = performance.now();
  const sprites = new Map<string, RgbImage>();
  for (const [file, b] of bytes) {
    const { width, height } = await imageDimensions(b);
    if (width * height > MAX_SPRITE_PIXELS) {
      throw new AppError('IMAGE_TOO_LARGE', `The sprite image is ${width}x${height}; sprite sheets are at most ${MAX_SPRITE_PIXELS / 1e6} MP.`);
    }
    sprites.set(file, await io.decode(b));
  }
  const frames = cutTiles(cues, sprites);
  timings?.decode?.(performance.now() - t);
  return frames;
}

/** At most `max` items, evenly spread over the list. */
export function evenly<T>(items: readonly T[], max: number): T[] {
  if (items.length <= max) return [...items];
  return Array.from({ length: max }, (_, i) => items[Math.floor((i * items.length) / max)]);
}
