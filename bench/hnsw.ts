/** The face index at StashDB scale: a synthetic 200k-face index (40k identities x 5 faces), query speed and recall. */
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildIndex, readIndex, searchIndex } from '../src/database/hnsw.js';
import { l2normalize } from '../src/vision/embedders.js';
import { percentile, round } from './util.js';

/** Deterministic PRNG + Gaussian noise: clustered vectors behave like real embeddings (random ones do not). */
function rng(seed: number) {
  let s = seed >>> 0;
  const uniform = () => ((s = (s * 1664525 + 1013904223) >>> 0) + 0.5) / 2 ** 32;
  return () => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
}

export async function benchHnsw(faces = 200_000, dim = 512) {
  const gauss = rng(42);
  const perIdentity = 5;
  const centres = Array.from({ length: faces / perIdentity }, () => l2normalize(Float32Array.from({ length: dim }, gauss)));
  const noisy = (c: Float32Array, sigma: number) => l2normalize(c.map((v) => v + sigma * gauss()));
  const vectors = centres.flatMap((c) => Array.from({ length: perIdentity }, () => noisy(c, 0.045)));
  const rssBefore = process.memoryUsage().rss;
  const t0 = performance.now();
  const index = buildIndex(dim, vectors);
  const buildSeconds = (performance.now() - t0) / 1000;
  const dir = await mkdtemp(join(tmpdir(), 'hnsw-bench-'));
  const file = join(dir, 'index.hnsw');
  index.writeIndexSync(file);
  const t1 = performance.now();
  const loaded = await readIndex(file, dim);
  const loadMs = performance.now() - t1;
  const rssLoaded = process.memoryUsage().rss;
  const queries = Array.from({ length: 200 }, (_, i) => noisy(centres[(i * 97) % centres.length], 0.06));
  const times: number[] = [];
  let hits = 0;
  for (const q of queries) {
    const start = performance.now();
    const found = searchIndex(loaded, q, 10);
    times.push(performance.now() - start);
    // Brute force truth.
    const exact = vectors
      .map((v, label) => {
        let dot = 0;
        for (let i = 0; i < dim; i++) dot += v[i] * q[i];
        return { label, dot };
      })
      .sort((a, b) => b.dot - a.dot)
      .slice(0, 10);
    const got = new Set(found.map((f) => f.label));
    hits += exact.filter((e) => got.has(e.label)).length;
  }
  const size = (await stat(file)).size;
  await rm(dir, { recursive: true, force: true });
  return {
    faces,
    dim,
    M: 16,
    ef_construction: 200,
    ef_search: 64,
    build_seconds: round(buildSeconds),
    index_file_mb: round(size / 2 ** 20),
    load_ms: round(loadMs),
    rss_mb_after_load: round(rssLoaded / 2 ** 20),
    rss_mb_build_and_load_delta: round((rssLoaded - rssBefore) / 2 ** 20),
    query_ms_p50: round(percentile(times, 50), 3),
    query_ms_p95: round(percentile(times, 95), 3),
    recall_at_10: round(hits / (queries.length * 10), 4),
  };
}
