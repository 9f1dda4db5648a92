export const JOB_STATUSES = ['READY', 'RUNNING', 'STOPPING', 'FINISHED', 'CANCELLED', 'FAILED'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

/** One unit of a job's work (a scene, an image), listed when the job is planned. */
export interface JobItem {
  kind: string;
  id: string;
  /** What "the same item" means for skipping (a file fingerprint), when the planner knows it. */
  fingerprint?: string | null;
}

/** What processing an item came to: `commit` runs in the transaction that marks the item done. */
export interface ItemOutcome {
  outcome: 'done' | 'skipped';
  commit?: () => void;
  /**
   * Work in other systems once the item is committed (Stash writes). Its failure never undoes the item: it is
   * recorded on the item as a warning with its code (Job.warnings, counts.warnings, the summary). A kill between the
   * commit and it leaves what it would have done undone (e.g. suggestions stay in the queue).
   */
  after?: () => Promise<void>;
}

export interface JobCounts {
  total: number;
  done: number;
  skipped: number;
  failed: number;
  pending: number;
  /** Items done whose follow-up failed (processed tag, auto-apply): done, with a warning on record. */
  warnings: number;
}

export interface JobFailure {
  kind: string;
  id: string;
  code: string;
  message: string;
}

/** A job as the API shows it (Stash's Job, plus counts, rate and ETA). */
export interface JobView {
  id: string;
  kind: string;
  status: JobStatus;
  paused: boolean;
  description: string;
  progress: number | null;
  counts: JobCounts;
  /** Items processed per hour (skips excluded), from the items' own durations; null before the first. */
  rate: number | null;
  eta_seconds: number | null;
  error: string | null;
  summary: string | null;
  created_at: string;
  start_time: string | null;
  end_time: string | null;
  input: unknown;
}

/** Gentle runs leave room for Stash: a pause between items, and no work while Stash's own queue is busy. */
export interface PacingInput {
  gentle?: boolean;
  pause_ms?: number;
}

export interface JobContext {
  jobId: string;
  signal: AbortSignal;
}

/** What a kind of job does; the runner owns the queue, cursor, stop/pause, failures and progress. */
export interface JobHandler<I = PacingInput> {
  kind: string;
  /** Work that should jump the queue (a re-match after a database update takes seconds). */
  priority?: number;
  describe(input: I): string;
  /** Lists the items once; persisted with the job in one transaction, so a restart never lists again. */
  plan(input: I, ctx: JobContext): Promise<JobItem[]>;
  /** Runs before each item (gentle runs wait here for Stash's queue); throws only when stopping. */
  beforeItem?(input: I, ctx: JobContext): Promise<void>;
  process(item: JobItem, input: I, ctx: JobContext): Promise<ItemOutcome>;
  /** Errors that end the whole job (nothing else could succeed), rather than failing one item. */
  isFatal?(error: unknown): boolean;
}
