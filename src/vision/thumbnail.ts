import sharp from 'sharp';
import type { RgbImage } from './decode.js';
import type { Box } from './geometry.js';

const THUMBNAIL_SIZE = 112;
/** Context around the detector's box so the thumbnail shows hair and chin, as a person recognises a face. */
const MARGIN = 0.35;

/**
 * The subsampling step a face's source crop can take before faceThumbnail: keeps at least twice the pixels per face
 * side that the thumbnail draws (MARGIN-widened face side into THUMBNAIL_SIZE px), so the resize still has detail.
 */
export function thumbnailSourceStep(faceSide: number): number {
  return Math.max(1, Math.floor((faceSide * (1 + 2 * MARGIN)) / (2 * THUMBNAIL_SIZE)));
}

/** A small square JPEG of a face, as a data URL the UI can show directly. */
export async function faceThumbnail(image: RgbImage, box: Box, size = THUMBNAIL_SIZE): Promise<string> {
  const side = Math.max(box.width, box.height) * (1 + 2 * MARGIN);
  const cx = box.x + box.width / 2, cy = box.y + box.height / 2;
  const left = Math.max(0, Math.floor(cx - side / 2)), top = Math.max(0, Math.floor(cy - side / 2));
  const width = Math.max(1, Math.min(image.width - left, Math.ceil(side)));
  const height = Math.max(1, Math.min(image.height - top, Math.ceil(side)));
  const jpeg = await sharp(image.data, { raw: { width: image.width, height: image.height, channels: 3 } })
    .extract({ left: Math.min(left, image.width - 1), top: Math.min(top, image.height - 1), width, height })
    .resize(size, size, { fit: 'cover', kernel: 'lanczos3' })
    .jpeg({ quality: 82 })
    .toBuffer();
  return `data:image/jpeg;base64,${jpeg.toString('base64')}`;
}

/** A whole frame for the panel to draw its boxes on: a JPEG data URL at most 1280 px wide (boxes scale by its width). */
export async function frameJpeg(image: RgbImage): Promise<string> {
  const jpeg = await sharp(image.data, { raw: { width: image.width, height: image.height, channels: 3 } })
    .resize({ width: Math.min(1280, image.width) })
    .jpeg({ quality: 80 })
    .toBuffer();
  return `data:image/jpeg;base64,${jpeg.toString('base64')}`;
}
