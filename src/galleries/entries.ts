import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../util/atomic-write.js';
import type { PerformerRecord } from '../database/format.js';
import { decodeEmbeddings, encodeEmbeddings } from '../../builder/analysis.js';
import type { Template } from '../enrolment/index.js';
import { decodeFace, encodeFace, type StoredFace, type StoredFaceJson } from './enrol.js';
import type { LearnedFace } from './learned.js';

/**
 * One enrolled Stash performer, as the sync keeps it between runs (one JSON file each under `performers/`): the
 * chosen faces with their degraded copies, the templates, and what the next sync compares against. A cache of
 * what Stash says, rebuilt from Stash when lost; the package built from these entries is what identify searches.
 */
export interface GalleryEntry {
  /** The performer's id in the user's Stash. */
  stash_id: string;
  updated_at: string;
  /** enrolmentFingerprint: models and rules it was enrolled with. */
  fingerprint: string;
  record: PerformerRecord;
  faces: StoredFace[];
  templates: Template[];
  /** Faces of performers merged into this one (Stash deleted them), competing with its own at each enrolment. */
  inherited: StoredFace[];
  /** Kept persons the user confirmed as this performer (src/galleries/learned.ts): kept through re-enrolment. */
  learned: LearnedFace[];
  /** Stash image ids it was enrolled from (a deleted performer whose images now belong to another was merged). */
  image_ids: string[];
  rejected: Record<string, number>;
  /** Images that could not be fetched: enrolled again next sync. */
  failed: string[];
}

type EntryJson = Omit<GalleryEntry, 'faces' | 'inherited' | 'learned' | 'templates'> & {
  faces: StoredFaceJson[];
  inherited: StoredFaceJson[];
  /** Absent in entries written before learned faces existed. */
  learned?: Array<Omit<LearnedFace, 'embeddings'> & { embeddings: Record<string, string> }>;
  templates: Array<{ size_tier: Template['size_tier']; embeddings: Record<string, string> }>;
};

export class GalleryEntries {
  private readonly dir: string;
  private readonly entries = new Map<string, GalleryEntry>();

  constructor(root: string) {
    this.dir = join(root, 'performers');
    mkdirSync(this.dir, { recursive: true });
  }

  /** Reads every entry written by earlier runs (unreadable ones are dropped: the next sync enrols them again). */
  load(): number {
    for (const file of readdirSync(this.dir).filter((f) => f.endsWith('.json'))) {
      try {
        const entry = decodeEntry(JSON.parse(readFileSync(join(this.dir, file), 'utf8')) as EntryJson);
        this.entries.set(entry.stash_id, entry);
      } catch {
        rmSync(join(this.dir, file), { force: true });
      }
    }
    return this.entries.size;
  }

  get(stashId: string): GalleryEntry | undefined {
    return this.entries.get(stashId);
  }

  all(): GalleryEntry[] {
    return [...this.entries.values()];
  }

  put(entry: GalleryEntry): void {
    writeFileAtomic(this.path(entry.stash_id), JSON.stringify(encodeEntry(entry)));
    this.entries.set(entry.stash_id, entry);
  }

  delete(stashId: string): void {
    rmSync(this.path(stashId), { force: true });
    this.entries.delete(stashId);
  }

  private path(stashId: string): string {
    if (!/^[\w-]+$/.test(stashId)) throw new Error(`unexpected Stash performer id "${stashId}"`);
    return join(this.dir, `${stashId}.json`);
  }

  exists(stashId: string): boolean {
    return existsSync(this.path(stashId));
  }
}

function encodeEntry(e: GalleryEntry): EntryJson {
  return {
    ...e,
    faces: e.faces.map(encodeFace),
    inherited: e.inherited.map(encodeFace),
    learned: e.learned.map((f) => ({ ...f, embeddings: encodeEmbeddings(f.embeddings) })),
    templates: e.templates.map((t) => ({ size_tier: t.size_tier, embeddings: encodeEmbeddings(t.embeddings) })),
  };
}

function decodeEntry(e: EntryJson): GalleryEntry {
  return {
    ...e,
    faces: e.faces.map(decodeFace),
    inherited: e.inherited.map(decodeFace),
    learned: (e.learned ?? []).map((f) => ({ ...f, embeddings: decodeEmbeddings(f.embeddings) })),
    templates: e.templates.map((t) => ({ size_tier: t.size_tier, embeddings: decodeEmbeddings(t.embeddings) })),
  };
}
