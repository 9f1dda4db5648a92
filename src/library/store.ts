import type { PerformerRecord } from '../database/format.js';
import type { StateDatabase } from '../state/database.js';
import { sameStashId, type StashIdRef } from '../stash/client.js';
import type { ItemKind, KeptPerson, KeptResult, Suggestion, SuggestionKind, SuggestionStatus } from './types.js';
import { packEmbeddings, unpackEmbeddings } from './vectors.js';

interface ResultRow {
  item_kind: ItemKind;
  item_id: string;
  fingerprint: string | null;
  database_version: string | null;
  vision_profile: string;
  frames_mode: string;
  source: string | null;
  frames_used: number;
  tagged: string;
  analyses: number;
  analysed_at: string;
  matched_at: string;
}

interface PersonRow {
  person_id: string;
  box: string | null;
  timestamps: string;
  face_count: number;
  face_size: number;
  search_size: number;
  faces: number;
  detection_score: number;
  low_evidence: number;
  thumbnail: Buffer | null;
  embeddings: Buffer | null;
  matches: string;
  /** Gallery persons: JSON image ids (state migration 5). */
  image_ids: string | null;
}

interface SuggestionRow {
  id: number;
  item_kind: SuggestionKind;
  item_id: string;
  person_id: string;
  performer_id: string;
  performer: string;
  confidence: number;
  distance: number;
  database_version: string | null;
  status: SuggestionStatus;
  stash_performer_id: string | null;
  created_performer: number;
  created_at: string;
  decided_at: string | null;
  /** Set when the suggestion comes from naming a face group (state migration 2). */
  face_group_id?: number | null;
  /** Link suggestions: the Stash performer's snapshot, JSON (state migration 3). */
  subject?: string | null;
}

export interface SuggestionQuery {
  status?: SuggestionStatus[];
  min_confidence?: number | null;
  item_kind?: SuggestionKind | null;
  /** Any of these kinds (scene and image suggestions, performer links); all when empty. */
  kinds?: SuggestionKind[] | null;
  item_id?: string | null;
  performer_id?: string | null;
  sort?: 'confidence' | 'created_at' | 'item';
  direction?: 'ASC' | 'DESC';
  page?: number;
  per_page?: number;
}

export interface PersonSummary {
  id: string;
  timestamps: number[];
  /** Gallery persons: the images it is in, best face's first. */
  image_ids: string[] | null;
  face_count: number;
  face_size: number;
  low_evidence: boolean;
  thumbnail: string | null;
}

export interface Decision {
  item_kind: SuggestionKind;
  item_id: string;
  performer_id: string;
  decision: 'REJECTED' | 'ACCEPTED';
  person_id: string | null;
  decided_at: string;
}

const now = () => new Date().toISOString();

/** `<host>:<uuid>` -> the stash-box performer it names. */
export function stashRefOf(performer: PerformerRecord): StashIdRef {
  return { endpoint: performer.endpoint, stash_id: performer.id.slice(performer.id.lastIndexOf(':') + 1) };
}

function thumbnailBytes(dataUrl: string | null): Buffer | null {
  if (!dataUrl) return null;
  const comma = dataUrl.indexOf(',');
  return comma > 0 ? Buffer.from(dataUrl.slice(comma + 1), 'base64') : null;
}

/** Kept results, persons, suggestions and decisions in the state file. Synchronous: callers batch in transactions. */
export class LibraryStore {
  private readonly s;

  constructor(readonly db: StateDatabase) {
    this.s = {
      getResult: db.prepare(`SELECT * FROM results WHERE item_kind = ? AND item_id = ?`),
      persons: db.prepare(`SELECT * FROM persons WHERE item_kind = ? AND item_id = ? ORDER BY position`),
      upsertResult: db.prepare(`
        INSERT INTO results (item_kind, item_id, fingerprint, database_version, vision_profile, frames_mode, source, frames_used, tagged, analysed_at, matched_at)
        VALUES (@item_kind, @item_id, @fingerprint, @database_version, @vision_profile, @frames_mode, @source, @frames_used, @tagged, @analysed_at, @analysed_at)
        ON CONFLICT (item_kind, item_id) DO UPDATE SET fingerprint = excluded.fingerprint, database_version = excluded.database_version,
          vision_profile = excluded.vision_profile, frames_mode = excluded.frames_mode, source = excluded.source,
          frames_used = excluded.frames_used, tagged = excluded.tagged, analyses = analyses + 1,
          analysed_at = excluded.analysed_at, matched_at = excluded.matched_at`),
      deletePersons: db.prepare(`DELETE FROM persons WHERE item_kind = ? AND item_id = ?`),
      insertPerson: db.prepare(`
        INSERT INTO persons (item_kind, item_id, person_id, position, box, timestamps, face_count, face_size, search_size, faces,
          detection_score, low_evidence, thumbnail, embeddings, matches, image_ids)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
      person: db.prepare(
        `SELECT person_id, timestamps, face_count, face_size, low_evidence, thumbnail, image_ids FROM persons WHERE item_kind = ? AND item_id = ? AND person_id = ?`,
      ),
      setMatches: db.prepare(`UPDATE persons SET matches = ? WHERE item_kind = ? AND item_id = ? AND person_id = ?`),
      rematched: db.prepare(`UPDATE results SET database_version = ?, matched_at = ? WHERE item_kind = ? AND item_id = ?`),
      setTagged: db.prepare(`UPDATE results SET tagged = ? WHERE item_kind = ? AND item_id = ?`),
      stale: db.prepare(`SELECT item_kind, item_id FROM results WHERE database_version IS NOT ? ORDER BY item_kind, CAST(item_id AS INTEGER), item_id`),
      countResults: db.prepare(`SELECT COUNT(*) AS n FROM results`),
      itemSuggestions: db.prepare(`SELECT * FROM suggestions WHERE item_kind = ? AND item_id = ?`),
      insertSuggestion: db.prepare(`
        INSERT INTO suggestions (item_kind, item_id, person_id, performer_id, performer, confidence, distance, database_version, status, created_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'PENDING', ?)`),
      refreshSuggestion: db.prepare(`UPDATE suggestions SET performer = ?, confidence = ?, distance = ?, database_version = ?, status = 'PENDING' WHERE id = ?`),
      setSuggestionStatus: db.prepare(`UPDATE suggestions SET status = ?, decided_at = ?, stash_performer_id = ?, created_performer = ? WHERE id = ?`),
      supersede: db.prepare(`UPDATE suggestions SET status = 'SUPERSEDED' WHERE id = ?`),
      getSuggestion: db.prepare(`SELECT * FROM suggestions WHERE id = ?`),
      itemDecisions: db.prepare(`SELECT * FROM decisions WHERE item_kind = ? AND item_id = ?`),
      putDecision: db.prepare(`
        INSERT INTO decisions (item_kind, item_id, performer_id, decision, person_id, decided_at) VALUES (?, ?, ?, ?, ?, ?)
        ON CONFLICT (item_kind, item_id, performer_id) DO UPDATE SET decision = excluded.decision, person_id = excluded.person_id, decided_at = excluded.decided_at`),
      deleteDecision: db.prepare(`DELETE FROM decisions WHERE item_kind = ? AND item_id = ? AND performer_id = ?`),
      allDecisions: db.prepare(`SELECT * FROM decisions ORDER BY decided_at, item_kind, item_id`),
    };
  }

  result(kind: ItemKind, itemId: string): KeptResult | undefined {
    const row = this.s.getResult.get(kind, itemId) as ResultRow | undefined;
    if (!row) return undefined;
    const persons = (this.s.persons.all(kind, itemId) as PersonRow[]).map(
      (p): KeptPerson => ({
        id: p.person_id,
        box: p.box ? JSON.parse(p.box) : null,
        timestamps: JSON.parse(p.timestamps),
        face_count: p.face_count,
        face_size: p.face_size,
        search_size: p.search_size,
        faces: p.faces,
        detection_score: p.detection_score,
        low_evidence: !!p.low_evidence,
        thumbnail: p.thumbnail ? `data:image/jpeg;base64,${p.thumbnail.toString('base64')}` : null,
        embeddings: p.embeddings ? unpackEmbeddings(p.embeddings) : {},
        matches: JSON.parse(p.matches),
        ...(p.image_ids ? { image_ids: JSON.parse(p.image_ids) as string[] } : {}),
      }),
    );
    return { ...this.resultHead(row), persons };
  }

  /** What the review queue shows of a suggestion's person (no embeddings). */
  personSummary(kind: ItemKind, itemId: string, personId: string): PersonSummary | undefined {
    const p = this.s.person.get(kind, itemId, personId) as
      | Pick<PersonRow, 'person_id' | 'timestamps' | 'face_count' | 'face_size' | 'low_evidence' | 'thumbnail' | 'image_ids'>
      | undefined;
    if (!p) return undefined;
    return {
      id: p.person_id,
      timestamps: JSON.parse(p.timestamps),
      image_ids: p.image_ids ? JSON.parse(p.image_ids) : null,
      face_count: p.face_count,
      face_size: p.face_size,
      low_evidence: !!p.low_evidence,
      thumbnail: p.thumbnail ? `data:image/jpeg;base64,${p.thumbnail.toString('base64')}` : null,
    };
  }

  /** The result's row without persons (skip checks read only this). */
  resultHead(row: ResultRow): Omit<KeptResult, 'persons'>;
  resultHead(kind: ItemKind, itemId: string): Omit<KeptResult, 'persons'> | undefined;
  resultHead(a: ResultRow | ItemKind, itemId?: string): Omit<KeptResult, 'persons'> | undefined {
    const row = typeof a === 'string' ? (this.s.getResult.get(a, itemId) as ResultRow | undefined) : a;
    if (!row) return undefined;
    return {
      kind: row.item_kind,
      item_id: row.item_id,
      fingerprint: row.fingerprint,
      database_version: row.database_version,
      vision_profile: row.vision_profile,
      frames_mode: row.frames_mode,
      source: row.source,
      frames_used: row.frames_used,
      tagged: JSON.parse(row.tagged),
      analyses: row.analyses,
      analysed_at: row.analysed_at,
      matched_at: row.matched_at,
    };
  }

  /** Replaces an item's kept result (call inside a transaction with the suggestion refresh). */
  saveResult(result: Omit<KeptResult, 'analyses' | 'analysed_at' | 'matched_at'>): void {
    this.s.upsertResult.run({
      item_kind: result.kind,
      item_id: result.item_id,
      fingerprint: result.fingerprint,
      database_version: result.database_version,
      vision_profile: result.vision_profile,
      frames_mode: result.frames_mode,
      source: result.source,
      frames_used: result.frames_used,
      tagged: JSON.stringify(result.tagged),
      analysed_at: now(),
    });
    this.s.deletePersons.run(result.kind, result.item_id);
    result.persons.forEach((p, position) =>
      this.s.insertPerson.run(
        result.kind,
        result.item_id,
        p.id,
        position,
        p.box ? JSON.stringify(p.box) : null,
        JSON.stringify(p.timestamps),
        p.face_count,
        p.face_size,
        p.search_size,
        p.faces,
        p.detection_score,
        p.low_evidence ? 1 : 0,
        thumbnailBytes(p.thumbnail),
        Object.keys(p.embeddings).length ? packEmbeddings(p.embeddings) : null,
        JSON.stringify(p.matches),
        p.image_ids ? JSON.stringify(p.image_ids) : null,
      ),
    );
  }

  /** New matches for kept persons after a re-match (embeddings and everything else unchanged). */
  saveMatches(kind: ItemKind, itemId: string, databaseVersion: string, persons: ReadonlyArray<Pick<KeptPerson, 'id' | 'matches'>>): void {
    for (const p of persons) this.s.setMatches.run(JSON.stringify(p.matches), kind, itemId, p.id);
    this.s.rematched.run(databaseVersion, now(), kind, itemId);
  }

  setTagged(kind: ItemKind, itemId: string, tagged: StashIdRef[]): void {
    this.s.setTagged.run(JSON.stringify(tagged), kind, itemId);
  }

  /** Items whose matches come from another database version than `version`. */
  staleItems(version: string): Array<{ kind: ItemKind; id: string }> {
    return (this.s.stale.all(version) as Array<{ item_kind: ItemKind; item_id: string }>).map((r) => ({ kind: r.item_kind, id: r.item_id }));
  }

  resultCount(): number {
    return (this.s.countResults.get() as { n: number }).n;
  }

  /**
   * Brings an item's review-queue rows in line with its kept persons: each confident, well-evidenced person's best
   * performer that is not on the item, not rejected and not accepted before becomes (or stays) PENDING; PENDING rows
   * no longer proposed become SUPERSEDED. Decided rows are never touched.
   */
  refreshSuggestions(result: Pick<KeptResult, 'kind' | 'item_id' | 'database_version' | 'tagged' | 'persons'>, minConfidence: number): void {
    const { kind, item_id: itemId } = result;
    const decided = new Set((this.s.itemDecisions.all(kind, itemId) as Decision[]).map((d) => d.performer_id));
    const existing = this.s.itemSuggestions.all(kind, itemId) as SuggestionRow[];
    const key = (person: string, performer: string) => `${person}\u0000${performer}`;
    const byKey = new Map(existing.map((r) => [key(r.person_id, r.performer_id), r]));
    const wanted = new Set<string>();
    for (const person of result.persons) {
      const best = person.matches[0];
      if (person.low_evidence || !best || best.confidence < minConfidence) continue;
      if (decided.has(best.performer.id)) continue;
      if (result.tagged.some((t) => sameStashId(t, stashRefOf(best.performer)))) continue;
      const k = key(person.id, best.performer.id);
      wanted.add(k);
      const row = byKey.get(k);
      if (!row) {
        this.s.insertSuggestion.run(kind, itemId, person.id, best.performer.id, JSON.stringify(best.performer), best.confidence, best.distance, result.database_version, now());
      } else if (row.status === 'PENDING' || row.status === 'SUPERSEDED') {
        this.s.refreshSuggestion.run(JSON.stringify(best.performer), best.confidence, best.distance, result.database_version, row.id);
      }
    }
    for (const row of existing) {
      // A named face group's suggestion (src/people) stands on the user's naming, not on this re-match.
      if (row.status === 'PENDING' && row.face_group_id == null && !wanted.has(key(row.person_id, row.performer_id))) this.s.supersede.run(row.id);
    }
  }

  suggestion(id: string): Suggestion | undefined {
    const row = this.s.getSuggestion.get(Number(id)) as SuggestionRow | undefined;
    return row && toSuggestion(row);
  }

  findSuggestions(q: SuggestionQuery): { count: number; suggestions: Suggestion[] } {
    const where: string[] = [];
    const args: unknown[] = [];
    if (q.status?.length) {
      where.push(`status IN (${q.status.map(() => '?').join(',')})`);
      args.push(...q.status);
    }
    if (q.min_confidence != null) (where.push('confidence >= ?'), args.push(q.min_confidence));
    if (q.item_kind) (where.push('item_kind = ?'), args.push(q.item_kind));
    if (q.kinds?.length) {
      where.push(`item_kind IN (${q.kinds.map(() => '?').join(',')})`);
      args.push(...q.kinds);
    }
    if (q.item_id) (where.push('item_id = ?'), args.push(q.item_id));
    if (q.performer_id) (where.push('performer_id = ?'), args.push(q.performer_id));
    const w = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const count = (this.db.prepare(`SELECT COUNT(*) AS n FROM suggestions ${w}`).get(...args) as { n: number }).n;
    const dir = q.direction === 'ASC' ? 'ASC' : 'DESC';
    const order =
      q.sort === 'created_at' ? `created_at ${dir}, id ${dir}` : q.sort === 'item' ? `item_kind, CAST(item_id AS INTEGER) ${dir}, id` : `confidence ${dir}, id`;
    const perPage = q.per_page ?? 40;
    const page = Math.max(1, q.page ?? 1);
    const limit = perPage < 0 ? '' : `LIMIT ${Math.floor(perPage)} OFFSET ${(page - 1) * Math.floor(perPage)}`;
    const rows = this.db.prepare(`SELECT * FROM suggestions ${w} ORDER BY ${order} ${limit}`).all(...args) as SuggestionRow[];
    return { count, suggestions: rows.map(toSuggestion) };
  }

  setSuggestionStatus(id: string, status: SuggestionStatus, stash?: { performerId: string | null; created: boolean }): void {
    this.s.setSuggestionStatus.run(status, status === 'PENDING' ? null : now(), stash?.performerId ?? null, stash?.created ? 1 : 0, Number(id));
  }

  decide(s: Pick<Suggestion, 'kind' | 'item_id' | 'person_id'> & { performer_id: string }, decision: Decision['decision']): void {
    this.s.putDecision.run(s.kind, s.item_id, s.performer_id, decision, s.person_id, now());
  }

  forget(s: Pick<Suggestion, 'kind' | 'item_id'> & { performer_id: string }): void {
    this.s.deleteDecision.run(s.kind, s.item_id, s.performer_id);
  }

  /** Performers rejected ("not this performer") on one scene, image or gallery. */
  rejectedPerformers(kind: ItemKind, itemId: string): Set<string> {
    return new Set((this.s.itemDecisions.all(kind, itemId) as Decision[]).filter((d) => d.decision === 'REJECTED').map((d) => d.performer_id));
  }

  decisions(): Decision[] {
    return this.s.allDecisions.all() as Decision[];
  }

  importDecision(d: Decision): void {
    this.s.putDecision.run(d.item_kind, d.item_id, d.performer_id, d.decision, d.person_id, d.decided_at);
  }
}

function toSuggestion(row: SuggestionRow): Suggestion {
  return {
    id: String(row.id),
    kind: row.item_kind,
    item_id: row.item_id,
    person_id: row.person_id,
    performer: JSON.parse(row.performer),
    confidence: row.confidence,
    distance: row.distance,
    database_version: row.database_version,
    status: row.status,
    stash_performer_id: row.stash_performer_id,
    created_performer: !!row.created_performer,
    created_at: row.created_at,
    decided_at: row.decided_at,
    subject: row.subject ? JSON.parse(row.subject) : null,
  };
}
