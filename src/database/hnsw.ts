import hnswlib from 'hnswlib-node';

/**
 * HNSW parameters, measured on synthetic identities shaped like face embeddings (bench/hnsw.ts: same person ~0.5
 * cosine, strangers ~0 +- 0.045 in 512-d, the hardest case for graph search): at 40k faces M=16/ef=64 found 97.7%
 * of a query's same-identity faces and at 200k only 76.6%; M=32 found 100% at 40k with ef 64 to 512. M=32 with
 * ef_search 256 costs ~4 ms per query and doubles build time (~2.4 ms per insert), both small next to embedding.
 */
export const DEFAULT_M = 32;
export const DEFAULT_EF_CONSTRUCTION = 200;
export const DEFAULT_EF_SEARCH = 256;
const RANDOM_SEED = 100;

export type HnswIndex = InstanceType<typeof hnswlib.HierarchicalNSW>;

export function buildIndex(
  dim: number,
  vectors: readonly Float32Array[],
  M = DEFAULT_M,
  efConstruction = DEFAULT_EF_CONSTRUCTION,
): HnswIndex {
  const index = new hnswlib.HierarchicalNSW('cosine', dim);
  index.initIndex(Math.max(1, vectors.length), M, efConstruction, RANDOM_SEED);
  vectors.forEach((v, label) => index.addPoint(Array.from(v), label));
  return index;
}

/**
 * buildIndex that yields to the event loop between chunks of inserts: the sidecar builds its local gallery while it
 * serves requests, and a 40,000-vector build would otherwise hold every request for a minute or more.
 */
export async function buildIndexYielding(
  dim: number,
  vectors: readonly Float32Array[],
  M = DEFAULT_M,
  efConstruction = DEFAULT_EF_CONSTRUCTION,
  chunk = 256,
): Promise<HnswIndex> {
  const index = new hnswlib.HierarchicalNSW('cosine', dim);
  index.initIndex(Math.max(1, vectors.length), M, efConstruction, RANDOM_SEED);
  for (let start = 0; start < vectors.length; start += chunk) {
    for (let label = start; label < Math.min(vectors.length, start + chunk); label++) index.addPoint(Array.from(vectors[label]), label);
    await new Promise((resolve) => setImmediate(resolve));
  }
  return index;
}

export async function readIndex(path: string, dim: number): Promise<HnswIndex> {
  const index = new hnswlib.HierarchicalNSW('cosine', dim);
  await index.readIndex(path);
  index.setEf(DEFAULT_EF_SEARCH);
  return index;
}

export interface Neighbour {
  label: number;
  /** Cosine similarity (hnswlib reports 1 - cosine). */
  similarity: number;
}

export function searchIndex(index: HnswIndex, query: Float32Array, k: number): Neighbour[] {
  const n = Math.min(k, index.getCurrentCount());
  if (n === 0) return [];
  const { neighbors, distances } = index.searchKnn(Array.from(query), n);
  return neighbors.map((label, i) => ({ label, similarity: 1 - distances[i] }));
}
