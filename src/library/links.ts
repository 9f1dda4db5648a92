import type { PerformerRecord } from '../database/format.js';
import type { FaceDatabase } from '../database/loader.js';
import { AppError } from '../errors.js';
import { hasProfileImage, StashLibrary, type StashPerformer } from '../galleries/stash-library.js';
import { localOnlyEntries, type SearchableGallery } from '../galleries/searchable.js';
import type { GalleryUnion } from '../galleries/union.js';
import type { IdentifyService } from '../identify/service.js';
import type { JobHandler, JobItem, PacingInput } from '../jobs/types.js';
import { matchEmbedding } from '../recognition/match.js';
import { endpointHost, type NamedPerformer, type StashClient } from '../stash/client.js';
import type { StateDatabase } from '../state/database.js';
import type { LinkSubject } from './types.js';

/**
 * "Find on StashDB" for every unlinked performer at once. Each Stash performer with no stash id for the shared
 * database's stash-box is looked up in that database (never as itself: its own local-gallery entry is no candidate),
 * and a confident answer becomes a link suggestion in the review queue (item_kind `performer`, item_id the Stash
 * performer). Accepting it writes the stash id to Stash (review.ts).
 */

/** The suggestions' person_id for a link suggestion: a performer is looked up as one face, its reference. */
export const LINK_PERSON = 'performer';

/** Width that makes the search use the full-size templates (a gallery template is compared as a full-size face). */
const FULL_WIDTH = 1_000;
/** Candidates kept per lookup (the review shows the best one not rejected). */
const CANDIDATES = 5;

export interface FindOnStashBoxInput extends PacingInput {
  /** The stash-box whose ids are written (resolved at submit: the shared database's source). */
  endpoint: string;
  /** Only these Stash performers (still only the unlinked ones); all when absent. */
  performer_ids?: string[] | null;
}

export interface LinkCandidate {
  performer: PerformerRecord;
  confidence: number;
  distance: number;
}

export interface PerformerLookup {
  stash_performer_id: string;
  endpoint_host: string;
  database_version: string;
  fingerprint: string | null;
  /** GALLERY: the performer's local-gallery template (no model run); IMAGE: identify on its profile image. */
  source: 'GALLERY' | 'IMAGE';
  candidates: LinkCandidate[];
  looked_up_at: string;
}

const now = () => new Date().toISOString();

/** performer_lookups, and the review-queue rows of link suggestions (suggestions with item_kind `performer`). */
export class LinkStore {
  private readonly s;

  constructor(readonly db: StateDatabase) {
    this.s = {
      get: db.prepare(`SELECT * FROM performer_lookups WHERE stash_performer_id = ? AND endpoint_host = ?`),
      put: db.prepare(`
        INSERT INTO performer_lookups (stash_performer_id, endpoint_host, database_version, fingerprint, source, candidates, looked_up_at)
        VALUES (@stash_performer_id, @endpoint_host, @database_version, @fingerprint, @source, @candidates, @looked_up_at)
        ON CONFLICT (stash_performer_id, endpoint_host) DO UPDATE SET database_version = excluded.database_version,
          fingerprint = excluded.fingerprint, source = excluded.source, candidates = excluded.candidates, looked_up_at = excluded.looked_up_at`),
      decided: db.prepare(`SELECT performer_id FROM decisions WHERE item_kind = 'performer' AND item_id = ?`),
      rows: db.prepare(`SELECT id, performer_id, status FROM suggestions WHERE item_kind = 'performer' AND item_id = ?`),
      insert: db.prepare(`
        INSERT INTO suggestions (item_kind, item_id, person_id, performer_id, performer, confidence, distance, database_version, status, created_at, subject)
        VALUES ('performer', ?, '${LINK_PERSON}', ?, ?, ?, ?, ?, 'PENDING', ?, ?)`),
      refresh: db.prepare(`UPDATE suggestions SET performer = ?, confidence = ?, distance = ?, database_version = ?, subject = ?, status = 'PENDING' WHERE id = ?`),
      supersede: db.prepare(`UPDATE suggestions SET status = 'SUPERSEDED' WHERE id = ?`),
    };
  }

  lookup(stashPerformerId: string, host: string): PerformerLookup | undefined {
    const row = this.s.get.get(stashPerformerId, host) as (Omit<PerformerLookup, 'candidates'> & { candidates: string }) | undefined;
    return row && { ...row, candidates: JSON.parse(row.candidates) };
  }

  /**
   * Keeps the lookup and brings the performer's link suggestion in line with it (call in one transaction): the best
   * candidate at or above `minConfidence` that the user has not rejected for this performer becomes (or stays)
   * PENDING; a PENDING row for another candidate becomes SUPERSEDED. Decided rows are never touched.
   */
  save(lookup: PerformerLookup, subject: LinkSubject, minConfidence: number): void {
    this.s.put.run({ ...lookup, candidates: JSON.stringify(lookup.candidates) });
    const decided = new Set((this.s.decided.all(lookup.stash_performer_id) as Array<{ performer_id: string }>).map((d) => d.performer_id));
    const best = lookup.candidates.find((c) => c.confidence >= minConfidence && !decided.has(c.performer.id));
    const rows = this.s.rows.all(lookup.stash_performer_id) as Array<{ id: number; performer_id: string; status: string }>;
    for (const row of rows) if (row.status === 'PENDING' && row.performer_id !== best?.performer.id) this.s.supersede.run(row.id);
    if (!best) return;
    const row = rows.find((r) => r.performer_id === best.performer.id);
    const args = [JSON.stringify(best.performer), best.confidence, best.distance, lookup.database_version] as const;
    if (!row) this.s.insert.run(lookup.stash_performer_id, best.performer.id, ...args, now(), JSON.stringify(subject));
    else if (row.status === 'PENDING' || row.status === 'SUPERSEDED') this.s.refresh.run(...args, JSON.stringify(subject), row.id);
  }
}

/** The stash-box a run links to: the one asked for, which the shared database must hold, else its only (or StashDB's). */
export function linkEndpoint(shared: FaceDatabase, asked?: string | null): string {
  const sources = shared.manifest.sources ?? [];
  if (asked) {
    const host = endpointHost(asked);
    const source = sources.find((s) => s.host === host || endpointHost(s.endpoint) === host);
    if (!source) {
      throw new AppError('BAD_USER_INPUT', `The shared database (${shared.version}) holds no performers of ${asked}; it has ${sources.map((s) => s.endpoint).join(', ') || 'no stash-box sources'}.`);
    }
    return source.endpoint;
  }
  const source = sources.find((s) => s.host === 'stashdb.org') ?? sources[0];
  if (!source) throw new AppError('BAD_USER_INPUT', `The shared database (${shared.version}) names no stash-box source to link to.`);
  return source.endpoint;
}

/** Whether a Stash performer already has a stash id on this stash-box (host compared: with or without /graphql). */
export function linkedTo(performer: Pick<StashPerformer, 'stash_ids'>, endpoint: string): boolean {
  const host = endpointHost(endpoint);
  return performer.stash_ids.some((s) => endpointHost(s.endpoint) === host);
}

/**
 * A performer's own local-gallery template searched against every gallery but itself: what identify on its profile
 * image would search, from faces already embedded (no model runs). Undefined when the local gallery has no faces of it.
 */
export function searchGalleryTemplate(db: SearchableGallery & Pick<FaceDatabase, 'templateVector'>, stashPerformerId: string): LinkCandidate[] | undefined {
  const own = localOnlyEntries(db, stashPerformerId);
  const label = db.templateLabels.findIndex((id) => own.has(id));
  if (label < 0) return undefined;
  const embeddings = Object.fromEntries(db.modelIds.map((m) => [m, db.templateVector(m, 'full', label)]));
  // As lookalikes compares performers: the template is one full-size probe; the own entry is excluded before the
  // posterior is computed, so it takes no confidence from the real answer.
  return matchEmbedding(db, embeddings, FULL_WIDTH, { maxResults: CANDIDATES + own.size, minConfidence: 0, calibrationTier: 'full', excludePerformers: own }).map(
    ({ performer, confidence, distance }) => ({ performer, confidence, distance }),
  );
}

export interface FindOnStashBoxDeps {
  store: LinkStore;
  /** The galleries identify searches: the shared database is searched with the local gallery, as identify does. */
  galleries: { require(): GalleryUnion };
  identify: IdentifyService;
  stash?: StashClient;
  minConfidence: number;
}

export function sharedOf(galleries: FindOnStashBoxDeps['galleries']): { union: GalleryUnion; shared: FaceDatabase } {
  const union = galleries.require();
  if (!union.shared) {
    throw new AppError('DATABASE_NOT_LOADED', 'Finding performers on StashDB needs the shared face database; install one (installDatabase) and run it again.');
  }
  return { union, shared: union.shared };
}

function subjectOf(p: NamedPerformer): LinkSubject {
  return { id: p.id, name: p.name, disambiguation: p.disambiguation ?? null, image_path: hasProfileImage(p) ? p.image_path : null };
}

/** The `find_on_stashbox` job: plans the unlinked performers, looks each one up, keeps link suggestions. */
export function findOnStashBoxJob(deps: FindOnStashBoxDeps): JobHandler<FindOnStashBoxInput> {
  const stash = () => {
    if (!deps.stash) throw new AppError('BAD_USER_INPUT', 'Finding performers on StashDB needs STASH_URL to be configured on the sidecar.');
    return deps.stash;
  };
  return {
    kind: 'find_on_stashbox',
    describe: (input) =>
      `Finding ${input.performer_ids?.length ? `${input.performer_ids.length} chosen` : 'unlinked'} performers on ${endpointHost(input.endpoint)}`,
    plan: async (input) => {
      const library = new StashLibrary(stash());
      const performers = input.performer_ids?.length ? await library.performers(input.performer_ids) : (await library.changedSince(undefined)).performers;
      return performers
        .filter((p) => !linkedTo(p, input.endpoint))
        .sort((a, b) => Number(a.id) - Number(b.id) || a.id.localeCompare(b.id))
        .map((p): JobItem => ({ kind: 'performer', id: p.id, fingerprint: p.updated_at }));
    },
    isFatal: (e) => e instanceof AppError && (e.code === 'DATABASE_NOT_LOADED' || e.code === 'STATE_ERROR'),
    process: async (item, input) => {
      const { union, shared } = sharedOf(deps.galleries);
      const host = endpointHost(input.endpoint);
      const before = deps.store.lookup(item.id, host);
      if (before && before.database_version === shared.version && before.fingerprint === (item.fingerprint ?? null)) return { outcome: 'skipped' };
      const performer = await stash().findPerformer(item.id);
      // Linked since the run was planned (by hand, or an accepted suggestion): nothing to find.
      if (linkedTo(performer, input.endpoint)) return { outcome: 'skipped' };
      let source: PerformerLookup['source'] = 'GALLERY';
      let found = searchGalleryTemplate(union, item.id);
      if (!found) {
        if (!hasProfileImage(performer)) throw new AppError('NOT_FOUND', `${performer.name} has no image in Stash (and no faces in the local gallery) to look up.`);
        source = 'IMAGE';
        // The identify pipeline, as "Find on StashDB" on the performer's page (its own local entry excluded there too).
        const result = await deps.identify.identify({ performer_id: item.id, min_confidence: 0, max_results: CANDIDATES });
        // A single image lists its faces largest first: a profile image's largest face is the performer's.
        const face = result.persons[0];
        if (!face) throw new AppError('NO_FACE', `No face was found in ${performer.name}'s profile image.`);
        found = face.matches.map(({ performer: p, confidence, distance }) => ({ performer: p, confidence, distance }));
      }
      // Only the shared database's performers of this stash-box can be linked (not another local performer).
      const candidates = found.filter((c) => shared.performer(c.performer.id) && endpointHost(c.performer.endpoint) === host);
      const lookup: PerformerLookup = {
        stash_performer_id: item.id,
        endpoint_host: host,
        database_version: shared.version,
        fingerprint: item.fingerprint ?? null,
        source,
        candidates,
        looked_up_at: now(),
      };
      return { outcome: 'done', commit: () => deps.store.save(lookup, subjectOf(performer), deps.minConfidence) };
    },
  };
}
