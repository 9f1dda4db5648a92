import { AppError, errorMessage } from '../errors.js';
import type { Logger } from '../log.js';
import type { StashClient } from '../stash/client.js';
import type { ReviewActions } from './review.js';
import type { LibrarySettings } from './settings.js';
import type { LibraryStore } from './store.js';
import type { ItemKind } from './types.js';

export interface FollowUpDeps {
  store: LibraryStore;
  review: ReviewActions;
  stash?: StashClient;
  settings: () => LibrarySettings;
  log: Logger;
}

/** Kinds whose suggestions accepting can apply in Stash (a single image's wait in the review queue). */
const APPLIES = new Set<ItemKind>(['scene', 'gallery']);

/**
 * What the settings ask for after a run has analysed an item: auto-apply (its pending suggestions at or above the
 * threshold go through the review queue's own accept, so the never-a-duplicate rules hold) and the processed tag.
 * Both are tried; what failed is thrown as one error with its code (PROCESSED_TAG_FAILED, AUTO_APPLY_FAILED), which
 * the job runner records on the item as a warning: never only logged.
 */
export class ItemFollowUp {
  /** Tag name -> its Stash id: looked up (or created) once per process, not once per scene. */
  private readonly tags = new Map<string, Promise<string>>();

  constructor(private readonly deps: FollowUpDeps) {}

  async afterItem(kind: ItemKind, itemId: string): Promise<void> {
    const settings = this.deps.settings();
    const problems: Array<{ code: 'PROCESSED_TAG_FAILED' | 'AUTO_APPLY_FAILED'; message: string }> = [];
    if (APPLIES.has(kind) && settings.processed_tag) {
      await this.tag(kind, itemId, settings.processed_tag).catch((e) =>
        problems.push({ code: 'PROCESSED_TAG_FAILED', message: `The processed tag "${settings.processed_tag}" could not be added: ${errorMessage(e)}` }),
      );
    }
    if (settings.auto_apply_min_confidence != null) {
      await this.autoApply(kind, itemId, settings).catch((e) => problems.push({ code: 'AUTO_APPLY_FAILED', message: errorMessage(e) }));
    }
    if (problems.length) throw new AppError(problems[0].code, problems.map((p) => p.message).join(' '), { codes: problems.map((p) => p.code) });
  }

  private async autoApply(kind: ItemKind, itemId: string, settings: LibrarySettings): Promise<void> {
    if (!APPLIES.has(kind)) return;
    const ids = this.deps.store
      .findSuggestions({ status: ['PENDING'], item_kind: kind, item_id: itemId, min_confidence: settings.auto_apply_min_confidence, per_page: -1 })
      .suggestions.map((s) => s.id);
    if (ids.length === 0) return;
    const outcomes = await this.deps.review.accept(ids, { create: settings.auto_apply_create_performers });
    const accepted = outcomes.filter((o) => o.status === 'ACCEPTED').length;
    this.deps.log.info('auto-applied suggestions', {
      kind,
      item_id: itemId,
      accepted,
      // NEEDS_LINK (a name or alias already in Stash, or creation off) and failures stay pending for review.
      left: outcomes.filter((o) => o.status !== 'ACCEPTED').map((o) => `${o.id}:${o.status}`),
    });
    // NEEDS_LINK is the safe path working (a person decides); FAILED is Stash refusing or unreachable: on record.
    const failed = outcomes.filter((o) => o.status === 'FAILED');
    if (failed.length) {
      throw new AppError(
        'AUTO_APPLY_FAILED',
        `Auto-apply could not accept ${failed.length} of ${ids.length} suggestion${ids.length === 1 ? '' : 's'} (they stay pending): ${failed.map((o) => `${o.id}: ${o.message}`).join('; ')}`,
      );
    }
  }

  private async tag(kind: ItemKind, itemId: string, name: string): Promise<void> {
    const stash = this.deps.stash;
    if (!stash) return;
    const add = async (tagId: string) => (kind === 'gallery' ? stash.addTagsToGalleries([itemId], [tagId]) : stash.addTagsToScenes([itemId], [tagId]));
    const tagId = await this.tagId(stash, name);
    try {
      await add(tagId);
    } catch (e) {
      // The tag may have been deleted in Stash since it was looked up: look it up (or create it) again, once.
      this.tags.delete(name);
      if (!(e instanceof AppError)) throw e;
      await add(await this.tagId(stash, name));
    }
  }

  private tagId(stash: StashClient, name: string): Promise<string> {
    let id = this.tags.get(name);
    if (!id) {
      id = (async () => {
        const found = await stash.findTagsNamed(name);
        if (found[0]) return found[0].id;
        const made = await stash.createTag(name);
        this.deps.log.info('processed tag created in Stash', { tag: name, tag_id: made.id });
        return made.id;
      })();
      id.catch(() => this.tags.delete(name));
      this.tags.set(name, id);
    }
    return id;
  }
}
