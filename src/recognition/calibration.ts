import type { Calibration, SizeTier } from '../database/format.js';

/**
 * Confidence that a database performer is the person in a probe face.
 *
 * Each model's cosine is z-normalised against impostor scores; a logistic model fitted on genuine vs impostor pairs
 * (LFW: hundreds of strangers, see scripts/calibrate.ts) turns the z-scores into a log-likelihood ratio (LLR) per
 * size tier. The LLR says how much more likely the score is for the same person than for a stranger. The posterior
 * for candidate c then accounts for the database's size N and for the other candidates:
 *
 *   P(c) = pi * LR_c / ((1 - pi) * N + pi * (sum of LR over retrieved candidates + (N - retrieved)))
 *
 * (a probe is someone in the database with prior pi, each of N performers equally likely a priori, and performers
 * not retrieved count with their expected LR of 1). A threshold tuned on 26 people would fail at 100,000
 * performers; this confidence falls as the database grows, as it must.
 */
export function tierParams(calibration: Calibration, tier: SizeTier) {
  const exact = calibration.tiers.find((t) => t.size_tier === tier);
  if (exact) return exact;
  // Nearest tier by face width; `full` when nothing numeric is near.
  const numeric = calibration.tiers.filter((t) => t.size_tier !== 'full') as Array<{ size_tier: number }>;
  if (tier === 'full' || numeric.length === 0) return calibration.tiers.find((t) => t.size_tier === 'full') ?? calibration.tiers[0];
  return numeric.reduce((best, t) =>
    Math.abs(Math.log(t.size_tier / tier)) < Math.abs(Math.log((best.size_tier as number) / tier)) ? t : best,
  ) as Calibration['tiers'][number];
}

export function zScore(calibration: Calibration, modelId: string, cosine: number): number {
  const m = calibration.models[modelId];
  return m ? (cosine - m.impostor_mean) / m.impostor_std : 0;
}

/** Log-likelihood ratio genuine/impostor of one candidate's per-model cosines. */
export function logLikelihoodRatio(calibration: Calibration, tier: SizeTier, cosines: Record<string, number>): number {
  const params = tierParams(calibration, tier);
  let llr = params.bias;
  for (const [model, weight] of Object.entries(params.weights)) {
    if (cosines[model] !== undefined) llr += weight * zScore(calibration, model, cosines[model]);
  }
  return llr;
}

/**
 * Posterior confidences for a set of retrieved candidates (their LLRs), in a database of `databaseSize` performers.
 * Computed in log space: LLRs reach 40+ for clear matches.
 */
export function posteriors(calibration: Calibration, llrs: readonly number[], databaseSize: number): number[] {
  const pi = calibration.prior_enrolled;
  const n = Math.max(databaseSize, llrs.length, 1);
  const rest = Math.log((1 - pi) * n + pi * (n - llrs.length));
  const terms = llrs.map((l) => Math.log(pi) + l);
  const maxTerm = Math.max(rest, ...terms);
  const logDenominator = maxTerm + Math.log(Math.exp(rest - maxTerm) + terms.reduce((s, t) => s + Math.exp(t - maxTerm), 0));
  return terms.map((t) => Math.exp(t - logDenominator));
}
