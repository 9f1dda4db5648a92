import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { readdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { sha256File } from '../src/database/checksum.js';
import {
  FORMAT_VERSION,
  MANIFEST_FILE,
  packageBaseName,
  type Calibration,
  type Manifest,
  type PerformerRecord,
  type ReleaseMetadata,
  type SourceRecord,
} from '../src/database/format.js';
import { contentDigest, writeDatabase, type DatabaseContent } from '../src/database/writer.js';
import { writeFileAtomic } from './journal.js';
import { writeTarGz } from './tar.js';

/**
 * Release files, next to each other in the output folder (CONTRACTS.md):
 *   stash-face-db-<version>/            the unpacked package (what the sidecar loads)
 *   stash-face-db-<version>.tar.gz      the same files at the archive root
 *   stash-face-db-<version>.tar.gz.sha256
 *   latest.json                          {version, created_at, url, sha256, size, format_version, min_sidecar_version}
 *   stash-face-db-<version>.summary.json the build's figures, content digest and changes since the last version
 */
export const packageName = packageBaseName;

export interface PackageResult {
  dir: string;
  tarball: string;
  sha256: string;
  size: number;
  digest: string;
  manifest: Manifest;
  latest: ReleaseMetadata;
}

export function loadCalibration(path?: string): Calibration {
  const file = path ?? new URL('../src/recognition/default-calibration.json', import.meta.url);
  return JSON.parse(readFileSync(file, 'utf8')) as Calibration;
}

/**
 * Writes the package folder (via `<name>.partial`, renamed when complete), the tar.gz, its .sha256, and last
 * latest.json (readers never see a latest.json that points at a missing or half-written archive).
 */
export async function writeRelease(
  outDir: string,
  content: DatabaseContent,
  minSidecarVersion: string,
): Promise<PackageResult> {
  const name = packageName(content.version);
  const dir = join(outDir, name);
  const partial = `${dir}.partial`;
  await rm(partial, { recursive: true, force: true });
  await rm(dir, { recursive: true, force: true });
  const created_at = content.created_at ?? new Date().toISOString();
  const manifest = await writeDatabase(partial, { ...content, created_at });
  await rename(partial, dir);

  const files = (await readdir(dir)).filter((f) => !f.endsWith('.tmp')).sort((a, b) => (a === MANIFEST_FILE ? -1 : b === MANIFEST_FILE ? 1 : a.localeCompare(b)));
  const tarball = join(outDir, `${name}.tar.gz`);
  await writeTarGz(`${tarball}.partial`, files.map((f) => join(dir, f)), new Date(created_at));
  await rename(`${tarball}.partial`, tarball);
  const sha256 = await sha256File(tarball);
  const { size } = await stat(tarball);
  writeFileAtomic(`${tarball}.sha256`, `${sha256}  ${name}.tar.gz\n`);
  const latest: ReleaseMetadata = {
    version: content.version,
    created_at,
    url: `${name}.tar.gz`,
    sha256,
    size,
    format_version: FORMAT_VERSION,
    min_sidecar_version: minSidecarVersion,
  };
  writeFileAtomic(join(outDir, 'latest.json'), JSON.stringify(latest, null, 2) + '\n');
  return { dir, tarball, sha256, size, digest: contentDigest(content), manifest, latest };
}

export interface PackageChanges {
  previous_version?: string;
  added: string[];
  removed: string[];
  /** Performers whose record or faces differ. */
  changed: string[];
  faces_added: number;
  faces_removed: number;
}

/** What differs between two unpacked packages: performers added, removed, changed (record or face list). */
export function diffPackages(previousDir: string | undefined, currentDir: string): PackageChanges {
  const read = (dir: string) => ({
    performers: JSON.parse(readFileSync(join(dir, 'performers.json'), 'utf8')) as PerformerRecord[],
    faces: JSON.parse(readFileSync(join(dir, 'faces.json'), 'utf8')) as Array<{ performer_id: string; image_id: string }>,
    version: (JSON.parse(readFileSync(join(dir, MANIFEST_FILE), 'utf8')) as Manifest).version,
  });
  const cur = read(currentDir);
  if (!previousDir || !existsSync(join(previousDir, MANIFEST_FILE))) {
    return { added: cur.performers.map((p) => p.id), removed: [], changed: [], faces_added: cur.faces.length, faces_removed: 0 };
  }
  const prev = read(previousDir);
  const facesOf = (faces: typeof cur.faces) => {
    const m = new Map<string, string[]>();
    for (const f of faces) (m.get(f.performer_id) ?? m.set(f.performer_id, []).get(f.performer_id)!).push(f.image_id);
    return m;
  };
  const prevFaces = facesOf(prev.faces), curFaces = facesOf(cur.faces);
  const prevById = new Map(prev.performers.map((p) => [p.id, p]));
  const curIds = new Set(cur.performers.map((p) => p.id));
  const faceKeys = (faces: typeof cur.faces) => new Set(faces.map((f) => `${f.performer_id}\0${f.image_id}`));
  const prevKeys = faceKeys(prev.faces), curKeys = faceKeys(cur.faces);
  return {
    previous_version: prev.version,
    added: cur.performers.filter((p) => !prevById.has(p.id)).map((p) => p.id),
    removed: prev.performers.filter((p) => !curIds.has(p.id)).map((p) => p.id),
    changed: cur.performers
      .filter((p) => prevById.has(p.id))
      .filter(
        (p) =>
          JSON.stringify(p) !== JSON.stringify(prevById.get(p.id)) ||
          JSON.stringify(curFaces.get(p.id)) !== JSON.stringify(prevFaces.get(p.id)),
      )
      .map((p) => p.id),
    faces_added: [...curKeys].filter((k) => !prevKeys.has(k)).length,
    faces_removed: [...prevKeys].filter((k) => !curKeys.has(k)).length,
  };
}

/** A stable short hash, for logs. */
export function shortHash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 12);
}

export function sourcesOf(performers: readonly PerformerRecord[]): SourceRecord[] {
  const by = new Map<string, SourceRecord>();
  for (const p of performers) {
    const host = new URL(p.endpoint).host;
    const s = by.get(p.endpoint) ?? { endpoint: p.endpoint, host, performers: 0 };
    s.performers++;
    by.set(p.endpoint, s);
  }
  return [...by.values()].sort((a, b) => a.endpoint.localeCompare(b.endpoint));
}
