/**
 * Discrimination experiments on the large gallery (issue 18), each measured as rank-1 and DIR at FPIR 1% / 0.1%
 * (thresholds from the stranger and leave-out trials) against the shipped scoring:
 * - fusion weights: the dlib/fr_feature weight ratio swept;
 * - margin: the best score minus a share of the second best (a cohort-like normalisation per probe);
 * - several templates: a performer's best single reference face, or mean template and best face combined;
 * - persons: every face's evidence combined (mean of per-face fused scores) instead of the mean embedding;
 * - pose: flip-averaged embeddings (the face and its mirror image, probes and references alike), by frontalness.
 */
import type { Calibration, SizeTier } from '../../src/database/format.js';
import { tierParams } from '../../src/recognition/calibration.js';
import { cosineMatrix, probeVector, type Bed, type Probe } from './bed.js';
import { meanEmbedding } from '../../src/vision/vectors.js';
import { outcomes, rank, row, summary, type Ranked } from './metrics.js';

type Row = { variant: string; rank1: number; dir_fpir_1: number; dir_fpir_01: number };

function measure(variant: string, fused: Float32Array, probes: readonly Probe[], n: number, size: number, score?: (r: Ranked) => number): Row {
  const o = outcomes(fused, probes, n, size, () => [0], { leaveOut: true, k: 2, score });
  const s = summary({ ...o, genuine: o.genuine.filter((g) => g.set === 'lfw') }, 1);
  return { variant, rank1: s.rank1, dir_fpir_1: s.dir_fpir_1, dir_fpir_01: s.dir_fpir_01 };
}

function zFused(bed: Bed, calibration: Calibration, cos: Map<string, Float32Array>, weights: Record<string, number>): Float32Array {
  const first = cos.get(bed.models[0])!;
  const out = new Float32Array(first.length);
  for (const m of bed.models) {
    const w = weights[m] ?? 0, { impostor_mean, impostor_std } = calibration.models[m];
    const c = cos.get(m)!;
    for (let i = 0; i < out.length; i++) out[i] += (w * (c[i] - impostor_mean)) / impostor_std;
  }
  return out;
}

/** Fusion weight sweep and margin, for single faces at one tier. */
export function faceExperiments(bed: Bed, probes: readonly Probe[], calibration: Calibration, calibrationTier: SizeTier, size: number): Row[] {
  const n = bed.performers.length;
  const cos = new Map(bed.models.map((m) => [m, cosineMatrix(bed, probes, m)]));
  const [primary, second] = bed.models;
  const shipped = tierParams(calibration, calibrationTier).weights;
  const rows: Row[] = [];
  const shippedFused = zFused(bed, calibration, cos, shipped);
  const ratio = (w: Record<string, number>) => `${primary}/${second} weight ${((w[primary] ?? 0) / (w[second] || 1)).toFixed(2)}`;
  rows.push(measure(`shipped: ${ratio(shipped)}`, shippedFused, probes, n, size));
  for (const r of [0, 0.5, 1, 1.5, 2.5]) {
    const w = { [primary]: r, [second]: 1 };
    rows.push(measure(ratio(w), zFused(bed, calibration, cos, w), probes, n, size));
  }
  for (const lambda of [0.25, 0.5]) rows.push(measure(`margin: best - ${lambda} x second`, shippedFused, probes, n, size, (r) => r.scores[0] - lambda * (r.scores[1] ?? 0)));
  if (calibrationTier === 'full') rows.push(...templateExperiments(bed, probes, calibration, shipped, cos, size));
  return rows;
}

/** Full size only: the face index (every kept reference face) against the mean template. */
function templateExperiments(bed: Bed, probes: readonly Probe[], calibration: Calibration, weights: Record<string, number>, meanCos: Map<string, Float32Array>, size: number): Row[] {
  const n = bed.performers.length;
  const best = new Float32Array(probes.length * n).fill(-Infinity);
  const vecs = bed.models.map((m) => probes.map((p) => probeVector(p, m)));
  bed.performers.forEach((perf, j) => {
    for (const ref of perf.references) {
      probes.forEach((_, i) => {
        let s = 0;
        bed.models.forEach((m, mi) => {
          const a = vecs[mi][i], b = ref.full[m], { impostor_mean, impostor_std } = calibration.models[m];
          let dot = 0;
          for (let k = 0; k < a.length; k++) dot += a[k] * b[k];
          s += ((weights[m] ?? 0) * (dot - impostor_mean)) / impostor_std;
        });
        if (s > best[i * n + j]) best[i * n + j] = s;
      });
    }
  });
  const mean = zFused(bed, calibration, meanCos, weights);
  const both = mean.map((v, i) => 0.5 * (v + best[i]));
  return [measure('best reference face (face index)', best, probes, n, size), measure('mean template + best face, averaged', both, probes, n, size)];
}

/** Sprite persons: the mean embedding (shipped) against the mean of every face's fused score. */
export function personExperiments(bed: Bed, persons: readonly Probe[], calibration: Calibration, size: number): Row[] {
  const n = bed.performers.length;
  const params = tierParams(calibration, 'full');
  const cos = new Map(bed.models.map((m) => [m, cosineMatrix(bed, persons, m)]));
  const meanEmb = zFused(bed, calibration, cos, params.weights);
  // Per face: each face against the templates of its own width (person.ts searches the median width's).
  const perFace = new Float32Array(persons.length * n);
  persons.forEach((p, i) => {
    const sizes = [32, 24, 16];
    p.faces.forEach((face, f) => {
      const tier = sizes[f % sizes.length];
      const fp = tierParams(calibration, tier);
      bed.performers.forEach((perf, j) => {
        const t = perf.templates.get(tier)!;
        let s = fp.bias;
        for (const m of bed.models) {
          let dot = 0;
          const a = face[m], b = t[m];
          for (let k = 0; k < a.length; k++) dot += a[k] * b[k];
          s += ((fp.weights[m] ?? 0) * (dot - calibration.models[m].impostor_mean)) / calibration.models[m].impostor_std;
        }
        perFace[i * n + j] += s / p.faces.length;
      });
    });
  });
  return [
    measure('mean embedding (shipped)', meanEmb, persons, n, size),
    measure('mean of per-face fused scores', perFace, persons, n, size),
    measure('both, summed', meanEmb.map((v, i) => v + perFace[i]), persons, n, size),
  ];
}

/**
 * Full size, when the mirrored pass ran (--flip): the shipped embeddings against flip-averaged ones (each face's
 * embedding averaged with its mirror image's, probes and reference faces alike, templates the mean of those), over
 * all probes and by frontalness; DIR per pose bin at the all-probe FPIR 1% threshold.
 */
export function poseExperiments(bed: Bed, probes: readonly Probe[], calibration: Calibration, size: number): Row[] {
  const n = bed.performers.length;
  const byFile = new Map(bed.records.flatMap((r) => r.probes.map((ph) => [ph.file, ph] as const)));
  if (!probes.every((p) => byFile.get(p.file)?.flipped) || !bed.performers.every((p) => p.references.every((r) => r.flipped))) return [];
  const weights = tierParams(calibration, 'full').weights;
  const averaged = (face: Record<string, Float32Array>, mirror: Record<string, Float32Array>, m: string) => meanEmbedding([face[m], mirror[m]]);
  const fusedOf = (probeVec: (p: Probe, m: string) => Float32Array, template: (j: number, m: string) => Float32Array) => {
    const out = new Float32Array(probes.length * n);
    for (const m of bed.models) {
      const w = weights[m] ?? 0, { impostor_mean, impostor_std } = calibration.models[m];
      const templates = bed.performers.map((_, j) => template(j, m));
      probes.forEach((p, i) => {
        const q = probeVec(p, m);
        for (let j = 0; j < n; j++) {
          const t = templates[j];
          let dot = 0;
          for (let k = 0; k < q.length; k++) dot += q[k] * t[k];
          out[i * n + j] += (w * (dot - impostor_mean)) / impostor_std;
        }
      });
    }
    return out;
  };
  const shipped = fusedOf((p, m) => p.faces[0][m], (j, m) => bed.performers[j].templates.get('full')![m]);
  const flipAveraged = fusedOf(
    (p, m) => averaged(p.faces[0], byFile.get(p.file)!.flipped!, m),
    (j, m) => meanEmbedding(bed.performers[j].references.map((r) => averaged(r.full, r.flipped!, m))),
  );
  const rows: Row[] = [];
  const bins = [[0, 0.6], [0.6, 0.8], [0.8, 1.0001]] as const;
  for (const [name, fused] of [['shipped', shipped], ['flip-averaged', flipAveraged]] as const) {
    rows.push(measure(name, fused, probes, n, size));
    // The FPIR 1% score threshold over every stranger trial, then each pose bin's share named above it.
    const trials: number[] = [];
    probes.forEach((p, i) => {
      const line = row(fused, n, i);
      if (p.performer < 0) trials.push(rank(line, size, 1).scores[0]);
      else if (p.performer < size) trials.push(rank(line, size, 1, p.performer).scores[0]);
    });
    trials.sort((a, b) => b - a);
    const threshold = trials[Math.ceil(0.01 * trials.length) - 1];
    for (const [lo, hi] of bins) {
      let total = 0, right = 0, named = 0;
      probes.forEach((p, i) => {
        if (p.performer < 0 || p.performer >= size || p.set !== 'lfw' || p.frontal < lo || p.frontal >= hi) return;
        total++;
        const r = rank(row(fused, n, i), size, 1);
        if (r.top[0] === p.performer) {
          right++;
          if (r.scores[0] > threshold) named++;
        }
      });
      const pct = (x: number) => +((100 * x) / Math.max(1, total)).toFixed(1);
      rows.push({ variant: `${name}, frontalness ${lo}-${Math.min(1, hi)} (${total} probes)`, rank1: pct(right), dir_fpir_1: pct(named), dir_fpir_01: NaN });
    }
  }
  return rows;
}
