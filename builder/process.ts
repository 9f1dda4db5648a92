import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { SizeTier } from '../src/database/format.js';
import { performerTemplates, type ReferenceFace } from '../src/recognition/templates.js';
import type { RgbImage } from '../src/vision/decode.js';
import type { VisionEngine } from '../src/vision/engine.js';
import { AnalysisCache, analyzeImageBytes, decodeEmbeddings, encodeEmbeddings, type ImageAnalysis, type ImageFace } from './analysis.js';
import type { BuilderConfig } from './config.js';
import { sizedImageUrl, type ImageDownloader } from './images.js';
import { writeFileAtomic } from './journal.js';
import { selectFaces, type CandidateImage } from './select.js';
import type { PerformerState } from './state.js';

/** Bump when the meaning of a result changes: every performer is then processed again. */
const RESULT_FORMAT = 1;

/** A performer's computed faces and templates: what the package is made from. */
export interface PerformerResult {
  id: string;
  fingerprint: string;
  faces: Array<{ image_id: string; sha256: string; face_index: number; box: ImageFace['box']; score: number; embeddings: Record<string, Float32Array> }>;
  templates: Array<{ size_tier: SizeTier; embeddings: Record<string, Float32Array> }>;
  /** Faces and images not kept, by reason. */
  rejected: Record<string, number>;
  images: { used: number; failed: number };
  /** Some images failed in a way that may pass: processed again next run. */
  incomplete: boolean;
}

/** Everything a performer's faces depend on: its image list, the models and the face rules. */
export function performerFingerprint(p: PerformerState, analysisFp: string, config: BuilderConfig): string {
  const { faces } = config;
  const key = JSON.stringify({
    f: RESULT_FORMAT,
    images: p.meta.images.map((i) => [i.id, sizedImageUrl(i.url, config.images.size)]),
    analysisFp,
    rules: [faces.consistency_threshold, faces.dominance_ratio, faces.duplicate_threshold, faces.max_faces_per_performer, faces.template_tiers],
  });
  return createHash('sha256').update(key).digest('hex').slice(0, 24);
}

export function resultFile(id: string): string {
  const [host, uuid] = splitId(id);
  return join('results', host.replace(/[^\w.-]/g, '_'), `${uuid}.json`);
}

function splitId(id: string): [string, string] {
  const i = id.lastIndexOf(':');
  return [id.slice(0, i), id.slice(i + 1)];
}

export interface ProcessStats {
  images: number;
  analysed: number;
  analysisCached: number;
  badImages: number;
}

export interface ProcessorDeps {
  engine: VisionEngine;
  config: BuilderConfig;
  analysisCache: AnalysisCache;
  analysisFp: string;
  downloaderFor: (endpoint: string) => ImageDownloader;
  /** Progress hooks. */
  onImageFetched?: () => void;
  onImageAnalysed?: () => void;
}

/**
 * One performer: its images (cache or download), detect + embed with the shared engine, face selection, the
 * templates (mean and degraded-size copies). Returns the result; the caller writes and records it.
 */
export class PerformerProcessor {
  readonly stats: ProcessStats = { images: 0, analysed: 0, analysisCached: 0, badImages: 0 };

  constructor(private readonly deps: ProcessorDeps) {}

  async process(p: PerformerState, fingerprint: string): Promise<PerformerResult> {
    const { config, engine } = this.deps;
    const downloader = this.deps.downloaderFor(p.meta.endpoint);
    const rejected: Record<string, number> = {};
    const reject = (reason: string, n = 1) => (rejected[reason] = (rejected[reason] ?? 0) + n);
    let incomplete = false, failed = 0;
    const decoded = new Map<string, RgbImage>();

    const analysed = await Promise.all(
      p.meta.images.map(async (img): Promise<CandidateImage | undefined> => {
        const got = await downloader.get(sizedImageUrl(img.url, config.images.size));
        this.deps.onImageFetched?.();
        if (!got.ok) {
          failed++;
          reject(got.permanent ? 'image_unavailable' : 'image_download_failed');
          if (!got.permanent) incomplete = true;
          this.deps.onImageAnalysed?.();
          return undefined;
        }
        this.stats.images++;
        let analysis: ImageAnalysis | undefined = await this.deps.analysisCache.get(got.sha256);
        if (analysis) this.stats.analysisCached++;
        else {
          const fresh = await analyzeImageBytes(engine, got.bytes, config.faces);
          this.stats.analysed++;
          analysis = fresh.analysis;
          if (fresh.image) decoded.set(got.sha256, fresh.image);
          this.deps.analysisCache.put(got.sha256, analysis);
        }
        this.deps.onImageAnalysed?.();
        if (!analysis.ok) {
          failed++;
          this.stats.badImages++;
          reject(analysis.error);
          return undefined;
        }
        for (const [reason, n] of Object.entries(analysis.rejected)) reject(reason, n);
        return { image_id: img.id, sha256: got.sha256, faces: analysis.faces };
      }),
    );
    const primary = engine.embedderSpecs[0].id;
    const selection = selectFaces(analysed.filter((a) => a !== undefined), primary, config.faces);
    for (const [reason, n] of Object.entries(selection.rejected)) reject(reason, n);

    let templates: PerformerResult['templates'] = [];
    if (selection.kept.length > 0) {
      const references: ReferenceFace[] = [];
      for (const k of selection.kept) {
        let image = decoded.get(k.sha256);
        if (!image) {
          image = await engine.decode(await downloader.cache.read(k.sha256));
          decoded.set(k.sha256, image);
        }
        references.push({ image, face: { ...k.face } });
      }
      templates = await performerTemplates(engine, references, config.faces.template_tiers);
    }
    return {
      id: p.id,
      fingerprint,
      faces: selection.kept.map((k) => ({
        image_id: k.image_id,
        sha256: k.sha256,
        face_index: k.face_index,
        box: k.face.box,
        score: k.face.score,
        embeddings: k.face.embeddings,
      })),
      templates,
      rejected,
      images: { used: p.meta.images.length - failed, failed },
      incomplete,
    };
  }
}

export function writeResult(stateDir: string, file: string, result: PerformerResult): void {
  const path = join(stateDir, file);
  mkdirSync(dirname(path), { recursive: true });
  writeFileAtomic(
    path,
    JSON.stringify({
      ...result,
      faces: result.faces.map((f) => ({ ...f, embeddings: encodeEmbeddings(f.embeddings) })),
      templates: result.templates.map((t) => ({ ...t, embeddings: encodeEmbeddings(t.embeddings) })),
    }),
  );
}

type StoredResult = Omit<PerformerResult, 'faces' | 'templates'> & {
  faces: Array<Omit<PerformerResult['faces'][number], 'embeddings'> & { embeddings: Record<string, string> }>;
  templates: Array<{ size_tier: SizeTier; embeddings: Record<string, string> }>;
};

function decodeResult(raw: StoredResult): PerformerResult {
  return {
    ...raw,
    faces: raw.faces.map((f) => ({ ...f, embeddings: decodeEmbeddings(f.embeddings) })),
    templates: raw.templates.map((t) => ({ ...t, embeddings: decodeEmbeddings(t.embeddings) })),
  };
}

export async function readResult(stateDir: string, file: string): Promise<PerformerResult> {
  return decodeResult(JSON.parse(await readFile(join(stateDir, file), 'utf8')) as StoredResult);
}

/** A result written before a kill but not yet recorded: reused when its fingerprint still matches. */
export function readResultIfCurrent(stateDir: string, file: string, fingerprint: string): PerformerResult | undefined {
  const path = join(stateDir, file);
  if (!existsSync(path)) return undefined;
  try {
    const raw = JSON.parse(readFileSync(path, 'utf8')) as StoredResult;
    return raw.fingerprint === fingerprint && !raw.incomplete ? decodeResult(raw) : undefined;
  } catch {
    return undefined;
  }
}
