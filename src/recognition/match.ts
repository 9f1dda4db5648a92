import type { SearchableGallery } from '../galleries/searchable.js';
import type { PerformerRecord, SizeTier } from '../database/format.js';
import { candidateConfidences, logLikelihoodRatio } from './calibration.js';

export interface MatchOptions {
  maxResults: number;
  minConfidence: number;
  /** Templates retrieved per model before fusion. */
  candidatesPerModel?: number;
  /** Performer ids that are no candidate (e.g. a performer's own local entry when its photo is the query). */
  excludePerformers?: ReadonlySet<string>;
  /**
   * Calibration parameters to score with; default: those of the template tier for the face width. A person's mean
   * over several faces scores like a full-size face, not like one of its small faces (see person.ts).
   */
  calibrationTier?: SizeTier;
  /**
   * `person`: the embedding is the mean of a person's several faces (person.ts), whose scores have their own
   * open-set model (calibration.ts); `face` (default): one face.
   */
  evidence?: 'face' | 'person';
}

export interface PerformerMatch {
  performer: PerformerRecord;
  /** Calibrated probability that this performer is the person (see calibration.ts). */
  confidence: number;
  /** Cosine distance to the performer's template with the database's first (primary) model. */
  distance: number;
  /** Fused log-likelihood ratio, for diagnostics. */
  llr: number;
  cosines: Record<string, number>;
}

const DEFAULT_CANDIDATES = 20;

/**
 * Searches one face (or one person's mean embedding) against the database: top-k templates from every model's
 * index at the tier for the face's size, exact per-model cosines for the union, fused LLR, calibrated posterior.
 */
export function matchEmbedding(
  db: SearchableGallery,
  embeddings: Record<string, Float32Array>,
  faceWidth: number,
  options: MatchOptions,
): PerformerMatch[] {
  const tier: SizeTier = db.tierFor(faceWidth);
  const models = db.modelIds.filter((m) => embeddings[m]);
  if (models.length === 0 || db.templateLabels.length === 0) return [];
  const k = options.candidatesPerModel ?? DEFAULT_CANDIDATES;
  const candidates = new Set<number>();
  const skip = options.excludePerformers;
  for (const model of models) {
    for (const n of db.searchTemplates(model, tier, embeddings[model], k + (skip?.size ?? 0))) {
      if (!skip?.has(db.templateLabels[n.label])) candidates.add(n.label);
    }
  }

  const scored = [...candidates].map((label) => {
    const cosines = Object.fromEntries(models.map((m) => [m, db.templateSimilarity(m, tier, label, embeddings[m])]));
    return { label, cosines, llr: logLikelihoodRatio(db.manifest.calibration, options.calibrationTier ?? tier, cosines) };
  });
  const probs = candidateConfidences(db.manifest.calibration, tier, options.evidence ?? 'face', scored.map((s) => s.llr), db.templateLabels.length);
  const primary = db.modelIds[0];
  return scored
    .map((s, i) => ({
      performer: db.performer(db.templateLabels[s.label])!,
      confidence: probs[i],
      distance: 1 - (s.cosines[primary] ?? 0),
      llr: s.llr,
      cosines: s.cosines,
    }))
    .filter((m) => m.performer && m.confidence >= options.minConfidence)
    .sort((a, b) => b.confidence - a.confidence)
    .slice(0, options.maxResults);
}
