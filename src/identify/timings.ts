/**
 * Per-stage wall-clock timings of one identify request (stash, fetch, decode, detect, embed, cluster, search,
 * thumbnail, total). Stages overlap (tiles and frames are analysed concurrently), so a stage's time is the length of
 * the union of the intervals spent in it: "detect" says how long detection held up the request.
 */
export class SpanTimer {
  private readonly intervals = new Map<string, Array<[number, number]>>();
  private readonly started = performance.now();

  async span<T>(stage: string, fn: () => Promise<T>): Promise<T> {
    const start = performance.now();
    try {
      return await fn();
    } finally {
      this.record(stage, start, performance.now());
    }
  }

  spanSync<T>(stage: string, fn: () => T): T {
    const start = performance.now();
    try {
      return fn();
    } finally {
      this.record(stage, start, performance.now());
    }
  }

  /** A stage that ran alone for `ms` until now. */
  add(stage: string, ms: number): void {
    const end = performance.now();
    this.record(stage, end - ms, end);
  }

  record(stage: string, start: number, end: number): void {
    const list = this.intervals.get(stage) ?? [];
    list.push([start, end]);
    this.intervals.set(stage, list);
  }

  list(): Array<{ stage: string; ms: number }> {
    const out = [...this.intervals].map(([stage, list]) => ({ stage, ms: round(unionLength(list)) }));
    out.push({ stage: 'total', ms: round(performance.now() - this.started) });
    return out;
  }
}

function unionLength(list: Array<[number, number]>): number {
  const sorted = [...list].sort((a, b) => a[0] - b[0]);
  let total = 0, end = -Infinity;
  for (const [s, e] of sorted) {
    if (e <= end) continue;
    total += e - Math.max(s, end);
    end = e;
  }
  return total;
}

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}
