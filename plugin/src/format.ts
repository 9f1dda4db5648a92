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
 * step (the answer's frame_step: sprite cue interval or frame spacing), so two timestamps one step apart belong to
 * the same appearance. Without a step, the smallest gap stands in for it.
 */
export function appearances(times: readonly number[], frameStep?: number | null): Array<{ start: number; end: number }> {
  const sorted = [...times].sort((a, b) => a - b);
  let step = frameStep && frameStep > 0 ? frameStep : Infinity;
  if (!(frameStep && frameStep > 0)) for (let i = 1; i < sorted.length; i++) if (sorted[i] - sorted[i - 1] > 0) step = Math.min(step, sorted[i] - sorted[i - 1]);
  const out: Array<{ start: number; end: number }> = [];
  for (const t of sorted) {
    const run = out[out.length - 1];
    if (run && t - run.end <= step * 1.5) run.end = t;
    else out.push({ start: t, end: t });
  }
  return out;
}

/** "0:05-0:21, 1:02-1:14": a person's appearances as one line. */
export function appearanceText(times: readonly number[], frameStep?: number | null): string {
  return appearances(times, frameStep)
    .map((r) => (r.end > r.start ? `${formatTime(r.start)}-${formatTime(r.end)}` : formatTime(r.start)))
    .join(', ');
}

export const STRONG = 0.8;
/** The panel asks the sidecar for matches down to this, and sorts them itself by the threshold the user sets. */
export const REQUEST_FLOOR = 0.05;

export type Tier = 'strong' | 'weak' | 'possible' | 'unknown';

interface Scored {
  matches: ReadonlyArray<{ confidence: number }>;
  low_evidence?: boolean;
}

/**
 * strong: at or above both the threshold and 80% (the primary Add); weak: at or above the threshold (a secondary,
 * confirming Add); possible: a best match below the threshold (collapsed, with its confidence); unknown: none.
 */
export function tierOf(person: Scored, threshold: number): Tier {
  const best = person.matches[0]?.confidence;
  if (best === undefined) return 'unknown';
  if (best < threshold) return 'possible';
  return best >= Math.max(threshold, STRONG) && !person.low_evidence ? 'strong' : 'weak';
}

/** How many persons a threshold keeps as matches (the slider shows it for every position). */
export function keptCount(persons: readonly Scored[], threshold: number): number {
  return persons.filter((p) => (p.matches[0]?.confidence ?? -1) >= threshold).length;
}

interface Boxed {
  box?: { x: number; y: number; width: number; height: number } | null;
}

/**
 * Faces in reading order: rows top to bottom (a face whose centre is within half a face height of a row's first
 * face joins that row), left to right within a row. Persons without a box keep their order, after the others.
 */
export function readingOrder<T extends Boxed>(persons: readonly T[]): T[] {
  const boxed = persons.filter((p) => p.box).sort((a, b) => cy(a) - cy(b));
  const rows: T[][] = [];
  for (const p of boxed) {
    const row = rows[rows.length - 1];
    if (row && Math.abs(cy(p) - cy(row[0])) <= row[0].box!.height / 2) row.push(p);
    else rows.push([p]);
  }
  return [...rows.flatMap((r) => r.sort((a, b) => a.box!.x - b.box!.x)), ...persons.filter((p) => !p.box)];
}

function cy(p: Boxed): number {
  return p.box!.y + p.box!.height / 2;
}

export interface MarkerPlan {
  title: string;
  seconds: number;
  /** Absent for an appearance seen in one sample only (a point marker). */
  end_seconds?: number;
}

/**
 * Appearance markers for the named persons of a scene: one per merged appearance range, titled with the performer's
 * name (Stash markers have a start, an end and tags, but no performer field), in time order.
 */
export function markerPlan(persons: ReadonlyArray<{ timestamps: readonly number[]; matches: ReadonlyArray<{ performer: { name: string } }> }>, frameStep?: number | null): MarkerPlan[] {
  return persons
    .filter((p) => p.matches.length > 0)
    .flatMap((p) =>
      appearances(p.timestamps, frameStep).map((r) => ({ title: p.matches[0].performer.name, seconds: r.start, ...(r.end > r.start ? { end_seconds: r.end } : {}) })),
    )
    .sort((a, b) => a.seconds - b.seconds || a.title.localeCompare(b.title));
}
