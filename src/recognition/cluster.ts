import type { Calibration } from '../database/format.js';
import { cosine, meanEmbeddings } from '../vision/vectors.js';

/** One face found in one frame of a scene. */
export interface ClusterFace {
  /** Faces of the same frame are never the same person. */
  frame: number;
  /** L2-normalised embedding per model. */
  embeddings: Record<string, Float32Array>;
}

export interface ClusterOptions {
  /**
   * Two groups merge while their average pairwise similarity (fused z-score, see `faceSimilarity`) is at least
   * this. Measured on synthetic sprite and frame scenes: see bench/scene.ts and the issue report.
   */
  threshold: number;
}

/**
 * Similarity of two faces for clustering: the mean over models of the cosine z-scored against that model's impostor
 * distribution (the database's calibration), so fr_feature (impostors ~0 ± 0.1) and dlib (impostors ~0.85 ± 0.03)
 * count alike. 0 = a typical stranger pair; genuine pairs of full-size faces score 5-9, of 16-24 px faces 2-5.
 */
export function faceSimilarity(calibration: Calibration, a: Record<string, Float32Array>, b: Record<string, Float32Array>): number {
  let sum = 0, n = 0;
  for (const [model, stats] of Object.entries(calibration.models)) {
    if (!a[model] || !b[model]) continue;
    sum += (cosine(a[model], b[model]) - stats.impostor_mean) / stats.impostor_std;
    n++;
  }
  return n ? sum / n : 0;
}

/**
 * Average-linkage agglomerative clustering with a cannot-link constraint: the two groups with the highest average
 * similarity merge, as long as it reaches the threshold and they share no frame (two faces in one frame are two
 * people). Average linkage is robust to one person's many near-duplicate frames (no chaining through a single
 * lookalike pair, as single linkage would) and needs no number of persons. O(n^3) over n faces: a scene's 81 tiles
 * or 40 frames give a few hundred faces at most.
 *
 * Returns clusters as lists of face indices, largest first.
 */
export function clusterFaces(faces: readonly ClusterFace[], similarity: (a: ClusterFace, b: ClusterFace) => number, options: ClusterOptions): number[][] {
  const n = faces.length;
  if (n === 0) return [];
  // sim[i][j] for live clusters i, j: average pairwise similarity; -Infinity when they share a frame.
  const sim: Float64Array[] = Array.from({ length: n }, () => new Float64Array(n));
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const s = faces[i].frame === faces[j].frame ? -Infinity : similarity(faces[i], faces[j]);
      sim[i][j] = s;
      sim[j][i] = s;
    }
  }
  const members: number[][] = faces.map((_, i) => [i]);
  const alive = new Array<boolean>(n).fill(true);
  for (;;) {
    let best = -Infinity, bi = -1, bj = -1;
    for (let i = 0; i < n; i++) {
      if (!alive[i]) continue;
      const row = sim[i];
      for (let j = i + 1; j < n; j++) {
        if (alive[j] && row[j] > best) {
          best = row[j];
          bi = i;
          bj = j;
        }
      }
    }
    if (bi < 0 || best < options.threshold) break;
    const ni = members[bi].length, nj = members[bj].length;
    for (let k = 0; k < n; k++) {
      if (!alive[k] || k === bi || k === bj) continue;
      const a = sim[bi][k], b = sim[bj][k];
      // Lance-Williams update for average linkage; a shared frame with either side forbids the merged group.
      const s = a === -Infinity || b === -Infinity ? -Infinity : (ni * a + nj * b) / (ni + nj);
      sim[bi][k] = s;
      sim[k][bi] = s;
    }
    members[bi] = members[bi].concat(members[bj]);
    alive[bj] = false;
  }
  return members.filter((_, i) => alive[i]).sort((a, b) => b.length - a.length);
}

export interface RefineOptions {
  /** Groups of at least `minSize` faces merge while their mean embeddings are at least this similar. */
  mergeThreshold: number;
  /** A face of a smaller group joins the nearest large group when at least this similar to its mean embedding. */
  attachThreshold: number;
  /** Groups this large have a reliable mean embedding. */
  minSize: number;
}

/**
 * Second pass over strict, pure clusters: small faces of one person often split into several groups, since two
 * noisy 16 px faces look less alike than the person's averaged face does. Means of a few faces are far less noisy
 * (measured on sprite tiles: same-person means of 3+ faces score above ~4, different people below ~4.5, while single
 * face pairs overlap heavily), so large groups merge by their means, then faces of small groups join the large
 * group whose mean they resemble. Faces of one frame still never end up together.
 */
export function refineClusters(
  faces: readonly ClusterFace[],
  clusters: readonly number[][],
  similarity: (a: Record<string, Float32Array>, b: Record<string, Float32Array>) => number,
  options: RefineOptions,
): number[][] {
  const groups = clusters.map((c) => ({ members: [...c], frames: new Set(c.map((i) => faces[i].frame)) }));
  const centroid = (members: number[]) => meanEmbeddings(members.map((i) => faces[i].embeddings));
  const disjoint = (a: Set<number>, b: Set<number>) => {
    for (const f of a) if (b.has(f)) return false;
    return true;
  };
  // Merge large groups by their means, best pair first.
  for (;;) {
    const large = groups.filter((g) => g.members.length >= options.minSize);
    const means = large.map((g) => centroid(g.members));
    let best = options.mergeThreshold, pair: [number, number] | undefined;
    for (let i = 0; i < large.length; i++) {
      for (let j = i + 1; j < large.length; j++) {
        if (!disjoint(large[i].frames, large[j].frames)) continue;
        const s = similarity(means[i], means[j]);
        if (s >= best) {
          best = s;
          pair = [i, j];
        }
      }
    }
    if (!pair) break;
    const [a, b] = [large[pair[0]], large[pair[1]]];
    a.members.push(...b.members);
    for (const f of b.frames) a.frames.add(f);
    groups.splice(groups.indexOf(b), 1);
  }
  // Attach the faces of small groups to the large group they resemble most.
  const large = groups.filter((g) => g.members.length >= options.minSize);
  const means = large.map((g) => centroid(g.members));
  const small = groups.filter((g) => g.members.length < options.minSize);
  const rest: number[][] = [];
  for (const g of small) {
    const left: number[] = [];
    for (const i of g.members) {
      let best = options.attachThreshold, target = -1;
      large.forEach((l, k) => {
        if (l.frames.has(faces[i].frame)) return;
        const s = similarity(faces[i].embeddings, means[k]);
        if (s >= best) {
          best = s;
          target = k;
        }
      });
      if (target >= 0) {
        large[target].members.push(i);
        large[target].frames.add(faces[i].frame);
      } else left.push(i);
    }
    if (left.length) rest.push(left);
  }
  return [...large.map((g) => g.members), ...rest].sort((a, b) => b.length - a.length);
}
