import { createHash } from 'node:crypto';
import type { Config } from '../config.js';
import type { Galleries } from '../galleries/galleries.js';
import type { FaceLearning } from '../galleries/learned.js';
import { AppError, errorMessage } from '../errors.js';
import type { IdentifyService } from '../identify/service.js';
import type { FramesMode, IdentifyResult } from '../identify/types.js';
import { JobRunner } from '../jobs/runner.js';
import type { Logger } from '../log.js';
import type { StateDatabase } from '../state/database.js';
import type { StashClient } from '../stash/client.js';
import type { VisionEngine } from '../vision/engine.js';
import { guardedFetch, stashFetchPolicy } from '../stash/guarded-fetch.js';
import { onStash } from '../frames/stash-url.js';
import { ItemFollowUp } from './follow-up.js';
import { LibrarySettingsStore, type LibrarySettings, type LibrarySettingsInput } from './settings.js';
import { LibraryWatcher, type WatchPoll } from './watch.js';
import { keptResultOf, libraryIdentifyJob, rematchJob, type LibraryIdentifyInput, type RematchInput } from './jobs.js';
import { findOnStashBoxJob, linkEndpoint, LinkStore, sharedOf, type FindOnStashBoxInput } from './links.js';
import { ReviewActions, type ReviewOutcome } from './review.js';
import { LibraryStore, type Decision, type SuggestionQuery } from './store.js';
import type { ItemKind, KeptResult } from './types.js';

export interface LibraryDeps {
  state: StateDatabase;
  /** The galleries identify searches (the shared database and the local gallery): versions and re-matching follow them. */
  holder: Pick<Galleries, 'current' | 'require'>;
  identify: IdentifyService;
  engine: Pick<VisionEngine, 'profile'>;
  stash?: StashClient;
  config: Config;
  log: Logger;
  /** The local gallery's learning from accepted suggestions (absent when the local gallery is off). */
  learning?: Pick<FaceLearning, 'accepted' | 'undone'>;
}

/** The engine's vision profile (models by hash, detector input and threshold, alignment), hashed: analyses are comparable only under the same one. */
export function visionProfile(engine: Pick<VisionEngine, 'profile'>): string {
  return createHash('sha256').update(JSON.stringify(engine.profile())).digest('hex').slice(0, 16);
}

export const DECISIONS_FORMAT = 'stash-face-decisions';

/**
 * The library use-case: library runs and re-matches (jobs), kept results, the review queue and decisions. One
 * instance per sidecar; the state file is its only memory.
 */
export class LibraryService {
  readonly store: LibraryStore;
  readonly jobs: JobRunner;
  readonly review: ReviewActions;
  readonly settings: LibrarySettingsStore;
  /** Follows the library (absent without STASH_URL). */
  readonly watcher?: LibraryWatcher;
  readonly links: LinkStore;

  constructor(private readonly deps: LibraryDeps) {
    this.store = new LibraryStore(deps.state);
    this.jobs = new JobRunner(deps.state, deps.log.child({ module: 'jobs' }));
    this.settings = new LibrarySettingsStore(deps.state, { watch: deps.config.libraryWatch, watch_interval_minutes: deps.config.libraryWatchMinutes });
    this.review = new ReviewActions(this.store, deps.stash, deps.log, deps.learning);
    const followUp = new ItemFollowUp({ store: this.store, review: this.review, stash: deps.stash, settings: () => this.settings.get(), log: deps.log });
    const match = { maxResults: deps.config.maxResults, minConfidence: deps.config.minConfidence };
    this.jobs.register(
      libraryIdentifyJob({
        store: this.store,
        holder: deps.holder,
        identify: deps.identify,
        stash: deps.stash,
        log: deps.log,
        visionProfile: visionProfile(deps.engine),
        match,
        followUp: (kind, id) => followUp.afterItem(kind, id),
      }),
    );
    this.jobs.register(rematchJob({ store: this.store, holder: deps.holder, match }));
    this.links = new LinkStore(deps.state);
    this.jobs.register(findOnStashBoxJob({ store: this.links, galleries: deps.holder, identify: deps.identify, stash: deps.stash, minConfidence: match.minConfidence }));
    if (deps.stash) {
      const stash = deps.stash;
      const policy = stashFetchPolicy(deps.config);
      this.watcher = new LibraryWatcher({
        stash,
        settings: this.settings,
        state: deps.state,
        submit: (sceneIds) => this.libraryIdentify({ scope: 'IDS', scene_ids: sceneIds, frames_mode: 'SPRITE', origin: 'watch' }),
        spriteReady: async (vttUrl, signal) => {
          try {
            await guardedFetch(onStash(vttUrl, deps.config.stashUrl), policy, 'sprite VTT', signal);
            return true;
          } catch (e) {
            // Stash answers 404 until its generate task has written the sprite: not generated yet, not a failure.
            if (e instanceof AppError && e.code === 'FETCH_FAILED' && e.extensions.status === 404) return false;
            throw e;
          }
        },
        log: deps.log.child({ module: 'watch' }),
      });
    }
  }

  /** Resumes persisted jobs, re-matches results kept under another database than the one loaded, starts the watch. */
  start(): void {
    this.jobs.start();
    this.databaseLoaded();
    this.watcher?.start();
  }

  librarySettings(): LibrarySettings {
    return this.settings.get();
  }

  /** Changes settings; turning the watch on starts from the library as it is now (nothing added meanwhile is queued). */
  configure(input: LibrarySettingsInput): LibrarySettings {
    if (input.watch && !this.deps.stash) throw new AppError('BAD_USER_INPUT', 'Watching the library needs STASH_URL to be configured on the sidecar.');
    const wasOn = this.settings.get().watch;
    const next = this.settings.update(input);
    if (next.watch && !wasOn) {
      // The first poll notes where the library stands now: scenes added from this moment on are the watch's.
      this.settings.clearCursor();
      this.watcher?.start();
    } else this.watcher?.reschedule();
    return next;
  }

  /** One watch poll now ("check now"; tests). */
  async pollWatch(): Promise<WatchPoll> {
    if (!this.watcher) throw new AppError('BAD_USER_INPUT', 'Watching the library needs STASH_URL to be configured on the sidecar.');
    if (!this.settings.get().watch) throw new AppError('BAD_USER_INPUT', 'The watch is off: turn it on with configureLibrary(input: { watch: true }).');
    return this.watcher.poll();
  }

  /** Called when a database is (re)loaded: kept results from other versions are re-matched, without detection. */
  databaseLoaded(): string | null {
    const version = this.deps.holder.current?.version;
    if (!version) return null;
    const queued = this.jobs.queue(0).find((j) => j.kind === 'rematch' && (j.input as { database_version: string }).database_version === version);
    if (queued) return queued.id;
    if (this.store.staleItems(version).length === 0) return null;
    return this.jobs.submit<RematchInput>('rematch', { database_version: version });
  }

  libraryIdentify(input: LibraryIdentifyInput): string {
    if (!this.deps.stash) throw new AppError('BAD_USER_INPUT', 'A library run needs STASH_URL to be configured on the sidecar.');
    this.deps.holder.require();
    if (input.pause_ms != null && !(Number.isInteger(input.pause_ms) && input.pause_ms >= 0 && input.pause_ms <= 600_000)) {
      throw new AppError('BAD_USER_INPUT', `pause_ms must be a whole number of milliseconds from 0 to 600000 (got ${input.pause_ms}).`);
    }
    if (input.scope === 'IDS' && !(input.scene_ids?.length || input.image_ids?.length || input.gallery_ids?.length)) {
      throw new AppError('BAD_USER_INPUT', 'Scope IDS needs scene_ids, image_ids or gallery_ids.');
    }
    const badGalleries = input.gallery_ids?.filter((id) => !/^\d+$/.test(id)) ?? [];
    if (badGalleries.length) throw new AppError('BAD_USER_INPUT', `Stash gallery ids are numbers; these are not: ${badGalleries.slice(0, 5).join(', ')}.`);
    if (input.scope === 'SAVED_FILTER' && !input.saved_filter_id) throw new AppError('BAD_USER_INPUT', 'Scope SAVED_FILTER needs saved_filter_id.');
    return this.jobs.submit('library_identify', input);
  }

  /** `performersFindOnStashBox`: a job that looks every unlinked Stash performer (or those listed) up on the shared database. */
  findOnStashBox(input: { performer_ids?: string[] | null; endpoint?: string | null }): string {
    if (!this.deps.stash) throw new AppError('BAD_USER_INPUT', 'Finding performers on StashDB needs STASH_URL to be configured on the sidecar.');
    const { shared } = sharedOf(this.deps.holder);
    if (input.performer_ids && input.performer_ids.length === 0) throw new AppError('BAD_USER_INPUT', 'performer_ids is empty: leave it out to look up every unlinked performer.');
    const bad = input.performer_ids?.filter((id) => !/^\d+$/.test(id)) ?? [];
    if (bad.length) throw new AppError('BAD_USER_INPUT', `Stash performer ids are numbers; these are not: ${bad.slice(0, 5).join(', ')}.`);
    const job: FindOnStashBoxInput = { endpoint: linkEndpoint(shared, input.endpoint), performer_ids: input.performer_ids ? [...new Set(input.performer_ids)] : null };
    return this.jobs.submit('find_on_stashbox', job);
  }

  sceneFaces(kind: ItemKind, id: string): KeptResult | undefined {
    const kept = this.store.result(kind, id);
    return kept && this.withoutRejected(kind, id, kept);
  }

  /**
   * An identify answered on a scene or image page, kept like a library run's result: the page shows it at once on
   * the next visit (no second run), a database update re-matches it, and its confident persons join the review
   * queue. A frame-on-screen answer is one frame, not the scene's result: not kept. Best effort: the answer was
   * already given, so a failure here is logged, never thrown.
   */
  keepIdentified(input: { scene_id?: string | number | null; image_id?: string | number | null; frames_mode?: FramesMode | null; frame_time?: number | null }, result: IdentifyResult): void {
    const kind: ItemKind | null = input.scene_id != null ? 'scene' : input.image_id != null ? 'image' : null;
    if (!kind || input.frame_time != null || !result.database_version) return;
    const id = String(kind === 'scene' ? input.scene_id : input.image_id);
    try {
      // The fingerprint comes from the scene the pipeline itself read from Stash: no second request.
      const kept = keptResultOf({ kind, id, fingerprint: result.fingerprint ?? null }, input.frames_mode ?? (kind === 'scene' ? 'AUTO' : 'SPRITE'), visionProfile(this.deps.engine), result);
      this.deps.state.transaction(() => {
        this.store.saveResult(kept);
        this.store.refreshSuggestions(kept, this.deps.config.minConfidence);
      })();
    } catch (e) {
      this.deps.log.warn('could not keep the identify result', { kind, id, error: errorMessage(e) });
    }
  }

  /** An answer without the performers the user rejected on that scene or image ("not this performer"). */
  withoutRejected<T extends { persons: Array<{ matches: Array<{ performer: { id: string } }> }> }>(kind: ItemKind, id: string, result: T): T {
    const rejected = this.store.rejectedPerformers(kind, id);
    if (rejected.size === 0) return result;
    return { ...result, persons: result.persons.map((p) => ({ ...p, matches: p.matches.filter((m) => !rejected.has(m.performer.id)) })) };
  }

  findSuggestions(q: SuggestionQuery) {
    return this.store.findSuggestions(q);
  }

  /**
   * The pending suggestions at or above a confidence, best first. Applying with `ids` (those a preview returned)
   * applies exactly those still pending: what arrived since the preview waits for the next review.
   */
  async acceptAbove(minConfidence: number, dryRun: boolean, ids?: readonly string[] | null): Promise<{ count: number; ids: string[]; outcomes: ReviewOutcome[] }> {
    if (!(minConfidence >= 0 && minConfidence <= 1)) throw new AppError('BAD_USER_INPUT', `min_confidence must be between 0 and 1 (got ${minConfidence}).`);
    let chosen = this.store.findSuggestions({ status: ['PENDING'], min_confidence: minConfidence, per_page: -1 }).suggestions.map((s) => s.id);
    if (ids) {
      const wanted = new Set(ids);
      chosen = chosen.filter((id) => wanted.has(id));
    }
    if (dryRun) return { count: chosen.length, ids: chosen, outcomes: [] };
    const outcomes = await this.review.accept(chosen);
    return { count: outcomes.filter((o) => o.status === 'ACCEPTED').length, ids: chosen, outcomes };
  }

  exportDecisions(): string {
    return JSON.stringify({ format: DECISIONS_FORMAT, version: 1, exported_at: new Date().toISOString(), decisions: this.store.decisions() }, null, 1);
  }

  /** Decisions from an export (another install): rejections and accepts are remembered; pending rows follow them. */
  importDecisions(json: string): number {
    let doc: { format?: string; version?: number; decisions?: Decision[] };
    try {
      doc = JSON.parse(json);
    } catch {
      throw new AppError('BAD_USER_INPUT', 'The decisions file is not JSON.');
    }
    if (doc?.format !== DECISIONS_FORMAT || doc.version !== 1 || !Array.isArray(doc.decisions)) {
      throw new AppError('BAD_USER_INPUT', `This is not a stash-face decisions export (format "${DECISIONS_FORMAT}", version 1).`);
    }
    const valid = doc.decisions.filter(
      (d) =>
        (d.item_kind === 'scene' || d.item_kind === 'image' || d.item_kind === 'gallery' || d.item_kind === 'performer') &&
        typeof d.item_id === 'string' &&
        typeof d.performer_id === 'string' &&
        (d.decision === 'REJECTED' || d.decision === 'ACCEPTED'),
    );
    this.deps.state.transaction(() => {
      for (const d of valid) {
        this.store.importDecision({ ...d, person_id: d.person_id ?? null, decided_at: d.decided_at ?? new Date().toISOString() });
        for (const s of this.store.findSuggestions({ status: ['PENDING'], item_kind: d.item_kind, item_id: d.item_id, performer_id: d.performer_id, per_page: -1 }).suggestions) {
          this.store.setSuggestionStatus(s.id, d.decision === 'REJECTED' ? 'REJECTED' : 'SUPERSEDED');
        }
      }
    })();
    return valid.length;
  }

  /** Stops the job runner (the item in flight stays pending) and closes the state file it was given. */
  async close(): Promise<void> {
    await this.watcher?.close();
    await this.jobs.close();
    this.deps.state.close();
  }
}
