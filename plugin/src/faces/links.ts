/**
 * Where a found person is in the user's Stash, the same in the review queue and the People tab: a scene at the
 * person's first appearance, an image, or a gallery (a gallery has no times: its person's best face is in an image
 * of it, which opens instead of "the scene at that time").
 */
export interface ItemOf {
  scene_id?: string | null;
  image_id?: string | null;
  gallery_id?: string | null;
}

export interface PersonAt {
  timestamps?: readonly number[] | null;
  image_ids?: readonly string[] | null;
}

export function itemKey(i: ItemOf): string {
  return i.scene_id ? `scene:${i.scene_id}` : i.gallery_id ? `gallery:${i.gallery_id}` : `image:${i.image_id}`;
}

export function itemLabel(i: ItemOf): string {
  return i.scene_id ? `scene ${i.scene_id}` : i.gallery_id ? `gallery ${i.gallery_id}` : `image ${i.image_id}`;
}

/** The item's page; a scene opens at the person's first appearance. */
export function itemHref(i: ItemOf, person?: PersonAt | null): string {
  const t = person?.timestamps?.[0];
  if (i.scene_id) return `/scenes/${i.scene_id}${t != null ? `?t=${Math.floor(t)}` : ''}`;
  if (i.gallery_id) return `/galleries/${i.gallery_id}`;
  return `/images/${i.image_id}`;
}

/** A gallery person's best face (its thumbnail) is in this image of the gallery; null for scenes and images. */
export function faceImageHref(i: ItemOf, person?: PersonAt | null): string | null {
  const image = person?.image_ids?.[0];
  return i.gallery_id && image ? `/images/${image}` : null;
}

/** A job item's page (failures and warnings list them by kind). */
export function jobItemHref(kind: string, id: string): string {
  return `/${({ performer: 'performers', image: 'images', gallery: 'galleries' } as Record<string, string>)[kind] ?? 'scenes'}/${id}`;
}
