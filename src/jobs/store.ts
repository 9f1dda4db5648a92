import type { StateDatabase } from '../state/database.js';
import type { JobCounts, JobFailure, JobItem, JobStatus } from './types.js';

export interface JobRow {
  id: number;
  kind: string;
  status: JobStatus;
  paused: number;
  description: string;
  input: string;
  planned: number;
  error: string | null;
  summary: string | null;
  created_at: string;
  start_time: string | null;
  end_time: string | null;
}

export interface ItemRow {
  seq: number;
  item_kind: string;
  item_id: string;
  fingerprint: string | null;
  attempts: number;
}

const now = () => new Date().toISOString();

/** The jobs and job_items tables: every state change of a job is one statement or one transaction. */
export class JobStore {
  private readonly s;

  constructor(private readonly db: StateDatabase) {
    this.s = {
      insert: db.prepare(`INSERT INTO jobs (kind, status, description, input, created_at) VALUES (?, 'READY', ?, ?, ?)`),
      get: db.prepare(`SELECT * FROM jobs WHERE id = ?`),
      list: db.prepare(
        `SELECT * FROM jobs WHERE status IN ('READY','RUNNING','STOPPING') OR id IN (SELECT id FROM jobs ORDER BY id DESC LIMIT ?) ORDER BY id`,
      ),
      active: db.prepare(`SELECT * FROM jobs WHERE status IN ('READY','RUNNING','STOPPING') ORDER BY id`),
      setStatus: db.prepare(`UPDATE jobs SET status = ? WHERE id = ?`),
      start: db.prepare(`UPDATE jobs SET status = 'RUNNING', start_time = COALESCE(start_time, ?) WHERE id = ? AND status = 'READY'`),
      end: db.prepare(`UPDATE jobs SET status = ?, error = ?, summary = ?, end_time = ? WHERE id = ?`),
      stopping: db.prepare(`UPDATE jobs SET status = 'STOPPING' WHERE id = ? AND status = 'RUNNING'`),
      cancelReady: db.prepare(`UPDATE jobs SET status = 'CANCELLED', end_time = ? WHERE id = ? AND status = 'READY'`),
      pause: db.prepare(`UPDATE jobs SET paused = ? WHERE id = ? AND status IN ('READY','RUNNING')`),
      planned: db.prepare(`UPDATE jobs SET planned = 1 WHERE id = ?`),
      addItem: db.prepare(`INSERT INTO job_items (job_id, seq, item_kind, item_id, fingerprint) VALUES (?, ?, ?, ?, ?)`),
      next: db.prepare(`SELECT seq, item_kind, item_id, fingerprint, attempts FROM job_items WHERE job_id = ? AND state = 'pending' ORDER BY seq LIMIT 1`),
      attempt: db.prepare(`UPDATE job_items SET attempts = attempts + 1 WHERE job_id = ? AND seq = ?`),
      finishItem: db.prepare(
        `UPDATE job_items SET state = ?, error_code = ?, error = ?, ms = ?, finished_at = ? WHERE job_id = ? AND seq = ? AND state = 'pending'`,
      ),
      counts: db.prepare(`SELECT state, COUNT(*) AS n, SUM(ms) AS ms FROM job_items WHERE job_id = ? GROUP BY state`),
      failures: db.prepare(
        `SELECT item_kind AS kind, item_id AS id, error_code AS code, error AS message FROM job_items WHERE job_id = ? AND state = 'failed' ORDER BY seq LIMIT ? OFFSET ?`,
      ),
      failureCodes: db.prepare(`SELECT error_code AS code, COUNT(*) AS n FROM job_items WHERE job_id = ? AND state = 'failed' GROUP BY error_code ORDER BY n DESC, error_code`),
      attemptsOver: db.prepare(`SELECT COUNT(*) AS n FROM job_items WHERE job_id = ? AND attempts > 1`),
      warn: db.prepare(`UPDATE job_items SET warning_code = ?, warning = ? WHERE job_id = ? AND seq = ?`),
      warnings: db.prepare(
        `SELECT item_kind AS kind, item_id AS id, warning_code AS code, warning AS message FROM job_items WHERE job_id = ? AND warning_code IS NOT NULL ORDER BY seq LIMIT ? OFFSET ?`,
      ),
      warningCodes: db.prepare(`SELECT warning_code AS code, COUNT(*) AS n FROM job_items WHERE job_id = ? AND warning_code IS NOT NULL GROUP BY warning_code ORDER BY n DESC, warning_code`),
    };
  }

  create(kind: string, description: string, input: unknown): number {
    return Number(this.s.insert.run(kind, description, JSON.stringify(input), now()).lastInsertRowid);
  }

  get(id: number): JobRow | undefined {
    return this.s.get.get(id) as JobRow | undefined;
  }

  /** Unfinished jobs and the last `recent` jobs, oldest first. */
  list(recent = 10): JobRow[] {
    return this.s.list.all(recent) as JobRow[];
  }

  active(): JobRow[] {
    return this.s.active.all() as JobRow[];
  }

  setStatus(id: number, status: JobStatus): void {
    this.s.setStatus.run(status, id);
  }

  start(id: number): void {
    this.s.start.run(now(), id);
  }

  end(id: number, status: JobStatus, error: string | null, summary: string | null): void {
    this.s.end.run(status, error, summary, now(), id);
  }

  /** RUNNING -> STOPPING, READY -> CANCELLED; false when the job had already ended. */
  stop(id: number): boolean {
    if (this.s.cancelReady.run(now(), id).changes > 0) return true;
    return this.s.stopping.run(id).changes > 0 || this.get(id)?.status === 'STOPPING';
  }

  setPaused(id: number, paused: boolean): boolean {
    return this.s.pause.run(paused ? 1 : 0, id).changes > 0;
  }

  /** The items and the planned flag in one transaction: a crash while listing lists again from scratch. */
  savePlan(id: number, items: readonly JobItem[]): void {
    this.db.transaction(() => {
      items.forEach((item, seq) => this.s.addItem.run(id, seq, item.kind, item.id, item.fingerprint ?? null));
      this.s.planned.run(id);
    })();
  }

  nextItem(id: number): ItemRow | undefined {
    return this.s.next.get(id) as ItemRow | undefined;
  }

  /** Counted before the work starts: an item whose attempt count exceeds one was interrupted (or retried). */
  markAttempt(id: number, seq: number): void {
    this.s.attempt.run(id, seq);
  }

  /** The item's end state together with whatever the work commits, atomically. */
  finishItem(
    id: number,
    seq: number,
    state: 'done' | 'skipped' | 'failed',
    ms: number,
    commit?: () => void,
    failure?: { code: string; message: string },
  ): void {
    this.db.transaction(() => {
      const changed = this.s.finishItem.run(state, failure?.code ?? null, failure?.message ?? null, ms, now(), id, seq).changes;
      if (changed && commit) commit();
    })();
  }

  /** A done item whose follow-up (Stash writes after the commit) failed: it stays done, the failure is on record. */
  warnItem(id: number, seq: number, warning: { code: string; message: string }): void {
    this.s.warn.run(warning.code, warning.message, id, seq);
  }

  counts(id: number): JobCounts & { processedMs: number; processed: number } {
    const c = { total: 0, done: 0, skipped: 0, failed: 0, pending: 0, warnings: 0, processedMs: 0, processed: 0 };
    for (const row of this.s.counts.all(id) as Array<{ state: 'done' | 'skipped' | 'failed' | 'pending'; n: number; ms: number | null }>) {
      c[row.state] = row.n;
      c.total += row.n;
      if (row.state === 'done' || row.state === 'failed') {
        c.processed += row.n;
        c.processedMs += row.ms ?? 0;
      }
    }
    c.warnings = this.warningCodes(id).reduce((n, w) => n + w.n, 0);
    return c;
  }

  failures(id: number, limit = 100, offset = 0): JobFailure[] {
    return this.s.failures.all(id, limit, offset) as JobFailure[];
  }

  failureCodes(id: number): Array<{ code: string; n: number }> {
    return this.s.failureCodes.all(id) as Array<{ code: string; n: number }>;
  }

  warnings(id: number, limit = 100, offset = 0): JobFailure[] {
    return this.s.warnings.all(id, limit, offset) as JobFailure[];
  }

  warningCodes(id: number): Array<{ code: string; n: number }> {
    return this.s.warningCodes.all(id) as Array<{ code: string; n: number }>;
  }

  /** Items started more than once (a kill mid-item); the kill test reads it. */
  retriedItems(id: number): number {
    return (this.s.attemptsOver.get(id) as { n: number }).n;
  }
}
