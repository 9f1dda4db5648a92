import { createHash } from 'node:crypto';
import type { IdentifyGallery } from '../identify/types.js';
import type { JobItem } from '../jobs/types.js';
import { imageFingerprint, type GalleryImage, type StashClient } from '../stash/client.js';
import type { GalleryFilterType } from '../stash/generated.js';

/**
 * Images of one gallery searched in a library run, at most. Clustering a group's faces is cubic in their number and
 * every image is a download and a detection: 50 photos (about 100 faces) keep a gallery to seconds, and persons of a
 * photo set show up in many of its images, so 50 spread over the whole gallery find them as well as all would.
 */
export const GALLERY_IMAGE_CAP = 50;

const PAGE = 100;

/** Every gallery of a gallery scope (or the ids given), a page at a time (stoppable between pages). */
export async function listGalleries(stash: StashClient, filter: GalleryFilterType | undefined, signal: AbortSignal): Promise<JobItem[]> {
  const items: JobItem[] = [];
  for (let page = 1; !signal.aborted; page++) {
    const found = await stash.findGalleriesForLibrary({ gallery_filter: filter, filter: { page, per_page: PAGE, sort: 'id', direction: 'ASC' } });
    // The fingerprint needs the gallery's images: it is taken when the gallery's turn comes (galleryForIdentify).
    for (const g of found.galleries) items.push({ kind: 'gallery', id: g.id, fingerprint: null });
    if (found.galleries.length < PAGE || items.length >= found.count) break;
  }
  return items;
}

/** `n` items spread evenly over the list (its first and last included), in list order. */
export function spreadEvenly<T>(list: readonly T[], n: number): T[] {
  if (list.length <= n) return [...list];
  if (n <= 1) return list.slice(0, n);
  return Array.from({ length: n }, (_, i) => list[Math.round((i * (list.length - 1)) / (n - 1))]);
}

/**
 * What "the same gallery" means for skipping: its images (ids and file checksums), all of them, not only those
 * searched. An image added, removed or replaced makes the gallery new work; a rename or a tag does not.
 */
export function galleryFingerprint(images: ReadonlyArray<Pick<GalleryImage, 'id' | 'visual_files'>>): string {
  const lines = images.map((i) => `${i.id}:${imageFingerprint(i) ?? ''}`).sort();
  return `images:${images.length}:${createHash('sha256').update(lines.join('\n')).digest('hex').slice(0, 16)}`;
}

/** A gallery as a library run identifies it: its performers, up to GALLERY_IMAGE_CAP images, and its fingerprint. */
export async function galleryForIdentify(
  stash: StashClient,
  id: string,
  signal?: AbortSignal,
  cap = GALLERY_IMAGE_CAP,
): Promise<{ gallery: IdentifyGallery; fingerprint: string; imageCount: number }> {
  const { gallery, images } = await stash.galleryImages(id, signal);
  const readable = images.filter((i) => i.paths.image);
  return {
    gallery: {
      id: gallery.id,
      pictures: spreadEvenly(readable, cap).map((i) => ({ id: i.id, url: i.paths.image! })),
      performers: gallery.performers,
    },
    fingerprint: galleryFingerprint(images),
    imageCount: images.length,
  };
}
