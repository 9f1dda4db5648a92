import { setTimeout as sleep } from 'node:timers/promises';
import type { GallerySource } from '../galleries/searchable.js';
import { AppError, errorMessage } from '../errors.js';
import type { IdentifyService } from '../identify/service.js';
import type { FramesMode, IdentifyResult } from '../identify/types.js';
import type { JobContext, JobHandler, JobItem, PacingInput } from '../jobs/types.js';
import type { Logger } from '../log.js';
import type { StashClient } from '../stash/client.js';
import { rematchPersons, type RematchOptions } from './rematch.js';
import { listScope, type ScopeInput } from './scopes.js';
import { galleryForIdentify } from './stash-galleries.js';
import type { LibraryStore } from './store.js';
import type { ItemKind, KeptPerson, KeptResult } from './types.js';

export interface LibraryIdentifyInput extends ScopeInput, PacingInput {
  frames_mode: FramesMode;
  /** Analyse again even what is done for this fingerprint, database, vision profile and frames mode. */
  force?: boolean;
  /** 'watch': queued by the library watch (new scenes), not by a person. */
  origin?: 'watch';
}

export interface LibraryJobDeps {
  store: LibraryStore;
  /** The galleries identify searches (the shared database and the local gallery): versions and re-matching follow them. */
  holder: GallerySource;
  identify: IdentifyService;
  stash?: StashClient;
  log: Logger;
  /** Identifies the detector, embedders and their settings: results from another profile are not "done". */
  visionProfile: string;
  match: RematchOptions;
  /** How often a gentle run asks whether Stash's own queue is still busy. */
  stashQueuePollMs?: number;
  /** After an item is analysed and kept: auto-apply and the processed tag (src/library/follow-up.ts). */
  followUp?: (kind: ItemKind, itemId: string) => Promise<void>;
}

const fatal = (e: unknown) => e instanceof AppError && (e.code === 'DATABASE_NOT_LOADED' || e.code === 'STATE_ERROR');

/** Kept persons from an identify answer (the internal embeddings included). */
export function keptPersons(result: IdentifyResult): KeptPerson[] {
  return result.persons.map(({ matches, embeddings, search_size, faces, ...p }) => ({
    ...p,
    embeddings: embeddings ?? {},
    search_size: search_size ?? p.face_size,
    faces: faces ?? p.face_count,
    matches: matches.map((m) => ({ performer: m.performer, confidence: m.confidence, distance: m.distance })),
  }));
}

/** What is kept of an identify answer on a scene or image (a library run's item, or a scene page's identify). */
export function keptResultOf(
  item: { kind: ItemKind; id: string; fingerprint: string | null },
  framesMode: string,
  visionProfile: string,
  result: IdentifyResult,
): Omit<KeptResult, 'analyses' | 'analysed_at' | 'matched_at'> {
  return {
    kind: item.kind,
    item_id: item.id,
    fingerprint: item.fingerprint,
    database_version: result.database_version,
    vision_profile: visionProfile,
    frames_mode: framesMode,
    source: result.source,
    frames_used: result.frames_used,
    tagged: result.tagged ?? [],
    persons: keptPersons(result),
  };
}

/**
 * Whether a kept scene result is at least as thorough as a run asking for `requested` (then the scene is done).
 * Thoroughness: SPRITE < FRAMES, and AUTO is what it really did: FRAMES when it read frames (its `source`), the
 * sprite when it fell back (no ffmpeg, no playable file). So every mode covers SPRITE; AUTO is covered by AUTO or
 * FRAMES (a kept AUTO that fell back would fall back again for the same file); FRAMES by FRAMES, or by an AUTO that
 * read frames. A kept SPRITE covers only SPRITE.
 */
export function coversFramesMode(kept: { frames_mode: string; source: string | null }, requested: FramesMode): boolean {
  if (requested === 'SPRITE') return kept.frames_mode === 'SPRITE' || kept.frames_mode === 'AUTO' || kept.frames_mode === 'FRAMES';
  if (requested === 'AUTO') return kept.frames_mode === 'AUTO' || kept.frames_mode === 'FRAMES';
  return kept.frames_mode === 'FRAMES' || (kept.frames_mode === 'AUTO' && kept.source === 'FRAMES');
}

/** `libraryIdentify`: every scene, image or gallery of a scope through identify, results kept, suggestions made. */
export function libraryIdentifyJob(deps: LibraryJobDeps): JobHandler<LibraryIdentifyInput> {
  const stash = () => {
    if (!deps.stash) throw new AppError('BAD_USER_INPUT', 'A library run needs STASH_URL to be configured on the sidecar.');
    return deps.stash;
  };
  return {
    kind: 'library_identify',
    describe: (input) => {
      const what =
        input.origin === 'watch'
          ? `${input.scene_ids?.length ?? 0} new scene${input.scene_ids?.length === 1 ? '' : 's'} (watch)`
          : input.scope === 'IDS'
          ? `${(input.scene_ids?.length ?? 0) + (input.image_ids?.length ?? 0) + (input.gallery_ids?.length ?? 0)} chosen items`
          : {
              NO_PERFORMERS: 'scenes without performers',
              UNORGANIZED: 'unorganized scenes',
              ALL: 'all scenes',
              SAVED_FILTER: `saved filter ${input.saved_filter_id}`,
              IMAGES: 'all images',
              IMAGES_NO_PERFORMERS: 'images without performers',
              GALLERIES: 'all galleries',
              GALLERIES_NO_PERFORMERS: 'galleries without performers',
            }[input.scope];
      return `Identifying faces: ${what} (${input.frames_mode}${input.gentle ? ', gentle' : ''}${input.force ? ', again' : ''})`;
    },
    plan: (input, ctx) => listScope(stash(), input, ctx.signal),
    beforeItem: async (input, ctx) => {
      if (!input.gentle || !deps.stash) return;
      for (;;) {
        let busy: number;
        try {
          busy = (await deps.stash.jobQueue()).length;
        } catch (e) {
          deps.log.warn("could not read Stash's job queue; going on", { error: errorMessage(e) });
          return;
        }
        if (busy === 0) return;
        await sleep(deps.stashQueuePollMs ?? 5000, undefined, { signal: ctx.signal });
      }
    },
    isFatal: fatal,
    process: async (item: JobItem, input) => {
      const db = deps.holder.require();
      const kind = item.kind as ItemKind;
      // A gallery's fingerprint is its images': listed now (one Stash request), before anything is downloaded.
      // Not stopped by stopJob mid-item (the signal): a stop takes effect between items, the one in flight finishes.
      const gallery = kind === 'gallery' ? await galleryForIdentify(stash(), item.id) : undefined;
      const fingerprint = gallery ? gallery.fingerprint : (item.fingerprint ?? null);
      if (!input.force) {
        const kept = deps.store.resultHead(kind, item.id);
        if (
          kept &&
          kept.fingerprint === fingerprint &&
          kept.database_version === db.version &&
          kept.vision_profile === deps.visionProfile &&
          // Frames modes are a scene's: an image or a gallery is searched the same way whatever the run asked.
          (kind !== 'scene' || coversFramesMode(kept, input.frames_mode))
        ) {
          return { outcome: 'skipped' };
        }
      }
      const result = await deps.identify.identify(
        kind === 'scene' ? { scene_id: item.id, frames_mode: input.frames_mode } : gallery ? { gallery: gallery.gallery } : { image_id: item.id },
      );
      const kept = keptResultOf({ kind, id: item.id, fingerprint }, input.frames_mode, deps.visionProfile, result);
      return {
        outcome: 'done',
        commit: () => {
          deps.store.saveResult(kept);
          deps.store.refreshSuggestions(kept, deps.match.minConfidence);
        },
        after: deps.followUp && (() => deps.followUp!(kind, item.id)),
      };
    },
  };
}

export interface RematchInput extends PacingInput {
  database_version: string;
}

/** After a database update: every kept person searched again from its stored embeddings (no detection). */
export function rematchJob(deps: Pick<LibraryJobDeps, 'store' | 'holder' | 'match'>): JobHandler<RematchInput> {
  return {
    kind: 'rematch',
    priority: 10,
    describe: (input) => `Re-matching kept results against database ${input.database_version}`,
    plan: async (input) => deps.store.staleItems(input.database_version).map((i) => ({ kind: i.kind, id: i.id })),
    isFatal: fatal,
    process: async (item: JobItem, _input: RematchInput, _ctx: JobContext) => {
      const db = deps.holder.require();
      const kept = deps.store.result(item.kind as ItemKind, item.id);
      if (!kept || kept.database_version === db.version) return { outcome: 'skipped' };
      const matches = rematchPersons(db, kept.kind, kept.persons, deps.match);
      const persons = kept.persons.map((p, i) => ({ ...p, matches: matches[i] }));
      return {
        outcome: 'done',
        commit: () => {
          deps.store.saveMatches(kept.kind, kept.item_id, db.version, persons);
          deps.store.refreshSuggestions({ ...kept, database_version: db.version, persons }, deps.match.minConfidence);
        },
      };
    },
  };
}
