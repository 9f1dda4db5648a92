import { AppError, errorMessage } from '../errors.js';
import type { Logger } from '../log.js';
import type { StateDatabase } from '../state/database.js';
import type { StashClient, WatchScene } from '../stash/client.js';
import type { LibrarySettingsStore, WatchCursor } from './settings.js';

export interface WatchDeps {
  stash: StashClient;
  settings: LibrarySettingsStore;
  state: StateDatabase;
  /** Queues a library job over these scenes (called inside the poll's transaction); returns its id. */
  submit: (sceneIds: string[]) => string;
  /** Whether Stash has generated the scene's sprite (its VTT answers); throws when Stash cannot be asked. */
  spriteReady: (vttUrl: string, signal: AbortSignal) => Promise<boolean>;
  log: Logger;
}

/** What one poll did. */
export interface WatchPoll {
  at: string;
  job_id: string | null;
  /** Scenes queued into the job. */
  queued: string[];
  /** New scenes whose sprite is not generated yet: checked again at the next poll. */
  waiting: string[];
  error: string | null;
}

const PAGE = 100;
const ms = (t: string) => Date.parse(t) || 0;
const num = (id: string) => (/^\d+$/.test(id) ? Number(id) : Number.NaN);

/** Stash's own order for "newest": created_at, then id (ids only grow). */
export function isAfter(scene: { created_at: string; id: string }, cursor: WatchCursor): boolean {
  const a = ms(scene.created_at);
  const b = ms(cursor.created_at);
  if (a !== b) return a > b;
  const x = num(scene.id);
  const y = num(cursor.id);
  return Number.isNaN(x) || Number.isNaN(y) ? scene.id > cursor.id : x > y;
}

/**
 * Follows the library: every interval, scenes Stash added since the cursor (and those still waiting for their
 * sprite) are looked at; those with a sprite go into one normal library job (whose skip rules hold), the others wait.
 * The job, the waiting list and the new cursor are written in one transaction: a restart neither queues a scene
 * again nor misses one. The first poll only sets the cursor: the watch is for scenes added from then on.
 */
export class LibraryWatcher {
  private timer?: NodeJS.Timeout;
  private inFlight?: Promise<WatchPoll>;
  private closed = false;
  private readonly abort = new AbortController();

  constructor(private readonly deps: WatchDeps) {}

  /** Polls now when the watch is on (scenes added while the sidecar was down), then on the interval. */
  start(): void {
    if (this.deps.settings.get().watch) void this.poll().finally(() => this.reschedule());
  }

  /** After a settings change: the next poll is one interval from now (or none, when the watch is off). */
  reschedule(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const settings = this.deps.settings.get();
    if (this.closed || !settings.watch) return;
    this.timer = setTimeout(() => void this.poll().finally(() => this.reschedule()), settings.watch_interval_minutes * 60_000);
    this.timer.unref();
  }

  /** One poll (a poll already running is shared, never doubled). */
  poll(): Promise<WatchPoll> {
    this.inFlight ??= this.pollOnce().finally(() => {
      this.inFlight = undefined;
    });
    return this.inFlight;
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.timer);
    this.abort.abort();
    await this.inFlight?.catch(() => undefined);
  }

  private async pollOnce(): Promise<WatchPoll> {
    const at = new Date().toISOString();
    const { settings, log } = this.deps;
    try {
      const poll = await this.look(at);
      if (poll.queued.length || poll.waiting.length) log.info('library watch', { job_id: poll.job_id, queued: poll.queued.length, waiting: poll.waiting });
      return poll;
    } catch (e) {
      if (this.closed) return { at, job_id: null, queued: [], waiting: settings.waiting(), error: 'The sidecar is shutting down.' };
      const error = errorMessage(e);
      log.warn('library watch poll failed; the next poll tries again', { error, code: e instanceof AppError ? e.code : 'INTERNAL' });
      settings.setLastPoll({ at, job_id: null, queued: 0, error });
      return { at, job_id: null, queued: [], waiting: settings.waiting(), error };
    }
  }

  private async look(at: string): Promise<WatchPoll> {
    const { stash, settings, state } = this.deps;
    const signal = this.abort.signal;
    const cursor = settings.cursor();
    const fresh: WatchScene[] = [];
    let newest: WatchCursor | null = cursor;
    // Newest first, paging back until a page reaches scenes older than the cursor.
    for (let page = 1; ; page++) {
      const found = await stash.findScenesForWatch({ filter: { page, per_page: PAGE, sort: 'created_at', direction: 'DESC' } }, signal);
      for (const s of found.scenes) {
        if (cursor && !isAfter(s, cursor)) continue;
        if (cursor) fresh.push(s);
        if (!newest || isAfter(s, newest)) newest = { created_at: s.created_at, id: s.id };
      }
      const last = found.scenes.at(-1);
      if (!cursor || !last || found.scenes.length < PAGE || ms(last.created_at) < ms(cursor.created_at)) break;
    }
    if (!cursor) {
      // First poll: remember where the library stands; what is there already is for a library run, not the watch.
      state.transaction(() => {
        settings.setCursor(newest ?? { created_at: new Date(0).toISOString(), id: '0' });
        settings.setLastPoll({ at, job_id: null, queued: 0, error: null });
      })();
      return { at, job_id: null, queued: [], waiting: [], error: null };
    }
    const waitingIds = settings.waiting();
    const numeric = waitingIds.filter((id) => /^\d+$/.test(id)).map(Number);
    const waitingScenes = numeric.length
      ? (await stash.findScenesForWatch({ scene_ids: numeric, filter: { per_page: -1 } }, signal)).scenes
      : [];
    const candidates = new Map<string, WatchScene>();
    for (const s of [...fresh].sort((a, b) => (isAfter(a, b) ? 1 : -1))) candidates.set(s.id, s);
    for (const s of waitingScenes) candidates.set(s.id, s);
    const ready: WatchScene[] = [];
    const notReady: WatchScene[] = [];
    for (const s of candidates.values()) {
      (s.paths.vtt && (await this.deps.spriteReady(s.paths.vtt, signal)) ? ready : notReady).push(s);
    }
    let jobId: string | null = null;
    state.transaction(() => {
      if (ready.length) jobId = this.deps.submit(ready.map((s) => s.id));
      for (const s of ready) settings.unwait(s.id);
      for (const s of notReady) settings.wait(s.id, s.created_at);
      // Waiting scenes Stash no longer has (deleted) stop waiting.
      for (const id of waitingIds) if (!candidates.has(id)) settings.unwait(id);
      if (newest) settings.setCursor(newest);
      settings.setLastPoll({ at, job_id: jobId, queued: ready.length, error: null });
    })();
    return { at, job_id: jobId, queued: ready.map((s) => s.id), waiting: settings.waiting(), error: null };
  }
}
