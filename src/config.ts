import { AppError } from './errors.js';
import { availableParallelism } from 'node:os';
import type { ProviderPreference } from './vision/runtime/session.js';

/** Every environment variable the sidecar reads, with its meaning: the README, the Unraid template and its test use this list. */
export const CONFIG_VARIABLES = {
  STASH_URL: 'Address of your Stash as the sidecar reaches it, e.g. http://stash:9999 (scene and image ids are resolved there)',
  STASH_API_KEY: 'Stash API key (Settings > Security), only if your Stash requires a login',
  DATABASE_PATH: 'Folder of the face database (default ./data; /data in the container)',
  STATE_PATH: 'Folder of your own state: kept results, the review queue, decisions, jobs, the local gallery (default <DATABASE_PATH>/state)',
  MODELS_PATH: 'Folder for optional extra models (SCRFD, downloads); the defaults need none',
  LOG_LEVEL: 'debug, info, warn or error (default info)',
  PORT: 'HTTP port (default 8000)',
  HOST: 'Address to listen on (default 0.0.0.0)',
  WORKERS: 'ONNX runs per model in flight at once (default 1; raise on a GPU)',
  ONNX_THREADS: 'CPU threads each ONNX model may use (default: the number of cores, at most 8)',
  PUBLIC_URL: "The sidecar's address as your browser sees it, e.g. http://192.168.1.10:8000, or https://stash.example/face behind a reverse proxy (used by the Stash plugin and its CSP)",
  CORS_ORIGINS: "Comma-separated browser origins allowed to call the sidecar: the address you open Stash at in your browser, e.g. http://192.168.1.10:9999 (default: the origins of STASH_URL and PUBLIC_URL)",
  ALLOWED_IMAGE_ORIGINS: "Comma-separated origins image_url may fetch from besides STASH_URL's",
  EXECUTION_PROVIDERS: 'auto (CUDA when it loads, else CPU), cpu or cuda',
  DETECTOR: 'Face detector model id (default yunet_n; scrfd_500m needs MODELS_PATH)',
  EMBEDDERS: 'Comma-separated embedder model ids (default fr_feature,dlib_resnet)',
  MIN_CONFIDENCE: 'Default minimum match confidence, 0..1 (default 0.5)',
  MAX_RESULTS: 'Default number of matches per person (default 3)',
  DETECT_SIZE: "Long side in pixels the detector sees in photos (default: the database's vision profile, 640 for the released ones); a database built at another size is refused",
  MAX_IMAGE_BYTES: 'Largest image the sidecar downloads (default 50 MB)',
  FETCH_TIMEOUT_MS: 'Time limit for one download (default 20000)',
  FFMPEG_PATH: 'ffmpeg binary for full-resolution scene frames (default: found on PATH or from @ffmpeg-installer)',
  DATABASE_UPDATE_URL: "URL of the database releases' latest.json, checked at most daily for updates",
  SHUTDOWN_TIMEOUT_MS: 'How long requests in flight may finish after SIGTERM (default 30000)',
  LOCAL_GALLERY: 'true (default) or false: enrol your Stash performers into a local gallery searched with the shared database',
  LOCAL_GALLERY_SYNC_MINUTES: 'Minutes between local gallery syncs with Stash (changed performers; default 15)',
  LOCAL_GALLERY_RECONCILE_MINUTES: 'Minutes between full reconciles that find performers deleted or merged in Stash (default 60)',
  LIBRARY_WATCH: 'true or false (default): follow the library, queueing new scenes once Stash has generated their sprite (the Faces page changes it)',
  LIBRARY_WATCH_MINUTES: 'Minutes between polls of the library watch (default 10; the Faces page changes it)',
} as const;

export type ConfigVariable = keyof typeof CONFIG_VARIABLES;
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface Config {
  stashUrl?: string;
  stashApiKey?: string;
  databasePath: string;
  statePath?: string;
  modelsPath?: string;
  logLevel: LogLevel;
  port: number;
  host: string;
  workers: number;
  onnxThreads: number;
  publicUrl?: string;
  /** PUBLIC_URL's path ('' or e.g. '/face'): behind a reverse proxy every route is also answered under it. */
  basePath: string;
  corsOrigins: string[];
  allowedImageOrigins: string[];
  executionProviders: ProviderPreference;
  detector: string;
  embedders: string[];
  minConfidence: number;
  maxResults: number;
  /** Set only when DETECT_SIZE is: otherwise the database's vision profile decides (vision/profile.ts). */
  detectSize?: number;
  maxImageBytes: number;
  fetchTimeoutMs: number;
  ffmpegPath?: string;
  databaseUpdateUrl?: string;
  shutdownTimeoutMs: number;
  localGallery: boolean;
  localGallerySyncMinutes: number;
  localGalleryReconcileMinutes: number;
  /** Defaults of the library watch until the Faces page changes them (persisted settings win). */
  libraryWatch: boolean;
  libraryWatchMinutes: number;
}

type Env = Record<string, string | undefined>;

/** Parses and validates the environment once; every problem is listed in one clear error. */
export function loadConfig(env: Env = process.env): Config {
  const problems: string[] = [];
  const get = (name: ConfigVariable) => {
    const v = env[name]?.trim();
    return v ? v : undefined;
  };
  const int = (name: ConfigVariable, fallback: number, min: number, max: number) => {
    const raw = get(name);
    if (raw === undefined) return fallback;
    const v = Number(raw);
    if (!Number.isInteger(v) || v < min || v > max) {
      problems.push(`${name} must be a whole number from ${min} to ${max} (got "${raw}")`);
      return fallback;
    }
    return v;
  };
  const url = (name: ConfigVariable, example: string) => {
    const raw = get(name);
    if (raw === undefined) return undefined;
    let u: URL;
    try {
      u = new URL(raw);
      if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error('scheme');
    } catch {
      problems.push(`${name} must be an http(s) URL such as ${example} (got "${redactCredentials(raw)}")`);
      return undefined;
    }
    if (u.username || u.password) {
      // A password in a URL ends up in logs, errors and health answers; Stash's own login is the API key.
      problems.push(
        `${name} must not contain a user name or password (got "${redactCredentials(raw)}"): ` +
          (name === 'STASH_URL' ? 'put the Stash API key in STASH_API_KEY instead.' : 'remove them.'),
      );
      return undefined;
    }
    if (u.search || u.hash) {
      problems.push(`${name} must not have a query or fragment (got "${redactCredentials(raw)}")`);
      return undefined;
    }
    return raw.replace(/\/+$/, '');
  };
  const origins = (name: ConfigVariable) =>
    (get(name) ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean)
      .flatMap((o) => {
        try {
          return [new URL(o).origin];
        } catch {
          problems.push(`${name}: "${o}" is not an origin such as http://host:port`);
          return [];
        }
      });

  const logLevel = (get('LOG_LEVEL') ?? 'info').toLowerCase();
  if (!['debug', 'info', 'warn', 'error'].includes(logLevel)) problems.push(`LOG_LEVEL must be debug, info, warn or error (got "${logLevel}")`);
  const providers = (get('EXECUTION_PROVIDERS') ?? 'auto').toLowerCase();
  if (!['auto', 'cpu', 'cuda'].includes(providers)) problems.push(`EXECUTION_PROVIDERS must be auto, cpu or cuda (got "${providers}")`);
  const minConfidenceRaw = get('MIN_CONFIDENCE');
  const minConfidence = minConfidenceRaw === undefined ? 0.5 : Number(minConfidenceRaw);
  if (!(minConfidence >= 0 && minConfidence <= 1)) problems.push(`MIN_CONFIDENCE must be a number from 0 to 1 (got "${minConfidenceRaw}")`);

  const localGalleryRaw = (get('LOCAL_GALLERY') ?? 'true').toLowerCase();
  if (!['true', 'false', '1', '0', 'yes', 'no', 'on', 'off'].includes(localGalleryRaw)) {
    problems.push(`LOCAL_GALLERY must be true or false (got "${localGalleryRaw}")`);
  }
  const libraryWatchRaw = (get('LIBRARY_WATCH') ?? 'false').toLowerCase();
  if (!['true', 'false', '1', '0', 'yes', 'no', 'on', 'off'].includes(libraryWatchRaw)) {
    problems.push(`LIBRARY_WATCH must be true or false (got "${libraryWatchRaw}")`);
  }
  const databasePath = get('DATABASE_PATH') ?? './data';

  const stashUrl = url('STASH_URL', 'http://stash:9999');
  const publicUrl = url('PUBLIC_URL', 'http://192.168.1.10:8000 or https://stash.example/face');
  const config: Config = {
    stashUrl,
    stashApiKey: get('STASH_API_KEY'),
    databasePath,
    statePath: get('STATE_PATH'),
    modelsPath: get('MODELS_PATH'),
    logLevel: logLevel as LogLevel,
    port: int('PORT', 8000, 0, 65535),
    host: get('HOST') ?? '0.0.0.0',
    workers: int('WORKERS', 1, 1, 64),
    onnxThreads: int('ONNX_THREADS', Math.min(8, availableParallelism()), 1, 256),
    publicUrl,
    basePath: publicUrl ? new URL(publicUrl).pathname.replace(/\/+$/, '') : '',
    corsOrigins: [],
    allowedImageOrigins: origins('ALLOWED_IMAGE_ORIGINS'),
    executionProviders: providers as ProviderPreference,
    detector: get('DETECTOR') ?? 'yunet_n',
    embedders: (get('EMBEDDERS') ?? 'fr_feature,dlib_resnet').split(',').map((s) => s.trim()).filter(Boolean),
    minConfidence: Number.isFinite(minConfidence) ? minConfidence : 0.5,
    maxResults: int('MAX_RESULTS', 3, 1, 50),
    detectSize: get('DETECT_SIZE') === undefined ? undefined : int('DETECT_SIZE', 640, 160, 2048),
    maxImageBytes: int('MAX_IMAGE_BYTES', 50 * 1024 * 1024, 1024, 1024 * 1024 * 1024),
    fetchTimeoutMs: int('FETCH_TIMEOUT_MS', 20_000, 100, 600_000),
    ffmpegPath: get('FFMPEG_PATH'),
    databaseUpdateUrl: url('DATABASE_UPDATE_URL', 'https://example.org/stash-face/latest.json'),
    shutdownTimeoutMs: int('SHUTDOWN_TIMEOUT_MS', 30_000, 0, 600_000),
    localGallery: ['true', '1', 'yes', 'on'].includes(localGalleryRaw),
    localGallerySyncMinutes: int('LOCAL_GALLERY_SYNC_MINUTES', 15, 1, 7 * 24 * 60),
    localGalleryReconcileMinutes: int('LOCAL_GALLERY_RECONCILE_MINUTES', 60, 1, 7 * 24 * 60),
    libraryWatch: ['true', '1', 'yes', 'on'].includes(libraryWatchRaw),
    libraryWatchMinutes: int('LIBRARY_WATCH_MINUTES', 10, 1, 24 * 60),
  };
  const corsList = origins('CORS_ORIGINS');
  // PUBLIC_URL's origin is the sidecar's own as the browser sees it (same-origin behind a reverse proxy): always allowed.
  const publicOrigin = publicUrl ? [new URL(publicUrl).origin] : [];
  config.corsOrigins = corsList.length
    ? [...new Set([...corsList, ...publicOrigin])]
    : [stashUrl, publicUrl].filter((u): u is string => !!u).map((u) => new URL(u).origin);
  if (problems.length) {
    throw new AppError('CONFIG_INVALID', `Invalid configuration:\n  - ${problems.join('\n  - ')}`);
  }
  return config;
}

/** A URL as it may be shown: any user name and password replaced (config errors must not print a password). */
export function redactCredentials(raw: string): string {
  return raw.replace(/^([a-z][a-z0-9+.-]*:\/\/)?[^/@\s]*@/i, (_m, scheme: string | undefined) => `${scheme ?? ''}***@`);
}
