/**
 * Recognition at a few thousand performers: the scale test bed (scripts/evaluate-scale.ts; its cached embeddings
 * must exist) written as a real package (HNSW indexes, every template tier, the face index) and loaded as the
 * sidecar loads it. Reports the database's memory, the search + confidence latency per face and per sprite person,
 * and the cost per face of the confidence itself (open-set model vs the older likelihood-ratio posterior).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Calibration } from '../src/database/format.js';
import { FaceDatabase } from '../src/database/loader.js';
import { writeDatabase } from '../src/database/writer.js';
import calibrationJson from '../src/recognition/default-calibration.json' with { type: 'json' };
import { candidateConfidences, posteriors } from '../src/recognition/calibration.js';
import { matchEmbedding } from '../src/recognition/match.js';
import { matchPerson } from '../src/recognition/person.js';
import { findModel } from '../src/vision/runtime/catalog.js';
import { defaultPins } from '../test/support/db-package.js';
import { buildBed, faceProbes, packageEntries, spriteProbes } from '../scripts/scale/bed.js';
import { hasDegraded, loadAll } from '../scripts/scale/dataset.js';
import { round, summary } from './util.js';

const calibration = calibrationJson as unknown as Calibration;

export async function benchRecognition(maxProbes = 400) {
  const records = await loadAll(() => Promise.reject(new Error('run `npm run evaluate-scale` first: it caches the embeddings')), { degraded: false, cachedOnly: true });
  if (records.length === 0 || !records.every(hasDegraded)) return { skipped: 'the scale test bed is not cached: run `npm run evaluate-scale` first' };
  const bed = buildBed(records, true);
  const dir = await mkdtemp(join(tmpdir(), 'bench-recognition-'));
  try {
    const t0 = performance.now();
    await writeDatabase(dir, {
      version: 'bench-scale',
      sources: [{ endpoint: 'https://lfw.example/graphql', host: 'lfw.example', performers: bed.performers.length }],
      detector: { id: 'yunet_n', sha256: findModel('yunet_n')!.sha256 },
      models: defaultPins(),
      ...packageEntries(bed, 'https://lfw.example/graphql'),
      calibration,
    });
    const writeMs = performance.now() - t0;
    global.gc?.();
    const before = process.memoryUsage();
    const t1 = performance.now();
    const db = await FaceDatabase.load(dir, defaultPins());
    const loadMs = performance.now() - t1;
    global.gc?.();
    const after = process.memoryUsage();

    const options = { maxResults: 3, minConfidence: 0 };
    const time = (fn: () => void) => {
      const s = performance.now();
      fn();
      return performance.now() - s;
    };
    const faces = (tier: 'full' | 24) => faceProbes(bed, tier).slice(0, maxProbes);
    const full = faces('full').map((p) => time(() => matchEmbedding(db, p.faces[0], 80, options)));
    const small = faces(24).map((p) => time(() => matchEmbedding(db, p.faces[0], 24, options)));
    const persons = spriteProbes(bed).slice(0, maxProbes).map((p) => time(() => matchPerson(db, p.faces.map((f) => ({ embeddings: f, size: 24 })), options)));

    // The confidence alone, for a face's 20 retrieved candidates: the open-set model against the older posterior.
    const scores = Array.from({ length: 20 }, (_, i) => 12 - i * 0.7);
    const legacy: Calibration = { ...calibration, open_set: undefined };
    const reps = 20000;
    const perCall = (fn: () => unknown) => {
      const s = performance.now();
      for (let i = 0; i < reps; i++) fn();
      return round(((performance.now() - s) / reps) * 1000, 2);
    };
    return {
      performers: bed.performers.length,
      reference_faces: db.faceLabels.length,
      write_s: round(writeMs / 1000),
      load_ms: round(loadMs),
      memory_mb: { rss_delta: round((after.rss - before.rss) / 2 ** 20), heap_delta: round((after.heapUsed - before.heapUsed) / 2 ** 20), rss_total: round(after.rss / 2 ** 20) },
      identify_search_per_face_full: summary(full),
      identify_search_per_face_24px: summary(small),
      identify_search_per_sprite_person: summary(persons),
      confidence_us_per_face: {
        open_set: perCall(() => candidateConfidences(calibration, 'full', 'face', scores, bed.performers.length)),
        likelihood_ratio_posterior: perCall(() => posteriors(legacy, scores, bed.performers.length)),
      },
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
