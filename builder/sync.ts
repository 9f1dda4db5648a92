import type { StashBoxConfig } from './config.js';
import type { Progress } from './progress.js';
import type { BuildState, PerformerMeta, Phase, RunState } from './state.js';
import type { StashBoxClient, StashBoxPerformer } from './stashbox/client.js';

/**
 * Brings the state's view of one stash-box endpoint up to date, resumably (every page is a journal line):
 * - full: every performer, CREATED_AT ascending (new performers append at the end while we page);
 * - update: UPDATED_AT descending back to the previous run's newest edit (stash-box has no "updated since"
 *   filter), then a light listing of every id, since deleted and merged performers simply vanish from
 *   queryPerformers;
 * then `findPerformer` for every known performer that vanished (deleted, merged: `merged_into_id`) and for every
 * listed one whose edit the paging missed (offset paging shifts while edits land).
 */
export interface SyncStats {
  pages: number;
  listed: number;
  added: number;
  changed: number;
  removed: { deleted: number; merged: number; gone: number };
  lookups: number;
}

/** Edits seen within this margin before the last run's newest edit are fetched again (clock jitter, slow commits). */
export const UPDATE_OVERLAP_MS = 60 * 60 * 1000;

export function toMeta(p: StashBoxPerformer, client: StashBoxClient, maxImages: number): PerformerMeta {
  return {
    endpoint: client.endpoint,
    uuid: p.id,
    name: p.name,
    disambiguation: p.disambiguation ?? null,
    aliases: [...p.aliases],
    gender: p.gender ?? null,
    country: p.country ?? null,
    images: p.images.slice(0, maxImages).map((i) => ({ id: i.id, url: i.url })),
    image_url: p.images[0]?.url ?? null,
    created: p.created,
    updated: p.updated,
  };
}

export class EndpointSync {
  readonly stats: SyncStats = { pages: 0, listed: 0, added: 0, changed: 0, removed: { deleted: 0, merged: 0, gone: 0 }, lookups: 0 };

  constructor(
    private readonly state: BuildState,
    private readonly run: RunState,
    private readonly client: StashBoxClient,
    private readonly config: StashBoxConfig,
    private readonly progress: Progress,
    private readonly signal?: AbortSignal,
  ) {}

  private get endpoint(): string {
    return this.client.endpoint;
  }

  async sync(): Promise<SyncStats> {
    if (this.run.mode === 'full' || !this.run.since[this.endpoint]) {
      await this.page('full', (page) => this.client.queryPerformers(page, 'CREATED_AT', 'ASC'));
    } else {
      const since = Date.parse(this.run.since[this.endpoint]!);
      await this.page('updated', (page) => this.client.queryPerformers(page, 'UPDATED_AT', 'DESC'), (p) => Date.parse(p.updated) < since);
      if (this.config.limit === undefined) await this.page('ids', (page) => this.client.listPerformerIds(page));
    }
    if (this.config.limit !== undefined) {
      this.progress.log(`${this.config.name}: limit ${this.config.limit} set: a trial build does not look for deleted or merged performers`);
    } else if (!this.run.endpoints[this.endpoint]?.resolved) {
      await this.resolve();
    }
    return this.stats;
  }

  /** Pages one listing to its end (or to `stop`), one journal line per page; resumes after the last page done. */
  private async page(
    phase: Phase,
    fetchPage: (page: number) => Promise<{ count: number; performers: Array<StashBoxPerformer | { id: string; updated: string }> }>,
    stop?: (p: { updated: string }) => boolean,
  ): Promise<void> {
    const progress = this.state.phase(this.run, this.endpoint, phase);
    if (progress.complete) return;
    const label = { full: 'list', updated: 'updated', ids: 'ids' }[phase];
    const stage = this.progress.stage(`${label} ${this.client.host}`, 'pages').start();
    if (progress.page > 0) stage.tick(progress.page); // pages done before a restart
    const perPage = this.config.per_page;
    for (let page = progress.page + 1; ; page++) {
      this.signal?.throwIfAborted();
      const result = await fetchPage(page);
      this.stats.pages++;
      stage.tick();
      if (phase !== 'updated') stage.setTotal(Math.max(1, Math.ceil(result.count / perPage)));
      let performers = result.performers;
      const already = Object.keys(this.state.phase(this.run, this.endpoint, phase).seen).length;
      const limit = this.config.limit;
      if (limit !== undefined) performers = performers.slice(0, Math.max(0, limit - already));
      for (const p of performers) if ('name' in p) this.upsert(p);
      this.stats.listed += performers.length;
      const last = result.performers[result.performers.length - 1];
      const complete =
        result.performers.length < perPage ||
        page * perPage >= result.count ||
        (limit !== undefined && already + performers.length >= limit) ||
        (stop !== undefined && last !== undefined && stop(last));
      this.state.record({
        e: 'page',
        run: this.run.n,
        endpoint: this.endpoint,
        phase,
        page,
        count: result.count,
        seen: Object.fromEntries(performers.map((p) => [p.id, p.updated])),
        complete,
      });
      if (complete) return stage.finish();
    }
  }

  /** Records a performer's current metadata (only when it changed: the journal stays small). */
  private upsert(p: StashBoxPerformer): void {
    const id = this.client.universalId(p.id);
    if (p.deleted || p.merged_into_id) return this.remove(id, p.merged_into_id ? 'merged' : 'deleted', p.merged_into_id ?? undefined);
    const meta = toMeta(p, this.client, this.config.max_images_per_performer);
    const old = this.state.performers.get(id);
    if (!old || old.removed || JSON.stringify(old.meta) !== JSON.stringify(meta)) {
      if (!old || old.removed) this.stats.added++;
      else this.stats.changed++;
      this.state.record({ e: 'perf', id, meta });
    }
    for (const merged of p.merged_ids) this.remove(this.client.universalId(merged), 'merged', p.id);
  }

  private remove(id: string, reason: 'deleted' | 'merged' | 'gone', into?: string): void {
    const known = this.state.performers.get(id);
    if (!known || known.removed) return;
    this.stats.removed[reason]++;
    this.state.record({ e: 'removed', id, reason, into: into ? this.client.universalId(into) : undefined, run: this.run.n });
  }

  /** findPerformer for performers that vanished from the listing, and for listed ones whose edit was missed. */
  private async resolve(): Promise<void> {
    const phases = this.run.endpoints[this.endpoint]?.phases ?? {};
    const listed: Record<string, string> = { ...phases.full?.seen, ...phases.ids?.seen, ...phases.updated?.seen };
    const detailed = new Set(Object.keys({ ...phases.full?.seen, ...phases.updated?.seen }));
    const lookups: string[] = [];
    for (const p of this.state.performers.values()) {
      if (p.meta.endpoint === this.endpoint && !p.removed && !(p.meta.uuid in listed)) lookups.push(p.meta.uuid);
    }
    for (const [uuid, updated] of Object.entries(phases.ids?.seen ?? {})) {
      if (detailed.has(uuid)) continue;
      const known = this.state.performers.get(this.client.universalId(uuid));
      if (!known || known.removed || known.meta.updated !== updated) lookups.push(uuid);
    }
    const stage = lookups.length ? this.progress.stage(`lookup ${this.client.host}`, 'performers').start(lookups.length) : undefined;
    for (const uuid of lookups) {
      this.signal?.throwIfAborted();
      const p = await this.client.findPerformer(uuid);
      this.stats.lookups++;
      stage?.tick();
      if (!p) this.remove(this.client.universalId(uuid), 'gone');
      else this.upsert(p);
    }
    stage?.finish();
    this.state.record({ e: 'resolved', run: this.run.n, endpoint: this.endpoint });
  }
}
