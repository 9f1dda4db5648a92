import { existsSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { FORMAT_VERSION, type ReleaseMetadata } from '../database/format.js';
import { DOWNLOADS_DIR } from '../database/store.js';
import { AppError, errorMessage } from '../errors.js';
import { describeFetchError } from '../util/fetch-error.js';
import type { Logger } from '../log.js';
import { writeFileAtomic } from '../util/atomic-write.js';
import { SIDECAR_VERSION } from '../version.js';

/** latest.json as the sidecar uses it: `url` resolved against the latest.json URL. */
export type LatestRelease = ReleaseMetadata;

export interface UpdateStatus {
  latest_version: string | null;
  update_available: boolean;
  error: string | null;
}

/** Fetches and validates latest.json. */
export async function fetchLatest(updateUrl: string, options: { fetch?: typeof fetch; timeoutMs?: number } = {}): Promise<LatestRelease> {
  const doFetch = options.fetch ?? fetch;
  let response: Response;
  try {
    response = await doFetch(updateUrl, { signal: AbortSignal.timeout(options.timeoutMs ?? 20_000), headers: { Accept: 'application/json' } });
  } catch (e) {
    throw new AppError('FETCH_FAILED', `Could not fetch the database release metadata from ${updateUrl}: ${describeFetchError(e)}.`);
  }
  if (!response.ok) {
    await response.body?.cancel();
    throw new AppError('FETCH_FAILED', `The database release metadata at ${updateUrl} answered HTTP ${response.status}.`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(await response.text());
  } catch {
    throw new AppError('FETCH_FAILED', `${updateUrl} is not JSON: DATABASE_UPDATE_URL must point at a release's latest.json.`);
  }
  return parseLatest(raw, updateUrl);
}

export function parseLatest(raw: unknown, baseUrl: string): LatestRelease {
  const o = raw as Record<string, unknown>;
  const problems: string[] = [];
  const str = (k: string) => (typeof o?.[k] === 'string' && (o[k] as string).length > 0 ? (o[k] as string) : (problems.push(k), ''));
  const num = (k: string) => (typeof o?.[k] === 'number' && Number.isFinite(o[k]) ? (o[k] as number) : (problems.push(k), 0));
  const release = {
    version: str('version'),
    created_at: str('created_at'),
    url: str('url'),
    sha256: str('sha256').toLowerCase(),
    size: num('size'),
    format_version: num('format_version'),
    min_sidecar_version: typeof o?.min_sidecar_version === 'string' ? o.min_sidecar_version : '0.0.0',
  };
  if (release.sha256 && !/^[0-9a-f]{64}$/.test(release.sha256)) problems.push('sha256');
  if (problems.length) throw new AppError('FETCH_FAILED', `${baseUrl} is not a valid latest.json (missing or bad: ${problems.join(', ')}).`);
  try {
    release.url = new URL(release.url, baseUrl).toString();
  } catch {
    throw new AppError('FETCH_FAILED', `latest.json at ${baseUrl} has a bad url "${release.url}".`);
  }
  return release;
}

/** Orders version names: numeric parts numerically ("2026.2" < "2026.10"), others as text. */
export function compareVersions(a: string, b: string): number {
  const pa = a.match(/\d+|[A-Za-z]+/g) ?? [];
  const pb = b.match(/\d+|[A-Za-z]+/g) ?? [];
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = pa[i], y = pb[i];
    if (x === undefined) return -1;
    if (y === undefined) return 1;
    const nx = /^\d+$/.test(x), ny = /^\d+$/.test(y);
    const c = nx && ny ? Number(x) - Number(y) : x.localeCompare(y);
    if (c !== 0) return Math.sign(c);
  }
  return 0;
}

/** Why this sidecar cannot use a release, or undefined when it can. */
export function incompatibility(release: LatestRelease, sidecarVersion = SIDECAR_VERSION): string | undefined {
  if (release.format_version !== FORMAT_VERSION) {
    return `database ${release.version} has format ${release.format_version}; this sidecar reads format ${FORMAT_VERSION}: update the stash-face image first`;
  }
  if (compareVersions(release.min_sidecar_version, sidecarVersion) > 0) {
    return `database ${release.version} needs stash-face ${release.min_sidecar_version} or newer (this is ${sidecarVersion}): update the stash-face image first`;
  }
  return undefined;
}

export interface UpdateCheckerOptions {
  url: string;
  /** Where the last check is remembered across restarts (`<DATABASE_PATH>/downloads/update-check.json`). */
  databasePath?: string;
  /** The version being served now. */
  currentVersion: () => string | undefined;
  log: Logger;
  /** Minimum time between checks (default one day). */
  maxAgeMs?: number;
  now?: () => number;
  fetch?: typeof fetch;
}

interface CheckRecord {
  url: string;
  checked_at: number;
  release?: LatestRelease;
  error?: string;
}

/**
 * The `updates` hook of the `database` query: reads DATABASE_UPDATE_URL at most once per `maxAgeMs` (a failed check
 * counts too: it is logged, reported in `error`, and tried again after the same wait), remembering the answer on disk
 * so restarts do not check again. Never throws.
 */
export class UpdateChecker {
  private record?: CheckRecord;
  private inFlight?: Promise<CheckRecord>;
  private loaded = false;
  private readonly maxAgeMs: number;
  private readonly now: () => number;

  constructor(private readonly options: UpdateCheckerOptions) {
    this.maxAgeMs = options.maxAgeMs ?? 24 * 60 * 60 * 1000;
    this.now = options.now ?? Date.now;
  }

  private get cacheFile(): string | undefined {
    return this.options.databasePath ? join(this.options.databasePath, DOWNLOADS_DIR, 'update-check.json') : undefined;
  }

  async latest(): Promise<UpdateStatus> {
    const record = await this.check();
    const release = record.release;
    if (!release) return { latest_version: null, update_available: false, error: record.error ?? null };
    const current = this.options.currentVersion();
    const blocked = incompatibility(release);
    const newer = current === undefined || (release.version !== current && compareVersions(release.version, current) > 0);
    return {
      latest_version: release.version,
      update_available: newer && !blocked,
      error: newer && blocked ? blocked : (record.error ?? null),
    };
  }

  /** The last known release (checking when the cached answer is older than maxAgeMs). */
  async release(): Promise<LatestRelease | undefined> {
    return (await this.check()).release;
  }

  /** Checks now, whatever the cache says (after an install, or when a user asks). */
  async refresh(): Promise<UpdateStatus> {
    this.record = undefined;
    this.loaded = true;
    return this.latest();
  }

  private async check(): Promise<CheckRecord> {
    if (!this.loaded) {
      this.loaded = true;
      this.record = await this.readCache();
    }
    const fresh = this.record && this.record.url === this.options.url && this.now() - this.record.checked_at < this.maxAgeMs && this.now() >= this.record.checked_at;
    if (fresh) return this.record!;
    this.inFlight ??= this.fetchRecord().finally(() => (this.inFlight = undefined));
    return this.inFlight;
  }

  private async fetchRecord(): Promise<CheckRecord> {
    let record: CheckRecord;
    try {
      const release = await fetchLatest(this.options.url, { fetch: this.options.fetch });
      record = { url: this.options.url, checked_at: this.now(), release };
      this.options.log.info('database update check', { latest_version: release.version, current_version: this.options.currentVersion() ?? null });
    } catch (e) {
      // Keep the last good answer, with the error beside it.
      record = { url: this.options.url, checked_at: this.now(), release: this.record?.release, error: errorMessage(e) };
      this.options.log.warn('database update check failed; next try in a day', { error: record.error });
    }
    this.record = record;
    await this.writeCache(record);
    return record;
  }

  private async readCache(): Promise<CheckRecord | undefined> {
    const file = this.cacheFile;
    if (!file || !existsSync(file)) return undefined;
    try {
      return JSON.parse(await readFile(file, 'utf8')) as CheckRecord;
    } catch {
      return undefined;
    }
  }

  private async writeCache(record: CheckRecord): Promise<void> {
    const file = this.cacheFile;
    if (!file) return;
    try {
      await mkdir(join(this.options.databasePath!, DOWNLOADS_DIR), { recursive: true });
      await writeFileAtomic(file, JSON.stringify(record) + '\n');
    } catch (e) {
      this.options.log.debug('could not remember the update check', { error: errorMessage(e) });
    }
  }
}
