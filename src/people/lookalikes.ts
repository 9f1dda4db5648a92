import { stashBoxPerformerId } from '../database/performer-id.js';
import type { FaceDatabase } from '../database/loader.js';
import { AppError } from '../errors.js';
import type { SearchableGallery } from '../galleries/searchable.js';
import { matchEmbedding, type PerformerMatch } from '../recognition/match.js';
import type { StashClient } from '../stash/client.js';
import { l2normalize } from '../vision/vectors.js';

/** Width passed to the search so it uses the full-size templates (lookalikes compare performers, not small faces). */
const FULL_WIDTH = 1_000;

/**
 * The performers whose full-size templates are nearest to one performer's own template, with the calibrated
 * confidence the search of both galleries gives (as if the performer's template were a probe face). `performerId` is a database
 * performer id (`stashdb.org:<uuid>`, `local:<id>`) or, when it is a bare number, a Stash performer id resolved
 * through its stash ids.
 */
/** A gallery that can hand out a performer's own template: one package, or the galleries searched as one. */
type TemplateGallery = SearchableGallery & Pick<FaceDatabase, 'templateVector'>;

export async function lookalikes(db: TemplateGallery, performerId: string, limit: number, stash?: StashClient): Promise<PerformerMatch[]> {
  let ids = [performerId];
  if (/^\d+$/.test(performerId)) {
    if (!stash) throw new AppError('BAD_USER_INPUT', 'A Stash performer id needs STASH_URL to be configured on the sidecar.');
    const p = await stash.findPerformer(performerId);
    ids = [...p.stash_ids.map((s) => stashBoxPerformerId(s.endpoint, s.stash_id)), `local:${performerId}`];
  }
  const label = db.templateLabels.findIndex((l) => ids.includes(l));
  if (label < 0) throw new AppError('NOT_FOUND', `Performer ${performerId} has no template in the loaded database.`);
  const self = db.templateLabels[label];
  const embeddings = Object.fromEntries(db.modelIds.map((m) => [m, l2normalize(db.templateVector(m, 'full', label))]));
  return matchEmbedding(db, embeddings, FULL_WIDTH, { maxResults: limit + 1, minConfidence: 0, calibrationTier: 'full' })
    .filter((m) => m.performer.id !== self)
    .slice(0, limit);
}
