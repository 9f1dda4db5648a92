import { createHash } from 'node:crypto';
import { existsSync, mkdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isAppError } from '../src/errors.js';
import type { RgbImage } from '../src/vision/decode.js';
import type { Box, Point } from '../src/vision/geometry.js';
import type { AnalyzedFace, VisionEngine } from '../src/vision/engine.js';
import { frontalness, type FaceQuality } from '../src/vision/quality.js';
import type { FaceRules } from './config.js';
import { writeFileAtomic } from './journal.js';

/** Bump when analysis output changes meaning, so old cache entries are not reused. */
const ANALYSIS_FORMAT = 1;

export interface ImageFace {
  box: Box;
  score: number;
  keypoints: Point[];
  quality: FaceQuality;
  embeddings: Record<string, Float32Array>;
}

/** What detect + embed made of one image (the faces that passed the per-face rules, largest first). */
export type ImageAnalysis =
  | { ok: true; width: number; height: number; faces: ImageFace[]; rejected: Record<string, number> }
  | { ok: false; error: string };

type RuleKeys = Pick<FaceRules, 'min_face_size' | 'min_score' | 'min_frontal' | 'max_faces_per_image'>;

/** Identifies the exact models and per-face rules an analysis depends on. */
export function analysisFingerprint(engine: VisionEngine, rules: RuleKeys): string {
  const models = engine.models.map((m) => `${m.id}:${m.sha256}`).sort();
  const key = JSON.stringify({
    f: ANALYSIS_FORMAT,
    models,
    input: engine.config.detectInputSize,
    pixels: engine.config.maxPixels,
    rules: [rules.min_face_size, rules.min_score ?? null, rules.min_frontal, rules.max_faces_per_image],
  });
  return createHash('sha256').update(key).digest('hex').slice(0, 16);
}

/**
 * Decode -> detect -> per-face rules -> embed, with the shared engine (the code the sidecar runs). Faces failing a
 * rule are counted, not embedded. An image that cannot be decoded is an answer too (`ok: false`), not an error.
 */
export async function analyzeImageBytes(
  engine: VisionEngine,
  bytes: Uint8Array,
  rules: RuleKeys,
): Promise<{ analysis: ImageAnalysis; image?: RgbImage }> {
  let image: RgbImage;
  try {
    image = await engine.decode(bytes);
  } catch (e) {
    if (isAppError(e)) return { analysis: { ok: false, error: e.code === 'IMAGE_TOO_LARGE' ? 'too_large' : 'bad_image' } };
    throw e;
  }
  const detections = await engine.detect(image, rules.min_score !== undefined ? { minScore: rules.min_score } : {});
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
  const faces: AnalyzedFace[] = await Promise.all(passing.slice(0, rules.max_faces_per_image).map((d) => engine.embed(image, d)));
  return { analysis: { ok: true, width: image.width, height: image.height, faces, rejected }, image };
}

/** Analyses keyed by image sha256 and fingerprint, one small JSON file each (the seed's embeddings cache). */
export class AnalysisCache {
  readonly dir: string;

  constructor(root: string, fingerprint: string) {
    this.dir = join(root, fingerprint);
    mkdirSync(this.dir, { recursive: true });
  }

  private path(sha256: string): string {
    return join(this.dir, sha256.slice(0, 2), `${sha256}.json`);
  }

  async get(sha256: string): Promise<ImageAnalysis | undefined> {
    const path = this.path(sha256);
    if (!existsSync(path)) return undefined;
    try {
      return decodeAnalysis(JSON.parse(await readFile(path, 'utf8')));
    } catch {
      return undefined;
    }
  }

  put(sha256: string, analysis: ImageAnalysis): void {
    mkdirSync(join(this.dir, sha256.slice(0, 2)), { recursive: true });
    writeFileAtomic(this.path(sha256), JSON.stringify(encodeAnalysis(analysis)));
  }
}

export function encodeVector(v: Float32Array): string {
  return Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('base64');
}

export function decodeVector(s: string): Float32Array {
  const bytes = Buffer.from(s, 'base64');
  const out = new Float32Array(bytes.byteLength / 4);
  new Uint8Array(out.buffer).set(bytes);
  return out;
}

export function encodeEmbeddings(e: Record<string, Float32Array>): Record<string, string> {
  return Object.fromEntries(Object.entries(e).map(([k, v]) => [k, encodeVector(v)]));
}

export function decodeEmbeddings(e: Record<string, string>): Record<string, Float32Array> {
  return Object.fromEntries(Object.entries(e).map(([k, v]) => [k, decodeVector(v)]));
}

function encodeAnalysis(a: ImageAnalysis): unknown {
  if (!a.ok) return a;
  return { ...a, faces: a.faces.map((f) => ({ ...f, embeddings: encodeEmbeddings(f.embeddings) })) };
}

function decodeAnalysis(raw: { ok: boolean; faces?: Array<ImageFace & { embeddings: Record<string, string> }> }): ImageAnalysis {
  if (!raw.ok) return raw as ImageAnalysis;
  return { ...(raw as unknown as Extract<ImageAnalysis, { ok: true }>), faces: raw.faces!.map((f) => ({ ...f, embeddings: decodeEmbeddings(f.embeddings) })) };
}
