import type { SizeTier } from '../database/format.js';
import { decodeImage, encodeJpeg, resizeRgb, type RgbImage } from '../vision/decode.js';
import type { Detection } from '../vision/detectors/detection.js';
import type { AnalyzedFace, VisionEngine } from '../vision/engine.js';
import { meanEmbeddings, type Embeddings } from '../vision/vectors.js';

/** Face widths a sprite tile produces (RECOGNITION.md: median ~20 px); each gets its own template index. */
export const DEFAULT_DEGRADED_TIERS = [32, 24, 16] as const;
/** Stash's sprite tiles are JPEGs of about this quality. */
const DEGRADE_JPEG_QUALITY = 75;

/**
 * Embeds a reference face as it would look in a scene tile: the photo shrunk so the face is `width` px wide,
 * JPEG-compressed like a sprite, then aligned (upsampled) from the small image like a probe would be.
 */
export async function degradedEmbedding(
  engine: VisionEngine,
  image: RgbImage,
  face: Pick<AnalyzedFace, 'box' | 'keypoints' | 'score'>,
  width: number,
): Promise<Embeddings> {
  const factor = Math.min(1, width / Math.max(face.box.width, 1));
  const small = await resizeRgb(image, Math.max(1, Math.round(image.width * factor)), Math.max(1, Math.round(image.height * factor)));
  const compressed = await decodeImage(await encodeJpeg(small, DEGRADE_JPEG_QUALITY));
  const fx = compressed.width / image.width, fy = compressed.height / image.height;
  const scaled: Detection = {
    score: face.score,
    box: { x: face.box.x * fx, y: face.box.y * fy, width: face.box.width * fx, height: face.box.height * fy },
    keypoints: face.keypoints.map((p) => ({ x: p.x * fx, y: p.y * fy })),
  };
  return (await engine.embed(compressed, scaled)).embeddings;
}

/** One reference photo's face, with the photo it came from (needed for degraded copies). */
export interface ReferenceFace {
  image: RgbImage;
  face: AnalyzedFace;
}

/** One of a performer's templates: `full` = mean of the reference faces, a number = with copies degraded to it. */
export interface Template {
  size_tier: SizeTier;
  embeddings: Embeddings;
}

/**
 * A performer's templates: `full` = mean of the reference faces; each degraded tier = mean over the full-size and
 * degraded copies (the largest cheap gain for small faces measured in RECOGNITION.md).
 */
export async function performerTemplates(
  engine: VisionEngine,
  references: readonly ReferenceFace[],
  tiers: readonly number[] = DEFAULT_DEGRADED_TIERS,
): Promise<Template[]> {
  const full = references.map((r) => r.face.embeddings);
  const out: Template[] = [
    { size_tier: 'full', embeddings: meanEmbeddings(full) },
  ];
  for (const width of tiers) {
    const degraded = await Promise.all(references.map((r) => degradedEmbedding(engine, r.image, r.face, width)));
    out.push({ size_tier: width, embeddings: meanEmbeddings([...full, ...degraded]) });
  }
  return out;
}
