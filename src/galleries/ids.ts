import { endpointHost, type StashIdRef } from '../stash/client.js';

/**
 * Performer ids across galleries (CONTRACTS.md): `<stash-box host>:<uuid>` for a stash-box performer, whichever
 * gallery holds it (a local performer linked to StashDB is keyed by its StashDB id, so it is the same performer as
 * the shared database's), and `local:<Stash performer id>` for a performer known only to the user's Stash.
 */
export const LOCAL_ID_PREFIX = 'local:';
const PREFERRED_HOST = 'stashdb.org';

export function stashBoxKey(ref: StashIdRef): string {
  return `${endpointHost(ref.endpoint)}:${ref.stash_id}`;
}

/** Every stash-box key of a Stash performer, StashDB's first (the shared database is built from StashDB). */
export function stashBoxKeys(stashIds: readonly StashIdRef[]): string[] {
  const keys = stashIds.filter((s) => s.stash_id && s.endpoint).map(stashBoxKey);
  const preferred = keys.filter((k) => k.startsWith(`${PREFERRED_HOST}:`));
  return [...new Set([...preferred, ...keys])];
}

/** The gallery id of a performer of the user's Stash. */
export function localGalleryId(performer: { id: string; stash_ids: readonly StashIdRef[] }): string {
  return stashBoxKeys(performer.stash_ids)[0] ?? `${LOCAL_ID_PREFIX}${performer.id}`;
}

export function isLocalOnlyId(id: string): boolean {
  return id.startsWith(LOCAL_ID_PREFIX);
}
