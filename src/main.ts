import { pathToFileURL } from 'node:url';
import { loadConfig, type Config } from './config.js';
import { DatabaseHolder } from './database/holder.js';
import { DatabaseInstaller } from './distribution/install.js';
import { UpdateChecker } from './distribution/updates.js';
import { ensureWritable } from './distribution/install.js';
import { AppError, errorMessage } from './errors.js';
import { ffmpegLocator } from './frames/ffmpeg.js';
import { IdentifyService } from './identify/service.js';
import { LibraryService } from './library/service.js';
import { PeopleService } from './people/service.js';
import { createLogger, type Logger } from './log.js';
import type { AppServices } from './server/context.js';
import { startHttpServer, type HttpServer, type RouteHandler } from './server/http.js';
import { pluginSourceProblem, pluginSourceRoute } from './server/plugin-source.js';
import { openStateDatabase, statePath } from './state/database.js';
import { StashClient } from './stash/client.js';
import { VisionEngine } from './vision/engine.js';
import { Galleries } from './galleries/galleries.js';
import { StashLibrary } from './galleries/stash-library.js';
import { LocalGallerySync } from './galleries/sync.js';
import { FaceLearning } from './galleries/learned.js';
import { guardedFetch, stashFetchPolicy } from './stash/guarded-fetch.js';
import { join } from 'node:path';
import { SIDECAR_VERSION } from './version.js';

export interface Sidecar {
  url: string;
  port: number;
  services: AppServices;
  http: HttpServer;
  /** Graceful stop: no new requests, in-flight ones finish (bounded), models released. */
  close(timeoutMs?: number): Promise<void>;
}

export interface SidecarOptions {
  log?: Logger;
  /** Extra HTTP routes (tests add fakes; the plugin source adds /plugin/). */
  routes?: RouteHandler[];
  /** Reuse an engine (tests share one across servers to save start-up time). */
  engine?: VisionEngine;
}

/** The composition root: the only place that wires config, vision, database, Stash and the HTTP server together. */
export async function startSidecar(config: Config, options: SidecarOptions = {}): Promise<Sidecar> {
  const log = options.log ?? createLogger(config.logLevel);
  const engine =
    options.engine ??
    (await VisionEngine.create({
      modelsPath: config.modelsPath,
      detector: config.detector,
      embedders: config.embedders,
      providers: config.executionProviders,
      workers: config.workers,
      threads: config.onnxThreads,
      ...(config.detectSize !== undefined ? { detectInputSize: config.detectSize } : {}),
    }));
  for (const m of engine.models) {
    log.info('model loaded', { model: m.id, provider: m.provider, ...(m.fallbackReason ? { fallback_reason: m.fallbackReason } : {}) });
  }
  const vision = { profile: engine.profile(), pinnedDetectSize: config.detectSize };
  const holder = new DatabaseHolder(config.databasePath, engine.models, log, vision);
  await holder.reload().catch((e) => log.warn('starting without a face database', { reason: errorMessage(e) }));
  const stash = config.stashUrl ? new StashClient(config.stashUrl, config.stashApiKey, config.fetchTimeoutMs) : undefined;
  const warnings: string[] = [];
  if (!config.stashUrl) warnings.push('STASH_URL is not set: scene, image and performer ids cannot be resolved, and local performers are not looked up.');
  await ensureWritable(config.databasePath).catch((e) => warnings.push(`${errorMessage(e)} Installing or updating the database will fail.`));
  // A Stash page served over https: (an https: origin in CORS_ORIGINS) cannot call an http: sidecar (mixed content).
  const httpsPages = config.corsOrigins.filter((o) => o.startsWith('https:'));
  if (config.publicUrl?.startsWith('http:') && httpsPages.length) {
    warnings.push(`PUBLIC_URL is ${config.publicUrl} (plain http) but Stash is opened over HTTPS (${httpsPages.join(', ')}): browsers block such calls. Serve the sidecar through the same HTTPS reverse proxy and set PUBLIC_URL to that address (docs/deployment.md).`);
  }
  const pluginProblem = pluginSourceProblem();
  if (pluginProblem) warnings.push(pluginProblem);
  const localGallery = startLocalGallery(config, engine, holder, stash, log);
  const galleries = new Galleries(holder, localGallery?.holder, localGallery?.sync);
  if (!config.publicUrl) warnings.push("PUBLIC_URL is not set: the Stash plugin's address is guessed from the request; set it to the sidecar's address as your browser sees it.");
  const identify = new IdentifyService({ engine, galleries, stash, config, log });
  let library: LibraryService | undefined;
  let people: PeopleService | undefined;
  let learning: FaceLearning | undefined;
  try {
    const state = openStateDatabase(statePath(config));
    // Persons the user confirms (accepted suggestions, named face groups) become learned faces of the local gallery.
    learning = localGallery && new FaceLearning({
      gallery: localGallery.sync,
      person: (ref) => library?.store.result(ref.kind, ref.item_id)?.persons.find((p) => p.id === ref.person_id),
      log: log.child({ gallery: 'local', module: 'learned' }),
    });
    // Library runs keep results against the galleries identify searches; a new shared database or local gallery
    // release re-matches them (from their stored embeddings).
    library = new LibraryService({ state, holder: galleries, identify, engine, stash, config, log, learning });
    people = new PeopleService({ state, calibration: () => galleries.current?.manifest.calibration, stash, log: log.child({ module: 'people' }), learning });
    galleries.onLoaded(() => library!.databaseLoaded());
    library.start();
  } catch (e) {
    warnings.push(`${errorMessage(e)} Library runs, kept results and the review queue are off.`);
  }
  const services: AppServices = {
    config,
    log,
    engine,
    holder,
    galleries,
    installer: new DatabaseInstaller({
      databasePath: config.databasePath,
      models: engine.models.filter((m) => m.task === 'embed'),
      log,
      holder,
      updateUrl: config.databaseUpdateUrl,
    }),
    localGallery: localGallery?.sync,
    stash,
    identify,
    library,
    people,
    version: SIDECAR_VERSION,
    warnings,
    // Which ffmpeg scene frames use (FFMPEG_PATH, the PATH, or the npm static build), probed once.
    ffmpeg: async () => {
      const { path, version, error } = await ffmpegLocator(config.ffmpegPath).status();
      return { path, version, error };
    },
    updates: config.databaseUpdateUrl
      ? new UpdateChecker({ url: config.databaseUpdateUrl, databasePath: config.databasePath, currentVersion: () => holder.current?.version, log })
      : undefined,
  };
  const http = await startHttpServer(services, [pluginSourceRoute(config, log), ...(options.routes ?? [])]);
  log.info('stash-face listening', { url: http.url, graphiql: `${http.url}/graphql`, version: SIDECAR_VERSION });
  return {
    url: http.url,
    port: http.port,
    services,
    http,
    async close(timeoutMs = config.shutdownTimeoutMs) {
      await learning?.close();
      await localGallery?.sync.stop();
      await http.shutdown(timeoutMs);
      await library?.close();
      if (!options.engine) await engine.close();
    },
  };
}

/**
 * The local gallery (LOCAL_GALLERY, on by default when STASH_URL is set): the user's Stash performers enrolled under
 * STATE_PATH and kept in sync in the background. Its images are read from Stash and never leave the machine.
 */
function startLocalGallery(config: Config, engine: VisionEngine, shared: DatabaseHolder, stash: StashClient | undefined, log: Logger) {
  if (!config.localGallery || !stash) return undefined;
  const root = join(statePath(config), 'local-gallery');
  const galleryLog = log.child({ gallery: 'local' });
  const holder = new DatabaseHolder(root, engine.models, galleryLog, { profile: engine.profile(), pinnedDetectSize: config.detectSize });
  const fetchPolicy = stashFetchPolicy(config);
  const sync = new LocalGallerySync({
    root,
    engine,
    profile: () => shared.current?.profile?.profile ?? engine.profile(),
    library: new StashLibrary(stash),
    fetchImage: (url) => guardedFetch(url, fetchPolicy, 'performer image'),
    holder,
    log: galleryLog,
    syncMinutes: config.localGallerySyncMinutes,
    reconcileMinutes: config.localGalleryReconcileMinutes,
  });
  // Never awaited by start-up: the server answers (with what is loaded) while the first sync runs.
  void sync.start().catch((e) => galleryLog.error('local gallery could not start', { error: errorMessage(e) }));
  return { holder, sync };
}

export async function runFromCommandLine(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (e) {
    process.stderr.write(`${errorMessage(e)}\n`);
    process.exit(2);
  }
  const log = createLogger(config.logLevel);
  let sidecar: Sidecar;
  try {
    sidecar = await startSidecar(config, { log });
  } catch (e) {
    log.error('could not start', { error: errorMessage(e), code: e instanceof AppError ? e.code : undefined });
    process.exit(1);
  }
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info('shutting down: finishing requests in flight', { signal, timeout_ms: config.shutdownTimeoutMs });
    await sidecar.close();
    log.info('stopped');
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await runFromCommandLine();
