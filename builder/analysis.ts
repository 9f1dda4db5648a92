import { createHash } from 'node:crypto';
import { existsSync, mkdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { PhotoAnalysis, PhotoRules } from '../src/enrolment/index.js';
import type { AnalyzedFace } from '../src/vision/engine.js';
import type { VisionProfile } from '../src/vision/profile.js';
import { writeFileAtomic } from './journal.js';

/** Bump when analysis output changes meaning, so old cache entries are not reused. */
const ANALYSIS_FORMAT = 2;

/** Identifies the exact vision profile (models, detector size and threshold, alignment) and per-face rules an analysis depends on. */
export function analysisFingerprint(profile: VisionProfile, maxPixels: number, rules: PhotoRules): string {
  const key = JSON.stringify({
    f: ANALYSIS_FORMAT,
    profile,
    pixels: maxPixels,
    rules: [rules.min_face_size, rules.min_frontal, rules.max_faces_per_image],
  });
  return createHash('sha256').update(key).digest('hex').slice(0, 16);
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

  async get(sha256: string): Promise<PhotoAnalysis | undefined> {
    const path = this.path(sha256);
    if (!existsSync(path)) return undefined;
    try {
      return decodeAnalysis(JSON.parse(await readFile(path, 'utf8')));
    } catch {
      return undefined;
    }
  }

  put(sha256: string, analysis: PhotoAnalysis): void {
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

function encodeAnalysis(a: PhotoAnalysis): unknown {
  if (!a.ok) return a;
  return { ...a, faces: a.faces.map((f) => ({ ...f, embeddings: encodeEmbeddings(f.embeddings) })) };
}

function decodeAnalysis(raw: { ok: boolean; faces?: Array<AnalyzedFace & { embeddings: Record<string, string> }> }): PhotoAnalysis {
  if (!raw.ok) return raw as PhotoAnalysis;
  return { ...(raw as unknown as Extract<PhotoAnalysis, { ok: true }>), faces: raw.faces!.map((f) => ({ ...f, embeddings: decodeEmbeddings(f.embeddings) })) };
}
