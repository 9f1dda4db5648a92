import { AppError } from '../errors.js';
import type { StateDatabase } from '../state/database.js';

/** What the Faces page changes about library runs; persisted in the state file (configureLibrary). */
export interface LibrarySettings {
  /** Follow the library: new scenes are queued by polling Stash. */
  watch: boolean;
  watch_interval_minutes: number;
  /** Suggestions at or above this confidence are accepted after each run item; null: off. */
  auto_apply_min_confidence: number | null;
  /**
   * Whether auto-apply may create a performer that is not in Stash at all (never one whose name or alias is there).
   * Off by default, like Stash's own Identify task: an unattended run adds, it does not create.
   */
  auto_apply_create_performers: boolean;
  /** A Stash tag every scene analysed by a run gets (created once if missing); null: off. */
  processed_tag: string | null;
}

export type LibrarySettingsInput = Partial<{ [K in keyof LibrarySettings]: LibrarySettings[K] | null }>;

/** Where the watch stands: the newest scene it has seen (created_at, then id, as Stash sorts). */
export interface WatchCursor {
  created_at: string;
  id: string;
}

export const WATCH_MINUTES = { min: 1, max: 24 * 60 } as const;

/** The settings rows, read with defaults from the environment (LIBRARY_WATCH, LIBRARY_WATCH_MINUTES). */
export class LibrarySettingsStore {
  private readonly s;

  constructor(
    private readonly db: StateDatabase,
    private readonly defaults: Pick<LibrarySettings, 'watch' | 'watch_interval_minutes'>,
  ) {
    this.s = {
      get: db.prepare(`SELECT value FROM library_settings WHERE key = ?`),
      put: db.prepare(`INSERT INTO library_settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`),
      waiting: db.prepare(`SELECT scene_id FROM watch_waiting ORDER BY CAST(scene_id AS INTEGER), scene_id`),
      wait: db.prepare(`INSERT INTO watch_waiting (scene_id, created_at, seen_at) VALUES (?, ?, ?) ON CONFLICT (scene_id) DO NOTHING`),
      unwait: db.prepare(`DELETE FROM watch_waiting WHERE scene_id = ?`),
    };
  }

  get(): LibrarySettings {
    return {
      watch: this.read('watch') ?? this.defaults.watch,
      watch_interval_minutes: this.read('watch_interval_minutes') ?? this.defaults.watch_interval_minutes,
      auto_apply_min_confidence: this.read('auto_apply_min_confidence') ?? null,
      auto_apply_create_performers: this.read('auto_apply_create_performers') ?? false,
      processed_tag: this.read('processed_tag') ?? null,
    };
  }

  /** Changes the fields given (null clears auto-apply and the tag; for the others it means "leave as is"). */
  update(input: LibrarySettingsInput): LibrarySettings {
    const m = input.watch_interval_minutes;
    if (m != null && !(Number.isInteger(m) && m >= WATCH_MINUTES.min && m <= WATCH_MINUTES.max)) {
      throw new AppError('BAD_USER_INPUT', `watch_interval_minutes must be a whole number of minutes from ${WATCH_MINUTES.min} to ${WATCH_MINUTES.max} (got ${m}).`);
    }
    const c = input.auto_apply_min_confidence;
    if (c != null && !(c > 0 && c <= 1)) {
      throw new AppError('BAD_USER_INPUT', `auto_apply_min_confidence must be above 0 and at most 1 (got ${c}); leave it empty to turn auto-apply off.`);
    }
    const tag = input.processed_tag === undefined ? undefined : (input.processed_tag?.trim() || null);
    if (tag && tag.length > 200) throw new AppError('BAD_USER_INPUT', 'processed_tag is longer than 200 characters.');
    this.db.transaction(() => {
      if (input.watch != null) this.write('watch', input.watch);
      if (m != null) this.write('watch_interval_minutes', m);
      if (c !== undefined) this.write('auto_apply_min_confidence', c);
      if (input.auto_apply_create_performers != null) this.write('auto_apply_create_performers', input.auto_apply_create_performers);
      if (tag !== undefined) this.write('processed_tag', tag);
    })();
    return this.get();
  }

  cursor(): WatchCursor | null {
    return this.read<WatchCursor>('watch_cursor') ?? null;
  }

  setCursor(cursor: WatchCursor): void {
    this.write('watch_cursor', cursor);
  }

  /** The next poll sets the cursor afresh (the watch was turned on). */
  clearCursor(): void {
    this.db.prepare(`DELETE FROM library_settings WHERE key = 'watch_cursor'`).run();
  }

  /** A poll's outcome for the status line (when, what it queued, why it failed). */
  lastPoll(): { at: string; job_id: string | null; queued: number; error: string | null } | null {
    return this.read('watch_last_poll') ?? null;
  }

  setLastPoll(poll: { at: string; job_id: string | null; queued: number; error: string | null }): void {
    this.write('watch_last_poll', poll);
  }

  waiting(): string[] {
    return (this.s.waiting.all() as Array<{ scene_id: string }>).map((r) => r.scene_id);
  }

  wait(sceneId: string, createdAt: string | null): void {
    this.s.wait.run(sceneId, createdAt, new Date().toISOString());
  }

  unwait(sceneId: string): void {
    this.s.unwait.run(sceneId);
  }

  private read<T>(key: string): T | undefined {
    const row = this.s.get.get(key) as { value: string } | undefined;
    return row ? (JSON.parse(row.value) as T) : undefined;
  }

  private write(key: string, value: unknown): void {
    this.s.put.run(key, JSON.stringify(value));
  }
}
