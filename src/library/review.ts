import type { PerformerRecord } from '../database/format.js';
import { AppError, errorMessage } from '../errors.js';
import type { FaceLearning } from '../galleries/learned.js';
import type { Logger } from '../log.js';
import { sameStashId, type NamedPerformer, type StashClient } from '../stash/client.js';
import { stashRefOf, type LibraryStore } from './store.js';
import type { ItemKind, Suggestion } from './types.js';

export type ReviewStatus = 'ACCEPTED' | 'REJECTED' | 'PENDING' | 'NEEDS_LINK' | 'ALREADY_LINKED' | 'SKIPPED' | 'FAILED';

/**
 * What one suggestion came to. NEEDS_LINK: Stash has a performer of that name or alias; the user links or not.
 * ALREADY_LINKED (link suggestions): another Stash performer has that stash id (in candidates); nothing was written.
 */
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
 * Accept, reject, undo and link for the review queue. Accepting adds the performer to the scene (or gallery) with
 * bulkSceneUpdate (bulkGalleryUpdate) ADD. The performer is the user's Stash performer with that stash-box id; failing that, one with
 * the same name or alias is never duplicated: the outcome is NEEDS_LINK with the candidates; only when there is
 * none is it created (name, disambiguation, country, stash id, image), once per call.
 */
export class ReviewActions {
  constructor(
    private readonly store: LibraryStore,
    private readonly stash: StashClient | undefined,
    private readonly log: Logger,
    /** Accepted persons become learned faces of their performer in the local gallery (when it is on). */
    private readonly learning?: Pick<FaceLearning, 'accepted' | 'undone'>,
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

  /**
   * "Not this performer" on a scene or image page: the same remembered decision as rejecting the review queue's
   * suggestion (which is rejected too when there is one), also for matches too weak to have become suggestions.
   * `undo` forgets it (a rejected suggestion goes back to pending).
   */
  async rejectMatch(m: { kind: ItemKind; item_id: string; person_id: string; performer_id: string }, undo = false): Promise<void> {
    const rows = this.store.findSuggestions({ status: [undo ? 'REJECTED' : 'PENDING'], item_kind: m.kind, item_id: m.item_id, performer_id: m.performer_id, per_page: -1 });
    const ids = rows.suggestions.map((s) => s.id);
    if (undo) {
      if (ids.length) await this.undo(ids);
      this.store.forget({ kind: m.kind, item_id: m.item_id, performer_id: m.performer_id });
    } else {
      this.reject(ids);
      this.store.decide(m, 'REJECTED');
    }
  }

  async accept(ids: readonly string[], options: AcceptOptions = {}): Promise<ReviewOutcome[]> {
    const stash = this.requireStash();
    const resolved = new Map<string, Promise<LocalPerformerResolution>>();
    const out: ReviewOutcome[] = [];
    const learned: Array<ReturnType<typeof confirmation>> = [];
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
      if (s.kind === 'performer') {
        out.push(await this.acceptLink(stash, s).catch((e) => outcome(id, 'FAILED', s, errorMessage(e))));
        continue;
      }
      if (s.kind === 'image') {
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
        if (isItem(s)) learned.push(confirmation(s, local.performer.id));
        out.push({ ...outcome(id, 'ACCEPTED', this.store.suggestion(id)!), created_performer: !!local.created });
      } catch (e) {
        this.log.warn('accepting a suggestion failed', { suggestion: id, error: errorMessage(e) });
        out.push(outcome(id, 'FAILED', s, errorMessage(e)));
      }
    }
    // Told once per call: however many were accepted, the gallery learns them in one batch.
    if (learned.length) this.learning?.accepted(learned);
    return out;
  }

  /** "Link to existing": this Stash performer gets the stash-box id, then the suggestion is accepted with it. */
  async link(id: string, stashPerformerId: string): Promise<ReviewOutcome> {
    const stash = this.requireStash();
    const s = this.store.suggestion(id);
    if (!s) throw new AppError('NOT_FOUND', `There is no suggestion ${id}.`);
    if (s.status !== 'PENDING') return outcome(id, 'SKIPPED', s, `Suggestion ${id} is ${s.status.toLowerCase()}, not pending.`);
    if (s.kind === 'performer') throw new AppError('BAD_USER_INPUT', `Suggestion ${id} links a performer already: accept it (suggestionsAccept).`);
    const performer = await linkStashPerformer(stash, stashPerformerId, s.performer);
    await this.apply(stash, s, performer.id, false);
    if (isItem(s)) this.learning?.accepted([confirmation(s, performer.id)]);
    return outcome(id, 'ACCEPTED', this.store.suggestion(id)!);
  }

  async undo(ids: readonly string[]): Promise<ReviewOutcome[]> {
    const out: ReviewOutcome[] = [];
    const unaccepted: string[] = [];
    for (const id of ids) {
      const s = this.store.suggestion(id);
      if (!s) {
        out.push(outcome(id, 'FAILED', null, `There is no suggestion ${id}.`));
        continue;
      }
      try {
        if (s.status === 'ACCEPTED' && s.kind === 'performer') {
          await this.unlink(this.requireStash(), s);
        } else if (s.status === 'ACCEPTED' && s.stash_performer_id && s.kind !== 'performer') {
          await removePerformer(this.requireStash(), s.kind, s.item_id, s.stash_performer_id);
          const kept = this.store.resultHead(s.kind, s.item_id);
          if (kept) this.store.setTagged(s.kind, s.item_id, kept.tagged.filter((t) => !sameStashId(t, stashRefOf(s.performer))));
          unaccepted.push(id);
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
    if (unaccepted.length) this.learning?.undone(unaccepted);
    return out;
  }

  /**
   * A link suggestion: the Stash performer gets the stash id (performerUpdate replaces the list: read, add, write),
   * unless another Stash performer already has it (two performers for one person: the user merges them in Stash).
   */
  private async acceptLink(stash: StashClient, s: Suggestion): Promise<ReviewOutcome> {
    const ref = stashRefOf(s.performer);
    const others = (await stash.findPerformersByStashIds([ref])).filter((p) => p.id !== s.item_id);
    if (others.length > 0) {
      const named = await Promise.all(others.map((p) => stash.findPerformer(p.id)));
      return {
        ...outcome(s.id, 'ALREADY_LINKED', s, `${named.map((p) => `"${p.name}" (${p.id})`).join(', ')} already ${named.length > 1 ? 'have' : 'has'} ${s.performer.name}'s stash id in your Stash: these are probably one person; merge them in Stash, or reject this suggestion.`),
        candidates: named,
      };
    }
    const performer = await stash.findPerformer(s.item_id);
    if (!performer.stash_ids.some((x) => sameStashId(x, ref))) {
      await stash.setPerformerStashIds(performer.id, [...performer.stash_ids.map(({ endpoint, stash_id }) => ({ endpoint, stash_id })), ref]);
    }
    this.store.db.transaction(() => {
      this.store.setSuggestionStatus(s.id, 'ACCEPTED', { performerId: performer.id, created: false });
      this.store.decide({ ...s, performer_id: s.performer.id }, 'ACCEPTED');
    })();
    this.log.info('performer linked to a stash-box', { stash_performer_id: performer.id, performer: s.performer.id });
    return outcome(s.id, 'ACCEPTED', this.store.suggestion(s.id)!);
  }

  /** Undoing an accepted link: the stash id comes off the Stash performer again (its other stash ids stay). */
  private async unlink(stash: StashClient, s: Suggestion): Promise<void> {
    const ref = stashRefOf(s.performer);
    const performer = await stash.findPerformer(s.item_id);
    if (!performer.stash_ids.some((x) => sameStashId(x, ref))) return;
    await stash.setPerformerStashIds(performer.id, performer.stash_ids.filter((x) => !sameStashId(x, ref)).map(({ endpoint, stash_id }) => ({ endpoint, stash_id })));
  }

  private async apply(stash: StashClient, s: Suggestion, stashPerformerId: string, created: boolean): Promise<void> {
    const kind = s.kind;
    if (kind === 'performer') throw new AppError('INTERNAL', 'A link suggestion has no scene to add a performer to.');
    // ADD (bulkSceneUpdate / bulkGalleryUpdate): the item's other performers stay; adding one already there is a no-op.
    if (kind === 'gallery') await stash.addPerformersToGalleries([s.item_id], [stashPerformerId]);
    else if (kind === 'scene') await stash.addPerformersToScenes([s.item_id], [stashPerformerId]);
    else throw new AppError('BAD_USER_INPUT', 'Accepting image suggestions is not supported yet; tag the image in Stash.');
    this.store.db.transaction(() => {
      this.store.setSuggestionStatus(s.id, 'ACCEPTED', { performerId: stashPerformerId, created });
      this.store.decide({ ...s, performer_id: s.performer.id }, 'ACCEPTED');
      const kept = this.store.resultHead(kind, s.item_id);
      if (kept && !s.performer.id.startsWith('local:')) this.store.setTagged(kind, s.item_id, [...kept.tagged, stashRefOf(s.performer)]);
    })();
  }

  private requireStash(): StashClient {
    if (!this.stash) throw new AppError('BAD_USER_INPUT', 'Accepting suggestions needs STASH_URL to be configured on the sidecar.');
    return this.stash;
  }
}

/** What the local gallery learns from an accepted scene or image suggestion (a link suggestion has no person). */
function confirmation(s: Suggestion & { kind: ItemKind }, stashPerformerId: string) {
  return { suggestion_id: s.id, stash_performer_id: stashPerformerId, person: { kind: s.kind, item_id: s.item_id, person_id: s.person_id } };
}

const isItem = (s: Suggestion): s is Suggestion & { kind: ItemKind } => s.kind === 'scene' || s.kind === 'image' || s.kind === 'gallery';

/** Undoing an accept: the performer comes off the scene or gallery again (REMOVE: the others stay). */
function removePerformer(stash: StashClient, kind: Suggestion['kind'], itemId: string, stashPerformerId: string): Promise<void> {
  if (kind === 'gallery') return stash.removePerformersFromGalleries([itemId], [stashPerformerId]);
  return stash.removePerformersFromScenes([itemId], [stashPerformerId]);
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
