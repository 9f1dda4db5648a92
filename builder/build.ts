import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { PerformerRecord } from '../src/database/format.js';
import { profilePins, type DatabaseContent, type FaceEntry, type TemplateEntry } from '../src/database/writer.js';
import { VisionEngine } from '../src/vision/engine.js';
import type { VisionProfile } from '../src/vision/profile.js';
import { AnalysisCache, analysisFingerprint } from './analysis.js';
import type { BuilderConfig } from './config.js';
import { isAbort } from './http.js';
import { ImageCache, ImageDownloader, sizedImageUrl } from './images.js';
import { writeFileAtomic } from './journal.js';
import { diffPackages, loadCalibration, packageName, sourcesOf, writeRelease, type PackageChanges } from './package.js';
import { PerformerProcessor, performerFingerprint, readResult, readResultIfCurrent, resultFile, writeResult } from './process.js';
import { Progress } from './progress.js';
import { BuildState, type PerformerState, type RunState } from './state.js';
import { StashBoxClient } from './stashbox/client.js';
import { EndpointSync, UPDATE_OVERLAP_MS, type SyncStats } from './sync.js';

export interface BuildOptions {
  config: BuilderConfig;
  /** Page back to the last build instead of listing everything (falls back to a full listing the first time). */
  update?: boolean;
  /** Replace an existing package of the same version. */
  force?: boolean;
  /** A started engine to use (tests share one); otherwise one is created from the config and closed at the end. */
  engine?: VisionEngine;
  /**
   * Stop: the listing stops between pages (a page in flight is dropped), performers being processed finish and are
   * recorded (so their downloads are not lost), nothing new starts, and no package is written. The same call resumes.
   */
  signal?: AbortSignal;
  progress?: Progress;
  fetch?: typeof fetch;
}

export interface BuildSummary {
  run: number;
  mode: 'full' | 'update';
  version: string;
  resumed: boolean;
  digest: string;
  package: { dir: string; tarball: string; sha256: string; size: number };
  performers: {
    listed: number;
    added: number;
    changed: number;
    removed: SyncStats['removed'];
    lookups: number;
    processed: number;
    reused: number;
    errors: number;
    in_package: number;
    without_faces: number;
  };
  images: { used: number; downloaded: number; from_cache: number; download_failed: Record<string, number>; analysed: number; analysis_cached: number; bad: number };
  /** Over the whole package: faces kept, and faces or images not kept by reason. */
  faces: { kept: number; rejected: Record<string, number> };
  api: Record<string, { requests: number; retries: number; rate_limited: number }>;
  /** Wall-clock seconds per stage (download, analyse and performers overlap: they are one pipeline). */
  seconds: Record<string, number>;
  changes: PackageChanges;
}

export class BuildError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BuildError';
  }
}

export function defaultVersion(now = new Date()): string {
  const iso = now.toISOString();
  return `${iso.slice(0, 4)}.${iso.slice(5, 7)}.${iso.slice(8, 10)}-${iso.slice(11, 13)}${iso.slice(14, 16)}`;
}

/**
 * One build or update, resumable at any point: list (per endpoint) -> process performers (download, detect+embed,
 * select, templates) -> package. What is done is in the state; a restart with the same state folder carries on.
 */
export async function runBuild(options: BuildOptions): Promise<BuildSummary> {
  const { config, signal } = options;
  const progress = options.progress ?? Progress.auto(config.progress.mode, config.progress.interval_s * 1000);
  const ownProgress = !options.progress;
  const state = BuildState.open(config.state_directory);
  const endpoints = new Set(config.stashboxes.map((s) => s.url));
  let engine = options.engine;
  try {
    const { run, resumed } = startRun(state, config, options);
    progress.log(
      `${resumed ? 'resuming' : 'starting'} run ${run.n} (${run.mode}) for version ${run.version}: ${config.stashboxes.map((s) => s.name).join(', ')}`,
    );
    if (options.update && run.mode === 'full' && !resumed) progress.log('no finished build in the state folder yet: listing every performer');

    // 1. Listing, every endpoint at once (each has its own rate limit).
    const policy = { retries: config.api.retries, baseDelayMs: 1000, maxDelayMs: config.api.max_backoff_s * 1000, timeoutMs: config.api.timeout_s * 1000 };
    const clients = config.stashboxes.map(
      (sb) =>
        new StashBoxClient(sb, {
          policy,
          signal,
          fetch: options.fetch,
          onRetry: (r) => progress.log(`${sb.name}: ${r.reason}, retry ${r.attempt} in ${(r.delayMs / 1000).toFixed(1)}s`),
        }),
    );
    const t0 = Date.now();
    const syncStats = await Promise.all(
      clients.map((client, i) => new EndpointSync(state, run, client, config.stashboxes[i], progress, signal).sync()),
    );
    const listSeconds = (Date.now() - t0) / 1000;

    // 2. Performers whose faces are missing or were computed from other inputs.
    engine ??= await VisionEngine.create({
      providers: config.processing.providers,
      workers: config.processing.onnx_workers,
      maxBatchSize: config.processing.batch_size,
      ...(config.processing.models_path ? { modelsPath: config.processing.models_path } : {}),
      ...(config.processing.detector ? { detector: config.processing.detector } : {}),
      ...(config.processing.embedders ? { embedders: config.processing.embedders } : {}),
      detectInputSize: config.processing.detect_size,
    });
    // The one vision profile of this build: every photo is detected and embedded with it, and the package records it.
    const profile = engine.profile({ inputSize: config.processing.detect_size, minScore: config.faces.min_score });
    const analysisFp = analysisFingerprint(profile, engine.config.maxPixels, config.faces);
    const imageCache = new ImageCache(config.cache.image_directory);
    const downloaders = new Map(
      config.stashboxes.map((sb) => [
        sb.url,
        new ImageDownloader(imageCache, {
          rateLimit: sb.image_rate_limit,
          concurrency: sb.image_concurrency,
          policy: { retries: config.images.retries, baseDelayMs: 1000, maxDelayMs: 60_000, timeoutMs: config.images.timeout_s * 1000 },
          maxBytes: config.images.max_bytes,
          // No stop signal: a download in flight completes (and is cached) even while the build stops.
          fetch: options.fetch,
        }),
      ]),
    );
    const active = [...state.performers.values()].filter((p) => !p.removed && endpoints.has(p.meta.endpoint));
    const fingerprints = new Map(active.map((p) => [p.id, performerFingerprint(p, analysisFp, config)]));
    const work = active
      .filter((p) => {
        const r = p.result;
        return !r || r.fingerprint !== fingerprints.get(p.id) || (r.incomplete && r.run < run.n);
      })
      .sort((a, b) => a.id.localeCompare(b.id));

    const download = progress.stage('download', 'images');
    const analyse = progress.stage('analyse', 'images');
    const performersStage = progress.stage('performers', 'performers');
    const imagesTotal = work.reduce((n, p) => n + p.meta.images.length, 0);
    const processor = new PerformerProcessor({
      engine,
      profile,
      config,
      analysisCache: new AnalysisCache(config.cache.embeddings_directory, analysisFp),
      analysisFp,
      downloaderFor: (endpoint) => downloaders.get(endpoint)!,
      onImageFetched: () => download.tick(),
      onImageAnalysed: () => analyse.tick(),
    });
    let processed = 0, reused = 0, errors = 0;
    if (work.length > 0) {
      progress.log(`${work.length} performers to process (${imagesTotal} images), ${active.length - work.length} unchanged`);
      download.start(imagesTotal);
      analyse.start(imagesTotal);
      performersStage.start(work.length);
      let next = 0;
      const worker = async () => {
        while (next < work.length) {
          if (signal?.aborted) return;
          const p = work[next++];
          const fingerprint = fingerprints.get(p.id)!;
          const file = resultFile(p.id);
          try {
            let result = readResultIfCurrent(state.dir, file, fingerprint);
            if (result) {
              reused++;
              download.tick(p.meta.images.length);
              analyse.tick(p.meta.images.length);
            } else {
              result = await processor.process(p, fingerprint);
              writeResult(state.dir, file, result);
              processed++;
            }
            state.record({
              e: 'done',
              id: p.id,
              result: { fingerprint, faces: result.faces.length, file, run: run.n, ...(result.incomplete ? { incomplete: true } : {}) },
            });
          } catch (e) {
            if (isAbort(e)) return;
            errors++;
            progress.log(`${p.id} (${p.meta.name}): ${(e as Error).message}; it will be tried again in the next run`);
          }
          performersStage.tick();
        }
      };
      await Promise.all(Array.from({ length: config.processing.workers }, worker));
      if (signal?.aborted) {
        progress.log(`stopped: ${processed + reused} performers done this time, ${work.length - processed - reused - errors} left for the next start`);
        signal.throwIfAborted();
      }
      download.finish();
      analyse.finish();
      performersStage.finish();
    }
    state.record({ e: 'processed', run: run.n });

    // 3. Package.
    const packageStage = progress.stage('package', 'files').start();
    const t1 = Date.now();
    const included = [...state.performers.values()]
      .filter((p) => !p.removed && endpoints.has(p.meta.endpoint) && p.result && p.result.faces > 0)
      .sort((a, b) => a.id.localeCompare(b.id));
    const content = await gatherContent(state, included, profile, config, run.version);
    signal?.throwIfAborted();
    const previous = state.previousPackage(run.n);
    const release = await writeRelease(config.output.directory, content.content, config.output.min_sidecar_version);
    packageStage.tick(Object.keys(release.manifest.files).length + release.manifest.indexes.length + 3);
    packageStage.finish();
    const changes = diffPackages(previous && previous.version !== run.version ? previous.dir : undefined, release.dir);
    state.record({ e: 'packaged', run: run.n, version: run.version, digest: release.digest, dir: release.dir });

    const stageSeconds = Object.fromEntries(progress.stages.map((s) => [s.name, round(s.seconds)]));
    const downloadStats = [...downloaders.values()].map((d) => d.stats);
    const summary: BuildSummary = {
      run: run.n,
      mode: run.mode,
      version: run.version,
      resumed,
      digest: release.digest,
      package: { dir: release.dir, tarball: release.tarball, sha256: release.sha256, size: release.size },
      performers: {
        listed: sum(syncStats.map((s) => s.listed)),
        added: sum(syncStats.map((s) => s.added)),
        changed: sum(syncStats.map((s) => s.changed)),
        removed: {
          deleted: sum(syncStats.map((s) => s.removed.deleted)),
          merged: sum(syncStats.map((s) => s.removed.merged)),
          gone: sum(syncStats.map((s) => s.removed.gone)),
        },
        lookups: sum(syncStats.map((s) => s.lookups)),
        processed,
        reused,
        errors,
        in_package: included.length,
        without_faces: active.filter((p) => p.result && p.result.faces === 0).length,
      },
      images: {
        used: content.imagesUsed,
        downloaded: sum(downloadStats.map((s) => s.downloaded)),
        from_cache: sum(downloadStats.map((s) => s.cached)),
        download_failed: mergeCounts(downloadStats.map((s) => s.failed)),
        analysed: processor.stats.analysed,
        analysis_cached: processor.stats.analysisCached,
        bad: processor.stats.badImages,
      },
      faces: { kept: content.content.faces.length, rejected: content.rejected },
      api: Object.fromEntries(clients.map((c) => [c.config.name, { requests: c.stats.requests, retries: c.stats.retries, rate_limited: c.stats.rateLimited }])),
      seconds: {
        ...stageSeconds,
        list_total: round(listSeconds),
        package: round((Date.now() - t1) / 1000),
      },
      changes,
    };
    writeFileAtomic(join(config.output.directory, `${packageName(run.version)}.summary.json`), JSON.stringify(summary, null, 2) + '\n');
    state.record({ e: 'finished', run: run.n, at: new Date().toISOString() });
    state.compact();
    return summary;
  } finally {
    if (ownProgress) progress.close();
    if (engine && !options.engine) await engine.close();
  }
}

function startRun(state: BuildState, config: BuilderConfig, options: BuildOptions): { run: RunState; resumed: boolean } {
  const last = state.lastRun;
  if (last && !last.finished) {
    if (config.output.version && config.output.version !== last.version) {
      state.record({ e: 'version', run: last.n, version: config.output.version });
    }
    return { run: last, resumed: true };
  }
  const version = config.output.version ?? defaultVersion();
  if (!options.force && state.runs.some((r) => r.packaged?.version === version) && existsSync(join(config.output.directory, packageName(version)))) {
    throw new BuildError(`Version ${version} is already built in ${config.output.directory}: give a new --version, or --force to rebuild it.`);
  }
  const since: Record<string, string | undefined> = {};
  const hasFinished = state.runs.some((r) => r.finished);
  const mode = options.update && hasFinished ? 'update' : 'full';
  if (mode === 'update') {
    for (const sb of config.stashboxes) {
      let newest = 0;
      for (const p of state.performers.values()) if (p.meta.endpoint === sb.url) newest = Math.max(newest, Date.parse(p.meta.updated) || 0);
      since[sb.url] = newest > 0 ? new Date(newest - UPDATE_OVERLAP_MS).toISOString() : undefined;
    }
  }
  const run: RunState = { n: (last?.n ?? 0) + 1, mode, version, started: new Date().toISOString(), since, endpoints: {} };
  state.record({ e: 'run', run });
  return { run, resumed: false };
}

async function gatherContent(
  state: BuildState,
  included: readonly PerformerState[],
  profile: VisionProfile,
  config: BuilderConfig,
  version: string,
): Promise<{ content: DatabaseContent; rejected: Record<string, number>; imagesUsed: number }> {
  const performers: PerformerRecord[] = [];
  const faces: FaceEntry[] = [];
  const templates: TemplateEntry[] = [];
  const rejected: Record<string, number> = {};
  let imagesUsed = 0;
  for (const p of included) {
    const result = await readResult(state.dir, p.result!.file);
    const m = p.meta;
    performers.push({
      id: p.id,
      name: m.name,
      disambiguation: m.disambiguation,
      country: m.country,
      gender: m.gender,
      aliases: m.aliases,
      endpoint: m.endpoint,
      image_url: m.image_url ? sizedImageUrl(m.image_url, config.images.performer_image_size) : null,
      stashbox_url: `${new URL(m.endpoint).origin}/performers/${m.uuid}`,
      face_count: result.faces.length,
    });
    for (const k of result.faces) faces.push({ performer_id: p.id, image_id: k.image_id, embeddings: k.face.embeddings });
    for (const t of result.templates) templates.push({ performer_id: p.id, size_tier: t.size_tier, embeddings: t.embeddings });
    for (const [k, n] of Object.entries(result.rejected)) rejected[k] = (rejected[k] ?? 0) + n;
    imagesUsed += result.images.used;
  }
  return {
    content: {
      version,
      sources: sourcesOf(performers),
      ...profilePins(profile),
      performers,
      faces,
      templates,
      calibration: loadCalibration(config.calibration),
    },
    rejected,
    imagesUsed,
  };
}

function sum(xs: readonly number[]): number {
  return xs.reduce((a, b) => a + b, 0);
}

function mergeCounts(list: ReadonlyArray<Record<string, number>>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const c of list) for (const [k, n] of Object.entries(c)) out[k] = (out[k] ?? 0) + n;
  return out;
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}
