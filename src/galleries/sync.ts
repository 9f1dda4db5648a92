import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../util/atomic-write.js';
import type { AnalysisCache } from '../../builder/analysis.js';
import type { DatabaseHolder } from '../database/holder.js';
import { errorMessage } from '../errors.js';
import type { Logger } from '../log.js';
import type { VisionEngine } from '../vision/engine.js';
import type { VisionProfile } from '../vision/profile.js';
import { enrolmentFingerprint, enrolPerformer, MAX_IMAGES_PER_PERFORMER, newAnalysisCache, type EnrolmentImage, type StoredFace } from './enrol.js';
import { GalleryEntries, type GalleryEntry } from './entries.js';
import type { LocalGalleryState } from './galleries.js';
import { localGalleryId, stashBoxKeys } from './ids.js';
import { withLearned, type LearnedFace, type LearnedGallery } from './learned.js';
import { publishGallery } from './publish.js';
import { hasProfileImage, type StashLibrary, type StashPerformer } from './stash-library.js';

export interface LocalGallerySyncOptions {
  /** `<STATE_PATH>/local-gallery`. */
  root: string;
  engine: VisionEngine;
  /** The vision profile to enrol with now: the shared database's when one is loaded, else the engine's. */
  profile(): VisionProfile;
  library: StashLibrary;
  /** Image bytes from Stash (the guarded fetch with the API key). */
  fetchImage(url: string): Promise<Uint8Array>;
  /** The local gallery's holder (its DATABASE_PATH is `root`). */
  holder: DatabaseHolder;
  log: Logger;
  syncMinutes: number;
  reconcileMinutes: number;
  /** During a long sync, publish what is enrolled so far at most this often (default 60 s). */
  publishEverySeconds?: number;
  /** Performers enrolled at once (downloads overlap ONNX runs; identify's faces share the batches). */
  concurrency?: number;
}

export type SyncPhase = 'idle' | 'listing' | 'enrolling' | 'reconciling' | 'publishing';

export interface LocalGalleryStatus {
  enabled: boolean;
  phase: SyncPhase;
  /** Performers processed / to process in the running sync. */
  done: number;
  total: number;
  /** Seconds left in the running sync at its rate so far. */
  eta_seconds: number | null;
  performers_per_second: number | null;
  /** Stash performers known to the gallery, and those with no usable face (no image, only group photos, ...). */
  stash_performers: number;
  enrolled_performers: number;
  without_faces: number;
  faces: number;
  version: string | null;
  last_sync_at: string | null;
  last_reconcile_at: string | null;
  last_error: string | null;
  /** Performers whose last enrolment could not fetch some image. */
  image_errors: number;
}

interface SyncState {
  /** Newest Stash updated_at seen: the next incremental sync pages back to it. */
  newest?: string;
  fingerprint?: string;
  last_sync_at?: string;
  last_reconcile_at?: string;
  sequence?: number;
}

export interface SyncResult {
  enrolled: number;
  removed: string[];
  merged: Array<{ from: string; into: string }>;
  published: boolean;
}

/**
 * Keeps the local gallery in step with the user's Stash: enrols performers changed since the last sync (Stash's
 * updated_at), and in a periodic reconcile finds performers deleted in Stash (removed) and merged ones (Stash fires
 * no merge hook and keeps no merged ids: a performer that vanished while its images now belong to another was merged
 * into it, and its faces move there). Publishes a new package when anything changed, and during a long first sync
 * every `publishEverySeconds`, so identify answers with what is enrolled so far and never waits for the sync.
 */
export class LocalGallerySync implements LocalGalleryState, LearnedGallery {
  private readonly entries: GalleryEntries;
  private readonly statePath: string;
  /** The vision profile enrolment follows, the fingerprint of what it depends on, and its analysis cache. */
  private vision!: { profile: VisionProfile; fingerprint: string; cache: AnalysisCache };
  private state: SyncState = {};
  private running?: Promise<SyncResult>;
  private queued?: { reconcile: boolean; promise: Promise<SyncResult> };
  private timers: NodeJS.Timeout[] = [];
  private stopped = false;
  private firstSyncPending = true;
  private progress = { phase: 'idle' as SyncPhase, done: 0, total: 0, startedAt: 0 };
  private lastError?: string;
  private dirty = false;
  /** Publishes run one at a time (the sync's and learned faces'): each prunes the releases the other may write. */
  private publishing: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: LocalGallerySyncOptions) {
    mkdirSync(options.root, { recursive: true });
    this.entries = new GalleryEntries(options.root);
    this.statePath = join(options.root, 'sync.json');
    this.refreshVision();
  }

  /**
   * Enrolment follows the shared database's vision profile when one is loaded (a local face must be embedded as the
   * shared database's faces and identify's probes are), else the engine's own. A new profile re-enrols everyone.
   */
  private refreshVision(): void {
    const profile = this.options.profile();
    const fingerprint = enrolmentFingerprint(this.options.engine, profile);
    if (this.vision?.fingerprint === fingerprint) return;
    this.vision = { profile, fingerprint, cache: newAnalysisCache(join(this.options.root, 'analysis'), this.options.engine, profile) };
  }

  /** Loads what earlier runs enrolled, serves the last package, and starts syncing in the background. */
  async start(): Promise<void> {
    if (existsSync(this.statePath)) {
      try {
        this.state = JSON.parse(readFileSync(this.statePath, 'utf8')) as SyncState;
      } catch {
        this.state = {};
      }
    }
    const known = this.entries.load();
    if (existsSync(join(this.options.root, 'current.json'))) {
      await this.options.holder.reload().catch((e) => this.options.log.warn('local gallery package not loaded; the sync rebuilds it', { error: errorMessage(e) }));
      this.firstSyncPending = !this.options.holder.current;
      if (!this.options.holder.current) this.dirty = true;
    }
    this.options.log.info('local gallery starting', { performers: known, version: this.options.holder.current?.version ?? null });
    // Reconcile on start: deletions and merges may have happened while the sidecar was down.
    void this.sync({ reconcile: known > 0 }).catch(() => undefined);
    const minutes = (m: number) => m * 60_000;
    this.timers.push(setInterval(() => void this.sync({ reconcile: false }).catch(() => undefined), minutes(this.options.syncMinutes)).unref());
    this.timers.push(setInterval(() => void this.sync({ reconcile: true }).catch(() => undefined), minutes(this.options.reconcileMinutes)).unref());
  }

  /** Stops the timers; a sync in progress stops after the performer it is on. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const t of this.timers) clearInterval(t);
    await this.running?.catch(() => undefined);
  }

  get pending(): boolean {
    return this.firstSyncPending && !this.stopped;
  }

  describe(): string {
    if (this.lastError && !this.options.holder.current) return `its first sync failed: ${this.lastError} (retried every ${this.options.syncMinutes} min)`;
    if (this.progress.phase !== 'idle') return `first sync in progress (${this.progress.done}/${this.progress.total} performers)`;
    return 'not synced yet';
  }

  status(): LocalGalleryStatus {
    const all = this.entries.all();
    const elapsed = (Date.now() - this.progress.startedAt) / 1000;
    const rate = this.progress.phase === 'enrolling' && this.progress.done > 0 && elapsed > 0 ? this.progress.done / elapsed : null;
    const db = this.options.holder.current;
    return {
      enabled: true,
      phase: this.progress.phase,
      done: this.progress.done,
      total: this.progress.total,
      eta_seconds: rate ? Math.round((this.progress.total - this.progress.done) / rate) : null,
      performers_per_second: rate,
      stash_performers: all.length,
      enrolled_performers: db?.manifest.counts.performers ?? 0,
      without_faces: all.filter((e) => e.templates.length === 0).length,
      faces: db?.manifest.counts.faces ?? 0,
      version: db?.version ?? null,
      last_sync_at: this.state.last_sync_at ?? null,
      last_reconcile_at: this.state.last_reconcile_at ?? null,
      last_error: this.lastError ?? this.options.holder.lastError ?? null,
      image_errors: all.filter((e) => e.failed.length > 0).length,
    };
  }

  /** Runs a sync now, or joins the one running (a reconcile asked for during an incremental sync runs after it). */
  sync({ reconcile }: { reconcile: boolean }): Promise<SyncResult> {
    if (!this.running) {
      this.running = this.run(reconcile).finally(() => (this.running = undefined));
      return this.running;
    }
    if (!reconcile) return this.running;
    if (!this.queued) {
      const promise = this.running.catch(() => undefined).then(() => {
        this.queued = undefined;
        return this.sync({ reconcile: true });
      });
      this.queued = { reconcile, promise };
    }
    return this.queued.promise;
  }

  private async run(reconcile: boolean): Promise<SyncResult> {
    const { log, library } = this.options;
    const result: SyncResult = { enrolled: 0, removed: [], merged: [], published: false };
    try {
      this.refreshVision();
      this.progress = { phase: 'listing', done: 0, total: 0, startedAt: Date.now() };
      // A new model or rule set makes every entry stale: list everyone.
      const full = this.state.fingerprint !== this.vision.fingerprint || this.entries.all().length === 0;
      const { performers, newest } = await library.changedSince(full ? undefined : this.state.newest);
      const todo = performers.filter((p) => this.needsEnrolment(p));
      // Entries that failed to fetch an image last time are retried even if Stash did not change them.
      const retry = this.entries.all().filter((e) => e.failed.length > 0 && !todo.some((p) => p.id === e.stash_id));
      todo.push(...(await library.performers(retry.map((e) => e.stash_id))));
      if (todo.length > 0) log.info('local gallery sync', { performers: todo.length, changed_since: full ? null : this.state.newest ?? null });
      await this.enrolAll(todo, result);

      if (reconcile && !this.stopped) {
        this.setPhase('reconciling');
        await this.reconcile(result);
        this.state.last_reconcile_at = new Date().toISOString();
      }
      if (this.dirty && !this.stopped) await this.publish(result);
      if (newest && (!this.state.newest || Date.parse(newest) > Date.parse(this.state.newest))) this.state.newest = newest;
      this.state.fingerprint = this.vision.fingerprint;
      this.state.last_sync_at = new Date().toISOString();
      this.saveState();
      this.lastError = undefined;
      this.firstSyncPending = false;
      if (result.enrolled || result.removed.length || result.merged.length) log.info('local gallery synced', { ...result, version: this.options.holder.current?.version });
      return result;
    } catch (e) {
      this.lastError = errorMessage(e);
      this.firstSyncPending = false;
      log.warn('local gallery sync failed; identify keeps the gallery it has', { error: this.lastError });
      throw e;
    } finally {
      this.setPhase('idle');
    }
  }

  private needsEnrolment(p: StashPerformer): boolean {
    const entry = this.entries.get(p.id);
    return !entry || entry.updated_at !== p.updated_at || entry.fingerprint !== this.vision.fingerprint;
  }

  private async enrolAll(todo: readonly StashPerformer[], result: SyncResult): Promise<void> {
    this.progress = { phase: 'enrolling', done: 0, total: todo.length, startedAt: Date.now() };
    const publishEvery = (this.options.publishEverySeconds ?? 60) * 1000;
    let lastPublish = Date.now();
    let lastLog = Date.now();
    let next = 0;
    const worker = async () => {
      while (next < todo.length && !this.stopped) {
        const performer = todo[next++];
        try {
          await this.enrol(performer);
          result.enrolled++;
        } catch (e) {
          // One bad performer never stops the sync: it is tried again next time (its entry is unchanged).
          this.options.log.warn('local gallery: performer not enrolled', { performer: performer.id, error: errorMessage(e) });
        }
        this.progress.done++;
        const now = Date.now();
        if (now - lastLog > 10_000) {
          lastLog = now;
          this.options.log.info('local gallery sync progress', { done: this.progress.done, total: this.progress.total, eta_s: this.status().eta_seconds });
        }
        if (this.dirty && now - lastPublish > publishEvery && this.progress.done < todo.length) {
          lastPublish = now;
          await this.publish(result);
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.options.concurrency ?? 2, Math.max(1, todo.length)) }, worker));
  }

  /**
   * Enrols one performer from Stash (its profile image and solo images), with faces it inherited from merges; its
   * learned faces (and those of performers merged into it) are kept as they are when it is saved.
   */
  private async enrol(p: StashPerformer, inherited: StoredFace[] = this.entries.get(p.id)?.inherited ?? [], learnedFromMerges: LearnedFace[] = []): Promise<GalleryEntry> {
    const images: EnrolmentImage[] = [];
    if (hasProfileImage(p)) images.push({ image_id: `performer:${p.id}`, url: p.image_path });
    for (const img of await this.options.library.soloImages(p.id, MAX_IMAGES_PER_PERFORMER - images.length)) images.push({ image_id: `image:${img.id}`, url: img.url });
    const enrolment = await enrolPerformer({ engine: this.options.engine, profile: this.vision.profile, fetchImage: this.options.fetchImage, analysisCache: this.vision.cache }, images, inherited);
    const id = localGalleryId(p);
    const keys = stashBoxKeys(p.stash_ids);
    const linked = keys.length > 0 ? p.stash_ids.find((s) => id.endsWith(`:${s.stash_id}`)) : undefined;
    // Read after the awaits above: faces learned while this performer's images were being fetched are not lost.
    const learned = [...(this.entries.get(p.id)?.learned ?? []), ...learnedFromMerges];
    const entry: GalleryEntry = withLearned({
      stash_id: p.id,
      updated_at: p.updated_at,
      fingerprint: this.vision.fingerprint,
      record: {
        id,
        name: p.name,
        disambiguation: p.disambiguation,
        country: p.country,
        gender: p.gender,
        aliases: p.alias_list,
        endpoint: linked?.endpoint ?? '',
        image_url: hasProfileImage(p) ? p.image_path : null,
        stashbox_url: linked ? stashBoxPage(linked.endpoint, linked.stash_id) : null,
        face_count: enrolment.faces.length,
        local_id: p.id,
        stash_box_ids: keys,
      },
      faces: enrolment.faces,
      templates: enrolment.templates,
      inherited,
      learned,
      image_ids: images.filter((i) => i.image_id.startsWith('image:')).map((i) => i.image_id.slice('image:'.length)),
      rejected: enrolment.rejected,
      failed: enrolment.failed,
    }, this.models);
    this.entries.put(entry);
    this.dirty = true;
    return entry;
  }

  /**
   * Performers the gallery holds that Stash no longer has were deleted or merged. Merged: their images are now
   * tagged with a surviving performer (Stash moves a merged performer's images, scenes and galleries to the
   * survivor), or a survivor now carries their stash-box id. The survivor is enrolled again with their faces.
   */
  private async reconcile(result: SyncResult): Promise<void> {
    const { library, log } = this.options;
    const present = await library.allPerformerIds();
    const gone = this.entries.all().filter((e) => !present.has(e.stash_id));
    if (gone.length === 0) return;
    const owners = await library.imagePerformers(gone.flatMap((e) => e.image_ids));
    const survivors = new Map<string, GalleryEntry[]>();
    for (const e of gone) {
      const byImage = e.image_ids.flatMap((i) => owners.get(i) ?? []).filter((id) => present.has(id));
      const byStashId = this.entries.all().filter((s) => present.has(s.stash_id) && e.record.stash_box_ids?.some((k) => s.record.stash_box_ids?.includes(k))).map((s) => s.stash_id);
      const into = mostCommon([...byImage, ...byStashId]);
      if (into) (survivors.get(into) ?? survivors.set(into, []).get(into)!).push(e);
      else {
        log.info('local gallery: performer deleted in Stash, removed', { performer: e.stash_id, name: e.record.name });
        result.removed.push(e.stash_id);
      }
    }
    for (const [into, merged] of survivors) {
      const [survivor] = await library.performers([into]);
      if (!survivor) continue;
      const inherited = [...(this.entries.get(into)?.inherited ?? []), ...merged.flatMap((m) => [...m.faces, ...m.inherited])];
      await this.enrol(survivor, inherited, merged.flatMap((m) => m.learned));
      for (const m of merged) {
        log.info('local gallery: performer merged in Stash, faces moved to the survivor', { performer: m.stash_id, name: m.record.name, into });
        result.merged.push({ from: m.stash_id, into });
      }
    }
    for (const e of gone) this.entries.delete(e.stash_id);
    this.dirty = true;
  }

  private publish(result: SyncResult): Promise<void> {
    const run = this.publishing.catch(() => undefined).then(() => this.publishNow(result));
    this.publishing = run;
    return run;
  }

  private async publishNow(result: SyncResult): Promise<void> {
    const phase = this.progress.phase;
    this.setPhase('publishing');
    try {
      this.state.sequence = (this.state.sequence ?? 0) + 1;
      this.dirty = false;
      const published = await publishGallery(this.options.root, this.vision.profile, this.entries.all(), this.state.sequence);
      if (published.duplicates.length) this.options.log.warn('local gallery: several Stash performers are linked to the same stash-box performer; one is kept', { ids: published.duplicates });
      await this.options.holder.reload();
      this.saveState();
      result.published = true;
    } finally {
      this.progress.phase = phase;
    }
  }

  /** The embedders templates are made for (a learned face kept under others is held back). */
  private get models(): string[] {
    return this.options.engine.embedderSpecs.map((s) => s.id);
  }

  entry(stashId: string): GalleryEntry | undefined {
    return this.entries.get(stashId);
  }

  allEntries(): GalleryEntry[] {
    return this.entries.all();
  }

  async enrolById(stashId: string): Promise<GalleryEntry | undefined> {
    const [performer] = await this.options.library.performers([stashId]);
    return performer && this.enrol(performer);
  }

  setLearned(stashId: string, learned: LearnedFace[]): void {
    const entry = this.entries.get(stashId);
    if (!entry) return;
    this.entries.put(withLearned({ ...entry, learned }, this.models));
    this.dirty = true;
  }

  async publishChanges(): Promise<void> {
    if (this.dirty && !this.stopped) await this.publish({ enrolled: 0, removed: [], merged: [], published: false });
  }

  private setPhase(phase: SyncPhase): void {
    this.progress.phase = phase;
  }

  private saveState(): void {
    writeFileAtomic(this.statePath, JSON.stringify(this.state, null, 1));
  }
}

function mostCommon(ids: readonly string[]): string | undefined {
  const counts = new Map<string, number>();
  for (const id of ids) counts.set(id, (counts.get(id) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1])[0]?.[0];
}

/** The performer's page on a stash-box site: https://stashdb.org/graphql -> https://stashdb.org/performers/<id>. */
function stashBoxPage(endpoint: string, stashId: string): string | null {
  try {
    return new URL(`/performers/${stashId}`, endpoint).href;
  } catch {
    return null;
  }
}
