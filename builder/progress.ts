/**
 * Progress for a run that lasts days: on a terminal, one live bar per stage with count, rate and ETA; anywhere else
 * (a log file, CI, nohup) a plain line per active stage every `interval` and a line when a stage ends.
 */

export interface StageSnapshot {
  name: string;
  done: number;
  total?: number;
  /** Seconds from the stage's first step to its end (or now). */
  seconds: number;
  finished: boolean;
}

export class Stage {
  done = 0;
  total?: number;
  startedAt?: number;
  endedAt?: number;
  /** Recent (time, count) samples for a rate that follows the present, not the whole run's average. */
  private samples: Array<[number, number]> = [];

  constructor(
    readonly name: string,
    private readonly owner: Progress,
    readonly unit: string,
  ) {}

  start(total?: number): this {
    this.startedAt ??= Date.now();
    if (total !== undefined) this.total = total;
    this.owner.changed();
    return this;
  }

  setTotal(total: number): void {
    this.total = total;
    this.owner.changed();
  }

  addTotal(n: number): void {
    this.total = (this.total ?? 0) + n;
  }

  tick(n = 1): void {
    this.startedAt ??= Date.now();
    this.done += n;
    const now = Date.now();
    this.samples.push([now, this.done]);
    while (this.samples.length > 2 && now - this.samples[0][0] > 60_000) this.samples.shift();
  }

  finish(): void {
    if (this.endedAt) return;
    this.startedAt ??= Date.now();
    this.endedAt = Date.now();
    this.owner.finished(this);
  }

  get active(): boolean {
    return this.startedAt !== undefined && this.endedAt === undefined;
  }

  get seconds(): number {
    if (this.startedAt === undefined) return 0;
    return ((this.endedAt ?? Date.now()) - this.startedAt) / 1000;
  }

  /** Items per second over the last minute (or since the start). */
  get rate(): number {
    const now = this.endedAt ?? Date.now();
    const first = this.samples[0];
    if (this.samples.length >= 2 && first && now - first[0] > 500) return (this.done - first[1]) / ((now - first[0]) / 1000);
    return this.seconds > 0 ? this.done / this.seconds : 0;
  }

  get etaSeconds(): number | undefined {
    if (this.total === undefined || this.rate <= 0) return undefined;
    return Math.max(0, (this.total - this.done) / this.rate);
  }

  snapshot(): StageSnapshot {
    return { name: this.name, done: this.done, total: this.total, seconds: this.seconds, finished: this.endedAt !== undefined };
  }
}

export type ProgressMode = 'bar' | 'plain' | 'off';

export class Progress {
  readonly stages: Stage[] = [];
  private timer?: NodeJS.Timeout;
  private drawnLines = 0;
  private lastPlain = 0;

  constructor(
    readonly mode: ProgressMode,
    private readonly out: NodeJS.WritableStream & { columns?: number } = process.stderr,
    private readonly intervalMs = 30_000,
  ) {
    if (mode === 'bar') this.timer = setInterval(() => this.draw(), 200);
    else if (mode === 'plain') this.timer = setInterval(() => this.plainTick(), Math.min(this.intervalMs, 5_000));
    this.timer?.unref();
  }

  static auto(mode: 'auto' | ProgressMode, intervalMs: number, out: NodeJS.WriteStream = process.stderr): Progress {
    const resolved: ProgressMode = mode === 'auto' ? (out.isTTY && process.env.TERM !== 'dumb' ? 'bar' : 'plain') : mode;
    return new Progress(resolved, out, intervalMs);
  }

  stage(name: string, unit = 'items'): Stage {
    let stage = this.stages.find((s) => s.name === name);
    if (!stage) {
      stage = new Stage(name, this, unit);
      this.stages.push(stage);
    }
    return stage;
  }

  /** A line that stays (above the bars on a terminal). */
  log(message: string): void {
    if (this.mode === 'off') return;
    if (this.mode === 'bar') {
      this.clear();
      this.out.write(message + '\n');
      this.draw();
    } else this.out.write(`${timestamp()} ${message}\n`);
  }

  changed(): void {
    if (this.mode === 'bar') this.draw();
  }

  finished(stage: Stage): void {
    if (this.mode === 'off') return;
    const line = `${stage.name}: ${stage.done}${stage.total !== undefined ? `/${stage.total}` : ''} ${stage.unit} in ${duration(stage.seconds)} (${rateText(stage.done / Math.max(stage.seconds, 1e-3), stage.unit)})`;
    this.log(`done ${line}`);
  }

  close(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    if (this.mode === 'bar') {
      this.draw();
      this.drawnLines = 0;
    }
  }

  private plainTick(): void {
    const now = Date.now();
    if (now - this.lastPlain < this.intervalMs) return;
    this.lastPlain = now;
    for (const s of this.stages.filter((s) => s.active)) this.out.write(`${timestamp()} ${this.describe(s)}\n`);
  }

  private describe(s: Stage): string {
    const eta = s.etaSeconds;
    const count = s.total !== undefined ? `${s.done}/${s.total}` : `${s.done}`;
    const pct = s.total ? ` ${((100 * s.done) / s.total).toFixed(1)}%` : '';
    return `${s.name}: ${count} ${s.unit}${pct}, ${rateText(s.rate, s.unit)}${eta !== undefined ? `, ETA ${duration(eta)}` : ''}`;
  }

  private clear(): void {
    if (this.drawnLines > 0) this.out.write(`\x1b[${this.drawnLines}A\x1b[0J`);
    this.drawnLines = 0;
  }

  private draw(): void {
    if (this.mode !== 'bar') return;
    const visible = this.stages.filter((s) => s.startedAt !== undefined);
    const width = Math.max(40, (this.out.columns ?? 100) - 1);
    const lines = visible.map((s) => {
      const name = s.name.padEnd(10).slice(0, 10);
      const count = s.total !== undefined ? `${s.done}/${s.total}` : `${s.done}`;
      const eta = s.endedAt ? `done ${duration(s.seconds)}` : s.etaSeconds !== undefined ? `ETA ${duration(s.etaSeconds)}` : '';
      const tail = ` ${count} ${rateText(s.rate, s.unit)} ${eta}`;
      const barWidth = Math.max(10, Math.min(40, width - name.length - tail.length - 3));
      const fraction = s.total ? Math.min(1, s.done / s.total) : s.endedAt ? 1 : 0;
      const filled = Math.round(fraction * barWidth);
      const bar = s.total !== undefined || s.endedAt ? '#'.repeat(filled) + '-'.repeat(barWidth - filled) : '?'.repeat(barWidth);
      return `${name} [${bar}]${tail}`.slice(0, width);
    });
    this.clear();
    if (lines.length) this.out.write(lines.join('\n') + '\n');
    this.drawnLines = lines.length;
  }
}

function timestamp(): string {
  return new Date().toISOString().replace(/\.\d+Z$/, 'Z');
}

export function duration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  const h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), sec = s % 60;
  if (h >= 48) return `${Math.floor(h / 24)}d ${h % 24}h`;
  return h > 0 ? `${h}h${String(m).padStart(2, '0')}m` : `${m}m${String(sec).padStart(2, '0')}s`;
}

function rateText(perSecond: number, unit: string): string {
  if (perSecond >= 1 || perSecond === 0) return `${perSecond.toFixed(perSecond >= 10 ? 0 : 1)} ${unit}/s`;
  return `${(perSecond * 60).toFixed(1)} ${unit}/min`;
}
