/**
 * Measures the people grouping's thresholds (src/people/cluster.ts DEFAULT_GROUPING) on real embeddings of both
 * default models: LFW people (5-9 photos each) and LFW distractors (1-4 photos), embedded full size and as
 * 32/24/16 px sprite copies by the scale-evaluation cache (scripts/scale/dataset.ts of the recognition-at-scale
 * work; point SCALE_CACHE at its `.cache/scale/v1`).
 *
 * Synthetic library: every LFW person appears in APPEARANCES scenes, each appearance a kept person whose embedding is
 * the mean of 1-3 of their photos at one size (full or a sprite width); every distractor appears once (the strangers
 * who pass through one scene, who must wait, never group). Prints the genuine / impostor pair-score percentiles per
 * size class and the grouping quality over a grid of parameters.
 *
 *   SCALE_CACHE=../wt-18/.cache/scale/v1 npx tsx scripts/people-thresholds.ts
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeVector } from '../builder/analysis.js';
import calibration from '../src/recognition/default-calibration.json' with { type: 'json' };
import { assignPending, FusedSpace, groupingQuality, type GroupingParams, type PersonPoint } from '../src/people/cluster.js';
import { meanEmbeddings, type Embeddings } from '../src/vision/vectors.js';

const CACHE = process.env.SCALE_CACHE ?? join('.cache', 'scale', 'v1');
const APPEARANCES = 4;
const DISTRACTORS = Number(process.env.DISTRACTORS ?? 1000);
const SIZES = ['full', 32, 24, 16] as const;

interface RawPhoto { width: number; full: Record<string, string>; degraded: Record<string, Record<string, string>> }
const decode = (e: Record<string, string>): Embeddings => Object.fromEntries(Object.entries(e).map(([k, v]) => [k, decodeVector(v)]));

function load(set: string, limit = Infinity) {
  const dir = join(CACHE, set);
  return readdirSync(dir)
    .sort()
    .slice(0, limit)
    .map((f) => {
      const raw = JSON.parse(readFileSync(join(dir, f), 'utf8')) as { identity: string; references: RawPhoto[]; probes: RawPhoto[] };
      const photos = [...raw.references, ...raw.probes].filter((p) => Object.keys(p.degraded).length === 3);
      return { identity: raw.identity, photos };
    })
    .filter((p) => p.photos.length > 0);
}

// mulberry32: a seeded generator with a full 2^32 period (a float LCG loses bits and repeats).
let seed = 7;
const rand = () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
};
const pick = <T>(xs: readonly T[], n: number) => [...xs].sort(() => rand() - 0.5).slice(0, n);

const lfw = load('lfw');
const distractors = load('distractors', DISTRACTORS);
const points: PersonPoint[] = [];
const identities: string[] = [];
let scene = 0;
const appearance = (identity: string, photos: RawPhoto[], k: number) => {
  const size = SIZES[Math.floor(rand() * SIZES.length)];
  const chosen = pick(photos, k);
  const faces = chosen.map((p) => decode(size === 'full' ? p.full : p.degraded[String(size)]));
  points.push({
    key: `scene:${scene}:p`,
    frames: [`scene:${scene++}@0`],
    embeddings: meanEmbeddings(faces),
    size: size === 'full' ? Math.round(chosen.reduce((s, p) => s + p.width, 0) / chosen.length) : size,
    faces: chosen.length,
  });
  identities.push(identity);
};
for (const p of lfw) for (let a = 0; a < APPEARANCES; a++) appearance(p.identity, p.photos, 1 + Math.floor(rand() * 3));
for (const p of distractors) appearance(p.identity, p.photos, 1 + Math.floor(rand() * Math.min(3, p.photos.length)));

const dims = Object.fromEntries(Object.entries(points[0].embeddings).map(([m, v]) => [m, v.length]));
const space = new FusedSpace(calibration, dims);
const vectors = points.map((p) => space.vector(p.embeddings)!);

// Pair-score distributions by the weaker person's size class.
const classOf = (p: PersonPoint) => (p.size >= 40 ? 'full' : p.faces >= 2 ? 'small_2plus' : 'small_1');
const rank = { full: 2, small_2plus: 1, small_1: 0 } as const;
const scores: Record<string, { genuine: number[]; impostor: number[] }> = {};
const n = points.length;
for (let i = 0; i < n; i++) {
  for (let j = i + 1; j < n; j++) {
    const same = identities[i] === identities[j];
    if (!same && rand() > 0.02) continue; // a sample of impostor pairs is plenty
    const ci = classOf(points[i]), cj = classOf(points[j]);
    const cls = rank[ci] < rank[cj] ? ci : cj;
    const bucket = (scores[cls] ??= { genuine: [], impostor: [] });
    (same ? bucket.genuine : bucket.impostor).push(space.similarity(vectors[i], vectors[j]));
  }
}
const pct = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return +s[Math.min(s.length - 1, Math.floor(q * s.length))].toFixed(2);
};
const distributions = Object.fromEntries(
  Object.entries(scores).map(([cls, { genuine, impostor }]) => [
    cls,
    {
      genuine: { n: genuine.length, p5: pct(genuine, 0.05), p25: pct(genuine, 0.25), median: pct(genuine, 0.5) },
      impostor: { n: impostor.length, p99: pct(impostor, 0.99), p999: pct(impostor, 0.999), max: pct(impostor, 1) },
    },
  ]),
);

// Grouping quality over a grid (full recluster: every point pending).
const grid: Array<Record<string, unknown>> = [];
for (const minGroupSize of [2, 3, 4]) {
  for (const threshold of [3, 3.5, 4, 4.5]) {
    for (const smallThreshold of [4, 4.5, 5, 5.5]) {
      if (smallThreshold < threshold) continue;
      const params: GroupingParams = { minGroupSize, threshold, smallThreshold, smallSize: 40, smallMinFaces: 2, neighbours: 24 };
      let next = 1;
      const t0 = performance.now();
      const { assigned } = assignPending(space, points, new Map(), points.map((_, i) => i), params, () => next++);
      const ms = performance.now() - t0;
      const q = groupingQuality(identities, assigned);
      // Per LFW identity: all its grouped appearances in one group (completeness as the issue words it).
      const groupsPer = new Map<string, Set<number>>();
      for (const [i, g] of assigned) if (!identities[i].startsWith('#')) groupsPer.set(identities[i], (groupsPer.get(identities[i]) ?? new Set()).add(g));
      const lfwNames = new Set(lfw.map((p) => p.identity));
      const found = [...groupsPer].filter(([id]) => lfwNames.has(id));
      const distractorKeys = new Set(distractors.map((d) => d.identity));
      const distractorsGrouped = [...assigned.keys()].filter((i) => distractorKeys.has(identities[i]) && !lfwNames.has(identities[i])).length;
      grid.push({
        minGroupSize, threshold, smallThreshold,
        ...Object.fromEntries(Object.entries(q).map(([k, v]) => [k, +v.toFixed(4)])),
        identities_grouped: +(found.length / lfw.length).toFixed(3),
        identities_in_one_group: +(found.filter(([, g]) => g.size === 1).length / Math.max(1, found.length)).toFixed(3),
        distractors_grouped: distractorsGrouped,
        ms: Math.round(ms),
      });
    }
  }
}
console.log(JSON.stringify({ persons: points.length, lfw_people: lfw.length, appearances: APPEARANCES, distractors: distractors.length, distributions, grid }, null, 1));
