import { existsSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { AppError } from '../errors.js';
import { writeFileAtomic } from '../util/atomic-write.js';
import { MANIFEST_FILE } from './format.js';

/**
 * The layout under DATABASE_PATH (CONTRACTS.md):
 *   releases/<version>/   one unpacked package each
 *   current.json          {"version"} naming the release in use, replaced atomically
 *   downloads/            resumable package downloads
 * A package unpacked straight into DATABASE_PATH (manifest.json at its root) is served too, for users who untar
 * a release by hand.
 */
export const CURRENT_FILE = 'current.json';
export const RELEASES_DIR = 'releases';
export const DOWNLOADS_DIR = 'downloads';

export function releaseDir(databasePath: string, version: string): string {
  if (!/^[\w.+-]+$/.test(version)) throw new AppError('DATABASE_INVALID', `"${version}" is not a valid database version name.`);
  return join(databasePath, RELEASES_DIR, version);
}

/** The folder of the database to serve, or why there is none. */
export async function activeDatabaseDir(databasePath: string): Promise<{ dir: string } | { missing: string }> {
  const current = join(databasePath, CURRENT_FILE);
  if (existsSync(current)) {
    let version: string;
    try {
      version = (JSON.parse(await readFile(current, 'utf8')) as { version: string }).version;
    } catch {
      return { missing: `${current} is not valid JSON` };
    }
    const dir = releaseDir(databasePath, version);
    if (!existsSync(join(dir, MANIFEST_FILE))) return { missing: `${CURRENT_FILE} names version ${version}, but ${dir} holds no database` };
    return { dir };
  }
  if (existsSync(join(databasePath, MANIFEST_FILE))) return { dir: databasePath };
  return {
    missing: `no face database in ${databasePath} yet: install one with \`stash-face install-database <url|file>\` or build one with \`npm run build-db\``,
  };
}

/** Points current.json at a release already unpacked and verified under releases/. */
export async function setCurrentVersion(databasePath: string, version: string): Promise<void> {
  await mkdir(databasePath, { recursive: true });
  await writeFileAtomic(join(databasePath, CURRENT_FILE), JSON.stringify({ version }) + '\n');
}

export async function currentVersion(databasePath: string): Promise<string | undefined> {
  const current = join(databasePath, CURRENT_FILE);
  if (!existsSync(current)) return undefined;
  try {
    return (JSON.parse(await readFile(current, 'utf8')) as { version: string }).version;
  } catch {
    return undefined;
  }
}
