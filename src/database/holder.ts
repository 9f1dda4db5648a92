import { AppError, errorMessage } from '../errors.js';
import type { Logger } from '../log.js';
import { FaceDatabase, type AvailableModel, type RunningVision } from './loader.js';
import { activeDatabaseDir } from './store.js';

/**
 * The database the sidecar serves. A reload loads and verifies the new files beside the old ones and swaps one
 * reference: requests in flight keep the database they started with; a failed reload keeps the old one serving.
 */
export class DatabaseHolder {
  private db?: FaceDatabase;
  private problem?: string;
  private reloading: Promise<unknown> = Promise.resolve();
  private readonly loadedListeners: Array<(db: FaceDatabase) => void> = [];

  constructor(
    private readonly databasePath: string,
    private readonly models: readonly AvailableModel[],
    private readonly log: Logger,
    /** The engine's vision profile: a database it cannot follow is refused, the rest of its profile adopted. */
    private readonly vision?: RunningVision,
  ) {}

  get current(): FaceDatabase | undefined {
    return this.db;
  }

  /** Called after each successful load (kept library results are re-matched against the new database). */
  onLoaded(listener: (db: FaceDatabase) => void): void {
    this.loadedListeners.push(listener);
  }

  /** Why no database is served (or why the last reload failed while an older one still serves). */
  get lastError(): string | undefined {
    return this.problem;
  }

  /** The database for one request, or DATABASE_NOT_LOADED saying why and what to do. */
  require(): FaceDatabase {
    if (this.db) return this.db;
    throw new AppError('DATABASE_NOT_LOADED', `No face database is loaded: ${this.problem ?? 'none installed yet'}.`);
  }

  /** Loads the active release (current.json, or a package at DATABASE_PATH's root). Reloads run one at a time. */
  reload(): Promise<FaceDatabase> {
    const run = this.reloading.then(() => this.loadNow());
    this.reloading = run.catch(() => undefined);
    return run;
  }

  private async loadNow(): Promise<FaceDatabase> {
    const started = performance.now();
    const found = await activeDatabaseDir(this.databasePath);
    if ('missing' in found) {
      this.problem = found.missing;
      throw new AppError('DATABASE_NOT_LOADED', `No face database to load: ${found.missing}.`);
    }
    try {
      const db = await FaceDatabase.load(found.dir, this.models, this.vision);
      if (db.profile?.adopted.length) this.log.info('vision profile adopted from the database', { version: db.version, adopted: db.profile.adopted });
      const previous = this.db?.version;
      this.db = db;
      this.problem = undefined;
      this.log.info('database loaded', {
        version: db.version,
        previous,
        performers: db.manifest.counts.performers,
        faces: db.manifest.counts.faces,
        ms: Math.round(performance.now() - started),
      });
      for (const listener of this.loadedListeners) listener(db);
      return db;
    } catch (e) {
      this.problem = errorMessage(e);
      this.log.error('database load failed; the previous database (if any) keeps serving', { error: this.problem, dir: found.dir });
      if (e instanceof AppError) throw e;
      throw new AppError('DATABASE_INVALID', `The database in ${found.dir} could not be loaded: ${this.problem}`);
    }
  }
}
