import type { Calibration, OpenSetTier, SizeTier } from '../database/format.js';

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

/**
 * The open-set model (issue 18), used when the manifest carries one. The posterior above assumes the fused LLR is
 * right far into the impostor tail; it is not (a logistic fitted on all pairs is linear where the impostor tail falls
 * much faster), so dividing by N made a 3,000-performer database name a quarter fewer of the enrolled. Instead,
 * model what actually grows with N: the best impostor score among N performers, a Gumbel whose location grows and
 * whose scale shrinks with x = sqrt(2 ln N), as the maximum of normal-tailed scores does (measured: from N = 30 to
 * 2,700 the fitted scale times x stays within 2%), fitted on thousands of performers (scripts/evaluate-scale.ts).
 * For a candidate at fused score s:
 *
 *   odds(s) = pi * g(s) / ((pi * G(s) + 1 - pi) * h_N(s) / H_N(s))
 *
 * g, G: density and CDF of the right performer's score (logistic; the density is held at its mode above it, so
 * the odds never fall as the score rises); H_N, h_N: CDF and density of the best impostor among N. The numerator is
 * "the person is enrolled and this is them", the denominator "this is the best of N impostors", either because the
 * person is a stranger or because their own performer scored below it. Candidates' confidences are their odds
 * normalised over the retrieved candidates plus "none of them": conf_k = odds_k / (1 + sum of odds).
 */
export function openSetTier(calibration: Calibration, tier: SizeTier, evidence: OpenSetTier['evidence']): OpenSetTier | undefined {
  const entries = calibration.open_set?.tiers.filter((t) => t.evidence === evidence) ?? [];
  if (entries.length === 0) return undefined;
  const exact = entries.find((t) => t.size_tier === tier);
  if (exact) return exact;
  if (tier === 'full') return entries.find((t) => t.size_tier === 'full') ?? entries[0];
  const numeric = entries.filter((t): t is OpenSetTier & { size_tier: number } => t.size_tier !== 'full');
  if (numeric.length === 0) return entries[0];
  return numeric.reduce((best, t) => (Math.abs(Math.log(t.size_tier / tier)) < Math.abs(Math.log(best.size_tier / tier)) ? t : best));
}

/** Location and scale of the best impostor score among n performers. */
export function maxImpostorGumbel(params: OpenSetTier, n: number): { location: number; scale: number } {
  const x = Math.sqrt(2 * Math.log(Math.max(n, 2)));
  const [a, b] = params.max_impostor.location, [c, d] = params.max_impostor.scale;
  return { location: a + b * x, scale: Math.max(0.05, c + d / x) };
}

/** Natural log of the odds that a candidate at fused score `score` is the person (see above). */
export function logOpenSetOdds(params: OpenSetTier, prior: number, score: number, databaseSize: number): number {
  const { location, scale } = maxImpostorGumbel(params, databaseSize);
  const { location: mode, scale: spread } = params.genuine;
  // Logistic: log density -z - 2 log(1 + e^-z) - log(scale) for z <= 0 (held at the mode above it), CDF 1/(1+e^-z).
  const zg = (Math.min(score, mode) - mode) / spread;
  const logGenuineDensity = -zg - 2 * Math.log1p(Math.exp(-zg)) - Math.log(spread);
  const genuineBelow = 1 / (1 + Math.exp(-(score - mode) / spread));
  // log(h_N / H_N) for a Gumbel maximum: -log(scale) - (s - location) / scale.
  const logImpostorHazard = -Math.log(scale) - (score - location) / scale;
  return Math.log(prior) + logGenuineDensity - Math.log(prior * genuineBelow + 1 - prior) - logImpostorHazard;
}

/**
 * The most strangers the default threshold (0.5) may name, whatever the database size. The posterior alone does not
 * keep it: calibrated with half the faces enrolled, it names a score where a right name is as likely as a wrong
 * one, and as N grows the best impostor moves into the genuine scores' tail, so more strangers cross that line
 * (modelled at the default threshold: full-size faces 0.6% of strangers at 300 performers, 1.3% at 3,000, 3.2% at
 * 100,000; sprite persons 2.0%, 3.4%, 5.8%).
 */
export const STRANGER_RATE = 0.01;

/**
 * The stranger guard: with p the chance that a stranger's best impostor among N scores at least `score` (the
 * Gumbel above), STRANGER_RATE / (STRANGER_RATE + p). It is 0.5 exactly where p = 1%, so a candidate reaches the
 * default threshold only above the score that 1% of strangers reach in a database of this size; far above it, it
 * tends to 1 and the posterior decides. A confidence is the lower of the two: the guard only ever lowers one, where
 * strangers still reach the score (it caps at 0.9 where 1 stranger in 900 does); a typical match keeps its posterior.
 */
export function strangerGuard(params: OpenSetTier, score: number, databaseSize: number): number {
  const { location, scale } = maxImpostorGumbel(params, databaseSize);
  const exceeded = -Math.expm1(-Math.exp(-(score - location) / scale));
  return STRANGER_RATE / (STRANGER_RATE + exceeded);
}

/**
 * Confidences for retrieved candidates (their fused scores) under the open-set model, each capped by the stranger
 * guard (`guard: false` for the bare posterior, to measure what the guard costs); log space throughout.
 */
export function openSetConfidences(params: OpenSetTier, prior: number, scores: readonly number[], databaseSize: number, guard = true): number[] {
  const n = Math.max(databaseSize, scores.length, 1);
  const logOdds = scores.map((s) => logOpenSetOdds(params, prior, s, n));
  const max = Math.max(0, ...logOdds);
  const denominator = Math.exp(-max) + logOdds.reduce((sum, l) => sum + Math.exp(l - max), 0);
  return logOdds.map((l, i) => {
    const posterior = Math.exp(l - max) / denominator;
    return guard ? Math.min(posterior, strangerGuard(params, scores[i], n)) : posterior;
  });
}

/**
 * Confidences of retrieved candidates by whichever model the calibration carries: the open-set model for the
 * template tier and evidence when fitted, the likelihood-ratio posterior otherwise (older manifests).
 */
export function candidateConfidences(
  calibration: Calibration,
  templateTier: SizeTier,
  evidence: OpenSetTier['evidence'],
  llrs: readonly number[],
  databaseSize: number,
): number[] {
  const params = openSetTier(calibration, templateTier, evidence);
  return params ? openSetConfidences(params, calibration.prior_enrolled, llrs, databaseSize) : posteriors(calibration, llrs, databaseSize);
}
