import { AppError } from '../errors.js';
import type { JobItem } from '../jobs/types.js';
import { imageFingerprint, sceneFingerprint, type StashClient } from '../stash/client.js';
import { listGalleries } from './stash-galleries.js';
import type { ImageFilterType, SceneFilterType } from '../stash/generated.js';

export const LIBRARY_SCOPES = ['NO_PERFORMERS', 'UNORGANIZED', 'ALL', 'IDS', 'SAVED_FILTER', 'IMAGES', 'IMAGES_NO_PERFORMERS', 'GALLERIES', 'GALLERIES_NO_PERFORMERS'] as const;
export type LibraryScope = (typeof LIBRARY_SCOPES)[number];

export interface ScopeInput {
  scope: LibraryScope;
  scene_ids?: string[] | null;
  image_ids?: string[] | null;
  gallery_ids?: string[] | null;
  saved_filter_id?: string | null;
}

const PAGE = 100;


/** Every image of an image scope, a page at a time (stoppable between pages). */
async function listImages(stash: StashClient, filter: ImageFilterType | undefined, signal: AbortSignal): Promise<JobItem[]> {
  const items: JobItem[] = [];
  for (let page = 1; !signal.aborted; page++) {
    const found = await stash.findImagesForLibrary({ image_filter: filter, filter: { page, per_page: PAGE, sort: 'id', direction: 'ASC' } });
    for (const i of found.images) items.push({ kind: 'image', id: i.id, fingerprint: imageFingerprint(i) });
    if (found.images.length < PAGE || items.length >= found.count) break;
  }
  return items;
}

/** Lists a run's items from Stash, a page at a time (stoppable between pages). */
export async function listScope(stash: StashClient, input: ScopeInput, signal: AbortSignal): Promise<JobItem[]> {
  if (input.scope === 'IDS') {
    const sceneIds = [...new Set(input.scene_ids ?? [])];
    const imageIds = [...new Set(input.image_ids ?? [])];
    const galleryIds = [...new Set(input.gallery_ids ?? [])];
    if (sceneIds.length + imageIds.length + galleryIds.length === 0) throw new AppError('BAD_USER_INPUT', 'Scope IDS needs scene_ids, image_ids or gallery_ids.');
    const prints = new Map<string, string | null>();
    const numeric = sceneIds.filter((id) => /^\d+$/.test(id));
    for (let i = 0; i < numeric.length && !signal.aborted; i += PAGE) {
      const page = await stash.findScenesForLibrary({ scene_ids: numeric.slice(i, i + PAGE).map(Number), filter: { per_page: -1 } });
      for (const s of page.scenes) prints.set(s.id, sceneFingerprint(s));
    }
    // Ids Stash does not know stay in the run: they fail there with NOT_FOUND, visibly.
    return [
      ...sceneIds.map((id) => ({ kind: 'scene', id, fingerprint: prints.get(id) ?? null })),
      ...imageIds.map((id) => ({ kind: 'image', id, fingerprint: null })),
      ...galleryIds.map((id) => ({ kind: 'gallery', id, fingerprint: null })),
    ];
  }
  if (input.scope === 'GALLERIES') return listGalleries(stash, undefined, signal);
  if (input.scope === 'GALLERIES_NO_PERFORMERS') return listGalleries(stash, { performers: { modifier: 'IS_NULL' } }, signal);
  if (input.scope === 'IMAGES') return listImages(stash, undefined, signal);
  if (input.scope === 'IMAGES_NO_PERFORMERS') return listImages(stash, { performers: { modifier: 'IS_NULL' } }, signal);
  let filter: SceneFilterType | undefined;
  let q: string | undefined;
  if (input.scope === 'NO_PERFORMERS') filter = { performers: { modifier: 'IS_NULL' } };
  else if (input.scope === 'UNORGANIZED') filter = { organized: false };
  else if (input.scope === 'SAVED_FILTER') {
    if (!input.saved_filter_id) throw new AppError('BAD_USER_INPUT', 'Scope SAVED_FILTER needs saved_filter_id.');
    const saved = await stash.savedSceneFilter(input.saved_filter_id);
    filter = (saved.object_filter ?? undefined) as SceneFilterType | undefined;
    q = saved.q ?? undefined;
  }
  const items: JobItem[] = [];
  for (let page = 1; !signal.aborted; page++) {
    const found = await stash.findScenesForLibrary({ scene_filter: filter, filter: { q, page, per_page: PAGE, sort: 'id', direction: 'ASC' } });
    for (const s of found.scenes) items.push({ kind: 'scene', id: s.id, fingerprint: sceneFingerprint(s) });
    if (found.scenes.length < PAGE || items.length >= found.count) break;
  }
  return items;
}
