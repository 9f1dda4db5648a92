import hnswlib from 'hnswlib-node';
import type { Calibration } from '../database/format.js';
import type { Embeddings } from '../vision/vectors.js';

/**
 * Library-wide grouping of unknown persons (one kept person = one person of one scene or image, with its per-model
 * mean embedding), in the manner of Immich's face clustering: a person starts a group only when enough others agree
 * (a core point, as in DBSCAN: at least `minGroupSize` persons, itself included, within the pair threshold), the
 * others join the group of their nearest grouped neighbour or wait. Two persons seen in the same frame (or the same
 * image) never share a group.
 */

/** One unknown person as the grouping sees it. */
export interface PersonPoint {
  /** `<kind>:<item id>:<person id>`. */
  key: string;
  /**
   * Frames the person was seen in, as `<kind>:<item id>@<seconds>` (an image is one frame: `<kind>:<item id>`): two
   * persons sharing one are two different people.
   */
  frames: readonly string[];
  embeddings: Embeddings;
  /** Face width the person's search used (median of its faces), in pixels of its frame or sprite tile. */
  size: number;
  /** Faces averaged into its embeddings. */
  faces: number;
}

export interface GroupingParams {
  /** Persons (the core itself included) within the pair threshold that make a core: the smallest group. */
  minGroupSize: number;
  /** Pair threshold (fused z, see pairSimilarity) when both persons are well evidenced. */
  threshold: number;
  /**
   * Pair threshold when either person is small (a sprite-tile face, `size < smallSize`): small faces' means are
   * noisier, so they join only on stronger agreement.
   */
  smallThreshold: number;
  smallSize: number;
  /** A small person needs at least this many faces averaged to be grouped at all (one 16 px face says little). */
  smallMinFaces: number;
  /** Neighbours looked at per person (k of the k-nearest-neighbour search). */
  neighbours: number;
}

/**
 * Measured by scripts/people-thresholds.ts on LFW embeddings of both default models: 265 people (5-9 photos) each
 * kept in 4 scenes, every appearance the mean of 1-3 of their photos at full size or as a 32/24/16 px sprite copy,
 * plus 937 one-off distractors (1,997 persons). Pair scores (fused z): both full size, same person 5th percentile
 * 4.55, strangers max 2.95; a small person of 2+ faces, same 5th pct 2.86 / median 5.02, strangers 99.9th pct 3.54,
 * max 4.58; a single small face, same median 4.05, strangers max 4.29 (it cannot be told apart: it waits).
 * Grid (min size / threshold / small threshold): 2 / 4 / 5 gives pair precision 99.5%, 99.2% pure groups, 85% of
 * the people grouped (94.7% of them in one group), 3 of 937 distractors grouped; 3 / 4 / 5 gives 99.6% / 99.2% but
 * groups only 49% of the people (4 appearances each); 2 / 3.5 / 4 falls to 85% precision.
 */
export const DEFAULT_GROUPING: GroupingParams = {
  minGroupSize: 2,
  threshold: 4,
  smallThreshold: 5,
  smallSize: 40,
  smallMinFaces: 2,
  neighbours: 24,
};

/**
 * Fused similarity of two persons: the mean over models of the cosine z-scored against that model's impostor
 * distribution (as recognition/cluster.ts's faceSimilarity), computed as one dot product: each model's block is
 * scaled by 1 / sqrt(M * std), so `dot(fusedVector(a), fusedVector(b)) - offset` is exactly that mean. One vector per
 * person lets an inner-product HNSW index find the nearest persons by the fused score.
 */
export class FusedSpace {
  readonly models: string[];
  readonly dim: number;
  readonly offset: number;
  private readonly scale: number[];

  constructor(calibration: Pick<Calibration, 'models'>, dims: Record<string, number>) {
    this.models = Object.keys(calibration.models).filter((m) => dims[m]).sort();
    if (this.models.length === 0) throw new Error('no calibrated model in the persons\' embeddings');
    const M = this.models.length;
    this.scale = this.models.map((m) => 1 / Math.sqrt(M * calibration.models[m].impostor_std));
    this.offset = this.models.reduce((s, m) => s + calibration.models[m].impostor_mean / (M * calibration.models[m].impostor_std), 0);
    this.dim = this.models.reduce((s, m) => s + dims[m], 0);
  }

  /** The person's fused vector, or undefined when it lacks one of the models. */
  vector(e: Embeddings): Float32Array | undefined {
    const out = new Float32Array(this.dim);
    let at = 0;
    for (let k = 0; k < this.models.length; k++) {
      const v = e[this.models[k]];
      if (!v) return undefined;
      const s = this.scale[k];
      for (let i = 0; i < v.length; i++) out[at + i] = v[i] * s;
      at += v.length;
    }
    return at === this.dim ? out : undefined;
  }

  similarity(a: Float32Array, b: Float32Array): number {
    let dot = 0;
    for (let i = 0; i < a.length; i++) dot += a[i] * b[i];
    return dot - this.offset;
  }
}

/** Grouping state: group ids per point (null = waiting). Group ids are the caller's (numbers). */
export interface GroupingResult {
  /** Point index -> group id, for the points that joined or started a group. */
  assigned: Map<number, number>;
  /** Ids of groups started in this pass, with their points. */
  started: Map<number, number[]>;
}

interface Edge {
  j: number;
  sim: number;
}

const BRUTE_FORCE_PAIRS = Number(process.env.PEOPLE_EXACT_PAIRS ?? 4_000_000);

/**
 * The grouping engine over a fixed list of points. Groups already formed are given (`groups`: group id -> point
 * indices); the points in `pending` (not in any group) either join an existing group, start a new one with other
 * pending points, or wait. A full recluster is the same call with no groups and every point pending. Existing groups
 * are never rearranged here: their ids, names and decisions stay put.
 */
export function assignPending(
  space: FusedSpace,
  points: readonly PersonPoint[],
  groups: ReadonlyMap<number, readonly number[]>,
  pending: readonly number[],
  params: GroupingParams,
  nextGroupId: () => number,
): GroupingResult {
  const vectors = points.map((p) => space.vector(p.embeddings));
  const groupOf = new Map<number, number>();
  const groupFrames = new Map<number, Set<string>>();
  for (const [id, members] of groups) {
    const frames = new Set<string>();
    for (const i of members) {
      groupOf.set(i, id);
      for (const f of points[i].frames) frames.add(f);
    }
    groupFrames.set(id, frames);
  }
  const eligible = (i: number) => !!vectors[i] && (points[i].size >= params.smallSize || points[i].faces >= params.smallMinFaces);
  const pairThreshold = (i: number, j: number) =>
    points[i].size < params.smallSize || points[j].size < params.smallSize ? params.smallThreshold : params.threshold;
  const conflict = (frames: ReadonlySet<string>, i: number) => points[i].frames.some((f) => frames.has(f));
  const pointConflict = (i: number, j: number) => points[i].frames.some((f) => points[j].frames.includes(f));

  const queries = pending.filter(eligible);
  const pool = points.map((_, i) => i).filter(eligible);
  const near = neighbourLists(space, vectors, queries, pool, params.neighbours);
  // Only pairs above their threshold and never seen in one frame count as neighbours.
  const agree = new Map<number, Edge[]>();
  for (const [i, list] of near) {
    agree.set(
      i,
      list.filter((e) => e.j !== i && e.sim >= pairThreshold(i, e.j) && !pointConflict(i, e.j)),
    );
  }

  const assigned = new Map<number, number>();
  const started = new Map<number, number[]>();
  const join = (i: number, group: number) => {
    groupOf.set(i, group);
    assigned.set(i, group);
    for (const f of points[i].frames) groupFrames.get(group)!.add(f);
  };

  // 1. Pending points next to an existing group join the group of their nearest grouped neighbour, strongest first.
  const joinExisting = () => {
    const order = queries
      .filter((i) => !groupOf.has(i))
      .map((i) => ({ i, best: (agree.get(i) ?? []).find((e) => groupOf.has(e.j) && !conflict(groupFrames.get(groupOf.get(e.j)!)!, i)) }))
      .filter((x) => x.best)
      .sort((a, b) => b.best!.sim - a.best!.sim);
    for (const { i } of order) {
      if (groupOf.has(i)) continue;
      const best = agree.get(i)!.find((e) => groupOf.has(e.j) && !conflict(groupFrames.get(groupOf.get(e.j)!)!, i));
      if (best) join(i, groupOf.get(best.j)!);
    }
  };
  joinExisting();

  // 2. Among the points still waiting: pending points with enough agreeing waiting neighbours are cores; cores
  //    connect into new groups, best pair first, as long as the two sides never shared a frame. (After a library
  //    run only the new persons are pending: a newcomer can wake up persons that waited, as their core.)
  const waitingNeighbours = (i: number) => (agree.get(i) ?? []).filter((e) => !groupOf.has(e.j));
  const core = new Set(queries.filter((i) => !groupOf.has(i) && waitingNeighbours(i).length + 1 >= params.minGroupSize));
  const parent = new Map<number, number>();
  const frames = new Map<number, Set<string>>();
  const find = (i: number): number => {
    let r = i;
    while (parent.get(r) !== r) r = parent.get(r)!;
    parent.set(i, r);
    return r;
  };
  // Sum of each component's fused vectors: the average of all pairwise scores between two components is
  // dot(sumA, sumB) / (nA nB) - offset, so merges are checked by average linkage, not only by their best pair
  // (single linkage chains thousands of persons into one group through a few stranger pairs above threshold).
  const sums = new Map<number, { sum: Float32Array; n: number }>();
  for (const i of core) {
    parent.set(i, i);
    frames.set(i, new Set(points[i].frames));
    sums.set(i, { sum: Float32Array.from(vectors[i]!), n: 1 });
  }
  const edges: Array<{ i: number; j: number; sim: number }> = [];
  for (const i of core) for (const e of waitingNeighbours(i)) if (core.has(e.j) && i < e.j) edges.push({ i, j: e.j, sim: e.sim });
  edges.sort((a, b) => b.sim - a.sim);
  for (const { i, j } of edges) {
    const a = find(i), b = find(j);
    if (a === b) continue;
    const fa = frames.get(a)!, fb = frames.get(b)!;
    if ([...fb].some((f) => fa.has(f))) continue;
    const sa = sums.get(a)!, sb = sums.get(b)!;
    if ((space.similarity(sa.sum, sb.sum) + space.offset) / (sa.n * sb.n) - space.offset < params.threshold) continue;
    parent.set(b, a);
    for (const f of fb) fa.add(f);
    for (let k = 0; k < sa.sum.length; k++) sa.sum[k] += sb.sum[k];
    sa.n += sb.n;
  }
  const components = new Map<number, number[]>();
  for (const i of core) {
    const r = find(i);
    components.set(r, [...(components.get(r) ?? []), i]);
  }
  // Border points (waiting, not cores, agreeing with a core) attach to the component of their most similar core.
  const border: Array<{ i: number; core: number; sim: number }> = [];
  for (const c of core) for (const e of waitingNeighbours(c)) if (!core.has(e.j)) border.push({ i: e.j, core: c, sim: e.sim });
  border.sort((a, b) => b.sim - a.sim);
  const attached = new Set<number>();
  for (const b of border) {
    if (attached.has(b.i)) continue;
    const r = find(b.core);
    if (conflict(frames.get(r)!, b.i)) continue;
    attached.add(b.i);
    components.get(r)!.push(b.i);
    for (const f of points[b.i].frames) frames.get(r)!.add(f);
  }
  for (const members of components.values()) {
    // A group needs as many persons as a core has agreeing neighbours; a smaller remnant (frame conflicts) waits.
    if (members.length < params.minGroupSize) continue;
    const id = nextGroupId();
    groupFrames.set(id, new Set());
    started.set(id, members);
    for (const i of members) join(i, id);
  }
  // 3. Points that waited may now sit next to a new group.
  joinExisting();
  return { assigned, started };
}

/**
 * For each query point, its nearest pool points by fused similarity (best first). Exact (every pair) when that is
 * cheap, as after a library run's few new persons; an inner-product HNSW index over the pool otherwise (a full
 * recluster of thousands of persons).
 */
function neighbourLists(
  space: FusedSpace,
  vectors: ReadonlyArray<Float32Array | undefined>,
  queries: readonly number[],
  pool: readonly number[],
  k: number,
): Map<number, Edge[]> {
  const out = new Map<number, Edge[]>();
  const kk = Math.min(k + 1, pool.length);
  if (queries.length * pool.length <= BRUTE_FORCE_PAIRS) {
    for (const i of queries) {
      const list: Edge[] = [];
      for (const j of pool) if (j !== i) list.push({ j, sim: space.similarity(vectors[i]!, vectors[j]!) });
      list.sort((a, b) => b.sim - a.sim);
      out.set(i, list.slice(0, k));
    }
    return out;
  }
  const index = new hnswlib.HierarchicalNSW('ip', space.dim);
  index.initIndex(pool.length, 16, 100, 100);
  pool.forEach((j, label) => index.addPoint(Array.from(vectors[j]!), label));
  index.setEf(Math.max(64, kk * 2));
  for (const i of queries) {
    const { neighbors, distances } = index.searchKnn(Array.from(vectors[i]!), kk);
    // hnswlib's inner-product distance is 1 - dot.
    const list = neighbors.map((label, n) => ({ j: pool[label], sim: 1 - distances[n] - space.offset })).filter((e) => e.j !== i);
    out.set(i, list.slice(0, k));
  }
  return out;
}

/** Pairwise purity and completeness of a grouping against known identities (for measurement and tests). */
export function groupingQuality(identities: readonly string[], groupOf: ReadonlyMap<number, number>) {
  const groups = new Map<number, number[]>();
  for (const [i, g] of groupOf) groups.set(g, [...(groups.get(g) ?? []), i]);
  let samePairs = 0, pureGroups = 0;
  for (const members of groups.values()) {
    const counts = new Map<string, number>();
    for (const i of members) counts.set(identities[i], (counts.get(identities[i]) ?? 0) + 1);
    if (counts.size === 1) pureGroups++;
    for (const c of counts.values()) samePairs += (c * (c - 1)) / 2;
  }
  let groupedPairs = 0;
  for (const members of groups.values()) groupedPairs += (members.length * (members.length - 1)) / 2;
  const byIdentity = new Map<string, number[]>();
  identities.forEach((id, i) => byIdentity.set(id, [...(byIdentity.get(id) ?? []), i]));
  let truePairs = 0;
  for (const members of byIdentity.values()) truePairs += (members.length * (members.length - 1)) / 2;
  return {
    groups: groups.size,
    /** Share of groups holding one identity. */
    pure_groups: groups.size ? pureGroups / groups.size : 1,
    /** Pairwise precision: pairs put together that are one identity. */
    pair_precision: groupedPairs ? samePairs / groupedPairs : 1,
    /** Pairwise recall: same-identity pairs put together. */
    pair_recall: truePairs ? samePairs / truePairs : 1,
    /** Share of points in some group. */
    grouped: identities.length ? groupOf.size / identities.length : 0,
  };
}
