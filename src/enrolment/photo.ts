import { isAppError } from '../errors.js';
import type { RgbImage } from '../vision/decode.js';
import type { AnalyzedFace, VisionEngine } from '../vision/engine.js';
import { profileDetectOptions, type VisionProfile } from '../vision/profile.js';
import { frontalness } from '../vision/quality.js';
import type { PhotoRules } from './rules.js';

/** What detect + embed made of one reference photo (the faces that passed the per-face rules, largest first). */
export type PhotoAnalysis =
  | { ok: true; width: number; height: number; faces: AnalyzedFace[]; rejected: Record<string, number> }
  | { ok: false; error: 'too_large' | 'bad_image' };

/**
 * Decode -> detect (with the profile's size and threshold) -> per-face rules -> embed, with the engine identify uses.
 * Faces failing a rule are counted, not embedded. A photo that cannot be decoded is an answer too (`ok: false`),
 * not an error. The decoded image comes back for the degraded-size templates.
 */
export async function analysePhoto(
  engine: VisionEngine,
  bytes: Uint8Array,
  profile: VisionProfile,
  rules: PhotoRules,
): Promise<{ analysis: PhotoAnalysis; image?: RgbImage }> {
  let image: RgbImage;
  try {
    image = await engine.decode(bytes);
  } catch (e) {
    if (isAppError(e)) return { analysis: { ok: false, error: e.code === 'IMAGE_TOO_LARGE' ? 'too_large' : 'bad_image' } };
    throw e;
  }
  const detections = await engine.detect(image, profileDetectOptions(profile));
  const rejected: Record<string, number> = {};
  const reject = (reason: string) => (rejected[reason] = (rejected[reason] ?? 0) + 1);
  const passing = detections
    .filter((d) => {
      if (Math.max(d.box.width, d.box.height) < rules.min_face_size) return reject('too_small'), false;
      if (frontalness(d.keypoints) < rules.min_frontal) return reject('not_frontal'), false;
      return true;
    })
    .sort((a, b) => Math.max(b.box.width, b.box.height) - Math.max(a.box.width, a.box.height));
  for (let i = rules.max_faces_per_image; i < passing.length; i++) reject('crowd');
  const faces = await Promise.all(passing.slice(0, rules.max_faces_per_image).map((d) => engine.embed(image, d)));
  return { analysis: { ok: true, width: image.width, height: image.height, faces, rejected }, image };
}
