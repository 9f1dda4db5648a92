import type { PerformerRecord } from '../database/format.js';
import { AppError } from '../errors.js';
import type { SearchableGallery } from '../galleries/searchable.js';
import type { PerformerMatch } from '../recognition/match.js';
import { DEFAULT_SCENE_PERSONS, matchPerson } from '../recognition/person.js';
import type { PeopleService } from './service.js';

/**
 * Persons of a group searched together, most faces first. Each is already the mean of its scene's faces; a few
 * persons from different scenes average out pose and lighting, and many more would let one mislabelled member drag
 * the mean the least but cost nothing useful.
 */
export const LOOKUP_PERSONS = 8;

/**
 * "Who is this group on StashDB?": the group's best persons searched against the shared database only (the local
 * gallery holds the user's own performers, which naming links directly). The persons' kept mean embeddings are
 * combined as one person seen in several scenes (recognition/person.ts matchPerson, `mean`): their mean at their
 * median width, scored with the full-size calibration when it averages several faces (as buildScenePersons and the
 * re-match do), so the confidence is the calibrated one a scene's person gets. Persons whose faces are too small to
 * name (under the scene rule's minimum width) are left out; a group of only those gets no candidates.
 */
export function groupStashBoxMatches(shared: SearchableGallery, people: PeopleService, groupId: string, limit: number): PerformerMatch[] {
  const group = people.require(groupId);
  const best = people.store
    .memberEmbeddings(group.id)
    .filter((p) => p.search_size >= DEFAULT_SCENE_PERSONS.minFaceSize && Object.keys(p.embeddings).length > 0)
    .slice(0, LOOKUP_PERSONS);
  if (best.length === 0) return [];
  const faces = best.reduce((n, p) => n + p.faces, 0);
  return matchPerson(
    shared,
    best.map((p) => ({ embeddings: p.embeddings, size: p.search_size })),
    { maxResults: limit, minConfidence: 0, calibrationTier: faces > 1 ? 'full' : 'face' },
  );
}

/** The shared database's record of a stash-box performer id (`stashdb.org:<uuid>`), to name a group after it. */
export function stashBoxPerformer(shared: SearchableGallery, id: string): PerformerRecord {
  if (id.startsWith('local:') || !id.includes(':')) {
    throw new AppError('BAD_USER_INPUT', `stash_box_performer_id must be a shared database id like stashdb.org:<uuid> (got "${id}"); a Stash performer goes in stash_performer_id.`);
  }
  const performer = shared.performer(id);
  if (!performer) throw new AppError('NOT_FOUND', `Performer ${id} is not in the loaded face database (${shared.version}).`);
  return performer;
}
