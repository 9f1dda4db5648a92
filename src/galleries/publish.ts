import { existsSync } from 'node:fs';
import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { loadCalibration } from '../../builder/package.js';
import type { PerformerRecord, SourceRecord } from '../database/format.js';
import { currentVersion, RELEASES_DIR, releaseDir, setCurrentVersion } from '../database/store.js';
import { profilePins, writeDatabase, type FaceEntry, type TemplateEntry } from '../database/writer.js';
import { endpointHost } from '../stash/client.js';
import type { VisionProfile } from '../vision/profile.js';
import type { GalleryEntry } from './entries.js';
import { learnedTier } from './learned.js';

/** Reference faces of an entry: its photo faces and the learned faces its templates use. */
const faceCount = (e: GalleryEntry) => e.faces.length + e.learned.filter((f) => f.used).length;

/**
 * Writes the local gallery as a package in the shared database's format (manifest, checksums, model pins,
 * templates per size tier) under `<root>/releases/<version>/` and points `<root>/current.json` at it, exactly the
 * layout DATABASE_PATH has: the same loader verifies and loads it. Keeps the previous release, removes older ones.
 */
export async function publishGallery(root: string, profile: VisionProfile, entries: readonly GalleryEntry[], sequence: number): Promise<{ version: string; performers: number; faces: number; duplicates: string[] }> {
  // Two Stash performers linked to the same stash-box performer are one gallery performer: keep the better one.
  const byId = new Map<string, GalleryEntry>();
  const duplicates: string[] = [];
  for (const e of entries) {
    if (e.templates.length === 0) continue;
    const other = byId.get(e.record.id);
    if (other) duplicates.push(e.record.id);
    if (!other || faceCount(e) > faceCount(other)) byId.set(e.record.id, e);
  }
  const chosen = [...byId.values()];
  const performers: PerformerRecord[] = chosen.map((e) => ({ ...e.record, face_count: faceCount(e) }));
  // Learned faces the templates use count as reference faces; only full-size ones go in the face index (it is one
  // full-size index: a sprite person's embedding there would be compared with sharp faces).
  const faces: FaceEntry[] = chosen.flatMap((e) => [
    ...e.faces.map((f) => ({ performer_id: e.record.id, image_id: f.image_id, embeddings: f.embeddings })),
    ...e.learned.filter((f) => f.used && learnedTier(f) === 'full').map((f) => ({ performer_id: e.record.id, image_id: f.person, embeddings: f.embeddings })),
  ]);
  const templates: TemplateEntry[] = chosen.flatMap((e) => e.templates.map((t) => ({ performer_id: e.record.id, ...t })));
  const version = `local-${new Date().toISOString().replace(/[-:]/g, '').replace(/\..*/, '')}-${sequence}`;
  await writeDatabase(releaseDir(root, version), {
    version,
    sources: sourcesOf(performers),
    ...profilePins(profile),
    performers,
    faces,
    templates,
    calibration: loadCalibration(),
  });
  const previous = await currentVersion(root);
  await setCurrentVersion(root, version);
  await pruneReleases(root, [version, previous]);
  return { version, performers: performers.length, faces: faces.length, duplicates };
}

function sourcesOf(performers: readonly PerformerRecord[]): SourceRecord[] {
  const by = new Map<string, SourceRecord>();
  for (const p of performers) {
    const s = by.get(p.endpoint) ?? { endpoint: p.endpoint, host: p.endpoint ? endpointHost(p.endpoint) : 'local', performers: 0 };
    s.performers++;
    by.set(p.endpoint, s);
  }
  return [...by.values()].sort((a, b) => a.endpoint.localeCompare(b.endpoint));
}

async function pruneReleases(root: string, keep: Array<string | undefined>): Promise<void> {
  const dir = join(root, RELEASES_DIR);
  if (!existsSync(dir)) return;
  for (const name of await readdir(dir)) {
    if (!keep.includes(name)) await rm(join(dir, name), { recursive: true, force: true });
  }
}
