/** Embedding arithmetic: every module that compares or averages face vectors uses these. */

/** A per-model set of embeddings of one face (or one person, or one template), keyed by embedder id. */
export type Embeddings = Record<string, Float32Array>;

export function l2normalize(v: Float32Array): Float32Array {
  let sum = 0;
  for (let i = 0; i < v.length; i++) sum += v[i] * v[i];
  const norm = Math.sqrt(sum) || 1;
  const out = new Float32Array(v.length);
  for (let i = 0; i < v.length; i++) out[i] = v[i] / norm;
  return out;
}

/** Cosine of two L2-normalised vectors. */
export function cosine(a: Float32Array, b: Float32Array): number {
  let dot = 0;
  for (let i = 0; i < a.length; i++) dot += a[i] * b[i];
  return dot;
}

/** Re-normalised mean of L2-normalised vectors: a person's template (as good as or better than any single photo). */
export function meanEmbedding(vectors: readonly Float32Array[]): Float32Array {
  if (vectors.length === 0) throw new Error('no vectors to average');
  const sum = new Float32Array(vectors[0].length);
  for (const v of vectors) for (let i = 0; i < v.length; i++) sum[i] += v[i];
  return l2normalize(sum);
}

/** meanEmbedding per model over several faces' embeddings. */
export function meanEmbeddings(faces: readonly Embeddings[]): Embeddings {
  const models = Object.keys(faces[0] ?? {});
  return Object.fromEntries(models.map((m) => [m, meanEmbedding(faces.map((f) => f[m]))]));
}
