import { stashIdOf } from '../database/performer-id.js';
import { sameStashId, type StashIdRef } from '../stash/client.js';
import type { IdentifiedPerson } from './types.js';

/**
 * What identify knows about the source, beyond its pixels, that changes how a match is shown. Later: rejections
 * remembered for the scene, review state, time ranges.
 */
export interface AnnotationContext {
  /** Performers already on the scene in Stash (their stash ids); null when the source is not a Stash scene. */
  tagged: StashIdRef[] | null;
}

/** The annotate step: after matching, every match learns what the user's library already says about it. */
export function annotate(persons: readonly IdentifiedPerson[], context: AnnotationContext): void {
  for (const person of persons) {
    for (const m of person.result.matches) {
      m.already_tagged = context.tagged
        ? context.tagged.some((t) => sameStashId(t, { endpoint: m.performer.endpoint, stash_id: stashIdOf(m.performer.id) }))
        : null;
    }
  }
}
