import { createHash } from 'node:crypto';
// The AnalysisCache is the builder's photo-analysis cache (keyed by photo bytes and vision profile): reused as is.
import { AnalysisCache, analysisFingerprint, decodeEmbeddings, encodeEmbeddings } from '../../builder/analysis.js';
import { analysePhoto, DEFAULT_ENROLMENT_RULES, degradedEmbedding, selectFaces, type CandidateImage, type EnrolmentRules, type Template } from '../enrolment/index.js';
import { errorMessage } from '../errors.js';
import type { RgbImage } from '../vision/decode.js';
import type { AnalyzedFace, VisionEngine } from '../vision/engine.js';
import type { VisionProfile } from '../vision/profile.js';
import { meanEmbeddings, type Embeddings } from '../vision/vectors.js';
import type { SizeTier } from '../database/format.js';

/**
 * The shared enrolment library's rules (src/enrolment, the builder's defaults): the same per-face rules, per-performer
 * cap and template tiers as the shared database, so a local face and a StashDB face mean the same thing.
 */
export const GALLERY_FACE_RULES: EnrolmentRules = DEFAULT_ENROLMENT_RULES;
/** Images looked at per performer (the builder's max_images_per_performer): its profile image, then solo images. */
export const MAX_IMAGES_PER_PERFORMER = 10;

/** One chosen reference face, with its degraded-size embeddings (so templates can be recomputed without the photo). */
export interface StoredFace extends AnalyzedFace {
  /** `performer:<id>` (a profile image) or `image:<id>` (a Stash image). */
  image_id: string;
  degraded: Record<string, Record<string, Float32Array>>;
}

export interface EnrolmentImage {
  image_id: string;
  url: string;
}

export interface Enrolment {
  faces: StoredFace[];
  templates: Template[];
  /** Faces and images not kept, by reason (the builder's reasons). */
  rejected: Record<string, number>;
  /** Images that could not be fetched (the performer is enrolled again next sync). */
  failed: string[];
}

export interface EnrolDeps {
  engine: VisionEngine;
  /** The vision profile every photo is detected and embedded with (the shared database's when one is loaded). */
  profile: VisionProfile;
  fetchImage(url: string): Promise<Uint8Array>;
  analysisCache: AnalysisCache;
  rules?: EnrolmentRules;
}

/** Everything an enrolment depends on besides the performer: models, detector input, rules. */
export function enrolmentFingerprint(engine: VisionEngine, profile: VisionProfile, rules: EnrolmentRules = GALLERY_FACE_RULES): string {
  const key = JSON.stringify([analysisFingerprint(profile, engine.config.maxPixels, rules), rules.consistency_threshold, rules.dominance_ratio, rules.duplicate_threshold, rules.max_faces_per_performer, rules.template_tiers]);
  return createHash('sha256').update(key).digest('hex').slice(0, 16);
}

export function newAnalysisCache(root: string, engine: VisionEngine, profile: VisionProfile, rules: EnrolmentRules = GALLERY_FACE_RULES): AnalysisCache {
  return new AnalysisCache(root, analysisFingerprint(profile, engine.config.maxPixels, rules));
}

/**
 * Enrols one performer: fetch and analyse its images (cached by content), choose its faces with the builder's
 * selection (faces it inherited from performers merged into it compete like its own), embed degraded copies of the
 * chosen ones, and make its templates.
 */
export async function enrolPerformer(deps: EnrolDeps, images: readonly EnrolmentImage[], inherited: readonly StoredFace[] = []): Promise<Enrolment> {
  const rules = deps.rules ?? GALLERY_FACE_RULES;
  const { engine } = deps;
  const rejected: Record<string, number> = {};
  const reject = (reason: string, n = 1) => (rejected[reason] = (rejected[reason] ?? 0) + n);
  const failed: string[] = [];
  const photos = new Map<string, { bytes: Uint8Array; image?: RgbImage }>();

  const analysed = await Promise.all(
    images.slice(0, MAX_IMAGES_PER_PERFORMER).map(async (img): Promise<CandidateImage | undefined> => {
      let bytes: Uint8Array;
      try {
        bytes = await deps.fetchImage(img.url);
      } catch (e) {
        failed.push(`${img.image_id}: ${errorMessage(e)}`);
        reject('image_download_failed');
        return undefined;
      }
      const sha256 = createHash('sha256').update(bytes).digest('hex');
      const photo: { bytes: Uint8Array; image?: RgbImage } = { bytes };
      photos.set(sha256, photo);
      let analysis = await deps.analysisCache.get(sha256);
      if (!analysis) {
        const fresh = await analysePhoto(engine, bytes, deps.profile, rules);
        analysis = fresh.analysis;
        photo.image = fresh.image;
        deps.analysisCache.put(sha256, analysis);
      }
      if (!analysis.ok) return reject(analysis.error), undefined;
      for (const [reason, n] of Object.entries(analysis.rejected)) reject(reason, n);
      return { image_id: img.image_id, sha256, faces: analysis.faces };
    }),
  );
  const own = analysed.filter((a): a is CandidateImage => a !== undefined);
  // The profile image stays first (the anchor falls back to it); inherited faces follow it.
  const fromMerges: CandidateImage[] = inherited.map((f) => ({ image_id: f.image_id, sha256: `inherited:${f.image_id}`, faces: [f] }));
  const candidates = [...own.slice(0, 1), ...fromMerges, ...own.slice(1)];
  const primary = engine.embedderSpecs[0].id;
  const selection = selectFaces(candidates, primary, rules);
  for (const [reason, n] of Object.entries(selection.rejected)) reject(reason, n);

  const faces: StoredFace[] = [];
  for (const kept of selection.kept) {
    const heir = inherited.find((f) => `inherited:${f.image_id}` === kept.sha256);
    if (heir) {
      faces.push(heir);
      continue;
    }
    const photo = photos.get(kept.sha256)!;
    photo.image ??= await engine.decode(photo.bytes);
    const degraded: StoredFace['degraded'] = {};
    for (const width of rules.template_tiers) degraded[width] = await degradedEmbedding(engine, photo.image, kept.face, width);
    faces.push({ ...kept.face, image_id: kept.image_id, degraded });
  }
  return { faces, templates: templatesOf(faces, rules.template_tiers), rejected, failed };
}

/**
 * A performer's templates from its stored faces and the faces learned from its scenes (src/galleries/learned.ts),
 * without needing the photos again (recognition/templates.ts performerTemplates): `full` = mean of the full-size
 * faces; each degraded tier = mean of the full-size faces, the stored faces' degraded copies at that width and the
 * learned faces of that size.
 *
 * A small (sprite) learned face joins only the tier of its size, never the full-size template: a 20 px face embeds
 * blurred and drifts from the same face sharp, so averaging it into `full` would pull the template full-size probes
 * are compared with away from them; at its own tier it is a real example of exactly what the degraded copies
 * imitate (and of what probes of that size look like). A performer known only from sprites gets a `full` template
 * from them all: a rough one is better than none.
 */
export function templatesOf(
  faces: readonly StoredFace[],
  tiers: readonly number[] = GALLERY_FACE_RULES.template_tiers,
  learned: ReadonlyArray<{ embeddings: Embeddings; tier: SizeTier }> = [],
  models: readonly string[] = Object.keys(faces[0]?.embeddings ?? learned[0]?.embeddings ?? {}),
): Template[] {
  if (faces.length === 0 && learned.length === 0) return [];
  const pick = (e: Embeddings): Embeddings => Object.fromEntries(models.map((m) => [m, e[m]]));
  const full = [...faces.map((f) => pick(f.embeddings)), ...learned.filter((f) => f.tier === 'full').map((f) => pick(f.embeddings))];
  const mean = (members: Embeddings[]) => meanEmbeddings(members.length ? members : learned.map((f) => pick(f.embeddings)));
  return [
    { size_tier: 'full', embeddings: mean(full) },
    ...tiers.map((width) => ({
      size_tier: width,
      embeddings: mean([...full, ...faces.map((f) => pick(f.degraded[width])), ...learned.filter((f) => f.tier === width).map((f) => pick(f.embeddings))]),
    })),
  ];
}

export type StoredFaceJson = Omit<StoredFace, 'embeddings' | 'degraded'> & {
  embeddings: Record<string, string>;
  degraded: Record<string, Record<string, string>>;
};

export function encodeFace(f: StoredFace): StoredFaceJson {
  return {
    ...f,
    embeddings: encodeEmbeddings(f.embeddings),
    degraded: Object.fromEntries(Object.entries(f.degraded).map(([t, e]) => [t, encodeEmbeddings(e)])),
  };
}

export function decodeFace(f: StoredFaceJson): StoredFace {
  return {
    ...f,
    embeddings: decodeEmbeddings(f.embeddings),
    degraded: Object.fromEntries(Object.entries(f.degraded).map(([t, e]) => [t, decodeEmbeddings(e)])),
  };
}
