import { AppError } from '../errors.js';
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

/**
 * What the settings ask for after a run has analysed an item: auto-apply (its pending suggestions at or above the
 * threshold go through the review queue's own accept, so the never-a-duplicate rules hold) and the processed tag.
 */
export class ItemFollowUp {
  /** Tag name -> its Stash id: looked up (or created) once per process, not once per scene. */
  private readonly tags = new Map<string, Promise<string>>();

  constructor(private readonly deps: FollowUpDeps) {}

  async afterItem(kind: ItemKind, itemId: string): Promise<void> {
    const settings = this.deps.settings();
    if (kind === 'scene' && settings.processed_tag) await this.tag(itemId, settings.processed_tag);
    if (settings.auto_apply_min_confidence != null) await this.autoApply(kind, itemId, settings);
  }

  private async autoApply(kind: ItemKind, itemId: string, settings: LibrarySettings): Promise<void> {
    // Accepting adds performers to scenes; image suggestions wait in the review queue.
    if (kind !== 'scene') return;
    const ids = this.deps.store
      .findSuggestions({ status: ['PENDING'], item_kind: kind, item_id: itemId, min_confidence: settings.auto_apply_min_confidence, per_page: -1 })
      .suggestions.map((s) => s.id);
    if (ids.length === 0) return;
    const outcomes = await this.deps.review.accept(ids, { create: settings.auto_apply_create_performers });
    const accepted = outcomes.filter((o) => o.status === 'ACCEPTED').length;
    this.deps.log.info('auto-applied suggestions', {
      scene_id: itemId,
      accepted,
      // NEEDS_LINK (a name or alias already in Stash, or creation off) and failures stay pending for review.
      left: outcomes.filter((o) => o.status !== 'ACCEPTED').map((o) => `${o.id}:${o.status}`),
    });
  }

  private async tag(sceneId: string, name: string): Promise<void> {
    const stash = this.deps.stash;
    if (!stash) return;
    const tagId = await this.tagId(stash, name);
    try {
      await stash.addTagsToScenes([sceneId], [tagId]);
    } catch (e) {
      // The tag may have been deleted in Stash since it was looked up: look it up (or create it) again, once.
      this.tags.delete(name);
      if (!(e instanceof AppError)) throw e;
      await stash.addTagsToScenes([sceneId], [await this.tagId(stash, name)]);
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
