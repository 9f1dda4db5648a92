import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { AppError, errorMessage } from '../errors.js';
import { MIGRATIONS, type Migration } from './migrations.js';

export type StateDatabase = Database.Database;

export const STATE_FILE = 'stash-face.sqlite';

/** STATE_PATH, or `<DATABASE_PATH>/state`: beside the face database releases, never inside one. */
export function statePath(config: { statePath?: string; databasePath: string }): string {
  return resolve(config.statePath ?? join(config.databasePath, 'state'));
}

/**
 * Opens (creating it) the user-state file: WAL so readers never wait for the writer and a killed process loses at
 * most the transaction in flight; `synchronous = NORMAL` is durable against process crashes in WAL mode.
 */
export function openStateDatabase(dir: string, migrations: readonly Migration[] = MIGRATIONS): StateDatabase {
  let db: StateDatabase;
  try {
    mkdirSync(dir, { recursive: true });
    db = new Database(join(dir, STATE_FILE));
  } catch (e) {
    throw new AppError('STATE_ERROR', `The state file in ${dir} cannot be opened: ${errorMessage(e)} (check STATE_PATH and its permissions).`);
  }
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  try {
    migrate(db, migrations);
  } catch (e) {
    db.close();
    throw e;
  }
  return db;
}

/** Applies the steps above the file's user_version, each in its own transaction. */
export function migrate(db: StateDatabase, migrations: readonly Migration[]): number {
  const current = db.pragma('user_version', { simple: true }) as number;
  const latest = migrations.at(-1)?.version ?? 0;
  if (current > latest) {
    throw new AppError(
      'STATE_ERROR',
      `The state file is at schema version ${current}, newer than this sidecar knows (${latest}): it was written by a newer stash-face. Upgrade, or point STATE_PATH elsewhere.`,
    );
  }
  for (const step of migrations) {
    if (step.version <= current) continue;
    db.transaction(() => {
      db.exec(step.sql);
      db.pragma(`user_version = ${step.version}`);
    })();
  }
  return db.pragma('user_version', { simple: true }) as number;
}
