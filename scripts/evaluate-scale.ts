/**
 * Recognition at scale (issue 18): lfw + lfw-distractors enrolled with the builder's code (scripts/scale/dataset.ts),
 * galleries of about 300, 1,000 and 2,700 performers, single faces at full size and at 32/24/16 px, and sprite
 * persons (several small faces of one identity). Reports rank-1, DIR at FPIR 1% / 0.1%, named / wrong / strangers
 * named at the default threshold for the likelihood-ratio posterior ("posterior", manifests before issue 18) and
 * the open-set model ("open-set"), reliability tables, the fitted max-impostor trend and its prediction at 100,000.
 *
 *   npm run evaluate-scale [-- --fit] [--full-only] [--out FILE]
 *
 * --fit writes the fitted open-set model into src/recognition/default-calibration.json (the shipped calibration).
 * Embeddings are cached under .cache/scale/ (the first run takes CPU-minutes).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import type { Calibration, OpenSetTier, SizeTier } from '../src/database/format.js';
import { maxImpostorGumbel, openSetConfidences, posteriors } from '../src/recognition/calibration.js';
import { VisionEngine } from '../src/vision/engine.js';
import { buildBed, cosineMatrix, faceProbes, spriteProbes, type Bed, type Probe } from './scale/bed.js';
import { hasDegraded, loadAll } from './scale/dataset.js';
import { fitOpenSet, fusedMatrix, outcomes, reliability, summary, type ConfidenceFn } from './scale/metrics.js';

const argv = process.argv.slice(2);
const flag = (f: string) => argv.includes(f);
const CALIBRATION_FILE = 'src/recognition/default-calibration.json';
const OUT = flag('--out') ? argv[argv.indexOf('--out') + 1] : '.cache/scale/report.json';
const DEFAULT_THRESHOLD = 0.5;
const log = (s: string) => console.error(s);

let engine: VisionEngine | undefined;
const records = await loadAll(async () => (engine = await VisionEngine.create()), { degraded: !flag('--full-only'), cachedOnly: flag('--cached-only') });
await engine?.close();
const withDegraded = records.every(hasDegraded);
log(`${records.length} people, degraded copies ${withDegraded ? 'complete' : 'not (yet) complete: full size only'}`);

const calibration = JSON.parse(readFileSync(CALIBRATION_FILE, 'utf8')) as Calibration;
const legacy: Calibration = { ...calibration, open_set: undefined };

interface Condition { name: string; tier: SizeTier; calibrationTier: SizeTier; evidence: OpenSetTier['evidence']; probes: (bed: Bed) => Probe[] }
const conditions: Condition[] = [
  { name: 'full', tier: 'full', calibrationTier: 'full', evidence: 'face', probes: (b) => faceProbes(b, 'full') },
  ...(withDegraded
    ? ([32, 24, 16] as const).map((w) => ({ name: `${w}px`, tier: w, calibrationTier: w, evidence: 'face' as const, probes: (b: Bed) => faceProbes(b, w) }))
    : []),
  // person.ts scores a person of several faces with the full-size calibration tier against its median width's templates.
  ...(withDegraded ? [{ name: 'sprite persons', tier: 24, calibrationTier: 'full' as SizeTier, evidence: 'person' as const, probes: spriteProbes }] : []),
];

/**
 * Collisions: a performer whose references really show another test identity (LFW people photographed together).
 * Found as cross-identity pairs scoring like the same person: fr_feature cosine >= 0.5 between a probe photo and
 * another identity's full-size template (impostor cosines: mean 0.007, sd 0.097; 0.5 is five sd out, about one
 * chance pair in the 5 million scored), confirmed when the fused score also reaches the genuine 10th percentile.
 */
function findCollisions(bed: Bed) {
  const probes = faceProbes(bed, 'full');
  const n = bed.performers.length;
  const primary = bed.models[0];
  const cos = cosineMatrix(bed, probes, primary);
  const fused = fusedMatrix(bed, probes, legacy, 'full', new Map([[primary, cos]]));
  const genuine = probes.filter((p) => p.performer >= 0).map((p) => fused[probes.indexOf(p) * n + p.performer]).sort((a, b) => a - b);
  const floor = genuine[Math.floor(genuine.length * 0.1)];
  const found: Array<{ probe_identity: string; probe_file: string; performer: string; performer_set: string; cosine: number; fused: number }> = [];
  probes.forEach((p, i) => {
    for (let j = 0; j < n; j++) {
      if (j === p.performer) continue;
      const c = cos[i * n + j];
      if (c >= 0.5 && fused[i * n + j] >= floor) {
        found.push({ probe_identity: p.identity, probe_file: p.file.replace(/^.*faces\//, ''), performer: bed.performers[j].identity, performer_set: bed.performers[j].set, cosine: +c.toFixed(3), fused: +fused[i * n + j].toFixed(2) });
      }
    }
  });
  return found;
}

const firstBed = buildBed(records, withDegraded);
const collisions = findCollisions(firstBed);
// A colliding distractor performer leaves the galleries; a colliding lfw performer (its photos show someone else)
// would leave too. Listed in the report either way.
const excluded = new Set(collisions.map((c) => c.performer));
log(`collisions: ${collisions.length} pairs, ${excluded.size} performers excluded: ${[...excluded].join(', ')}`);
const bed = buildBed(records, withDegraded, excluded);
log(`gallery sizes ${bed.sizes.join(', ')}`);

const report: Record<string, unknown> = { collisions, excluded_performers: [...excluded], sizes: bed.sizes, conditions: {} };
const fitted: OpenSetTier[] = [];
for (const c of conditions) {
  const t0 = performance.now();
  const probes = c.probes(bed);
  const n = bed.performers.length;
  const fused = fusedMatrix(bed, probes, calibration, c.calibrationTier);
  const fit = fitOpenSet(fused, probes, n, c.tier, c.evidence);
  const { points, ...params } = fit;
  fitted.push(params);
  const methods: Record<string, ConfidenceFn> = {
    posterior: (scores, size) => posteriors(legacy, scores, size),
    'open-set': (scores, size) => openSetConfidences(params, calibration.prior_enrolled, scores, size),
  };
  const bySize: Record<string, unknown> = {};
  for (const size of bed.sizes) {
    const entry: Record<string, unknown> = {};
    for (const [name, fn] of Object.entries(methods)) {
      const o = outcomes(fused, probes, n, size, fn, { leaveOut: true });
      const lfwOnly = { ...o, genuine: o.genuine.filter((g) => g.set === 'lfw') };
      entry[name] = { lfw: summary(lfwOnly, DEFAULT_THRESHOLD), all_enrolled: summary(o, DEFAULT_THRESHOLD) };
      if (name === 'open-set' && (size === bed.sizes[0] || size === n)) entry.reliability = reliability(o, calibration.prior_enrolled);
    }
    bySize[size] = entry;
  }
  const trend = [300, 1000, 3000, 10000, 100000].map((size) => ({ size, ...roundAll(maxImpostorGumbel(params, size)) }));
  (report.conditions as Record<string, unknown>)[c.name] = { probes: probes.length, open_set: params, max_impostor_points: points.map(roundAll), trend, by_size: bySize };
  log(`${c.name}: ${probes.length} probes in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
  printCondition(c.name, bySize, params);
}

function roundAll<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, typeof v === 'number' ? +v.toFixed(3) : v])) as T;
}

function printCondition(name: string, bySize: Record<string, unknown>, params: OpenSetTier) {
  console.log(`\n## ${name}  (genuine: mean ${params.genuine.mean} sd ${params.genuine.std}; max impostor location ${params.max_impostor.location.join(' + ')} ln N, scale ${params.max_impostor.scale.join(' + ')} ln N)`);
  console.log('| performers | method | lfw probes | rank-1 | DIR@FPIR1% | DIR@FPIR0.1% | named@0.5 | wrong@0.5 | strangers named | leave-out named |');
  console.log('|---|---|---|---|---|---|---|---|---|---|');
  for (const [size, entry] of Object.entries(bySize) as Array<[string, Record<string, { lfw: ReturnType<typeof summary> }>]>) {
    for (const m of ['posterior', 'open-set']) {
      const s = entry[m].lfw;
      console.log(`| ${size} | ${m} | ${s.genuine} | ${s.rank1} | ${s.dir_fpir_1} | ${s.dir_fpir_01} | ${s.named} | ${s.wrong_named} | ${s.strangers_named} (${s.strangers}) | ${s.leave_out_named} |`);
    }
  }
}

if (flag('--fit')) {
  const out: Calibration = {
    ...calibration,
    open_set: {
      fitted_on: `lfw orig150 + lfw-distractors: ${bed.performers.length} performers enrolled with the builder's code (scripts/evaluate-scale.ts)`,
      tiers: fitted,
    },
  };
  writeFileSync(CALIBRATION_FILE, JSON.stringify(out, null, 2) + '\n');
  log(`wrote ${CALIBRATION_FILE}`);
}
writeFileSync(OUT, JSON.stringify(report, null, 1));
log(`report: ${OUT}`);
