import type { Logger } from '../log.js';

const PROGRESS_EVERY_MS = 1000;

/**
 * Where an identify request stands, logged once a second while it runs (long scenes take several seconds), and a
 * summary line at the end of a request that took that long. Quick requests (an image) log nothing.
 */
export class ProgressReporter {
  private readonly state: Record<string, unknown> = {};
  private readonly started = performance.now();
  private readonly timer: NodeJS.Timeout;

  constructor(private readonly log: Logger, base: Record<string, unknown>) {
    Object.assign(this.state, base);
    this.timer = setInterval(() => this.log.info('identifying', this.fields()), PROGRESS_EVERY_MS);
    this.timer.unref();
  }

  set(fields: Record<string, unknown>): void {
    Object.assign(this.state, fields);
  }

  /** Ends the reports; a request that ran long enough to report says how it ended. */
  finish(summary?: Record<string, unknown>): void {
    clearInterval(this.timer);
    const elapsed = performance.now() - this.started;
    if (summary && elapsed >= PROGRESS_EVERY_MS) this.log.info('identified', { ...this.fields(), ...summary });
  }

  private fields(): Record<string, unknown> {
    return { ...this.state, elapsed_ms: Math.round(performance.now() - this.started) };
  }
}
