import type { SizeTier } from '../database/format.js';
import { tierForWidth } from '../database/loader.js';
import { errorMessage } from '../errors.js';
import type { ItemKind, KeptPerson } from '../library/types.js';
import type { Logger } from '../log.js';
import { cosine, meanEmbedding, type Embeddings } from '../vision/vectors.js';
import { GALLERY_FACE_RULES, templatesOf, type StoredFace } from './enrol.js';
import type { GalleryEntry } from './entries.js';

/**
 * Learned faces: kept persons (src/library) the user confirmed as a performer, by accepting a review-queue
 * suggestion or by naming a face group, become reference faces of that performer's local gallery entry. Their
 * embeddings are kept, so no photo is fetched and no model is run: only templates are recomputed and the gallery
 * republished, once per batch of confirmations.
 */
export interface LearnedFace {
  /** The kept person it came from: `scene:12:p3`. */
  person: string;
  /** What confirmed it: `suggestion:<id>` (an accept) or `group:<id>` (a named face group). Gone when none is left. */
  sources: string[];
  /** Per-model mean embedding of the person's faces. */
  embeddings: Embeddings;
  /** Face width the person was searched at (median of its faces): decides the template tier it joins. */
  size: number;
  /** Faces averaged into the embedding. */
  faces: number;
  detection_score: number;
  learned_at: string;
  /** Whether the entry's templates use it now (within the per-performer cap); the rest wait for room. */
  used: boolean;
}

/** Learned faces kept per performer at most (the best): beyond the cap, a reserve for when used ones are undone. */
const STORED_PER_PERFORMER = 5 * GALLERY_FACE_RULES.max_faces_per_performer;
/** A face this wide looks like a photo face (RECOGNITION.md: sprite faces are ~20 px, full frames 60+). */
const GOOD_WIDTH = 112;

/**
 * The template tier a learned person belongs to: the tier the matcher searches for a face of its size (the same
 * rule as FaceDatabase.tierFor over the gallery's tiers).
 */
export function learnedTier(face: Pick<LearnedFace, 'size'>, tiers: readonly number[] = GALLERY_FACE_RULES.template_tiers): SizeTier {
  return tierForWidth(['full', ...tiers], face.size);
}

/**
 * Best first: full-size persons before sprite-sized ones, then by quality (detector score, width up to a photo's)
 * weighted by evidence (a mean of many frames is steadier than one frame). Ties: the earlier learned.
 */
export function learnedRank(face: LearnedFace, tiers: readonly number[] = GALLERY_FACE_RULES.template_tiers): number {
  const full = learnedTier(face, tiers) === 'full' ? 10 : 0;
  const quality = face.detection_score * Math.min(1, face.size / GOOD_WIDTH);
  const evidence = Math.min(face.faces, 8) / 8;
  return full + quality * (0.5 + 0.5 * evidence);
}

/**
 * Marks which learned faces an entry's templates use, by the builder's selection rules: the photo faces come first
 * (the user's own reference photos), learned ones fill the rest of the per-performer cap, best first; one that
 * disagrees with the photo faces at its own tier (below the consistency threshold: likely another person of the
 * scene) or nearly duplicates a better face is held back. Faces lacking one of the models are held back too (they
 * were kept under other embedders).
 */
export function chooseLearned(photo: readonly StoredFace[], learned: readonly LearnedFace[], models: readonly string[], rules = GALLERY_FACE_RULES): LearnedFace[] {
  const primary = models[0];
  const tiers = rules.template_tiers;
  const reference = (tier: SizeTier): Float32Array | undefined => {
    if (photo.length === 0) return undefined;
    return meanEmbedding(photo.map((f) => (tier === 'full' ? f.embeddings[primary] : (f.degraded[tier]?.[primary] ?? f.embeddings[primary]))));
  };
  const refs = new Map<SizeTier, Float32Array | undefined>();
  const room = Math.max(0, rules.max_faces_per_performer - photo.length);
  const chosen: LearnedFace[] = [];
  const ordered = learned.map((f, order) => ({ f, order, rank: learnedRank(f, tiers) })).sort((a, b) => b.rank - a.rank || a.order - b.order);
  for (const { f } of ordered) {
    if (chosen.length >= room) break;
    if (!models.every((m) => f.embeddings[m]?.length)) continue;
    const tier = learnedTier(f, tiers);
    if (!refs.has(tier)) refs.set(tier, reference(tier));
    const ref = refs.get(tier);
    if (ref && cosine(ref, f.embeddings[primary]) < rules.consistency_threshold) continue;
    const others = [...photo.map((p) => p.embeddings[primary]), ...chosen.map((c) => c.embeddings[primary])];
    if (others.some((o) => o.length === f.embeddings[primary].length && cosine(o, f.embeddings[primary]) >= rules.duplicate_threshold)) continue;
    chosen.push(f);
  }
  return chosen;
}

/** An entry with its learned faces marked and its templates recomputed (after enrolment or a learned change). */
export function withLearned(entry: GalleryEntry, models: readonly string[]): GalleryEntry {
  const chosen = new Set(chooseLearned(entry.faces, entry.learned, models));
  const learned = entry.learned.map((f) => ({ ...f, used: chosen.has(f) }));
  const tiered = [...chosen].map((f) => ({ embeddings: f.embeddings, tier: learnedTier(f) }));
  return { ...entry, learned, templates: templatesOf(entry.faces, GALLERY_FACE_RULES.template_tiers, tiered, models) };
}

/** What learning needs of the local gallery (LocalGallerySync). */
export interface LearnedGallery {
  entry(stashId: string): GalleryEntry | undefined;
  allEntries(): GalleryEntry[];
  /** Enrols a performer the gallery has no entry for yet (e.g. just created, without a profile image). */
  enrolById(stashId: string): Promise<GalleryEntry | undefined>;
  /** Replaces an entry's learned faces: templates recomputed, saved, published with the next publish. */
  setLearned(stashId: string, learned: LearnedFace[]): void;
  /** Publishes the gallery if anything changed since the last publish. */
  publishChanges(): Promise<void>;
}

/** A kept person, by its keys. */
export interface PersonRef {
  kind: ItemKind;
  item_id: string;
  person_id: string;
}

export interface FaceLearningDeps {
  gallery: LearnedGallery;
  /** A kept person with its embeddings (the library store), read when the confirmation arrives. */
  person(ref: PersonRef): KeptPerson | undefined;
  log: Logger;
  /** Confirmations within this window are applied and published together (default 2000 ms). */
  batchMs?: number;
}

type Change = { add: true; stashId: string; source: string; faces: LearnedFace[] } | { add: false; source: string };

/**
 * Turns confirmations into learned faces. Changes are queued and applied together after `batchMs` (or `flush`):
 * accepting 200 suggestions, in one call or in 200 quick ones, recomputes each performer's templates once and
 * republishes the gallery once. Undoing an accept removes what it added; a person confirmed twice (a named group's
 * suggestion accepted) stays until both are withdrawn.
 */
export class FaceLearning {
  private queue: Change[] = [];
  private timer?: NodeJS.Timeout;
  private applying: Promise<void> = Promise.resolve();

  constructor(private readonly deps: FaceLearningDeps) {}

  /** Suggestions accepted: the performer (`stashId`, the user's Stash performer) is now on those scenes. */
  accepted(confirmations: ReadonlyArray<{ suggestion_id: string; stash_performer_id: string; person: PersonRef }>): void {
    for (const c of confirmations) this.add(c.stash_performer_id, `suggestion:${c.suggestion_id}`, [c.person]);
  }

  /** Accepts undone: what they added goes. */
  undone(suggestionIds: readonly string[]): void {
    for (const id of suggestionIds) this.enqueue({ add: false, source: `suggestion:${id}` });
  }

  /** A face group named after a Stash performer: its persons become that performer's (a renamed group's move). */
  groupNamed(groupId: number | string, stashPerformerId: string, persons: readonly PersonRef[]): void {
    const source = `group:${groupId}`;
    this.enqueue({ add: false, source });
    this.add(stashPerformerId, source, persons);
  }

  /** Applies and publishes what is queued now (and waits for a batch already being applied). */
  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const changes = this.queue;
    this.queue = [];
    this.applying = this.applying.then(() => (changes.length ? this.apply(changes) : undefined)).catch((e) => this.deps.log.warn('learned faces not applied', { error: errorMessage(e) }));
    return this.applying;
  }

  /** Stops the batch timer (what is queued is applied now). */
  close(): Promise<void> {
    return this.flush();
  }

  private add(stashId: string, source: string, persons: readonly PersonRef[]): void {
    const at = new Date().toISOString();
    const faces: LearnedFace[] = [];
    for (const ref of persons) {
      const p = this.deps.person(ref);
      // Never a low-evidence person (one blurry frame): it would teach the gallery noise.
      if (!p || p.low_evidence || Object.keys(p.embeddings).length === 0) continue;
      faces.push({ person: `${ref.kind}:${ref.item_id}:${ref.person_id}`, sources: [source], embeddings: p.embeddings, size: p.search_size, faces: p.faces, detection_score: p.detection_score, learned_at: at, used: false });
    }
    this.enqueue({ add: true, stashId, source, faces });
  }

  private enqueue(change: Change): void {
    this.queue.push(change);
    this.timer ??= setTimeout(() => void this.flush(), this.deps.batchMs ?? 2000).unref();
  }

  private async apply(changes: Change[]): Promise<void> {
    const { gallery, log } = this.deps;
    const touched = new Map<string, LearnedFace[]>();
    const current = (stashId: string) => touched.get(stashId) ?? gallery.entry(stashId)?.learned.map((f) => ({ ...f, sources: [...f.sources] })) ?? [];
    for (const change of changes) {
      if (!change.add) {
        for (const e of gallery.allEntries()) {
          const learned = current(e.stash_id);
          if (!learned.some((f) => f.sources.includes(change.source))) continue;
          touched.set(e.stash_id, learned.map((f) => ({ ...f, sources: f.sources.filter((s) => s !== change.source) })).filter((f) => f.sources.length > 0));
        }
        continue;
      }
      if (!gallery.entry(change.stashId)) {
        const made = await gallery.enrolById(change.stashId).catch((e) => log.warn('learned faces: performer not enrolled', { performer: change.stashId, error: errorMessage(e) }));
        if (!made) {
          log.warn('learned faces: Stash has no such performer; nothing learned', { performer: change.stashId });
          continue;
        }
      }
      const learned = current(change.stashId);
      for (const face of change.faces) {
        const same = learned.find((f) => f.person === face.person);
        if (same) same.sources = [...new Set([...same.sources, change.source])];
        else learned.push(face);
      }
      touched.set(change.stashId, learned);
    }
    for (const [stashId, learned] of touched) {
      if (!gallery.entry(stashId)) continue; // deleted in Stash meanwhile
      const kept = learned.length > STORED_PER_PERFORMER ? [...learned].sort((a, b) => learnedRank(b) - learnedRank(a)).slice(0, STORED_PER_PERFORMER) : learned;
      gallery.setLearned(stashId, kept);
    }
    if (touched.size === 0) return;
    await gallery.publishChanges();
    log.info('learned faces applied', { performers: touched.size, changes: changes.length });
  }
}
