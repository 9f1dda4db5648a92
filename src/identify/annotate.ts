import { stashIdOf } from '../database/performer-id.js';
import { sameStashId, type StashIdRef } from '../stash/client.js';
import type { IdentifiedPerson, MatchResult } from './types.js';

/** The performers on a scene in Stash: their stash-box ids, and their Stash ids (for local gallery performers). */
export interface TaggedPerformers {
  stash_ids: StashIdRef[];
  ids: string[];
}

/**
 * What identify knows about the source, beyond its pixels, that changes how a match is shown. Later: rejections
 * remembered for the scene, review state, time ranges.
 */
export interface AnnotationContext {
  /** Performers already on the scene in Stash; null when the source is not a Stash scene. */
  tagged: TaggedPerformers | null;
}

/** The annotate step: after matching, every match learns what the user's library already says about it. */
export function annotate(persons: readonly IdentifiedPerson[], context: AnnotationContext): void {
  for (const person of persons) {
    for (const m of person.result.matches) m.already_tagged = context.tagged ? isTagged(context.tagged, m.performer) : null;
  }
}

function isTagged(tagged: TaggedPerformers, performer: MatchResult['performer']): boolean {
  if (performer.local_id && tagged.ids.includes(performer.local_id)) return true;
  return tagged.stash_ids.some((t) => sameStashId(t, { endpoint: performer.endpoint, stash_id: stashIdOf(performer.id) }));
}
