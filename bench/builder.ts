/**
 * Builder bench: how fast this machine turns performer images into database entries, and what a full StashDB build
 * would take. Prints JSON (npm run bench -- builder, or tsx bench/builder.ts [--performers N] [--images N]).
 *
 * Inputs are the labelled photos of ../shared/faces/people re-encoded the way stash-box serves them with ?size=600
 * (long side 600 px, JPEG): 26 people as 26 performers. Measured:
 * - detect+embed: decode, YuNet, both embedders, per image (the engine batches concurrent calls);
 * - builder compute: the whole per-performer step (detect+embed, face selection, mean and 3 degraded templates);
 * - index: HNSW insertion per vector, to extrapolate the packaging step.
 * The estimate is arithmetic on those figures and the configured rates; network speeds are not measured here.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import sharp from 'sharp';
import { buildIndex } from '../src/database/hnsw.js';
import { l2normalize } from '../src/vision/vectors.js';
import { VisionEngine } from '../src/vision/engine.js';
import { people } from '../test/support/fixtures.js';
import { analysePhoto } from '../src/enrolment/index.js';
import { AnalysisCache, analysisFingerprint } from '../builder/analysis.js';
import { DEFAULT_RATE_LIMIT, resolveConfig } from '../builder/config.js';
import { ImageCache, ImageDownloader } from '../builder/images.js';
import { PerformerProcessor } from '../builder/process.js';
import type { PerformerState } from '../builder/state.js';

export interface BuilderBenchOptions {
  /** Performers and images of the build to estimate (StashDB: ~100,000 and ~500,000). */
  performers?: number;
  images?: number;
  rateLimit?: number;
  imageRateLimit?: number;
  perPage?: number;
  /** Rounds over the photo set for the throughput figures. */
  rounds?: number;
}

const round = (v: number, digits = 1) => Math.round(v * 10 ** digits) / 10 ** digits;

async function stashBoxSized(file: string): Promise<Buffer> {
  return sharp(await readFile(file)).rotate().resize(600, 600, { fit: 'inside', withoutEnlargement: false }).jpeg({ quality: 88 }).toBuffer();
}

export async function benchBuilder(options: BuilderBenchOptions = {}) {
  const P = options.performers ?? 100_000;
  const I = options.images ?? 500_000;
  const rateLimit = options.rateLimit ?? DEFAULT_RATE_LIMIT;
  const imageRateLimit = options.imageRateLimit ?? 600;
  const perPage = options.perPage ?? 100;
  const rounds = options.rounds ?? 1;
  const loadBefore = loadavg()[0];
  const config = resolveConfig({ stashboxes: [{ url: 'https://stashdb.org/graphql' }], images: { size: null } });

  const set = people();
  const photos = await Promise.all(set.flatMap((p) => p.files.map(async (file) => ({ identity: p.identity, bytes: await stashBoxSized(file) }))));
  const engine = await VisionEngine.create({ workers: config.processing.onnx_workers, maxBatchSize: config.processing.batch_size });
  const profile = engine.profile({ inputSize: config.processing.detect_size, minScore: config.faces.min_score });
  const dir = mkdtempSync(join(tmpdir(), 'builder-bench-'));
  try {
    // Warm-up (first ONNX runs allocate).
    await Promise.all(photos.slice(0, 4).map((p) => analysePhoto(engine, p.bytes, profile, config.faces)));

    // 1. detect + embed only, 4 images in flight.
    let faces = 0;
    const t0 = performance.now();
    for (let r = 0; r < rounds; r++) {
      let next = 0;
      await Promise.all(
        Array.from({ length: 4 }, async () => {
          while (next < photos.length) {
            const { analysis } = await analysePhoto(engine, photos[next++].bytes, profile, config.faces);
            if (analysis.ok) faces += analysis.faces.length;
          }
        }),
      );
    }
    const detectEmbedSeconds = (performance.now() - t0) / 1000;
    const detectEmbedRate = (rounds * photos.length) / detectEmbedSeconds;

    // 2. The builder's whole per-performer step, from cached image bytes (no network), `workers` performers at once.
    const imageCache = new ImageCache(join(dir, 'images'));
    const performers: PerformerState[] = set.map((p) => ({
      id: `stashdb.org:${p.identity}`,
      meta: {
        endpoint: 'https://stashdb.org/graphql', uuid: p.identity, name: p.identity, disambiguation: null, aliases: [], gender: null,
        country: null, image_url: null, created: '', updated: '',
        images: photos.filter((ph) => ph.identity === p.identity).map((ph, i) => ({ id: `${p.identity}/${i}`, url: `bench://${p.identity}/${i}` })),
      },
    }));
    for (const p of performers) p.meta.images.forEach((img, i) => imageCache.put(img.url, photos.filter((ph) => ph.identity === p.meta.uuid)[i].bytes));
    const downloader = new ImageDownloader(imageCache, { rateLimit: 1e9, concurrency: 8, policy: { retries: 0, baseDelayMs: 1, maxDelayMs: 1, timeoutMs: 1000 }, maxBytes: 1e9 });
    let kept = 0, images = 0;
    const t1 = performance.now();
    for (let r = 0; r < rounds; r++) {
      // A fresh analysis cache each round: every image is detected and embedded again.
      const fp = analysisFingerprint(profile, engine.config.maxPixels, config.faces);
      const processor = new PerformerProcessor({
        engine, profile, config, analysisCache: new AnalysisCache(join(dir, `analysis-${r}`), fp), analysisFp: fp, downloaderFor: () => downloader,
      });
      let next = 0;
      await Promise.all(
        Array.from({ length: config.processing.workers }, async () => {
          while (next < performers.length) {
            const p = performers[next++];
            const result = await processor.process(p, 'bench');
            kept += result.faces.length;
            images += p.meta.images.length;
          }
        }),
      );
    }
    const builderSeconds = (performance.now() - t1) / 1000;
    const builderRate = images / builderSeconds;
    const keptPerImage = kept / images;

    // 3. HNSW insertion, clustered vectors like real embeddings.
    const insert = (dim: number, n: number) => {
      let s = 7;
      const g = () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32) * 2 - 1;
      const centres = Array.from({ length: n / 5 }, () => l2normalize(Float32Array.from({ length: dim }, g)));
      const vectors = centres.flatMap((c) => Array.from({ length: 5 }, () => l2normalize(c.map((v) => v + 0.05 * g()))));
      const t = performance.now();
      buildIndex(dim, vectors);
      return (performance.now() - t) / 1000 / n;
    };
    const sample = 10_000;
    const perVector = { 512: insert(512, sample), 128: insert(128, sample) };

    // 4. The estimate.
    const facesTotal = I * keptPerImage;
    const templatesTotal = P * (1 + config.faces.template_tiers.length);
    // HNSW insertion grows roughly with log(n): scale the sampled cost.
    const logScale = (n: number) => Math.log(n) / Math.log(sample);
    const indexSeconds =
      facesTotal * (perVector[512] * logScale(facesTotal) + perVector[128] * logScale(facesTotal)) +
      templatesTotal * (perVector[512] + perVector[128]) * logScale(P);
    const listRequests = Math.ceil(P / perPage);
    const apiMinutes = listRequests / rateLimit;
    const downloadHours = I / imageRateLimit / 60;
    const computeHours = I / builderRate / 3600;
    const hours = (h: number) => round(h, 1);
    return {
      // Other work on the machine slows every figure: a load average above the core count means shared CPUs.
      machine: { cpus: cpus().length, cpu: cpus()[0]?.model, provider: engine.models[0].provider, load_average_1m: { before: round(loadBefore, 2), after: round(loadavg()[0], 2) } },
      input: { performers: set.length, images: photos.length, rounds, image_size: 'long side 600 px JPEG (stash-box ?size=600)' },
      detect_embed: { images_per_s: round(detectEmbedRate, 2), ms_per_image: round(1000 / detectEmbedRate), faces_per_image: round(faces / (rounds * photos.length), 2), concurrency: 4 },
      builder_compute: {
        images_per_s: round(builderRate, 2),
        ms_per_image: round(1000 / builderRate),
        kept_faces_per_image: round(keptPerImage, 2),
        includes: 'detect+embed, face selection, mean + degraded templates (tiers ' + config.faces.template_tiers.join('/') + ')',
        workers: config.processing.workers,
      },
      hnsw_insert_ms_per_vector: { dim512: round(perVector[512] * 1000, 3), dim128: round(perVector[128] * 1000, 3), sample },
      estimate_full_stashdb: {
        performers: P,
        images: I,
        network: {
          api_requests_full_listing: listRequests,
          api_minutes_at_rate_limit: round(apiMinutes, 1),
          rate_limit_per_min: rateLimit,
          update_run_api_minutes: round((listRequests + Math.ceil(P * 0.01 / perPage)) / rateLimit, 1),
          image_downloads_hours: hours(downloadHours),
          image_rate_limit_per_min: imageRateLimit,
          image_downloads_hours_if_limited_to_rate_limit: hours(I / rateLimit / 60),
        },
        compute: {
          hours_on_this_machine: hours(computeHours),
          faces_expected: Math.round(facesTotal),
          index_and_package_hours: hours(indexSeconds / 3600),
        },
        // Downloads and compute run as one pipeline: the slower of the two sets the pace.
        total_hours: hours(apiMinutes / 60 + Math.max(downloadHours, computeHours) + indexSeconds / 3600),
        bound_by: downloadHours > computeHours ? 'image downloads (raise image_rate_limit if the image host allows)' : 'compute',
      },
    };
  } finally {
    await engine.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const arg = (name: string) => {
    const i = process.argv.indexOf(`--${name}`);
    return i > 0 ? Number(process.argv[i + 1]) : undefined;
  };
  benchBuilder({
    performers: arg('performers'),
    images: arg('images'),
    rateLimit: arg('rate-limit'),
    imageRateLimit: arg('image-rate-limit'),
    rounds: arg('rounds'),
  }).then((r) => console.log(JSON.stringify(r, null, 2)));
}
