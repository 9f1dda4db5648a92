/**
 * Fits the default confidence calibration on LFW (../shared/faces/lfw/orig150: 265 people, unaligned photos) and
 * checks it on people it was not fitted on. Writes src/recognition/default-calibration.json.
 *
 *   npx tsx scripts/calibrate.ts [--out FILE]
 *
 * Per probe and size tier, every performer template is scored with every model; per model the impostor cosines
 * give the z-normalisation; per tier a logistic regression over the z-scores with balanced classes gives the
 * log-likelihood ratio genuine/impostor. Validation: fit on two thirds of the people, then an open-set test on the
 * rest (half enrolled, half strangers, the fitting people's templates as distractors).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Calibration, SizeTier } from '../src/database/format.js';
import { logLikelihoodRatio, posteriors } from '../src/recognition/calibration.js';
import { degradedEmbedding, DEFAULT_DEGRADED_TIERS, performerTemplates } from '../src/enrolment/templates.js';
import { cosine } from '../src/vision/vectors.js';
import { VisionEngine } from '../src/vision/engine.js';
import { FACES_DIR } from '../test/support/fixtures.js';
import { analyseLabelled, dPrime, mean, std, tarAtFar, type LabelledFace } from '../test/support/evaluation.js';

const OUT = process.argv.includes('--out') ? process.argv[process.argv.indexOf('--out') + 1] : 'src/recognition/default-calibration.json';
const TIERS: SizeTier[] = ['full', ...DEFAULT_DEGRADED_TIERS];
const PRIOR = 0.5;

const engine = await VisionEngine.create();
const models = engine.embedderSpecs.map((s) => s.id);
const lfwDir = join(FACES_DIR, 'lfw', 'orig150');
const manifest = JSON.parse(readFileSync(join(lfwDir, 'manifest.json'), 'utf8')) as Record<string, string[]>;
const names = Object.keys(manifest).sort();
const photos = names.flatMap((identity) => manifest[identity].map((f) => ({ identity, file: join(lfwDir, f) })));
const t0 = performance.now();
const { faces, missed } = await analyseLabelled(engine, photos);
console.error(`analysed ${photos.length} photos in ${((performance.now() - t0) / 1000).toFixed(0)} s, no face in ${missed.length}`);

interface Person { identity: string; enrol: LabelledFace[]; probes: LabelledFace[] }
const people: Person[] = names
  .map((identity) => {
    const mine = faces.filter((f) => f.identity === identity);
    const half = Math.ceil(mine.length / 2);
    return { identity, enrol: mine.slice(0, half), probes: mine.slice(half) };
  })
  .filter((p) => p.enrol.length > 0);

type Vecs = Record<string, Float32Array>;
const templates = new Map<string, Map<SizeTier, Vecs>>();
const probeVecs = new Map<LabelledFace, Map<SizeTier, Vecs>>();
for (const p of people) {
  const t = await performerTemplates(engine, p.enrol.map((f) => ({ image: f.image, face: f.face })));
  templates.set(p.identity, new Map(t.map((x) => [x.size_tier, x.embeddings])));
  for (const probe of p.probes) {
    const byTier = new Map<SizeTier, Vecs>([['full', probe.face.embeddings]]);
    for (const w of DEFAULT_DEGRADED_TIERS) byTier.set(w, await degradedEmbedding(engine, probe.image, probe.face, w));
    probeVecs.set(probe, byTier);
  }
}
console.error(`templates and degraded probes ready at ${((performance.now() - t0) / 1000).toFixed(0)} s`);

interface Pair { genuine: boolean; cos: Record<string, number> }
function pairs(tier: SizeTier, probePeople: Person[], galleryPeople: Person[]): Pair[] {
  const out: Pair[] = [];
  for (const p of probePeople) for (const probe of p.probes) {
    const v = probeVecs.get(probe)!.get(tier)!;
    for (const g of galleryPeople) {
      const t = templates.get(g.identity)!.get(tier)!;
      out.push({ genuine: g.identity === p.identity, cos: Object.fromEntries(models.map((m) => [m, cosine(v[m], t[m])])) });
    }
  }
  return out;
}

/** Weighted logistic regression by Newton's method, balanced classes, small ridge: returns [bias, ...weights]. */
function fitLogistic(x: number[][], y: number[], ridge = 1e-3): number[] {
  const d = x[0].length + 1;
  const nPos = y.filter((v) => v === 1).length, nNeg = y.length - nPos;
  let beta = new Array(d).fill(0);
  for (let iter = 0; iter < 50; iter++) {
    const grad = new Array(d).fill(0);
    const hess = Array.from({ length: d }, () => new Array(d).fill(0));
    for (let i = 0; i < x.length; i++) {
      const xi = [1, ...x[i]];
      const w = y[i] === 1 ? 0.5 / nPos : 0.5 / nNeg;
      const z = xi.reduce((s, v, j) => s + v * beta[j], 0);
      const p = 1 / (1 + Math.exp(-z));
      for (let j = 0; j < d; j++) {
        grad[j] += w * (p - y[i]) * xi[j];
        for (let k = 0; k < d; k++) hess[j][k] += w * p * (1 - p) * xi[j] * xi[k];
      }
    }
    for (let j = 1; j < d; j++) { grad[j] += ridge * beta[j]; hess[j][j] += ridge; }
    const step = solve(hess, grad);
    beta = beta.map((b, j) => b - step[j]);
    if (Math.max(...step.map(Math.abs)) < 1e-8) break;
  }
  return beta;
}

function solve(a: number[][], b: number[]): number[] {
  const n = b.length;
  const m = a.map((row, i) => [...row, b[i]]);
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r][c]) > Math.abs(m[p][c])) p = r;
    [m[c], m[p]] = [m[p], m[c]];
    for (let r = 0; r < n; r++) if (r !== c) {
      const f = m[r][c] / m[c][c];
      for (let k = c; k <= n; k++) m[r][k] -= f * m[c][k];
    }
  }
  return m.map((row, i) => row[n] / row[i]);
}

function fit(fitPeople: Person[], label: string): Calibration {
  const full = pairs('full', fitPeople, fitPeople);
  const modelStats = Object.fromEntries(models.map((m) => {
    const imp = full.filter((p) => !p.genuine).map((p) => p.cos[m]);
    return [m, { impostor_mean: round(mean(imp)), impostor_std: round(std(imp)) }];
  }));
  const calibration: Calibration = { method: 'logistic-llr', fitted_on: label, models: modelStats, tiers: [], prior_enrolled: PRIOR };
  for (const tier of TIERS) {
    const ps = tier === 'full' ? full : pairs(tier, fitPeople, fitPeople);
    const x = ps.map((p) => models.map((m) => (p.cos[m] - modelStats[m].impostor_mean) / modelStats[m].impostor_std));
    const beta = fitLogistic(x, ps.map((p) => (p.genuine ? 1 : 0)));
    calibration.tiers.push({ size_tier: tier, bias: round(beta[0]), weights: Object.fromEntries(models.map((m, i) => [m, round(beta[i + 1])])) });
  }
  return calibration;
}

function round(v: number): number {
  return Math.round(v * 1e6) / 1e6;
}

/** Open-set check on held-out people, with the fitting people's templates in the gallery as distractors. */
function validate(calibration: Calibration, heldOut: Person[], distractors: Person[]) {
  const enrolled = heldOut.filter((_, i) => i % 2 === 0);
  const strangers = heldOut.filter((_, i) => i % 2 === 1);
  const gallery = [...enrolled, ...distractors];
  const report: Record<string, unknown> = {};
  for (const tier of TIERS) {
    const rows: Array<{ conf: number; correct: boolean; enrolled: boolean }> = [];
    const genuineCos: Record<string, number[]> = {}, impostorCos: Record<string, number[]> = {};
    const genuineLlr: number[] = [], impostorLlr: number[] = [];
    for (const p of [...enrolled, ...strangers]) for (const probe of p.probes) {
      const v = probeVecs.get(probe)!.get(tier)!;
      const scored = gallery.map((g) => {
        const t = templates.get(g.identity)!.get(tier)!;
        const cos = Object.fromEntries(models.map((m) => [m, cosine(v[m], t[m])]));
        const llr = logLikelihoodRatio(calibration, tier, cos);
        const same = g.identity === p.identity;
        for (const m of models) ((same ? genuineCos : impostorCos)[m] ??= []).push(cos[m]);
        (same ? genuineLlr : impostorLlr).push(llr);
        return { identity: g.identity, llr };
      });
      scored.sort((a, b) => b.llr - a.llr);
      const top = scored.slice(0, 20);
      const conf = posteriors(calibration, top.map((s) => s.llr), gallery.length)[0];
      rows.push({ conf, correct: top[0].identity === p.identity, enrolled: enrolled.includes(p) });
    }
    const enr = rows.filter((r) => r.enrolled), str = rows.filter((r) => !r.enrolled);
    const at = (th: number) => ({
      dir: +(enr.filter((r) => r.correct && r.conf >= th).length / enr.length).toFixed(4),
      wrong_accepted: +(enr.filter((r) => !r.correct && r.conf >= th).length / enr.length).toFixed(4),
      fpir: +(str.filter((r) => r.conf >= th).length / str.length).toFixed(4),
    });
    const bins = [0, 0.2, 0.4, 0.6, 0.8, 0.9, 1.0001].slice(0, -1).map((lo, i, arr) => {
      const hi = [0.2, 0.4, 0.6, 0.8, 0.9, 1.0001][i];
      const inBin = rows.filter((r) => r.conf >= lo && r.conf < hi);
      return { range: `${lo}-${Math.min(1, hi)}`, n: inBin.length, mean_confidence: +mean(inBin.map((r) => r.conf)).toFixed(3), observed_correct: +(inBin.filter((r) => r.enrolled && r.correct).length / Math.max(1, inBin.length)).toFixed(3) };
    });
    report[String(tier)] = {
      rank1: +(enr.filter((r) => r.correct).length / enr.length).toFixed(4),
      at_0_5: at(0.5), at_0_9: at(0.9),
      per_model: Object.fromEntries(models.map((m) => [m, { dprime: +dPrime(genuineCos[m], impostorCos[m]).toFixed(2), tar_far_1e3: +tarAtFar(genuineCos[m], impostorCos[m], 1e-3).toFixed(4) }])),
      fused: { dprime: +dPrime(genuineLlr, impostorLlr).toFixed(2), tar_far_1e3: +tarAtFar(genuineLlr, impostorLlr, 1e-3).toFixed(4) },
      reliability: bins,
    };
  }
  return { gallery: gallery.length, enrolled_probes: enrolled.reduce((s, p) => s + p.probes.length, 0), stranger_probes: strangers.reduce((s, p) => s + p.probes.length, 0), tiers: report };
}

const fitPart = people.filter((_, i) => i % 3 !== 0);
const heldOut = people.filter((_, i) => i % 3 === 0);
const trial = fit(fitPart, 'validation fit');
console.log(JSON.stringify({ validation: validate(trial, heldOut, fitPart) }, null, 1));
const final = fit(people, `lfw orig150: ${people.length} people, ${faces.length} photos (first half of each person's photos enrolled)`);
writeFileSync(OUT, JSON.stringify(final, null, 2) + '\n');
console.error(`wrote ${OUT}`);
await engine.close();
