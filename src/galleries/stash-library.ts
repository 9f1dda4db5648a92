import type { StashClient } from '../stash/client.js';
import {
  FindGalleryPerformersDocument,
  FindImagePerformersDocument,
  FindPerformerSoloImagesDocument,
  ListGalleryPerformersDocument,
  ListPerformerIdsDocument,
  type GalleryPerformerFieldsFragment,
} from '../stash/generated.js';

export type StashPerformer = GalleryPerformerFieldsFragment;

const PAGE = 100;

/** Real Stash serves a silhouette for a performer without an image and says so with `default=true`. */
export function hasProfileImage(p: Pick<StashPerformer, 'image_path'>): p is { image_path: string } {
  return !!p.image_path && !/[?&]default=true\b/.test(p.image_path);
}

/** The performers of the user's Stash as the local gallery reads them (documents in stash/documents/gallery.graphql). */
export class StashLibrary {
  constructor(private readonly stash: StashClient) {}

  get baseUrl(): string {
    return this.stash.baseUrl;
  }

  /**
   * Performers changed at or after `since` (Stash's own clock), newest first; all of them without `since`. Pages
   * back by updated_at and stops at the first older one; ids are de-duplicated (offset pages shift while edits land).
   */
  async changedSince(since: string | undefined, onPage?: (seen: number, total: number) => void): Promise<{ performers: StashPerformer[]; newest?: string }> {
    const cutoff = since ? Date.parse(since) : Number.NEGATIVE_INFINITY;
    const byId = new Map<string, StashPerformer>();
    let newest: string | undefined;
    for (let page = 1; ; page++) {
      const { findPerformers } = await this.stash.request(ListGalleryPerformersDocument, { page, per_page: PAGE });
      let older = false;
      for (const p of findPerformers.performers) {
        if (!newest || Date.parse(p.updated_at) > Date.parse(newest)) newest = p.updated_at;
        if (Date.parse(p.updated_at) < cutoff) older = true;
        else byId.set(p.id, p);
      }
      onPage?.(byId.size, findPerformers.count);
      if (older || findPerformers.performers.length < PAGE || page * PAGE >= findPerformers.count) break;
    }
    return { performers: [...byId.values()], newest };
  }

  /** Every performer id in Stash (the reconcile: what the gallery holds and Stash does not was deleted or merged). */
  async allPerformerIds(): Promise<Set<string>> {
    const ids = new Set<string>();
    for (let page = 1; ; page++) {
      const { findPerformers } = await this.stash.request(ListPerformerIdsDocument, { page, per_page: 1000 });
      for (const p of findPerformers.performers) ids.add(p.id);
      if (findPerformers.performers.length < 1000 || page * 1000 >= findPerformers.count) return ids;
    }
  }

  async performers(ids: readonly string[]): Promise<StashPerformer[]> {
    if (ids.length === 0) return [];
    return (await this.stash.request(FindGalleryPerformersDocument, { ids: [...ids] })).findPerformers.performers;
  }

  /** Images where this performer is the only one tagged (a group photo says nothing about which face is whose). */
  async soloImages(performerId: string, limit: number): Promise<Array<{ id: string; url: string }>> {
    const { findImages } = await this.stash.request(FindPerformerSoloImagesDocument, { performer: performerId, per_page: limit });
    return findImages.images
      .filter((i) => i.paths.image && i.performers.length === 1 && i.performers[0].id === performerId)
      .map((i) => ({ id: i.id, url: i.paths.image! }));
  }

  /** Who is tagged on these images now. */
  async imagePerformers(ids: readonly string[]): Promise<Map<string, string[]>> {
    if (ids.length === 0) return new Map();
    const { findImages } = await this.stash.request(FindImagePerformersDocument, { ids: [...ids] });
    return new Map(findImages.images.map((i) => [i.id, i.performers.map((p) => p.id)]));
  }
}
