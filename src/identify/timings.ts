/** Per-stage wall-clock timings of one identify request (fetch, decode, detect, embed, cluster, search). */
export class StageTimer {
  private readonly totals = new Map<string, number>();

  async time<T>(stage: string, fn: () => Promise<T>): Promise<T> {
    const start = performance.now();
    try {
      return await fn();
    } finally {
      this.add(stage, performance.now() - start);
    }
  }

  timeSync<T>(stage: string, fn: () => T): T {
    const start = performance.now();
    try {
      return fn();
    } finally {
      this.add(stage, performance.now() - start);
    }
  }

  add(stage: string, ms: number): void {
    this.totals.set(stage, (this.totals.get(stage) ?? 0) + ms);
  }

  list(): Array<{ stage: string; ms: number }> {
    return [...this.totals].map(([stage, ms]) => ({ stage, ms: Math.round(ms * 10) / 10 }));
  }
}
