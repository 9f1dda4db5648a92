import { setTimeout as sleep } from 'node:timers/promises';
import { AppError, errorMessage } from '../errors.js';
import type { Logger } from '../log.js';
import type { StateDatabase } from '../state/database.js';
import { JobStore, type JobRow } from './store.js';
import type { JobContext, JobHandler, JobView, PacingInput } from './types.js';

const PAUSE_POLL_MS = 200;

/** Stopped from outside (stopJob, shutdown): not a failure of the item in flight. */
class Interrupted extends Error {}

/**
 * Runs persisted jobs one at a time, one item at a time. The queue, each job's items and its cursor (the items'
 * states) live in SQLite: after a restart or a kill, RUNNING jobs carry on from their first pending item. An item
 * is marked done in the same transaction that commits its result, so no item is ever done twice; the one in flight
 * at a kill is simply started again. Failures are recorded per item with their error code, and the run goes on.
 */
export class JobRunner {
  readonly store: JobStore;
  private readonly handlers = new Map<string, JobHandler<any>>();
  private loop?: Promise<void>;
  private again = false;
  private closed = false;
  private readonly abort = new AbortController();
  /** The current job's stop signal (stopJob aborts a gentle wait or a pause at once). */
  private current?: { id: number; stop: AbortController };

  constructor(db: StateDatabase, private readonly log: Logger) {
    this.store = new JobStore(db);
  }

  register<I>(handler: JobHandler<I>): void {
    this.handlers.set(handler.kind, handler);
  }

  /** Picks up persisted work: STOPPING jobs of a previous process end CANCELLED, RUNNING and READY ones go on. */
  start(): void {
    for (const job of this.store.active()) {
      if (job.status === 'STOPPING') this.store.end(job.id, 'CANCELLED', null, this.summary(job.id, 'Stopped'));
      else if (job.status === 'RUNNING') this.log.info('resuming job', { job_id: job.id, description: job.description });
    }
    this.kick();
  }

  submit<I extends object>(kind: string, input: I): string {
    const handler = this.handler(kind);
    const id = this.store.create(kind, handler.describe(input), input);
    this.kick();
    return String(id);
  }

  find(id: string): JobView | null {
    const row = this.store.get(Number(id));
    return row ? this.view(row) : null;
  }

  queue(recent = 10): JobView[] {
    return this.store.list(recent).map((row) => this.view(row));
  }

  /** true when the job was queued or running and will stop (within the item in flight). */
  stop(id: string): boolean {
    const n = Number(id);
    if (!this.store.get(n)) throw new AppError('JOB_NOT_FOUND', `There is no job ${id}.`);
    const stopped = this.store.stop(n);
    if (stopped && this.current?.id === n) this.current.stop.abort();
    return stopped;
  }

  setPaused(id: string, paused: boolean): boolean {
    if (!this.store.get(Number(id))) throw new AppError('JOB_NOT_FOUND', `There is no job ${id}.`);
    return this.store.setPaused(Number(id), paused);
  }

  /** Resolves when the queue is empty (tests, benchmarks). */
  async idle(): Promise<void> {
    while (this.loop) await this.loop;
  }

  /** Stops taking items; the item in flight is abandoned (it stays pending and runs again next start). */
  async close(): Promise<void> {
    this.closed = true;
    this.abort.abort();
    this.current?.stop.abort();
    await this.loop?.catch(() => undefined);
  }

  private handler(kind: string): JobHandler<any> {
    const h = this.handlers.get(kind);
    if (!h) throw new AppError('BAD_USER_INPUT', `Unknown job kind ${kind}.`);
    return h;
  }

  private kick(): void {
    this.again = true;
    if (this.loop || this.closed) return;
    this.loop = (async () => {
      // Yield first: with nothing to do the body would finish synchronously, before `this.loop` is even assigned.
      await Promise.resolve();
      try {
        while (this.again && !this.closed) {
          this.again = false;
          for (let job = this.nextJob(); job && !this.closed; job = this.nextJob()) {
            await this.run(job);
            this.again = false;
          }
        }
      } catch (e) {
        this.log.error('job runner stopped', { error: errorMessage(e) });
      } finally {
        this.loop = undefined;
      }
    })();
  }

  /** Higher priority first, then a job already running, then the oldest. */
  private nextJob(): JobRow | undefined {
    const jobs = this.store.active();
    const prio = (j: JobRow) => this.handlers.get(j.kind)?.priority ?? 0;
    return jobs.sort((a, b) => prio(b) - prio(a) || Number(b.status === 'RUNNING') - Number(a.status === 'RUNNING') || a.id - b.id)[0];
  }

  private async run(job: JobRow): Promise<void> {
    const handler = this.handlers.get(job.kind);
    const input = JSON.parse(job.input) as PacingInput;
    if (!handler) {
      this.store.end(job.id, 'FAILED', `This sidecar does not know jobs of kind ${job.kind}.`, null);
      return;
    }
    const stop = new AbortController();
    this.current = { id: job.id, stop };
    const signal = AbortSignal.any([stop.signal, this.abort.signal]);
    const ctx: JobContext = { jobId: String(job.id), signal };
    const log = this.log.child({ job_id: job.id });
    this.store.start(job.id);
    try {
      if (!job.planned) {
        const items = await handler.plan(input, ctx);
        if (this.closed) return;
        this.store.savePlan(job.id, items);
        log.info('job planned', { kind: job.kind, items: items.length });
      }
      let first = true;
      for (;;) {
        if (this.closed) return;
        const row = this.store.get(job.id)!;
        if (row.status === 'STOPPING' || row.status === 'CANCELLED') {
          this.store.end(job.id, 'CANCELLED', null, this.summary(job.id, 'Stopped'));
          return;
        }
        if (row.paused) {
          await sleep(PAUSE_POLL_MS, undefined, { signal }).catch(() => undefined);
          continue;
        }
        if (this.preempted(job)) return;
        const item = this.store.nextItem(job.id);
        if (!item) break;
        if (!first && input.gentle && input.pause_ms) await sleep(input.pause_ms, undefined, { signal }).catch(() => undefined);
        first = false;
        if (signal.aborted) continue; // the loop head decides: stopped, or closing
        try {
          await handler.beforeItem?.(input, ctx);
        } catch (e) {
          if (signal.aborted) continue;
          throw e;
        }
        this.store.markAttempt(job.id, item.seq);
        const started = performance.now();
        try {
          const { outcome, commit, after } = await handler.process({ kind: item.item_kind, id: item.item_id, fingerprint: item.fingerprint }, input, ctx);
          if (this.closed) return; // shutting down: leave the item pending, commit nothing
          this.store.finishItem(job.id, item.seq, outcome, performance.now() - started, commit);
          await after?.().catch((e) => {
            // The item is done and stays done; what failed after it is recorded on it, never only logged.
            const warning = { code: e instanceof AppError ? e.code : 'INTERNAL', message: errorMessage(e) };
            log.warn('follow-up of a job item failed', { item: `${item.item_kind}:${item.item_id}`, ...warning });
            this.store.warnItem(job.id, item.seq, warning);
          });
        } catch (e) {
          if (this.closed) return;
          if (handler.isFatal?.(e)) throw e;
          const code = e instanceof AppError ? e.code : 'INTERNAL';
          log.warn('job item failed', { item: `${item.item_kind}:${item.item_id}`, code, error: errorMessage(e) });
          this.store.finishItem(job.id, item.seq, 'failed', performance.now() - started, undefined, { code, message: errorMessage(e) });
        }
      }
      const summary = this.summary(job.id, 'Finished');
      this.store.end(job.id, 'FINISHED', null, summary);
      log.info('job finished', { summary });
    } catch (e) {
      if (this.closed) return;
      const message = errorMessage(e);
      log.error('job failed', { error: message });
      this.store.end(job.id, 'FAILED', message, this.summary(job.id, 'Failed'));
    } finally {
      if (this.current?.id === job.id) this.current = undefined;
    }
  }

  /** A higher-priority job is waiting: leave this one RUNNING (its cursor is in the database) and let it go first. */
  private preempted(job: JobRow): boolean {
    const mine = this.handlers.get(job.kind)?.priority ?? 0;
    return this.store.active().some((j) => j.id !== job.id && j.status === 'READY' && (this.handlers.get(j.kind)?.priority ?? 0) > mine);
  }

  private summary(id: number, how: string): string {
    const c = this.store.counts(id);
    const codes = this.store.failureCodes(id);
    const failed = codes.length ? ` (${codes.map((f) => `${f.n} ${f.code}`).join(', ')})` : '';
    const warned = this.store.warningCodes(id);
    const warnings = warned.length ? `; ${c.warnings} processed with a warning (${warned.map((w) => `${w.n} ${w.code}`).join(', ')})` : '';
    return `${how}: ${c.done} processed, ${c.skipped} skipped as already done, ${c.failed} failed${failed}, ${c.pending} not reached, of ${c.total}${warnings}.`;
  }

  private view(row: JobRow): JobView {
    const c = this.store.counts(row.id);
    const reached = c.done + c.skipped + c.failed;
    const perItemMs = c.processed ? c.processedMs / c.processed : null;
    const input = JSON.parse(row.input) as PacingInput;
    const pause = input.gentle ? (input.pause_ms ?? 0) : 0;
    return {
      id: String(row.id),
      kind: row.kind,
      status: row.status,
      paused: !!row.paused,
      description: row.description,
      progress: row.planned ? (c.total ? reached / c.total : 1) : null,
      counts: { total: c.total, done: c.done, skipped: c.skipped, failed: c.failed, pending: c.pending, warnings: c.warnings },
      rate: perItemMs ? 3_600_000 / (perItemMs + pause) : null,
      eta_seconds: perItemMs !== null && row.planned ? Math.round((c.pending * (perItemMs + pause)) / 1000) : null,
      error: row.error,
      summary: row.summary,
      created_at: row.created_at,
      start_time: row.start_time,
      end_time: row.end_time,
      input,
    };
  }
}
