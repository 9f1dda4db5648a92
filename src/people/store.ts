import type { PerformerRecord } from '../database/format.js';
import type { ItemKind } from '../library/types.js';
import { unpackEmbeddings } from '../library/vectors.js';
import type { StateDatabase } from '../state/database.js';
import type { Embeddings } from '../vision/vectors.js';

export const FACE_GROUP_STATUSES = ['UNNAMED', 'NAMED', 'IGNORED'] as const;
export type FaceGroupStatus = (typeof FACE_GROUP_STATUSES)[number];

export interface FaceGroup {
  id: number;
  status: FaceGroupStatus;
  manual: boolean;
  stash_performer_id: string | null;
  performer: PerformerRecord | null;
  created_at: string;
  updated_at: string;
}

/** A kept person that no performer was confidently matched to (nor accepted for): what the grouping works on. */
export interface UnknownPerson {
  kind: ItemKind;
  item_id: string;
  person_id: string;
  analysed_at: string;
  timestamps: number[];
  search_size: number;
  faces: number;
  embeddings: Embeddings;
}

export interface Member {
  kind: ItemKind;
  item_id: string;
  person_id: string;
  group_id: number | null;
  analysed_at: string;
}

/** A member as a group's face grid shows it. */
export interface MemberView extends Member {
  timestamps: number[];
  face_count: number;
  face_size: number;
  thumbnail: string | null;
}

export const personKey = (m: { kind: ItemKind; item_id: string; person_id: string }) => `${m.kind}:${m.item_id}:${m.person_id}`;

/** `scene:12:p3` -> its parts (person ids may contain colons). */
export function parsePersonKey(key: string): { kind: ItemKind; item_id: string; person_id: string } | undefined {
  const m = /^(scene|image|gallery):([^:]+):(.+)$/.exec(key);
  return m ? { kind: m[1] as ItemKind, item_id: m[2], person_id: m[3] } : undefined;
}

interface GroupRow {
  id: number;
  status: FaceGroupStatus;
  manual: number;
  stash_performer_id: string | null;
  performer: string | null;
  created_at: string;
  updated_at: string;
}

const now = () => new Date().toISOString();
const toGroup = (r: GroupRow): FaceGroup => ({ ...r, manual: !!r.manual, performer: r.performer ? JSON.parse(r.performer) : null });

/** The people tables of the state file (migration 2). Synchronous; callers batch writes in transactions. */
export class PeopleStore {
  private readonly s;

  constructor(readonly db: StateDatabase) {
    this.s = {
      unknown: db.prepare(`
        SELECT p.item_kind, p.item_id, p.person_id, r.analysed_at, p.timestamps, p.search_size, p.faces, p.embeddings
        FROM persons p JOIN results r ON r.item_kind = p.item_kind AND r.item_id = p.item_id
        WHERE p.embeddings IS NOT NULL AND p.matches = '[]'
          AND NOT EXISTS (SELECT 1 FROM suggestions s WHERE s.item_kind = p.item_kind AND s.item_id = p.item_id
                          AND s.person_id = p.person_id AND s.status = 'ACCEPTED' AND s.face_group_id IS NULL)`),
      stamps: db.prepare(`SELECT p.item_kind, p.item_id, p.person_id, r.analysed_at FROM persons p JOIN results r ON r.item_kind = p.item_kind AND r.item_id = p.item_id`),
      members: db.prepare(`SELECT item_kind AS kind, item_id, person_id, group_id, analysed_at FROM face_group_members`),
      groupMembers: db.prepare(`
        SELECT m.item_kind AS kind, m.item_id, m.person_id, m.group_id, m.analysed_at, p.timestamps, p.face_count, p.face_size, p.thumbnail
        FROM face_group_members m JOIN persons p ON p.item_kind = m.item_kind AND p.item_id = m.item_id AND p.person_id = m.person_id
        WHERE m.group_id = ? ORDER BY p.face_count DESC, p.face_size DESC, m.item_kind, CAST(m.item_id AS INTEGER), m.person_id`),
      memberEmbeddings: db.prepare(`
        SELECT m.item_kind, m.item_id, m.person_id, p.search_size, p.faces, p.embeddings
        FROM face_group_members m JOIN persons p ON p.item_kind = m.item_kind AND p.item_id = m.item_id AND p.person_id = m.person_id
        WHERE m.group_id = ? AND p.embeddings IS NOT NULL ORDER BY p.faces DESC, p.search_size DESC`),
      putMember: db.prepare(`
        INSERT INTO face_group_members (item_kind, item_id, person_id, group_id, analysed_at, added_at) VALUES (?, ?, ?, ?, ?, ?)
        ON CONFLICT (item_kind, item_id, person_id) DO UPDATE SET group_id = excluded.group_id, analysed_at = excluded.analysed_at`),
      setMemberGroup: db.prepare(`UPDATE face_group_members SET group_id = ? WHERE item_kind = ? AND item_id = ? AND person_id = ?`),
      deleteMember: db.prepare(`DELETE FROM face_group_members WHERE item_kind = ? AND item_id = ? AND person_id = ?`),
      group: db.prepare(`SELECT * FROM face_groups WHERE id = ?`),
      groups: db.prepare(`SELECT * FROM face_groups ORDER BY id`),
      insertGroup: db.prepare(`INSERT INTO face_groups (status, manual, created_at, updated_at) VALUES ('UNNAMED', ?, ?, ?)`),
      deleteGroup: db.prepare(`DELETE FROM face_groups WHERE id = ?`),
      setStatus: db.prepare(`UPDATE face_groups SET status = ?, updated_at = ? WHERE id = ?`),
      setManual: db.prepare(`UPDATE face_groups SET manual = 1, updated_at = ? WHERE id = ?`),
      setNamed: db.prepare(`UPDATE face_groups SET status = 'NAMED', stash_performer_id = ?, performer = ?, updated_at = ? WHERE id = ?`),
      getMeta: db.prepare(`SELECT value FROM face_grouping WHERE key = ?`),
      putMeta: db.prepare(`INSERT INTO face_grouping (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`),
      memberCount: db.prepare(`SELECT group_id, COUNT(*) AS n, COUNT(DISTINCT item_kind || ':' || item_id) AS items FROM face_group_members WHERE group_id IS NOT NULL GROUP BY group_id`),
      insertSuggestion: db.prepare(`
        INSERT INTO suggestions (item_kind, item_id, person_id, performer_id, performer, confidence, distance, database_version, status, created_at, face_group_id)
        VALUES (?, ?, ?, ?, ?, ?, ?, NULL, 'PENDING', ?, ?)
        ON CONFLICT (item_kind, item_id, person_id, performer_id) DO UPDATE SET face_group_id = excluded.face_group_id,
          status = CASE WHEN status = 'SUPERSEDED' THEN 'PENDING' ELSE status END`),
      decided: db.prepare(`SELECT 1 FROM decisions WHERE item_kind = ? AND item_id = ? AND performer_id = ?`),
      itemHasPerformer: db.prepare(`SELECT 1 FROM suggestions WHERE item_kind = ? AND item_id = ? AND performer_id = ? AND person_id <> ?`),
      groupSuggestions: db.prepare(`SELECT id FROM suggestions WHERE face_group_id = ? AND status = 'PENDING'`),
      dropSuggestion: db.prepare(`UPDATE suggestions SET status = 'SUPERSEDED' WHERE id = ?`),
    };
  }

  unknownPersons(): UnknownPerson[] {
    const rows = this.s.unknown.all() as Array<{
      item_kind: ItemKind;
      item_id: string;
      person_id: string;
      analysed_at: string;
      timestamps: string;
      search_size: number;
      faces: number;
      embeddings: Buffer;
    }>;
    return rows.map((r) => ({
      kind: r.item_kind,
      item_id: r.item_id,
      person_id: r.person_id,
      analysed_at: r.analysed_at,
      timestamps: JSON.parse(r.timestamps),
      search_size: r.search_size,
      faces: r.faces,
      embeddings: unpackEmbeddings(r.embeddings),
    }));
  }

  /** Every kept person's key -> its result's analysed_at (a member whose stamp changed or vanished is gone). */
  personStamps(): Map<string, string> {
    const rows = this.s.stamps.all() as Array<{ item_kind: ItemKind; item_id: string; person_id: string; analysed_at: string }>;
    return new Map(rows.map((r) => [personKey({ kind: r.item_kind, item_id: r.item_id, person_id: r.person_id }), r.analysed_at]));
  }

  members(): Member[] {
    return this.s.members.all() as Member[];
  }

  groupMembers(groupId: number): MemberView[] {
    return (this.s.groupMembers.all(groupId) as Array<Member & { timestamps: string; face_count: number; face_size: number; thumbnail: Buffer | null }>).map((r) => ({
      ...r,
      timestamps: JSON.parse(r.timestamps),
      thumbnail: r.thumbnail ? `data:image/jpeg;base64,${r.thumbnail.toString('base64')}` : null,
    }));
  }

  /** A group's persons with their kept mean embeddings, most faces first (what a search of the group uses). */
  memberEmbeddings(groupId: number): Array<{ key: string; search_size: number; faces: number; embeddings: Embeddings }> {
    const rows = this.s.memberEmbeddings.all(groupId) as Array<{ item_kind: ItemKind; item_id: string; person_id: string; search_size: number; faces: number; embeddings: Buffer }>;
    return rows.map((r) => ({
      key: personKey({ kind: r.item_kind, item_id: r.item_id, person_id: r.person_id }),
      search_size: r.search_size,
      faces: r.faces,
      embeddings: unpackEmbeddings(r.embeddings),
    }));
  }

  putMember(m: Member): void {
    this.s.putMember.run(m.kind, m.item_id, m.person_id, m.group_id, m.analysed_at, now());
  }

  setMemberGroup(m: Pick<Member, 'kind' | 'item_id' | 'person_id'>, groupId: number | null): void {
    this.s.setMemberGroup.run(groupId, m.kind, m.item_id, m.person_id);
  }

  deleteMember(m: Pick<Member, 'kind' | 'item_id' | 'person_id'>): void {
    this.s.deleteMember.run(m.kind, m.item_id, m.person_id);
  }

  group(id: number): FaceGroup | undefined {
    const row = this.s.group.get(id) as GroupRow | undefined;
    return row && toGroup(row);
  }

  groups(): FaceGroup[] {
    return (this.s.groups.all() as GroupRow[]).map(toGroup);
  }

  /** Members and distinct scenes/images per group. */
  counts(): Map<number, { persons: number; items: number }> {
    return new Map((this.s.memberCount.all() as Array<{ group_id: number; n: number; items: number }>).map((r) => [r.group_id, { persons: r.n, items: r.items }]));
  }

  createGroup(manual = false): number {
    const t = now();
    return Number(this.s.insertGroup.run(manual ? 1 : 0, t, t).lastInsertRowid);
  }

  deleteGroup(id: number): void {
    this.s.deleteGroup.run(id);
  }

  setStatus(id: number, status: FaceGroupStatus): void {
    this.s.setStatus.run(status, now(), id);
  }

  setManual(id: number): void {
    this.s.setManual.run(now(), id);
  }

  setNamed(id: number, stashPerformerId: string, performer: PerformerRecord): void {
    this.s.setNamed.run(stashPerformerId, JSON.stringify(performer), now(), id);
  }

  meta(key: string): string | undefined {
    return (this.s.getMeta.get(key) as { value: string } | undefined)?.value;
  }

  setMeta(key: string, value: string): void {
    this.s.putMeta.run(key, value);
  }

  /**
   * A pending review-queue row for a person of a named group, unless the user decided on that performer for the
   * item before (accepted or rejected) or another person of the item is already proposed as them.
   */
  proposeForGroup(groupId: number, m: Pick<Member, 'kind' | 'item_id' | 'person_id'>, performer: PerformerRecord): boolean {
    if (this.s.decided.get(m.kind, m.item_id, performer.id)) return false;
    if (this.s.itemHasPerformer.get(m.kind, m.item_id, performer.id, m.person_id)) return false;
    this.s.insertSuggestion.run(m.kind, m.item_id, m.person_id, performer.id, JSON.stringify(performer), 1, 0, now(), groupId);
    return true;
  }

  /** A group's pending suggestions become superseded (it was renamed, merged away or ignored). */
  withdrawSuggestions(groupId: number): number {
    const rows = this.s.groupSuggestions.all(groupId) as Array<{ id: number }>;
    for (const r of rows) this.s.dropSuggestion.run(r.id);
    return rows.length;
  }
}
