import { LOCAL_HOST, performerId, stashBoxPerformerId, type PerformerId } from '../database/performer-id.js';
import type { StashIdRef } from '../stash/client.js';

/**
 * Performer ids across galleries (CONTRACTS.md): `<stash-box host>:<uuid>` for a stash-box performer, whichever
 * gallery holds it (a local performer linked to StashDB is keyed by its StashDB id, so it is the same performer as
 * the shared database's), and `local:<Stash performer id>` for a performer known only to the user's Stash.
 */
export const LOCAL_ID_PREFIX = `${LOCAL_HOST}:`;
const PREFERRED_HOST = 'stashdb.org';

export function stashBoxKey(ref: StashIdRef): PerformerId {
  try {
    return stashBoxPerformerId(ref.endpoint, ref.stash_id);
  } catch {
    // An endpoint Stash holds that is not a URL: its text stands for the host.
    return performerId(ref.endpoint, ref.stash_id);
  }
}

/** Every stash-box key of a Stash performer, StashDB's first (the shared database is built from StashDB). */
export function stashBoxKeys(stashIds: readonly StashIdRef[]): string[] {
  const keys = stashIds.filter((s) => s.stash_id && s.endpoint).map(stashBoxKey);
  const preferred = keys.filter((k) => k.startsWith(`${PREFERRED_HOST}:`));
  return [...new Set([...preferred, ...keys])];
}

/** The gallery id of a performer of the user's Stash. */
export function localGalleryId(performer: { id: string; stash_ids: readonly StashIdRef[] }): PerformerId {
  return stashBoxKeys(performer.stash_ids)[0] ?? performerId(LOCAL_HOST, performer.id);
}

export function isLocalOnlyId(id: string): boolean {
  return id.startsWith(LOCAL_ID_PREFIX);
}
