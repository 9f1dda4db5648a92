import type { PerformerRecord } from '../database/format.js';
import { AppError, errorMessage } from '../errors.js';
import type { Logger } from '../log.js';
import { sameStashId, type NamedPerformer, type StashClient } from '../stash/client.js';
import { stashRefOf, type LibraryStore } from './store.js';
import type { Suggestion } from './types.js';

export type ReviewStatus = 'ACCEPTED' | 'REJECTED' | 'PENDING' | 'NEEDS_LINK' | 'SKIPPED' | 'FAILED';

/** What one suggestion came to. NEEDS_LINK: Stash has a performer of that name or alias; the user links or not. */
export interface ReviewOutcome {
  id: string;
  status: ReviewStatus;
  suggestion: Suggestion | null;
  message: string | null;
  candidates: NamedPerformer[];
  created_performer: boolean;
}

export interface AcceptOptions {
  /** Create the performer in Stash when it has none by stash id, name or alias (default true). */
  create?: boolean;
}

/**
 * Accept, reject, undo and link for the review queue. Accepting adds the performer to the scene with
 * bulkSceneUpdate ADD. The performer is the user's Stash performer with that stash-box id; failing that, one with
 * the same name or alias is never duplicated: the outcome is NEEDS_LINK with the candidates; only when there is
 * none is it created (name, disambiguation, country, stash id, image), once per call.
 */
export class ReviewActions {
  constructor(
    private readonly store: LibraryStore,
    private readonly stash: StashClient | undefined,
    private readonly log: Logger,
  ) {}

  reject(ids: readonly string[]): ReviewOutcome[] {
    return ids.map((id) => {
      const s = this.store.suggestion(id);
      if (!s) return outcome(id, 'FAILED', null, `There is no suggestion ${id}.`);
      if (s.status !== 'PENDING') return outcome(id, 'SKIPPED', s, `Suggestion ${id} is ${s.status.toLowerCase()}, not pending.`);
      this.store.db.transaction(() => {
        this.store.setSuggestionStatus(id, 'REJECTED');
        this.store.decide({ ...s, performer_id: s.performer.id }, 'REJECTED');
      })();
      return outcome(id, 'REJECTED', this.store.suggestion(id)!);
    });
  }

  async accept(ids: readonly string[], options: AcceptOptions = {}): Promise<ReviewOutcome[]> {
    const stash = this.requireStash();
    const resolved = new Map<string, Promise<LocalPerformerResolution>>();
    const out: ReviewOutcome[] = [];
    for (const id of ids) {
      const s = this.store.suggestion(id);
      if (!s) {
        out.push(outcome(id, 'FAILED', null, `There is no suggestion ${id}.`));
        continue;
      }
      if (s.status !== 'PENDING') {
        out.push(outcome(id, 'SKIPPED', s, `Suggestion ${id} is ${s.status.toLowerCase()}, not pending.`));
        continue;
      }
      if (s.kind !== 'scene') {
        out.push(outcome(id, 'FAILED', s, 'Accepting image suggestions is not supported yet; tag the image in Stash.'));
        continue;
      }
      try {
        // One lookup (and at most one creation) per performer per call, however many scenes it is accepted for.
        let found = resolved.get(s.performer.id);
        if (!found) {
          found = resolveLocalPerformer(stash, this.log, s.performer, options.create ?? true);
          resolved.set(s.performer.id, found);
        }
        const local = await found;
        if (!local.performer && local.candidates!.length === 0) {
          out.push(outcome(id, 'NEEDS_LINK', s, `${s.performer.name} is not in your Stash; accept with create to add them.`));
          continue;
        }
        if (!local.performer) {
          out.push({ ...outcome(id, 'NEEDS_LINK', s, `Stash already has ${local.candidates!.map((c) => `"${c.name}" (${c.id})`).join(', ')} by that name or alias: link one, or create anyway from Stash.`), candidates: local.candidates! });
          continue;
        }
        await this.apply(stash, s, local.performer.id, !!local.created);
        out.push({ ...outcome(id, 'ACCEPTED', this.store.suggestion(id)!), created_performer: !!local.created });
      } catch (e) {
        this.log.warn('accepting a suggestion failed', { suggestion: id, error: errorMessage(e) });
        out.push(outcome(id, 'FAILED', s, errorMessage(e)));
      }
    }
    return out;
  }

  /** "Link to existing": this Stash performer gets the stash-box id, then the suggestion is accepted with it. */
  async link(id: string, stashPerformerId: string): Promise<ReviewOutcome> {
    const stash = this.requireStash();
    const s = this.store.suggestion(id);
    if (!s) throw new AppError('NOT_FOUND', `There is no suggestion ${id}.`);
    if (s.status !== 'PENDING') return outcome(id, 'SKIPPED', s, `Suggestion ${id} is ${s.status.toLowerCase()}, not pending.`);
    const performer = await linkStashPerformer(stash, stashPerformerId, s.performer);
    await this.apply(stash, s, performer.id, false);
    return outcome(id, 'ACCEPTED', this.store.suggestion(id)!);
  }

  async undo(ids: readonly string[]): Promise<ReviewOutcome[]> {
    const out: ReviewOutcome[] = [];
    for (const id of ids) {
      const s = this.store.suggestion(id);
      if (!s) {
        out.push(outcome(id, 'FAILED', null, `There is no suggestion ${id}.`));
        continue;
      }
      try {
        if (s.status === 'ACCEPTED' && s.stash_performer_id) {
          await this.requireStash().removePerformersFromScenes([s.item_id], [s.stash_performer_id]);
          const kept = this.store.resultHead(s.kind, s.item_id);
          if (kept) this.store.setTagged(s.kind, s.item_id, kept.tagged.filter((t) => !sameStashId(t, stashRefOf(s.performer))));
        } else if (s.status !== 'REJECTED') {
          out.push(outcome(id, 'SKIPPED', s, `Suggestion ${id} is ${s.status.toLowerCase()}: nothing to undo.`));
          continue;
        }
        this.store.db.transaction(() => {
          this.store.setSuggestionStatus(id, 'PENDING');
          this.store.forget({ ...s, performer_id: s.performer.id });
        })();
        out.push(outcome(id, 'PENDING', this.store.suggestion(id)!));
      } catch (e) {
        out.push(outcome(id, 'FAILED', s, errorMessage(e)));
      }
    }
    return out;
  }

  private async apply(stash: StashClient, s: Suggestion, stashPerformerId: string, created: boolean): Promise<void> {
    await stash.addPerformersToScenes([s.item_id], [stashPerformerId]);
    this.store.db.transaction(() => {
      this.store.setSuggestionStatus(s.id, 'ACCEPTED', { performerId: stashPerformerId, created });
      this.store.decide({ ...s, performer_id: s.performer.id }, 'ACCEPTED');
      const kept = this.store.resultHead(s.kind, s.item_id);
      if (kept && !s.performer.id.startsWith('local:')) this.store.setTagged(s.kind, s.item_id, [...kept.tagged, stashRefOf(s.performer)]);
    })();
  }

  private requireStash(): StashClient {
    if (!this.stash) throw new AppError('BAD_USER_INPUT', 'Accepting suggestions needs STASH_URL to be configured on the sidecar.');
    return this.stash;
  }
}

function outcome(id: string, status: ReviewStatus, suggestion: Suggestion | null, message: string | null = null): ReviewOutcome {
  return { id, status, suggestion, message, candidates: [], created_performer: false };
}

/** The user's Stash performer for a database performer, or why there is none (see resolveLocalPerformer). */
export interface LocalPerformerResolution {
  performer?: NamedPerformer;
  created?: boolean;
  /** Performers of that name or alias (no stash id link): the user links one, never a duplicate. */
  candidates?: NamedPerformer[];
}

/**
 * "Link, never duplicate", shared by the review queue and face groups: a database performer is the user's Stash
 * performer with its stash-box id; failing that, one with the same name or alias is never duplicated (the candidates
 * come back); only when there is none (and `create`) is it created (name, disambiguation, country, aliases, stash id,
 * image).
 */
export async function resolveLocalPerformer(stash: StashClient, log: Logger, performer: PerformerRecord, create: boolean): Promise<LocalPerformerResolution> {
  if (performer.id.startsWith('local:')) return { performer: await stash.findPerformer(performer.id.slice('local:'.length)) };
  const ref = stashRefOf(performer);
  const linked = await stash.findPerformersByStashIds([ref]);
  if (linked[0]) return { performer: await stash.findPerformer(linked[0].id) };
  const names = [performer.name, ...(performer.aliases ?? [])];
  const candidates = new Map<string, NamedPerformer>();
  for (const name of names) for (const p of await stash.findPerformersNamed(name)) candidates.set(p.id, p);
  if (candidates.size > 0 || !create) return { candidates: [...candidates.values()] };
  const made = await stash.createPerformer({
    name: performer.name,
    disambiguation: performer.disambiguation ?? undefined,
    country: performer.country ?? undefined,
    alias_list: performer.aliases?.length ? performer.aliases : undefined,
    stash_ids: [ref],
    image: performer.image_url ?? undefined,
  });
  log.info('performer created in Stash', { performer: performer.id, stash_performer_id: made.id, name: made.name });
  return { performer: made, created: true };
}

/** "Link to existing": the user's Stash performer gets the database performer's stash-box id (unless local or there). */
export async function linkStashPerformer(stash: StashClient, stashPerformerId: string, performer: PerformerRecord): Promise<NamedPerformer> {
  const found = await stash.findPerformer(stashPerformerId);
  const ref = stashRefOf(performer);
  if (performer.id.startsWith('local:') || found.stash_ids.some((x) => sameStashId(x, ref))) return found;
  // performerUpdate replaces the list: read, add, write (CONTRACTS.md).
  return stash.setPerformerStashIds(found.id, [...found.stash_ids.map(({ endpoint, stash_id }) => ({ endpoint, stash_id })), ref]);
}
