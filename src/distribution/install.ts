import { existsSync } from 'node:fs';
import { access, constants, mkdir, open, readdir, readFile, rename, rm, stat, statfs, unlink } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sha256File } from '../database/checksum.js';
import { MANIFEST_FILE } from '../database/format.js';
import type { DatabaseHolder } from '../database/holder.js';
import { readManifest, verifyPackage, type AvailableModel, type FaceDatabase, type RunningVision } from '../database/loader.js';
import { CURRENT_FILE, currentVersion, DOWNLOADS_DIR, RELEASES_DIR, releaseDir, setCurrentVersion } from '../database/store.js';
import { AppError, errorMessage } from '../errors.js';
import type { Logger } from '../log.js';
import { download } from './download.js';
import { extractTarGz } from './tar.js';
import { fetchLatest, incompatibility, type LatestRelease } from './updates.js';

/**
 * Installs a database package (CONTRACTS.md "Database files and updates"): download into downloads/ (resumable),
 * verify the package sha256, unpack into releases/<version>.partial/, verify every manifest checksum and model pin,
 * rename, switch current.json, reload through the DatabaseHolder (the same path as `reloadDatabase`). Anything that
 * fails before the switch leaves current.json and the database being served untouched; a release that verifies but
 * then fails to load puts current.json back. The previous release is kept for rollback; older ones are removed.
 */
export type InstallState = 'idle' | 'downloading' | 'verifying' | 'unpacking' | 'switching' | 'done' | 'failed';

export interface InstallStatus {
  state: InstallState;
  source?: string;
  version?: string;
  received_bytes: number;
  total_bytes?: number;
  error?: string;
  started_at?: string;
  finished_at?: string;
}

export interface InstallerOptions {
  databasePath: string;
  /** The models this sidecar runs: a package built with other models is refused. */
  models: readonly AvailableModel[];
  /** The running engine's vision profile: a package it cannot follow is refused before it is switched in. */
  vision?: RunningVision;
  log: Logger;
  /** When the sidecar runs in this process: the new release is loaded through it, and rolled back if it fails. */
  holder?: DatabaseHolder;
  /** latest.json of the releases (DATABASE_UPDATE_URL), for `install('latest')`. */
  updateUrl?: string;
  fetch?: typeof fetch;
  /** Download attempts per install (each resumes the last); default 4. */
  attempts?: number;
  retryDelayMs?: number;
}

export interface InstallRequest {
  /** A package URL, a latest.json URL, a local .tar.gz path (or file: URL), or `latest` (DATABASE_UPDATE_URL). */
  source: string;
  /** Expected package sha256, overriding the published one. */
  sha256?: string;
  /** Install again even when this version is already the current one. */
  force?: boolean;
  onProgress?: (status: InstallStatus) => void;
}

export interface InstallResult {
  version: string;
  previous?: string;
  dir: string;
  /** The version was already installed and current: nothing was done. */
  already: boolean;
  /** Loaded into the running sidecar (in-process installs). */
  database?: FaceDatabase;
}

const PACKAGE_NAME = /^stash-face-db-(.+)\.tar\.gz$/;
const locks = new Map<string, Promise<unknown>>();

export class DatabaseInstaller {
  private current: InstallStatus = { state: 'idle', received_bytes: 0 };

  constructor(private readonly options: InstallerOptions) {}

  /** What the install in progress (or the last one) is doing. */
  get status(): InstallStatus {
    return { ...this.current };
  }

  /** One install at a time per DATABASE_PATH: in this process (queued) and across processes (a lock file). */
  install(request: InstallRequest): Promise<InstallResult> {
    const key = resolve(this.options.databasePath);
    const run = (locks.get(key) ?? Promise.resolve()).catch(() => undefined).then(() => this.installLocked(request));
    locks.set(key, run.catch(() => undefined));
    return run;
  }

  private update(patch: Partial<InstallStatus>, request?: InstallRequest): void {
    this.current = { ...this.current, ...patch };
    request?.onProgress?.(this.status);
  }

  private async installLocked(request: InstallRequest): Promise<InstallResult> {
    const { databasePath, log } = this.options;
    this.current = { state: 'downloading', source: request.source, received_bytes: 0, started_at: new Date().toISOString() };
    request.onProgress?.(this.status);
    try {
      await ensureWritable(databasePath);
      const unlock = await lockFile(join(databasePath, DOWNLOADS_DIR, 'install.lock'));
      try {
        const result = await this.run(request);
        this.update({ state: 'done', version: result.version, finished_at: new Date().toISOString() }, request);
        return result;
      } finally {
        await unlock();
      }
    } catch (e) {
      const error = errorMessage(e);
      this.update({ state: 'failed', error, finished_at: new Date().toISOString() }, request);
      log.error('database install failed; the database being served is unchanged', { source: request.source, error });
      throw e instanceof AppError ? e : new AppError('DATABASE_INVALID', `Installing the database failed: ${error}`);
    }
  }

  private async run(request: InstallRequest): Promise<InstallResult> {
    const { databasePath, log } = this.options;
    const source = request.source.trim();
    let release: LatestRelease | undefined;
    let packageUrl: string | undefined;
    let localFile: string | undefined;

    if (source === 'latest' || source === '') {
      if (!this.options.updateUrl) throw new AppError('BAD_USER_INPUT', 'No DATABASE_UPDATE_URL is set: name a package URL or file to install.');
      release = await fetchLatest(this.options.updateUrl, { fetch: this.options.fetch });
    } else if (/^https?:\/\//i.test(source)) {
      if (new URL(source).pathname.endsWith('.json')) release = await fetchLatest(source, { fetch: this.options.fetch });
      else packageUrl = source;
    } else {
      localFile = source.startsWith('file:') ? fileURLToPath(source) : resolve(source);
      if (!existsSync(localFile)) throw new AppError('BAD_USER_INPUT', `${localFile} does not exist.`);
    }
    if (release) {
      const blocked = incompatibility(release);
      if (blocked) throw new AppError('DATABASE_INVALID', `Cannot install: ${blocked}.`);
      packageUrl = release.url;
    }

    const name = basename(localFile ?? new URL(packageUrl!).pathname);
    const expectedVersion = release?.version ?? PACKAGE_NAME.exec(name)?.[1];
    if (expectedVersion) releaseDir(databasePath, expectedVersion); // validates the name
    const previous = await currentVersion(databasePath);
    this.update({ version: expectedVersion }, request);
    if (expectedVersion && expectedVersion === previous && !request.force && existsSync(join(releaseDir(databasePath, expectedVersion), MANIFEST_FILE))) {
      log.info('database already installed', { version: expectedVersion });
      return { version: expectedVersion, previous, dir: releaseDir(databasePath, expectedVersion), already: true, database: this.options.holder?.current };
    }

    // 1. The package, verified against its published sha256.
    let packageFile: string;
    let downloaded = false;
    if (packageUrl) {
      const sha256 = request.sha256?.toLowerCase() ?? release?.sha256 ?? (await this.publishedChecksum(packageUrl));
      const safeName = /^[\w.+-]+$/.test(name) ? name : 'package.tar.gz';
      await checkSpace(databasePath, release?.size);
      let lastLogged = -1;
      log.info('downloading database package', { url: packageUrl, version: expectedVersion, size: release?.size });
      const result = await download(packageUrl, join(databasePath, DOWNLOADS_DIR, safeName), {
        sha256,
        size: release?.size,
        what: 'database package',
        mismatchCode: 'DATABASE_INVALID',
        attempts: this.options.attempts,
        retryDelayMs: this.options.retryDelayMs,
        fetch: this.options.fetch,
        onProgress: (p) => {
          this.update({ received_bytes: p.received, total_bytes: p.total }, request);
          const tenth = p.total ? Math.floor((p.received / p.total) * 10) : -1;
          if (tenth > lastLogged) {
            lastLogged = tenth;
            log.info('database download', { received: p.received, total: p.total, percent: tenth * 10, resumed_from: p.resumedFrom || undefined });
          }
        },
      });
      packageFile = result.path;
      downloaded = true;
      this.update({ received_bytes: result.size, total_bytes: result.size }, request);
    } else {
      packageFile = localFile!;
      this.update({ state: 'verifying' }, request);
      const sidecarSum = `${packageFile}.sha256`;
      const expected = request.sha256?.toLowerCase() ?? (existsSync(sidecarSum) ? parseChecksumFile(await readFile(sidecarSum, 'utf8'), sidecarSum) : undefined);
      const actual = await sha256File(packageFile);
      if (expected && actual !== expected) {
        throw new AppError('DATABASE_INVALID', `${packageFile} has sha256 ${actual}, but ${expected} was published: the package is damaged or was tampered with. Nothing was installed.`);
      }
      if (!expected) log.warn('no .sha256 beside the package: relying on the checksums inside its manifest', { file: packageFile });
      const { size } = await stat(packageFile);
      this.update({ received_bytes: size, total_bytes: size }, request);
    }

    // 2. Unpack beside the current release and verify every file and model pin.
    this.update({ state: 'unpacking' }, request);
    const releases = join(databasePath, RELEASES_DIR);
    await mkdir(releases, { recursive: true });
    const staging = join(releases, `${expectedVersion ?? `incoming-${process.pid}-${Date.now()}`}.partial`);
    await rm(staging, { recursive: true, force: true });
    try {
      const files = await extractTarGz(packageFile, staging);
      this.update({ state: 'verifying' }, request);
      const root = await packageRoot(staging);
      await verifyChecksumFiles(staging, files.map((f) => f.name));
      const manifest = await readManifest(root);
      if (expectedVersion && manifest.version !== expectedVersion) {
        throw new AppError('DATABASE_INVALID', `The package's manifest says version ${manifest.version}, but ${expectedVersion} was expected: the package is mislabelled. Nothing was installed.`);
      }
      const finalDir = releaseDir(databasePath, manifest.version);
      await verifyPackage(root, manifest, this.options.models, this.options.vision);

      // 3. Move into place and switch.
      this.update({ state: 'switching', version: manifest.version }, request);
      let aside: string | undefined;
      if (existsSync(finalDir)) {
        aside = `${finalDir}.old-${Date.now()}`;
        await rename(finalDir, aside);
      }
      await rename(root, finalDir);
      if (root !== staging) await rm(staging, { recursive: true, force: true });
      await setCurrentVersion(databasePath, manifest.version);
      log.info('database installed', { version: manifest.version, previous, dir: finalDir });

      let database: FaceDatabase | undefined;
      if (this.options.holder) {
        try {
          database = await this.options.holder.reload();
        } catch (e) {
          if (previous && previous !== manifest.version) await setCurrentVersion(databasePath, previous);
          else await rm(join(databasePath, CURRENT_FILE), { force: true });
          if (aside) {
            await rm(finalDir, { recursive: true, force: true });
            await rename(aside, finalDir);
          }
          throw new AppError(
            'DATABASE_INVALID',
            `Database ${manifest.version} was unpacked and verified but could not be loaded (${errorMessage(e)}); ${previous ? `current.json points at ${previous} again, which keeps serving` : 'it was not made current'}.`,
          );
        }
      }
      if (aside) await rm(aside, { recursive: true, force: true });
      if (downloaded) await rm(packageFile, { force: true });
      await pruneReleases(databasePath, [manifest.version, previous].filter((v): v is string => !!v), log);
      return { version: manifest.version, previous, dir: finalDir, already: false, database };
    } catch (e) {
      await rm(staging, { recursive: true, force: true });
      // A package that downloaded fine but does not verify is useless: do not let the next try reuse it.
      if (downloaded && e instanceof AppError && e.code === 'DATABASE_INVALID') await rm(packageFile, { force: true });
      throw e;
    }
  }

  /** The `<package>.sha256` published beside a package URL (the builder writes it). */
  private async publishedChecksum(packageUrl: string): Promise<string> {
    const url = `${packageUrl}.sha256`;
    let response: Response;
    try {
      response = await (this.options.fetch ?? fetch)(url, { signal: AbortSignal.timeout(20_000) });
    } catch (e) {
      throw new AppError('FETCH_FAILED', `Could not fetch the package checksum ${url}: ${errorMessage((e as { cause?: unknown }).cause ?? e)}.`);
    }
    if (!response.ok) {
      await response.body?.cancel();
      throw new AppError(
        'DATABASE_INVALID',
        `No checksum is published for ${packageUrl} (${url} answered HTTP ${response.status}): install from the release's latest.json, or pass the package's sha256 (--sha256).`,
      );
    }
    return parseChecksumFile(await response.text(), url);
  }
}

/** `<hex>  <name>` (sha256sum's format) or a bare hex digest. */
export function parseChecksumFile(text: string, where: string): string {
  const m = /^\s*([0-9a-fA-F]{64})\b/.exec(text);
  if (!m) throw new AppError('DATABASE_INVALID', `${where} does not hold a sha256 checksum.`);
  return m[1].toLowerCase();
}

/** Files at the archive root (CONTRACTS.md); a package wrapped in one folder is accepted too. */
async function packageRoot(staging: string): Promise<string> {
  if (existsSync(join(staging, MANIFEST_FILE))) return staging;
  const entries = await readdir(staging, { withFileTypes: true });
  if (entries.length === 1 && entries[0].isDirectory() && existsSync(join(staging, entries[0].name, MANIFEST_FILE))) {
    return join(staging, entries[0].name);
  }
  throw new AppError('DATABASE_INVALID', `The package holds no ${MANIFEST_FILE}: it is not a stash-face database package.`);
}

/** `<file>.sha256` entries inside the package, when present, must match their files (names relative to `staging`). */
async function verifyChecksumFiles(staging: string, names: readonly string[]): Promise<void> {
  const present = new Set(names);
  for (const name of names) {
    if (!name.endsWith('.sha256')) continue;
    const target = name.slice(0, -'.sha256'.length);
    if (!present.has(target)) continue;
    const expected = parseChecksumFile(await readFile(join(staging, name), 'utf8'), name);
    const actual = await sha256File(join(staging, target));
    if (actual !== expected) throw new AppError('DATABASE_INVALID', `The package is damaged: ${target} has sha256 ${actual.slice(0, 12)}…, its .sha256 says ${expected.slice(0, 12)}….`);
  }
}

/** Keeps the current and previous releases; removes older ones and leftovers of interrupted installs. */
async function pruneReleases(databasePath: string, keep: readonly string[], log: Logger): Promise<void> {
  const dir = join(databasePath, RELEASES_DIR);
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (!entry.isDirectory() || keep.includes(entry.name)) continue;
    await rm(join(dir, entry.name), { recursive: true, force: true });
    log.info('removed an old database release', { release: entry.name });
  }
}

export async function ensureWritable(databasePath: string): Promise<void> {
  try {
    await mkdir(join(databasePath, DOWNLOADS_DIR), { recursive: true });
    await access(databasePath, constants.W_OK);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') {
      const uid = process.getuid?.();
      throw new AppError(
        'CONFIG_INVALID',
        `DATABASE_PATH ${databasePath} is not writable by this process${uid !== undefined ? ` (uid ${uid})` : ''}: give that user the folder (e.g. \`chown -R 1000:1000 <host folder>\` for the container) or mount it read-write.`,
      );
    }
    throw e;
  }
}

async function checkSpace(databasePath: string, packageSize?: number): Promise<void> {
  if (!packageSize) return;
  try {
    const fs = await statfs(databasePath);
    const free = Number(fs.bavail) * Number(fs.bsize);
    // The package, its unpacked copy (indexes barely compress) and some slack.
    const need = Math.ceil(packageSize * 2.5);
    if (free < need) {
      throw new AppError('BAD_USER_INPUT', `Not enough disk space in ${databasePath}: the ${packageSize}-byte package needs about ${need} bytes free, ${free} are.`);
    }
  } catch (e) {
    if (e instanceof AppError) throw e;
  }
}

/** An exclusive lock file holding our pid; a lock left by a process that is gone is taken over. */
async function lockFile(path: string): Promise<() => Promise<void>> {
  for (let tries = 0; tries < 2; tries++) {
    try {
      const handle = await open(path, 'wx');
      await handle.write(String(process.pid));
      await handle.close();
      return () => unlink(path).catch(() => undefined);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const pid = Number(await readFile(path, 'utf8').catch(() => ''));
      if (pid && pid !== process.pid && isAlive(pid)) {
        throw new AppError('BAD_USER_INPUT', `Another database install is running (pid ${pid}): wait for it to finish.`);
      }
      await unlink(path).catch(() => undefined);
    }
  }
  throw new AppError('INTERNAL', `Could not take the install lock ${path}.`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
