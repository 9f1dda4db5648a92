/**
 * The user-state schema, one numbered step per change. A step never changes once released: a new column or table
 * is a new step. `PRAGMA user_version` records the last step applied.
 */
export interface Migration {
  version: number;
  description: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'jobs, kept results, suggestions, decisions',
    sql: `
      -- Background jobs (library runs, re-matches): the queue and each job's cursor survive restarts.
      CREATE TABLE jobs (
        id          INTEGER PRIMARY KEY AUTOINCREMENT,
        kind        TEXT NOT NULL,
        status      TEXT NOT NULL,             -- READY RUNNING STOPPING FINISHED CANCELLED FAILED
        paused      INTEGER NOT NULL DEFAULT 0,
        description TEXT NOT NULL,
        input       TEXT NOT NULL,             -- JSON
        planned     INTEGER NOT NULL DEFAULT 0, -- 1 once its items are listed
        error       TEXT,
        summary     TEXT,
        created_at  TEXT NOT NULL,
        start_time  TEXT,
        end_time    TEXT
      );
      CREATE TABLE job_items (
        job_id      INTEGER NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
        seq         INTEGER NOT NULL,
        item_kind   TEXT NOT NULL,             -- scene | image
        item_id     TEXT NOT NULL,
        fingerprint TEXT,
        state       TEXT NOT NULL DEFAULT 'pending', -- pending done skipped failed
        attempts    INTEGER NOT NULL DEFAULT 0,
        error_code  TEXT,
        error       TEXT,
        ms          REAL,
        finished_at TEXT,
        PRIMARY KEY (job_id, seq)
      ) WITHOUT ROWID;
      CREATE INDEX job_items_pending ON job_items (job_id, state, seq);

      -- The last result per scene or image, kept so pages show it at once and a new database re-matches it.
      CREATE TABLE results (
        item_kind        TEXT NOT NULL,
        item_id          TEXT NOT NULL,
        fingerprint      TEXT,
        database_version TEXT,
        vision_profile   TEXT NOT NULL,
        frames_mode      TEXT NOT NULL,
        source           TEXT,
        frames_used      INTEGER NOT NULL,
        tagged           TEXT NOT NULL DEFAULT '[]', -- JSON: stash ids of the performers on it when analysed
        analyses         INTEGER NOT NULL DEFAULT 1, -- how often detection ran for it (never twice per run)
        analysed_at      TEXT NOT NULL,
        matched_at       TEXT NOT NULL,
        PRIMARY KEY (item_kind, item_id)
      ) WITHOUT ROWID;
      CREATE TABLE persons (
        item_kind     TEXT NOT NULL,
        item_id       TEXT NOT NULL,
        person_id     TEXT NOT NULL,
        position      INTEGER NOT NULL,
        box           TEXT,                    -- JSON
        timestamps    TEXT NOT NULL,           -- JSON
        face_count    INTEGER NOT NULL,
        face_size     INTEGER NOT NULL,
        search_size   REAL NOT NULL,           -- face width the search used (median of its faces)
        faces         INTEGER NOT NULL,        -- faces averaged into the embeddings
        detection_score REAL NOT NULL,
        low_evidence  INTEGER NOT NULL,
        thumbnail     BLOB,                    -- JPEG
        embeddings    BLOB,                    -- per-model means, float16 (library/vectors.ts)
        matches       TEXT NOT NULL,           -- JSON: performer snapshot, confidence, distance
        PRIMARY KEY (item_kind, item_id, person_id),
        FOREIGN KEY (item_kind, item_id) REFERENCES results (item_kind, item_id) ON DELETE CASCADE
      ) WITHOUT ROWID;

      -- The review queue: one row per proposed (item, person, performer).
      CREATE TABLE suggestions (
        id               INTEGER PRIMARY KEY AUTOINCREMENT,
        item_kind        TEXT NOT NULL,
        item_id          TEXT NOT NULL,
        person_id        TEXT NOT NULL,
        performer_id     TEXT NOT NULL,
        performer        TEXT NOT NULL,        -- JSON snapshot (the database may change)
        confidence       REAL NOT NULL,
        distance         REAL NOT NULL,
        database_version TEXT,
        status           TEXT NOT NULL,        -- PENDING ACCEPTED REJECTED SUPERSEDED
        stash_performer_id TEXT,               -- set on accept
        created_performer INTEGER NOT NULL DEFAULT 0,
        created_at       TEXT NOT NULL,
        decided_at       TEXT,
        UNIQUE (item_kind, item_id, person_id, performer_id)
      );
      CREATE INDEX suggestions_status ON suggestions (status, confidence);
      CREATE INDEX suggestions_item ON suggestions (item_kind, item_id);

      -- What the user decided, kept apart from suggestions: it survives re-analysis and database updates, and is
      -- what an export carries.
      CREATE TABLE decisions (
        item_kind    TEXT NOT NULL,
        item_id      TEXT NOT NULL,
        performer_id TEXT NOT NULL,
        decision     TEXT NOT NULL,            -- REJECTED ACCEPTED
        person_id    TEXT,
        decided_at   TEXT NOT NULL,
        PRIMARY KEY (item_kind, item_id, performer_id)
      ) WITHOUT ROWID;
    `,
  },
  {
    version: 2,
    description: 'people: groups of unknown persons across the library (src/people)',
    sql: `
      -- A group of kept persons thought to be one unknown person. UNNAMED until the user names it (a Stash
      -- performer) or IGNORED (hidden for good, undoable). manual = merged or split by hand: a recluster keeps it.
      CREATE TABLE face_groups (
        id                 INTEGER PRIMARY KEY AUTOINCREMENT,
        status             TEXT NOT NULL DEFAULT 'UNNAMED', -- UNNAMED NAMED IGNORED
        manual             INTEGER NOT NULL DEFAULT 0,
        stash_performer_id TEXT,
        performer          TEXT,                   -- JSON snapshot of the named performer (id local:<Stash id>)
        created_at         TEXT NOT NULL,
        updated_at         TEXT NOT NULL
      );
      -- Every unknown kept person the grouping has seen: in a group, or waiting (group_id NULL). analysed_at is its
      -- result's at assignment: a re-analysed item's persons are new persons.
      CREATE TABLE face_group_members (
        item_kind   TEXT NOT NULL,
        item_id     TEXT NOT NULL,
        person_id   TEXT NOT NULL,
        group_id    INTEGER REFERENCES face_groups (id) ON DELETE SET NULL,
        analysed_at TEXT NOT NULL,
        added_at    TEXT NOT NULL,
        PRIMARY KEY (item_kind, item_id, person_id)
      ) WITHOUT ROWID;
      CREATE INDEX face_group_members_group ON face_group_members (group_id);
      CREATE TABLE face_grouping (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
      ) WITHOUT ROWID;
      -- Suggestions made by naming a group: a re-match that does not propose them leaves them pending.
      ALTER TABLE suggestions ADD COLUMN face_group_id INTEGER;
    `,
  },
  {
    version: 3,
    description: 'library settings (watch, auto-apply, processed tag) and the watch cursor',
    sql: `
      -- Settings changed from the Faces page (configureLibrary), and the watch's cursor: one JSON value per key.
      CREATE TABLE library_settings (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
      ) WITHOUT ROWID;
      -- New scenes the watch has seen whose sprite Stash has not generated yet: checked again at every poll.
      CREATE TABLE watch_waiting (
        scene_id   TEXT PRIMARY KEY,
        created_at TEXT,
        seen_at    TEXT NOT NULL
      ) WITHOUT ROWID;
    `,
  },
  {
    version: 4,
    description: 'link suggestions: unlinked Stash performers looked up on the shared database (src/library/links.ts)',
    sql: `
      -- The last lookup of each unlinked Stash performer on one stash-box's shared database: a new run skips it while
      -- the database version and the performer (its updated_at) are the same.
      CREATE TABLE performer_lookups (
        stash_performer_id TEXT NOT NULL,
        endpoint_host      TEXT NOT NULL,      -- stashdb.org
        database_version   TEXT NOT NULL,      -- the shared database's
        fingerprint        TEXT,               -- the performer's updated_at in Stash
        source             TEXT NOT NULL,      -- GALLERY (its local-gallery template) or IMAGE (identify on its profile image)
        candidates         TEXT NOT NULL,      -- JSON: performer snapshot, confidence, distance
        looked_up_at       TEXT NOT NULL,
        PRIMARY KEY (stash_performer_id, endpoint_host)
      ) WITHOUT ROWID;
      -- A link suggestion (item_kind 'performer') names the Stash performer it would link: a snapshot to show.
      ALTER TABLE suggestions ADD COLUMN subject TEXT;
    `,
  },
  {
    version: 5,
    description: 'gallery results (the images each person is in) and follow-up warnings on job items',
    sql: `
      -- A gallery's person (item_kind 'gallery'): the Stash images its faces are in, JSON, the image of its best face
      -- (the thumbnail) first, then the rest in gallery order. NULL for scenes and single images.
      ALTER TABLE persons ADD COLUMN image_ids TEXT;
      -- What went wrong after an item was analysed and kept (the processed tag, auto-apply): the item stays done,
      -- the failure is recorded here with its code so the job shows it (never only logged).
      ALTER TABLE job_items ADD COLUMN warning_code TEXT;
      ALTER TABLE job_items ADD COLUMN warning TEXT;
    `,
  },
];
