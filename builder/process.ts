import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { analysePhoto, enrolPerson, type CandidateImage, type KeptFace, type PhotoAnalysis, type Template } from '../src/enrolment/index.js';
import { performerKey } from '../src/database/performer-id.js';
import type { RgbImage } from '../src/vision/decode.js';
import type { VisionEngine } from '../src/vision/engine.js';
import type { VisionProfile } from '../src/vision/profile.js';
import { AnalysisCache, decodeEmbeddings, encodeEmbeddings } from './analysis.js';
import type { BuilderConfig } from './config.js';
import { sizedImageUrl, type ImageDownloader } from './images.js';
import { writeFileAtomic } from './journal.js';
import type { PerformerState } from './state.js';

/** Bump when the meaning of a result changes: every performer is then processed again. */
const RESULT_FORMAT = 2;

/** A performer's computed faces and templates: what the package is made from. */
export interface PerformerResult {
  id: string;
  fingerprint: string;
  faces: KeptFace[];
  templates: Template[];
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
  const { host, uuid } = performerKey(id);
  return join('results', host.replace(/[^\w.-]/g, '_'), `${uuid}.json`);
}

export interface ProcessStats {
  images: number;
  analysed: number;
  analysisCached: number;
  badImages: number;
}

export interface ProcessorDeps {
  engine: VisionEngine;
  /** How photos are detected and embedded (written into the package's manifest). */
  profile: VisionProfile;
  config: BuilderConfig;
  analysisCache: AnalysisCache;
  analysisFp: string;
  downloaderFor: (endpoint: string) => ImageDownloader;
  /** Progress hooks. */
  onImageFetched?: () => void;
  onImageAnalysed?: () => void;
}

/**
 * One performer: its images (cache or download), then enrolment (src/enrolment: detect + embed with the pinned
 * profile, face selection, the mean and degraded-size templates). Returns the result; the caller writes and records it.
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
        let analysis: PhotoAnalysis | undefined = await this.deps.analysisCache.get(got.sha256);
        if (analysis) this.stats.analysisCached++;
        else {
          const fresh = await analysePhoto(engine, got.bytes, this.deps.profile, config.faces);
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
    const enrolment = await enrolPerson(engine, analysed.filter((a) => a !== undefined), config.faces, async (sha256) => {
      // Kept faces' photos were decoded just now unless their analysis came from the cache.
      let image = decoded.get(sha256);
      if (!image) decoded.set(sha256, (image = await engine.decode(await downloader.cache.read(sha256))));
      return image;
    });
    for (const [reason, n] of Object.entries(enrolment.rejected)) reject(reason, n);
    return {
      id: p.id,
      fingerprint,
      faces: enrolment.kept,
      templates: enrolment.templates,
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
      faces: result.faces.map((k) => ({ ...k, face: { ...k.face, embeddings: encodeEmbeddings(k.face.embeddings) } })),
      templates: result.templates.map((t) => ({ ...t, embeddings: encodeEmbeddings(t.embeddings) })),
    }),
  );
}

type Stored<T extends { embeddings: unknown }> = Omit<T, 'embeddings'> & { embeddings: Record<string, string> };
type StoredResult = Omit<PerformerResult, 'faces' | 'templates'> & {
  faces: Array<Omit<KeptFace, 'face'> & { face: Stored<KeptFace['face']> }>;
  templates: Array<Stored<Template>>;
};

function decodeResult(raw: StoredResult): PerformerResult {
  return {
    ...raw,
    faces: raw.faces.map((k) => ({ ...k, face: { ...k.face, embeddings: decodeEmbeddings(k.face.embeddings) } })),
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
