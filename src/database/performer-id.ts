/**
 * A performer's id in every database and result: `<stash-box host>:<uuid>` for a stash-box performer (e.g.
 * `stashdb.org:3f0e…`), `local:<Stash performer id>` for one known only to the user's Stash (CONTRACTS.md). A host
 * may carry a port (`localhost:9998:uuid`), so the id splits at its last colon.
 */
export type PerformerId = string;

export interface PerformerKey {
  /** The stash-box host (with port, if any), or `local`. */
  host: string;
  /** The performer's uuid on that stash-box, or the local Stash id. */
  uuid: string;
}

export const LOCAL_HOST = 'local';

export function performerId(host: string, uuid: string): PerformerId {
  return `${host}:${uuid}`;
}

/** The id of a stash-box performer: the endpoint's host (and port) with its uuid. */
export function stashBoxPerformerId(endpoint: string, uuid: string): PerformerId {
  return performerId(new URL(endpoint).host, uuid);
}

export function performerKey(id: PerformerId): PerformerKey {
  const i = id.lastIndexOf(':');
  return { host: id.slice(0, i), uuid: id.slice(i + 1) };
}

/** The stash-box uuid (Stash's `stash_id`) of a performer id. */
export function stashIdOf(id: PerformerId): string {
  return performerKey(id).uuid;
}
