import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { DEFAULT_ENROLMENT_RULES, type EnrolmentRules } from '../src/enrolment/rules.js';

/**
 * The builder's configuration: a YAML or JSON file (see builder_config.example.yaml), `${VAR}` / `${VAR:-default}`
 * expanded from the environment, then flags on top. Every value has a default except the stash-box endpoints.
 */
export interface StashBoxConfig {
  /** A label for logs, e.g. "StashDB". */
  name: string;
  /** The GraphQL endpoint, e.g. https://stashdb.org/graphql. Performer ids become `<host>:<uuid>`. */
  url: string;
  /** Sent as the `ApiKey` header when set; write it as `${STASHDB_API_KEY}` so it stays out of the file. */
  api_key?: string;
  /** stash-box API requests per minute, retries and look-ups included (Stash's own default is 240). */
  rate_limit: number;
  /** Performers per queryPerformers page. */
  per_page: number;
  /** Images downloaded per performer, in stash-box's order (portrait-like first). */
  max_images_per_performer: number;
  /** Image downloads per minute from this endpoint's image host (separate from the API limit). */
  image_rate_limit: number;
  /** Image downloads in flight at once. */
  image_concurrency: number;
  /** Stop after this many performers (a trial build); unset: all. */
  limit?: number;
}

/** The per-face and selection rules of `faces:` (src/enrolment/rules.ts says what each means). */
export type FaceRules = EnrolmentRules;

export interface BuilderConfig {
  stashboxes: StashBoxConfig[];
  images: {
    /** stash-box serves resized images with `?size=`: 300, 600, 1280 or full; null: the URL as given. */
    size: string | null;
    /** Size of the reference photo URL stored for each performer (shown beside a match). */
    performer_image_size: string | null;
    timeout_s: number;
    retries: number;
    max_bytes: number;
  };
  api: { timeout_s: number; retries: number; max_backoff_s: number };
  faces: FaceRules;
  output: {
    directory: string;
    /** The database version; default: UTC date and time, e.g. 2026.11.25-1403. */
    version?: string;
    min_sidecar_version: string;
  };
  cache: {
    /** Content-addressed image bytes; never downloaded twice. */
    image_directory: string;
    /** Detections and embeddings per image and model set. */
    embeddings_directory: string;
  };
  /** Progress of every build and update: what is listed, processed and packaged. */
  state_directory: string;
  processing: {
    /** Largest ONNX batch. */
    batch_size: number;
    /** Performers processed at once (their downloads and embeddings overlap). */
    workers: number;
    /** ONNX runs per model in flight (the engine's WORKERS). */
    onnx_workers: number;
    providers: 'auto' | 'cpu' | 'cuda';
    models_path?: string;
    detector?: string;
    embedders?: string[];
    /** Long side in pixels the detector sees (default 640); written into the package's vision profile. */
    detect_size: number;
  };
  /** A calibration JSON to put into the manifest instead of the default LFW fit. */
  calibration?: string;
  progress: { mode: 'auto' | 'bar' | 'plain' | 'off'; interval_s: number };
}

export const DEFAULT_RATE_LIMIT = 240;
export const DEFAULT_MAX_IMAGES = 10;

const STASHBOX_DEFAULTS: Omit<StashBoxConfig, 'name' | 'url'> = {
  rate_limit: DEFAULT_RATE_LIMIT,
  per_page: 100,
  max_images_per_performer: DEFAULT_MAX_IMAGES,
  image_rate_limit: 600,
  image_concurrency: 8,
};

export function defaultConfig(): Omit<BuilderConfig, 'stashboxes'> {
  return {
    images: { size: '600', performer_image_size: '300', timeout_s: 30, retries: 3, max_bytes: 25 * 1024 * 1024 },
    api: { timeout_s: 60, retries: 8, max_backoff_s: 300 },
    faces: { ...DEFAULT_ENROLMENT_RULES, template_tiers: [...DEFAULT_ENROLMENT_RULES.template_tiers] },
    output: { directory: './output', min_sidecar_version: '0.1.0' },
    cache: { image_directory: './cache/images', embeddings_directory: './cache/embeddings' },
    state_directory: './cache/state',
    processing: { batch_size: 32, workers: 6, onnx_workers: 1, providers: 'auto', detect_size: 640 },
    progress: { mode: 'auto', interval_s: 30 },
  };
}

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

/** `${VAR}` and `${VAR:-default}` in every string value. */
export function expandEnv(value: unknown, env: NodeJS.ProcessEnv = process.env): unknown {
  if (typeof value === 'string') {
    return value.replace(/\$\{(\w+)(?::-([^}]*))?\}/g, (_, name: string, fallback?: string) => env[name] ?? fallback ?? '');
  }
  if (Array.isArray(value)) return value.map((v) => expandEnv(v, env));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, expandEnv(v, env)]));
  }
  return value;
}

/** Reads a YAML or JSON file (JSON is YAML); relative paths in it are taken from the file's folder. */
export function readConfigFile(path: string, env: NodeJS.ProcessEnv = process.env): Record<string, unknown> {
  let raw: unknown;
  try {
    raw = parseYaml(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new ConfigError(`Cannot read the config ${path}: ${(e as Error).message}`);
  }
  if (raw === null || raw === undefined) raw = {};
  if (typeof raw !== 'object' || Array.isArray(raw)) throw new ConfigError(`${path} must hold a mapping of settings.`);
  const expanded = expandEnv(raw, env) as Record<string, unknown>;
  return rebasePaths(expanded, dirname(resolve(path)));
}

const PATH_KEYS: Array<[string, string]> = [
  ['output', 'directory'],
  ['cache', 'image_directory'],
  ['cache', 'embeddings_directory'],
  ['processing', 'models_path'],
];

function rebasePaths(raw: Record<string, unknown>, base: string): Record<string, unknown> {
  const out = structuredClone(raw);
  for (const [section, key] of PATH_KEYS) {
    const s = out[section] as Record<string, unknown> | undefined;
    if (s && typeof s[key] === 'string' && s[key]) s[key] = resolve(base, s[key] as string);
  }
  for (const key of ['state_directory', 'calibration']) {
    if (typeof out[key] === 'string' && out[key]) out[key] = resolve(base, out[key] as string);
  }
  return out;
}

/**
 * Merges a raw config (file + flag overrides, already nested) over the defaults and validates it. Accepts the seed
 * design's single `stashdb:` block (with `rate_limit_delay` in seconds) as well as the `stashboxes:` list.
 */
export function resolveConfig(raw: Record<string, unknown>): BuilderConfig {
  const defaults = defaultConfig();
  const section = <T extends object>(name: string, base: T): T => {
    const value = raw[name];
    if (value === undefined || value === null) return { ...base };
    if (typeof value !== 'object' || Array.isArray(value)) throw new ConfigError(`"${name}" must be a mapping.`);
    return { ...base, ...(value as object) } as T;
  };
  const images = section('images', defaults.images);
  const api = section('api', defaults.api);
  const faces = section('faces', defaults.faces);
  const output = section('output', defaults.output);
  const cache = section('cache', defaults.cache);
  const processing = section('processing', defaults.processing);
  const progress = section('progress', defaults.progress);

  // The seed's builder_config.yaml: `stashdb:` with `rate_limit_delay` (seconds between requests) and
  // `max_images_per_performer`; `processing.gpu: true` means CUDA.
  const legacy = raw.stashdb as Record<string, unknown> | undefined;
  let list = raw.stashboxes as unknown;
  if (list === undefined && legacy) {
    const delay = Number(legacy.rate_limit_delay);
    list = [
      {
        name: 'StashDB',
        ...legacy,
        ...(legacy.rate_limit === undefined && delay > 0 ? { rate_limit: 60 / delay } : {}),
      },
    ];
  }
  if (!Array.isArray(list) || list.length === 0) {
    throw new ConfigError('No stash-box endpoint configured: add a `stashboxes:` list (see builder/builder_config.example.yaml) or pass --url.');
  }
  const globalMaxImages = raw.max_images_per_performer;
  const stashboxes = list.map((entry, i): StashBoxConfig => {
    if (!entry || typeof entry !== 'object') throw new ConfigError(`stashboxes[${i}] must be a mapping.`);
    const e = entry as Record<string, unknown>;
    const url = String(e.url ?? '');
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new ConfigError(`stashboxes[${i}].url "${url}" is not a URL (e.g. https://stashdb.org/graphql).`);
    }
    const merged = {
      ...STASHBOX_DEFAULTS,
      ...(globalMaxImages !== undefined ? { max_images_per_performer: globalMaxImages } : {}),
      ...e,
      name: String(e.name ?? parsed.host),
      url,
      api_key: e.api_key === undefined || e.api_key === null || e.api_key === '' ? undefined : String(e.api_key),
    } as StashBoxConfig;
    for (const key of ['rate_limit', 'per_page', 'max_images_per_performer', 'image_rate_limit', 'image_concurrency'] as const) {
      merged[key] = positive(merged[key], `stashboxes[${i}].${key}`);
    }
    if (merged.limit !== undefined && merged.limit !== null) merged.limit = positive(merged.limit, `stashboxes[${i}].limit`);
    else delete merged.limit;
    delete (merged as unknown as Record<string, unknown>).rate_limit_delay;
    return merged;
  });
  const hosts = new Set<string>();
  for (const s of stashboxes) {
    const host = new URL(s.url).host;
    if (hosts.has(host)) throw new ConfigError(`Two stash-box endpoints share the host ${host}: performer ids would collide.`);
    hosts.add(host);
  }

  if ((raw.processing as Record<string, unknown> | undefined)?.gpu === true && processing.providers === 'auto') {
    processing.providers = 'cuda';
  }
  delete (processing as Record<string, unknown>).gpu;
  if (!['auto', 'cpu', 'cuda'].includes(processing.providers)) {
    throw new ConfigError(`processing.providers must be auto, cpu or cuda, not "${processing.providers}".`);
  }
  processing.batch_size = positive(processing.batch_size, 'processing.batch_size');
  processing.workers = positive(processing.workers, 'processing.workers');
  processing.onnx_workers = positive(processing.onnx_workers, 'processing.onnx_workers');
  processing.detect_size = positive(processing.detect_size, 'processing.detect_size');
  if (typeof processing.embedders === 'string') processing.embedders = (processing.embedders as string).split(',').map((s) => s.trim());

  images.size = images.size === null || images.size === undefined || images.size === '' ? null : String(images.size);
  images.performer_image_size =
    images.performer_image_size === null || images.performer_image_size === undefined || images.performer_image_size === ''
      ? null
      : String(images.performer_image_size);
  images.timeout_s = positive(images.timeout_s, 'images.timeout_s');
  images.retries = nonNegative(images.retries, 'images.retries');
  images.max_bytes = positive(images.max_bytes, 'images.max_bytes');
  api.timeout_s = positive(api.timeout_s, 'api.timeout_s');
  api.retries = nonNegative(api.retries, 'api.retries');
  api.max_backoff_s = positive(api.max_backoff_s, 'api.max_backoff_s');

  faces.min_face_size = nonNegative(faces.min_face_size, 'faces.min_face_size');
  if (faces.min_score !== undefined && faces.min_score !== null) faces.min_score = unit(faces.min_score, 'faces.min_score');
  else delete faces.min_score;
  faces.min_frontal = unit(faces.min_frontal, 'faces.min_frontal');
  faces.consistency_threshold = unit(faces.consistency_threshold, 'faces.consistency_threshold');
  faces.duplicate_threshold = unit(faces.duplicate_threshold, 'faces.duplicate_threshold');
  faces.dominance_ratio = positive(faces.dominance_ratio, 'faces.dominance_ratio');
  faces.max_faces_per_performer = positive(faces.max_faces_per_performer, 'faces.max_faces_per_performer');
  faces.max_faces_per_image = positive(faces.max_faces_per_image, 'faces.max_faces_per_image');
  if (typeof faces.template_tiers === 'string') faces.template_tiers = (faces.template_tiers as string).split(',').map(Number);
  if (!Array.isArray(faces.template_tiers)) throw new ConfigError('faces.template_tiers must be a list of face widths.');
  faces.template_tiers = faces.template_tiers.map((t, i) => positive(t, `faces.template_tiers[${i}]`));

  if (output.version !== undefined && output.version !== null && output.version !== '') {
    output.version = String(output.version);
    if (!/^[\w.+-]+$/.test(output.version)) {
      throw new ConfigError(`output.version "${output.version}" may only hold letters, digits, ".", "_", "+" and "-".`);
    }
  } else delete output.version;
  output.min_sidecar_version = String(output.min_sidecar_version);
  if (!['auto', 'bar', 'plain', 'off'].includes(progress.mode)) {
    throw new ConfigError(`progress.mode must be auto, bar, plain or off, not "${progress.mode}".`);
  }
  progress.interval_s = positive(progress.interval_s, 'progress.interval_s');

  return {
    stashboxes,
    images,
    api,
    faces,
    output: { ...output, directory: resolve(String(output.directory)) },
    cache: { image_directory: resolve(String(cache.image_directory)), embeddings_directory: resolve(String(cache.embeddings_directory)) },
    state_directory: resolve(String(raw.state_directory ?? defaults.state_directory)),
    processing,
    calibration: raw.calibration ? resolve(String(raw.calibration)) : undefined,
    progress,
  };
}

/** Sets `a.b.c` (or `stashboxes.0.rate_limit`) in a nested object, creating mappings on the way. */
export function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split('.');
  let node: Record<string, unknown> = target;
  keys.slice(0, -1).forEach((key, i) => {
    const next = node[key];
    if (next === undefined || next === null || typeof next !== 'object') {
      node[key] = /^\d+$/.test(keys[i + 1]) ? [] : {};
    }
    node = node[key] as Record<string, unknown>;
  });
  node[keys[keys.length - 1]] = value;
}

/** A flag's text as the value it stands for: numbers, booleans, null, lists in JSON; the rest as text. */
export function parseScalar(text: string): unknown {
  if (/^-?\d+(\.\d+)?$/.test(text)) return Number(text);
  if (text === 'true' || text === 'false') return text === 'true';
  if (text === 'null') return null;
  if (/^[[{]/.test(text)) {
    try {
      return JSON.parse(text);
    } catch {
      return text;
    }
  }
  return text;
}

function positive(v: unknown, name: string): number {
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0) throw new ConfigError(`${name} must be a positive number, not "${String(v)}".`);
  return n;
}

function nonNegative(v: unknown, name: string): number {
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0) throw new ConfigError(`${name} must be a number >= 0, not "${String(v)}".`);
  return n;
}

function unit(v: unknown, name: string): number {
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0 || n > 1) throw new ConfigError(`${name} must be between 0 and 1, not "${String(v)}".`);
  return n;
}
