import type { Calibration, PerformerRecord } from '../database/format.js';
import type { FaceLearning } from '../galleries/learned.js';
import { AppError } from '../errors.js';
import { linkStashPerformer, resolveLocalPerformer } from '../library/review.js';
import type { Logger } from '../log.js';
import type { StateDatabase } from '../state/database.js';
import type { NamedPerformer, StashClient } from '../stash/client.js';
import { assignPending, DEFAULT_GROUPING, FusedSpace, type GroupingParams, type PersonPoint } from './cluster.js';
import { PeopleStore, parsePersonKey, personKey, type FaceGroup, type FaceGroupStatus, type Member, type UnknownPerson } from './store.js';

export interface PeopleDeps {
  state: StateDatabase;
  /** The loaded database's calibration (z-scores per model); grouping waits while none is loaded. */
  calibration: () => Pick<Calibration, 'models'> | undefined;
  stash?: StashClient;
  log: Logger;
  params?: GroupingParams;
  /** The local gallery's learning: a named group's persons become the performer's learned faces. */
  learning?: Pick<FaceLearning, 'groupNamed'>;
}

export interface UpdateOutcome {
  full: boolean;
  new_persons: number;
  joined: number;
  groups_started: number;
  removed: number;
  ms: number;
}

/** What naming a group came to: NEEDS_LINK when Stash already has a performer of that name (never duplicated). */
export interface NameOutcome {
  status: 'NAMED' | 'NEEDS_LINK';
  group: FaceGroup;
  candidates: NamedPerformer[];
  suggestions_created: number;
  created_performer: boolean;
}

/** A full recluster runs by itself once this many persons arrived since the last one (or this share of all). */
const RECLUSTER_MIN_NEW = 200;
const RECLUSTER_SHARE = 0.25;

const frameKeys = (p: UnknownPerson): string[] =>
  p.kind === 'image' || p.timestamps.length === 0 ? [`${p.kind}:${p.item_id}`] : p.timestamps.map((t) => `${p.kind}:${p.item_id}@${t}`);

/**
 * People across the library: unknown kept persons grouped (src/people/cluster.ts), groups named once (a Stash
 * performer, linked or created, never duplicated: every scene or image with the group becomes a suggestion in the
 * review queue), ignored for good (undoable), merged and split by hand.
 */
export class PeopleService {
  readonly store: PeopleStore;
  private readonly params: GroupingParams;

  constructor(private readonly deps: PeopleDeps) {
    this.store = new PeopleStore(deps.state);
    this.params = deps.params ?? DEFAULT_GROUPING;
  }

  /**
   * Brings groups up to date with the kept results: persons gone or re-analysed leave their groups, persons that
   * became known leave unnamed groups, new unknown persons join a group, start one or wait. Existing groups are not
   * reclustered unless `full` or enough new persons arrived since the last full pass.
   */
  update(options: { full?: boolean } = {}): UpdateOutcome {
    const t0 = performance.now();
    const calibration = this.deps.calibration();
    const outcome: UpdateOutcome = { full: false, new_persons: 0, joined: 0, groups_started: 0, removed: 0, ms: 0 };
    if (!calibration) return outcome;
    const unknown = this.store.unknownPersons();
    const unknownByKey = new Map(unknown.map((p) => [personKey(p), p]));
    const stamps = this.store.personStamps();
    const groups = new Map(this.store.groups().map((g) => [g.id, g]));
    this.deps.state.transaction(() => {
      for (const m of this.store.members()) {
        const key = personKey(m);
        const group = m.group_id != null ? groups.get(m.group_id) : undefined;
        const kept = group && group.status !== 'UNNAMED' ? stamps.get(key) === m.analysed_at : unknownByKey.get(key)?.analysed_at === m.analysed_at;
        if (!kept) {
          this.store.deleteMember(m);
          outcome.removed++;
        }
      }
    })();
    const members = this.store.members();
    const memberKeys = new Set(members.map(personKey));
    const fresh = unknown.filter((p) => !memberKeys.has(personKey(p)));
    outcome.new_persons = fresh.length;
    const sinceFull = Number(this.store.meta('new_since_full') ?? 0) + fresh.length;
    const full = !!options.full || sinceFull >= Math.max(RECLUSTER_MIN_NEW, RECLUSTER_SHARE * unknown.length);
    outcome.full = full;

    // Points: every unknown person (members of named or ignored groups known by now keep their place, unsearched).
    const points: PersonPoint[] = [];
    const index = new Map<string, number>();
    for (const p of unknown) {
      const key = personKey(p);
      index.set(key, points.length);
      points.push({ key, frames: frameKeys(p), embeddings: p.embeddings, size: p.search_size, faces: p.faces });
    }
    if (points.length === 0) {
      this.finish(full, sinceFull, outcome, t0);
      return outcome;
    }
    const dims = Object.fromEntries(Object.entries(points[0].embeddings).map(([m, v]) => [m, v.length]));
    const space = new FusedSpace(calibration, dims);
    const locked = (g: FaceGroup | undefined) => !!g && (g.status !== 'UNNAMED' || g.manual);
    const fixed = new Map<number, number[]>();
    const previous = new Map<number, Set<string>>(); // unlocked groups before a full recluster: to keep their ids
    for (const m of members) {
      if (m.group_id == null) continue;
      const i = index.get(personKey(m));
      const g = groups.get(m.group_id);
      if (full && !locked(g)) {
        previous.set(m.group_id, (previous.get(m.group_id) ?? new Set()).add(personKey(m)));
        continue;
      }
      if (i !== undefined) fixed.set(m.group_id, [...(fixed.get(m.group_id) ?? []), i]);
    }
    const grouped = new Set([...fixed.values()].flat());
    const pending = full ? points.map((_, i) => i).filter((i) => !grouped.has(i)) : fresh.map((p) => index.get(personKey(p))!);
    const pendingSet = new Set(pending);
    let provisional = -1;
    const result = assignPending(space, points, fixed, pending, this.params, () => provisional--);

    this.deps.state.transaction(() => {
      // New groups take the id of the old unlocked group they overlap most (a recluster keeps names stable).
      const idOf = new Map<number, number>();
      const reused = new Set<number>();
      for (const [tmp, idxs] of [...result.started].sort((a, b) => b[1].length - a[1].length)) {
        let best: number | undefined, overlap = 0;
        for (const [old, keys] of previous) {
          if (reused.has(old)) continue;
          const n = idxs.filter((i) => keys.has(points[i].key)).length;
          if (n > overlap) (best = old), (overlap = n);
        }
        if (best !== undefined) reused.add(best);
        idOf.set(tmp, best ?? this.store.createGroup());
        outcome.groups_started++;
      }
      for (const old of previous.keys()) if (!reused.has(old)) this.store.deleteGroup(old);
      for (const [i, p] of points.entries()) {
        const assigned = result.assigned.get(i);
        const stored = unknownByKey.get(p.key)!;
        const group = assigned === undefined ? undefined : assigned < 0 ? idOf.get(assigned)! : assigned;
        if (assigned !== undefined && !result.started.has(assigned)) outcome.joined++;
        if (group === undefined && !pendingSet.has(i)) continue; // untouched
        this.store.putMember({ kind: stored.kind, item_id: stored.item_id, person_id: stored.person_id, group_id: group ?? null, analysed_at: stored.analysed_at });
        const g = group !== undefined ? (groups.get(group) ?? this.store.group(group)) : undefined;
        if (g?.status === 'NAMED' && g.performer) this.store.proposeForGroup(g.id, stored, g.performer);
      }
    })();
    this.finish(full, sinceFull, outcome, t0);
    return outcome;
  }

  private finish(full: boolean, sinceFull: number, outcome: UpdateOutcome, t0: number) {
    this.store.setMeta('new_since_full', String(full ? 0 : sinceFull));
    outcome.ms = performance.now() - t0;
    if (outcome.new_persons || outcome.removed) this.deps.log.info('face groups updated', { ...outcome });
  }

  /** Groups with their sizes, biggest first; ignored ones only when asked for by status. */
  findGroups(filter: { status?: FaceGroupStatus[] | null; min_persons?: number | null; page?: number | null; per_page?: number | null } = {}) {
    const counts = this.store.counts();
    const statuses = filter.status?.length ? new Set(filter.status) : new Set<FaceGroupStatus>(['UNNAMED', 'NAMED']);
    const all = this.store
      .groups()
      .filter((g) => statuses.has(g.status))
      .map((g) => ({ ...g, persons: counts.get(g.id)?.persons ?? 0, items: counts.get(g.id)?.items ?? 0 }))
      .filter((g) => g.persons >= (filter.min_persons ?? 1))
      .sort((a, b) => b.items - a.items || b.persons - a.persons || a.id - b.id);
    const perPage = filter.per_page ?? 40;
    const page = Math.max(1, filter.page ?? 1);
    return { count: all.length, groups: perPage < 0 ? all : all.slice((page - 1) * perPage, page * perPage) };
  }

  members(groupId: number) {
    return this.store.groupMembers(groupId);
  }

  require(id: string | number): FaceGroup {
    const n = Number(id);
    const g = Number.isInteger(n) ? this.store.group(n) : undefined;
    if (!g) throw new AppError('NOT_FOUND', `There is no face group ${id}.`);
    return g;
  }

  /**
   * Names a group after a Stash performer: `stash_performer_id` links an existing one; `name` looks for a performer
   * of that name or alias first and only creates one when there is none (link, never duplicate: NEEDS_LINK with the
   * candidates otherwise); `stash_box_performer` (a shared database performer, see stashbox-lookup.ts) goes through
   * the review queue's resolution. Every scene or image of the group becomes a pending suggestion of that performer.
   */
  async name(input: { group_id: string; stash_performer_id?: string | null; name?: string | null; stash_box_performer?: PerformerRecord | null }): Promise<NameOutcome> {
    const group = this.require(input.group_id);
    if (!this.deps.stash) throw new AppError('BAD_USER_INPUT', 'Naming a face group needs STASH_URL to be configured on the sidecar.');
    const box = input.stash_box_performer;
    if (box ? !!input.name?.trim() : !input.stash_performer_id === !input.name?.trim()) {
      throw new AppError('BAD_USER_INPUT', 'Give either stash_performer_id (link an existing Stash performer), name (create one) or stash_box_performer_id (a StashDB performer), not two.');
    }
    let performer: NamedPerformer;
    let created = false;
    // A stash-box performer: the review queue's "link, never duplicate" (by stash id, then name or alias, else create);
    // with stash_performer_id, that performer is linked and given the stash id (the NEEDS_LINK answer).
    if (box && input.stash_performer_id) performer = await linkStashPerformer(this.deps.stash, String(input.stash_performer_id), box);
    else if (box) {
      const found = await resolveLocalPerformer(this.deps.stash, this.deps.log, box, true);
      if (!found.performer) return { status: 'NEEDS_LINK', group, candidates: found.candidates ?? [], suggestions_created: 0, created_performer: false };
      performer = found.performer;
      created = !!found.created;
    } else if (input.stash_performer_id) performer = await this.deps.stash.findPerformer(String(input.stash_performer_id));
    else {
      const name = input.name!.trim();
      const candidates = await this.deps.stash.findPerformersNamed(name);
      if (candidates.length) return { status: 'NEEDS_LINK', group, candidates, suggestions_created: 0, created_performer: false };
      performer = await this.deps.stash.createPerformer({ name });
      created = true;
      this.deps.log.info('performer created in Stash for a face group', { group: group.id, stash_performer_id: performer.id });
    }
    // local_id: the suggestion's performer resolves to this Stash performer (the review card says "in Stash").
    const record: PerformerRecord = { id: `local:${performer.id}`, local_id: performer.id, name: performer.name, disambiguation: performer.disambiguation ?? null, endpoint: 'local', face_count: 0 };
    let made = 0;
    this.deps.state.transaction(() => {
      if (group.performer && group.performer.id !== record.id) this.store.withdrawSuggestions(group.id);
      this.store.setNamed(group.id, performer.id, record);
      for (const m of this.store.groupMembers(group.id)) if (this.store.proposeForGroup(group.id, m, record)) made++;
    })();
    this.deps.learning?.groupNamed(group.id, performer.id, this.store.groupMembers(group.id));
    return { status: 'NAMED', group: this.store.group(group.id)!, candidates: [], suggestions_created: made, created_performer: created };
  }

  /** Hides groups for good (new persons that join them stay hidden), or shows them again. */
  ignore(ids: readonly string[], ignored: boolean): FaceGroup[] {
    const groups = ids.map((id) => this.require(id));
    this.deps.state.transaction(() => {
      for (const g of groups) {
        if (ignored) this.store.withdrawSuggestions(g.id);
        this.store.setStatus(g.id, ignored ? 'IGNORED' : g.performer ? 'NAMED' : 'UNNAMED');
      }
    })();
    return groups.map((g) => this.store.group(g.id)!);
  }

  /** Moves every person of the sources into the destination; fails when two of them were seen in one frame. */
  merge(sourceIds: readonly string[], destinationId: string): FaceGroup {
    const dest = this.require(destinationId);
    const sources = sourceIds.map((id) => this.require(id)).filter((g) => g.id !== dest.id);
    if (sources.length === 0) throw new AppError('BAD_USER_INPUT', 'Name at least one source group other than the destination.');
    const named = [dest, ...sources].filter((g) => g.performer);
    if (new Set(named.map((g) => g.performer!.id)).size > 1) {
      throw new AppError('BAD_USER_INPUT', `These groups are named after different performers (${named.map((g) => g.performer!.name).join(', ')}): rename or split first.`);
    }
    const seen = new Map<string, string>();
    const all = [dest, ...sources].flatMap((g) => this.store.groupMembers(g.id));
    const frames = (m: (typeof all)[number]) =>
      m.kind === 'image' || m.timestamps.length === 0 ? [`${m.kind}:${m.item_id}`] : m.timestamps.map((t) => `${m.kind}:${m.item_id}@${t}`);
    for (const m of all) {
      for (const f of frames(m)) {
        const other = seen.get(f);
        if (other && other !== personKey(m)) {
          throw new AppError('BAD_USER_INPUT', `Persons ${other} and ${personKey(m)} appear in the same frame (${f}): they are two people and cannot be one group.`);
        }
        seen.set(f, personKey(m));
      }
    }
    const performer = named[0]?.performer;
    this.deps.state.transaction(() => {
      for (const g of sources) {
        for (const m of this.store.groupMembers(g.id)) this.store.setMemberGroup(m, dest.id);
        this.store.withdrawSuggestions(g.id);
        this.store.deleteGroup(g.id);
      }
      this.store.setManual(dest.id);
      if (performer && !dest.performer) this.store.setNamed(dest.id, named[0].stash_performer_id!, performer);
      const after = this.store.group(dest.id)!;
      if (after.performer) for (const m of this.store.groupMembers(dest.id)) this.store.proposeForGroup(dest.id, m, after.performer);
    })();
    return this.store.group(dest.id)!;
  }

  /** Takes persons (`scene:12:p3`) out of a group into a new group of their own; both stay as the user left them. */
  split(groupId: string, personKeys: readonly string[]): FaceGroup {
    const group = this.require(groupId);
    const members = new Map(this.store.groupMembers(group.id).map((m) => [personKey(m), m]));
    const chosen: Member[] = personKeys.map((k) => {
      const m = parsePersonKey(k) && members.get(k);
      if (!m) throw new AppError('BAD_USER_INPUT', `Person ${k} is not in face group ${group.id} (persons are named like scene:12:p3).`);
      return m;
    });
    if (chosen.length === 0) throw new AppError('BAD_USER_INPUT', 'Name at least one person to take out of the group.');
    let id = 0;
    this.deps.state.transaction(() => {
      id = this.store.createGroup(true);
      for (const m of chosen) this.store.setMemberGroup(m, id);
      this.store.setManual(group.id);
    })();
    return this.store.group(id)!;
  }
}
