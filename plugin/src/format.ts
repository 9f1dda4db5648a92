// Pure helpers for the result view (no PluginApi: unit-tested in Node).

/** 75 -> "1:15", 3725 -> "1:02:05" */
export function formatTime(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, '0');
  return h ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

export function percent(confidence: number): string {
  return `${Math.round(confidence * 100)}%`;
}

/**
 * Runs of neighbouring timestamps ("0:13-0:17") instead of one button per frame: frames are sampled at a steady
 * step, so two timestamps one step apart belong to the same appearance.
 */
export function appearances(times: readonly number[]): Array<{ start: number; end: number }> {
  const sorted = [...times].sort((a, b) => a - b);
  let step = Infinity;
  for (let i = 1; i < sorted.length; i++) if (sorted[i] - sorted[i - 1] > 0) step = Math.min(step, sorted[i] - sorted[i - 1]);
  const out: Array<{ start: number; end: number }> = [];
  for (const t of sorted) {
    const run = out[out.length - 1];
    if (run && t - run.end <= step * 1.5) run.end = t;
    else out.push({ start: t, end: t });
  }
  return out;
}
