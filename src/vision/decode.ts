import sharp from 'sharp';
import { AppError, errorMessage } from '../errors.js';
import { Slots } from '../util/slots.js';

/** Interleaved 8-bit RGB pixels, row-major: the one image form the vision code works on. */
export interface RgbImage {
  data: Buffer;
  width: number;
  height: number;
}

export interface DecodeOptions {
  /** Refuse images with more pixels than this (decompression bombs). Default 50 MP. */
  maxPixels?: number;
  /**
   * Larger images are scaled down to this many pixels while they are decoded (JPEG shrink-on-load makes that
   * cheap). A face search gains nothing from more, and memory stays bounded. Default 24 MP; Infinity keeps all.
   */
  maxDecodedPixels?: number;
}

export const DEFAULT_MAX_PIXELS = 50_000_000;
export const DEFAULT_MAX_DECODED_PIXELS = 24_000_000;
/**
 * Images decoded at once, process-wide. A decode holds the compressed bytes, libvips' working memory and the
 * decoded pixels; without a bound a few concurrent bombs (flat PNGs of a few KB) take gigabytes together.
 */
export const DECODE_CONCURRENCY = 2;

const decodeSlots = new Slots(DECODE_CONCURRENCY);

/** Width and height as stored (before EXIF rotation), read from the header only; UNSUPPORTED_IMAGE when unreadable. */
export async function imageDimensions(input: Uint8Array): Promise<{ width: number; height: number }> {
  try {
    const meta = await sharp(input, { limitInputPixels: false }).metadata();
    if (!meta.width || !meta.height) throw new Error('no size');
    return { width: meta.width, height: meta.pageHeight ?? meta.height };
  } catch (e) {
    throw new AppError('UNSUPPORTED_IMAGE', `This is not an image sharp can read (${shortSharpMessage(e)}).`);
  }
}

/**
 * Decodes any image sharp reads (JPEG, PNG, WebP, GIF's first frame, AVIF/HEIF, TIFF) into upright RGB:
 * EXIF orientation applied, alpha dropped, grey and CMYK converted to sRGB.
 */
export function decodeImage(input: Uint8Array, options: DecodeOptions = {}): Promise<RgbImage> {
  return decodeSlots.run(() => decodeNow(input, options));
}

async function decodeNow(input: Uint8Array, options: DecodeOptions): Promise<RgbImage> {
  const maxPixels = options.maxPixels ?? DEFAULT_MAX_PIXELS;
  const maxDecoded = options.maxDecodedPixels ?? DEFAULT_MAX_DECODED_PIXELS;
  if (input.byteLength === 0) throw new AppError('UNSUPPORTED_IMAGE', 'The image is empty (0 bytes).');
  let meta: Awaited<ReturnType<ReturnType<typeof sharp>['metadata']>>;
  try {
    meta = await sharp(input, { limitInputPixels: false }).metadata();
  } catch (e) {
    throw new AppError('UNSUPPORTED_IMAGE', `This is not an image sharp can read (${shortSharpMessage(e)}).`);
  }
  const pixels = (meta.width ?? 0) * (meta.pageHeight ?? meta.height ?? 0);
  if (!meta.width || !meta.height) throw new AppError('UNSUPPORTED_IMAGE', 'The image has no size.');
  if (pixels > maxPixels) {
    throw new AppError(
      'IMAGE_TOO_LARGE',
      `The image is ${meta.width}x${meta.pageHeight ?? meta.height} (${(pixels / 1e6).toFixed(1)} MP), above the ${(maxPixels / 1e6).toFixed(0)} MP limit.`,
    );
  }
  const height = meta.pageHeight ?? meta.height;
  // Long side after scaling (orientation-independent): the image keeps its shape and fits maxDecoded pixels.
  const longSide = pixels > maxDecoded ? Math.floor(Math.max(meta.width, height) * Math.sqrt(maxDecoded / pixels)) : undefined;
  try {
    let pipeline = sharp(input, { limitInputPixels: maxPixels, pages: 1, failOn: 'truncated' }).rotate();
    if (longSide) pipeline = pipeline.resize({ width: longSide, height: longSide, fit: 'inside', kernel: 'lanczos3' });
    const { data, info } = await pipeline
      .toColourspace('srgb')
      .removeAlpha()
      .raw()
      .toBuffer({ resolveWithObject: true });
    if (info.channels !== 3) throw new Error(`unexpected channel count ${info.channels}`);
    return { data, width: info.width, height: info.height };
  } catch (e) {
    throw new AppError('UNSUPPORTED_IMAGE', `The image could not be decoded (${shortSharpMessage(e)}).`);
  }
}

/** Resizes RGB pixels with a bicubic kernel (upscaling small tiles before detection gives better landmarks). */
export async function resizeRgb(image: RgbImage, width: number, height: number): Promise<RgbImage> {
  if (width === image.width && height === image.height) return image;
  const { data, info } = await sharp(image.data, { raw: { width: image.width, height: image.height, channels: 3 } })
    .resize(width, height, { kernel: 'cubic', fit: 'fill' })
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

/**
 * Cuts a rectangle out of an RGB image (clamped to the image). `step` > 1 keeps every step-th pixel of every step-th
 * row: a copy as small as what it will become, for crops only shown shrunk (a face thumbnail from a 1080p frame).
 */
export function cropRgb(image: RgbImage, x: number, y: number, w: number, h: number, step = 1): RgbImage {
  const x0 = Math.max(0, Math.min(image.width, Math.round(x)));
  const y0 = Math.max(0, Math.min(image.height, Math.round(y)));
  const x1 = Math.max(x0, Math.min(image.width, Math.round(x + w)));
  const y1 = Math.max(y0, Math.min(image.height, Math.round(y + h)));
  const cw = Math.ceil((x1 - x0) / step);
  const ch = Math.ceil((y1 - y0) / step);
  const out = Buffer.allocUnsafe(cw * ch * 3);
  const src = image.data;
  for (let row = 0, o = 0; row < ch; row++) {
    let i = ((y0 + row * step) * image.width + x0) * 3;
    if (step === 1) {
      src.copy(out, o, i, i + cw * 3);
      o += cw * 3;
      continue;
    }
    for (let col = 0; col < cw; col++, i += step * 3) {
      out[o++] = src[i];
      out[o++] = src[i + 1];
      out[o++] = src[i + 2];
    }
  }
  return { data: out, width: cw, height: ch };
}

/** Encodes RGB pixels as a JPEG. */
export async function encodeJpeg(image: RgbImage, quality = 85): Promise<Buffer> {
  return sharp(image.data, { raw: { width: image.width, height: image.height, channels: 3 } })
    .jpeg({ quality, mozjpeg: false })
    .toBuffer();
}

function shortSharpMessage(e: unknown): string {
  return errorMessage(e).split('\n')[0].replace(/^Input (buffer|file) /, '').slice(0, 200);
}
