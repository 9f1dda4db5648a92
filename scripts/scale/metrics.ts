/**
 * Open-set figures over the exact score matrices of bed.ts: fused scores, top candidates per gallery size,
 * rank-1, DIR at FPIR, named and stranger rates at a confidence threshold, reliability tables, and the best
 * impostor score among N performers (what the open-set calibration models).
 */
import type { Calibration, OpenSetTier, SizeTier } from '../../src/database/format.js';
import { tierParams } from '../../src/recognition/calibration.js';
import { cosineMatrix, type Bed, type Probe } from './bed.js';

/** Fused scores (the calibration tier's LLR, as match.ts scores a candidate): row-major [probe][performer]. */
export function fusedMatrix(bed: Bed, probes: readonly Probe[], calibration: Calibration, calibrationTier: SizeTier, cosines?: Map<string, Float32Array>): Float32Array {
  const n = bed.performers.length;
  const params = tierParams(calibration, calibrationTier);
  const out = new Float32Array(probes.length * n).fill(params.bias);
  for (const model of bed.models) {
    const w = params.weights[model];
    const stats = calibration.models[model];
    if (w === undefined || !stats) continue;
    const cos = cosines?.get(model) ?? cosineMatrix(bed, probes, model);
    for (let i = 0; i < out.length; i++) out[i] += (w * (cos[i] - stats.impostor_mean)) / stats.impostor_std;
  }
  return out;
}

export interface Ranked {
  /** Performer positions, best first (up to `k`). */
  top: number[];
  scores: number[];
  /** Score of the probe's own performer, if in this gallery. */
  own?: number;
}

/** Top-k over the first `size` performers, optionally without one performer (a leave-out stranger trial). */
export function rank(row: Float32Array, size: number, k: number, exclude = -1): Ranked {
  const top: number[] = [], scores: number[] = [];
  for (let j = 0; j < size; j++) {
    if (j === exclude) continue;
    const s = row[j];
    if (top.length === k && s <= scores[k - 1]) continue;
    let at = top.length === k ? k - 1 : top.length;
    while (at > 0 && scores[at - 1] < s) at--;
    top.splice(at, 0, j);
    scores.splice(at, 0, s);
    if (top.length > k) (top.pop(), scores.pop());
  }
  return { top, scores };
}

export function row(matrix: Float32Array, n: number, i: number): Float32Array {
  return matrix.subarray(i * n, (i + 1) * n);
}

/** One probe's outcome at one gallery size. */
export interface Outcome {
  genuine: boolean;
  correct: boolean;
  /** Best fused score (after any rescoring). */
  score: number;
  confidence: number;
  frontal: number;
  set: Probe['set'];
}

export type ConfidenceFn = (scores: readonly number[], size: number) => number[];

/**
 * Outcomes of probes at gallery size `size`: genuine (own performer inside), strangers (never enrolled) and, when
 * `leaveOut`, every genuine probe once more with its own performer removed (a stranger trial: more of them for
 * FPIR at 0.1%). Probes whose performer lies beyond `size` are left out.
 */
export function outcomes(
  fused: Float32Array,
  probes: readonly Probe[],
  nPerformers: number,
  size: number,
  confidence: ConfidenceFn,
  options: { leaveOut?: boolean; k?: number; score?: (r: Ranked) => number } = {},
): { genuine: Outcome[]; strangers: Outcome[]; leaveOut: Outcome[] } {
  const k = options.k ?? 20;
  const genuine: Outcome[] = [], strangers: Outcome[] = [], leaveOut: Outcome[] = [];
  const outcome = (r: Ranked, p: Probe, isGenuine: boolean): Outcome => ({
    genuine: isGenuine,
    correct: isGenuine && r.top[0] === p.performer,
    score: options.score ? options.score(r) : r.scores[0],
    confidence: confidence(r.scores, size)[0],
    frontal: p.frontal,
    set: p.set,
  });
  probes.forEach((p, i) => {
    const line = row(fused, nPerformers, i);
    if (p.performer < 0) strangers.push(outcome(rank(line, size, k), p, false));
    else if (p.performer < size) {
      genuine.push(outcome(rank(line, size, k), p, true));
      if (options.leaveOut) leaveOut.push(outcome(rank(line, size, k, p.performer), p, false));
    }
  });
  return { genuine, strangers, leaveOut };
}

const pct = (x: number) => +(100 * x).toFixed(1);

/** Rank-1, DIR at FPIR 1% and 0.1% (score thresholds from the stranger trials), rates at a confidence threshold. */
export function summary(o: { genuine: Outcome[]; strangers: Outcome[]; leaveOut: Outcome[] }, threshold: number) {
  const trials = [...o.strangers, ...o.leaveOut].map((s) => s.score).sort((a, b) => b - a);
  const at = (fpir: number) => trials[Math.min(trials.length - 1, Math.max(0, Math.ceil(fpir * trials.length) - 1))];
  const dir = (fpir: number) => {
    const t = at(fpir);
    return o.genuine.filter((g) => g.correct && g.score > t).length / o.genuine.length;
  };
  const g = o.genuine.length;
  return {
    genuine: g,
    strangers: o.strangers.length,
    stranger_trials: trials.length,
    rank1: pct(o.genuine.filter((x) => x.correct).length / g),
    dir_fpir_1: pct(dir(0.01)),
    dir_fpir_01: pct(dir(0.001)),
    named: pct(o.genuine.filter((x) => x.correct && x.confidence >= threshold).length / g),
    wrong_named: pct(o.genuine.filter((x) => !x.correct && x.confidence >= threshold).length / g),
    strangers_named: pct(o.strangers.filter((x) => x.confidence >= threshold).length / Math.max(1, o.strangers.length)),
    leave_out_named: pct(o.leaveOut.filter((x) => x.confidence >= threshold).length / Math.max(1, o.leaveOut.length)),
  };
}

/** Named rates by pose: frontalness bins of the probe face (landmark symmetry, src/vision/quality.ts). */
export function byPose(o: { genuine: Outcome[]; strangers: Outcome[] }, threshold: number) {
  const edges = [0, 0.4, 0.6, 0.8, 0.9, 1.0001];
  return edges.slice(0, -1).map((lo, b) => {
    const hi = edges[b + 1];
    const g = o.genuine.filter((x) => x.frontal >= lo && x.frontal < hi);
    const s = o.strangers.filter((x) => x.frontal >= lo && x.frontal < hi);
    return {
      bin: `${lo}-${Math.min(1, hi)}`,
      genuine: g.length,
      rank1: g.length ? pct(g.filter((x) => x.correct).length / g.length) : null,
      named: g.length ? pct(g.filter((x) => x.correct && x.confidence >= threshold).length / g.length) : null,
      strangers: s.length,
      strangers_named: s.length ? pct(s.filter((x) => x.confidence >= threshold).length / s.length) : null,
    };
  });
}

/**
 * Reliability: per confidence bin, the share of named performers that are right, with genuine probes and stranger
 * trials weighted to the calibration's prior (a probe is enrolled with probability `prior`).
 */
export function reliability(o: { genuine: Outcome[]; strangers: Outcome[]; leaveOut: Outcome[] }, prior: number) {
  const strangers = [...o.strangers, ...o.leaveOut];
  const items = [
    ...o.genuine.map((x) => ({ x, w: prior / o.genuine.length })),
    ...strangers.map((x) => ({ x, w: (1 - prior) / strangers.length })),
  ];
  const edges = [0, 0.1, 0.3, 0.5, 0.7, 0.9, 0.97, 1.0001];
  return edges.slice(0, -1).map((lo, b) => {
    const hi = edges[b + 1];
    const inBin = items.filter(({ x }) => x.confidence >= lo && x.confidence < hi);
    const w = inBin.reduce((s, i) => s + i.w, 0);
    return {
      bin: `${lo}-${Math.min(1, hi)}`,
      n: inBin.length,
      mean_confidence: w ? +(inBin.reduce((s, i) => s + i.w * i.x.confidence, 0) / w).toFixed(3) : null,
      right: w ? +(inBin.reduce((s, i) => s + (i.x.correct ? i.w : 0), 0) / w).toFixed(3) : null,
    };
  });
}

/**
 * Gumbel through two quantiles of the maxima, the median and the 99th percentile (q_p = location - scale ln(-ln p)):
 * fitted where strangers get named (the top 1%), not by moments, which follow the bulk and miss the probes whose
 * impostors all score high (measured at 300 performers: by moments, 1.5% of strangers named at the default
 * threshold against the 1% the model promised).
 */
export function gumbelTail(xs: readonly number[]): { location: number; scale: number } {
  const sorted = [...xs].sort((a, b) => a - b);
  const q = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
  const g = (p: number) => -Math.log(-Math.log(p));
  const scale = (q(0.99) - q(0.5)) / (g(0.99) - g(0.5));
  return { location: q(0.5) - scale * g(0.5), scale };
}

function linearFit(xs: readonly number[], ys: readonly number[]): [number, number] {
  const n = xs.length, mx = xs.reduce((a, b) => a + b, 0) / n, my = ys.reduce((a, b) => a + b, 0) / n;
  const sxy = xs.reduce((s, x, i) => s + (x - mx) * (ys[i] - my), 0), sxx = xs.reduce((s, x) => s + (x - mx) ** 2, 0);
  const b = sxy / sxx;
  return [my - b * mx, b];
}

/**
 * Fits the open-set model of one tier and evidence: the right performer's fused score (logistic), and the best
 * impostor among N (Gumbel through the median and 99th percentile at N = 10 ... all, random galleries of other performers; then location
 * linear in x and scale linear in 1/x, x = sqrt(2 ln N), see calibration.ts). Impostor maxima come from every probe
 * with its own performer left out. `fitUpTo`: largest N used in the fit (to test the extrapolation beyond it).
 * `pool`: the performers galleries are drawn from (and whose probes give the genuine scores); default all.
 */
export function fitOpenSet(
  fused: Float32Array,
  probes: readonly Probe[],
  nPerformers: number,
  tier: SizeTier,
  evidence: OpenSetTier['evidence'],
  include: (p: Probe) => boolean = () => true,
  fitUpTo = Infinity,
  pool?: readonly number[],
  sizes?: readonly number[],
): OpenSetTier & { points: Array<{ n: number; location: number; scale: number }> } {
  const genuine: number[] = [];
  const inPool = pool ? new Set(pool) : undefined;
  probes.forEach((p, i) => {
    if (include(p) && p.performer >= 0 && (!inPool || inPool.has(p.performer))) genuine.push(fused[i * nPerformers + p.performer]);
  });
  // Logistic through the median and the 5th percentile (q_p = location + scale ln(p / (1 - p))): fitted on the lower
  // tail, where genuine scores meet the best impostors (a normal by moments put 3-4 times too few genuine scores
  // there and made the confidence far too cautious at 0.3-0.9).
  genuine.sort((a, b) => a - b);
  const gq = (p: number) => genuine[Math.min(genuine.length - 1, Math.floor(p * genuine.length))];
  const gm = gq(0.5);
  const gs = (gm - gq(0.05)) / Math.log(19);
  let seed = 12345;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  const points: Array<{ n: number; location: number; scale: number }> = [];
  const everyone = Array.from({ length: nPerformers }, (_, j) => j);
  for (const n of sizes ?? [10, 30, 100, 300, 1000, nPerformers - 1]) {
    const reps = Math.max(1, Math.min(10, Math.round(3000 / n)));
    const maxima: number[] = [];
    for (let r = 0; r < reps; r++) {
      const order = [...(pool ?? everyone)];
      for (let j = order.length - 1; j > 0; j--) {
        const k = Math.floor(random() * (j + 1));
        [order[j], order[k]] = [order[k], order[j]];
      }
      probes.forEach((p, i) => {
        if (!include(p)) return;
        let best = -Infinity, taken = 0;
        for (let t = 0; t < order.length && taken < n; t++) {
          const j = order[t];
          if (j === p.performer) continue;
          taken++;
          const s = fused[i * nPerformers + j];
          if (s > best) best = s;
        }
        maxima.push(best);
      });
    }
    points.push({ n, ...gumbelTail(maxima) });
  }
  const used = points.filter((p) => p.n <= fitUpTo);
  const x = used.map((p) => Math.sqrt(2 * Math.log(p.n)));
  const round = (v: number) => Math.round(v * 1e5) / 1e5;
  return {
    size_tier: tier,
    evidence,
    genuine: { location: round(gm), scale: round(gs) },
    max_impostor: {
      location: linearFit(x, used.map((p) => p.location)).map(round) as [number, number],
      scale: linearFit(x.map((v) => 1 / v), used.map((p) => p.scale)).map(round) as [number, number],
    },
    points,
  };
}
