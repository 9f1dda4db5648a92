import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomicSync } from '../src/util/atomic-write.js';
import { Journal } from './journal.js';

/**
 * The builder's memory between runs: every performer it knows (stash-box metadata, whether its faces are computed and
 * from which inputs, or why it was removed) and every run's progress (listing pages, look-ups, packaging). Kept as a
 * snapshot plus an append-only journal: each step is one synchronous line, so a kill at any moment loses at most the
 * step in flight, and a restart replays the journal and carries on.
 */

export interface PerformerMeta {
  endpoint: string;
  uuid: string;
  name: string;
  disambiguation: string | null;
  aliases: string[];
  gender: string | null;
  country: string | null;
  /** The images the builder uses (the first max_images_per_performer, in stash-box's order). */
  images: Array<{ id: string; url: string }>;
  /** The performer's first image (its portrait), shown beside a match. */
  image_url: string | null;
  created: string;
  updated: string;
}

export interface PerformerResultRef {
  /** Hash of everything the faces depend on: image list, models, rules. */
  fingerprint: string;
  faces: number;
  /** Path of the result file, relative to the state folder. */
  file: string;
  run: number;
  /** Some images failed for reasons that may pass (timeouts, 5xx): try again in the next run. */
  incomplete?: boolean;
}

export interface PerformerState {
  id: string;
  meta: PerformerMeta;
  result?: PerformerResultRef;
  removed?: { reason: 'deleted' | 'merged' | 'gone'; into?: string; run: number };
}

export type Phase = 'full' | 'updated' | 'ids';

export interface PhaseProgress {
  /** Pages done (1-based page numbers are done up to here). */
  page: number;
  complete: boolean;
  count?: number;
  /** Ids (uuids) seen in this phase, with their `updated` when the listing carries it. */
  seen: Record<string, string>;
}

export interface RunState {
  n: number;
  mode: 'full' | 'update';
  version: string;
  started: string;
  /** Per endpoint: the `updated` time an update run pages back to. */
  since: Record<string, string | undefined>;
  endpoints: Record<string, { phases: Partial<Record<Phase, PhaseProgress>>; resolved?: boolean }>;
  processed?: boolean;
  packaged?: { version: string; digest: string; dir: string };
  finished?: string;
}

export type StateEvent =
  | { e: 'run'; run: RunState }
  | { e: 'version'; run: number; version: string }
  | { e: 'perf'; id: string; meta: PerformerMeta }
  | { e: 'done'; id: string; result: PerformerResultRef }
  | { e: 'removed'; id: string; reason: 'deleted' | 'merged' | 'gone'; into?: string; run: number }
  | { e: 'page'; run: number; endpoint: string; phase: Phase; page: number; count: number; seen: Record<string, string>; complete?: boolean }
  | { e: 'resolved'; run: number; endpoint: string }
  | { e: 'processed'; run: number }
  | { e: 'packaged'; run: number; version: string; digest: string; dir: string }
  | { e: 'finished'; run: number; at: string };

interface Snapshot {
  format: 1;
  performers: PerformerState[];
  runs: RunState[];
}

const SNAPSHOT = 'state.json';
const JOURNAL = 'journal.jsonl';
/** Compact the journal after this many lines, so replay stays fast on a days-long run. */
const COMPACT_EVERY = 20_000;

export class BuildState {
  readonly performers = new Map<string, PerformerState>();
  readonly runs: RunState[] = [];
  private readonly journal: Journal<StateEvent>;
  private sinceCompaction = 0;

  private constructor(readonly dir: string) {
    this.journal = new Journal(join(dir, JOURNAL));
  }

  static open(dir: string): BuildState {
    mkdirSync(join(dir, 'results'), { recursive: true });
    const state = new BuildState(dir);
    const snapshotPath = join(dir, SNAPSHOT);
    if (existsSync(snapshotPath)) {
      const snap = JSON.parse(readFileSync(snapshotPath, 'utf8')) as Snapshot;
      for (const p of snap.performers) state.performers.set(p.id, p);
      state.runs.push(...snap.runs);
    }
    // Events are idempotent (each sets state), so replaying a journal already folded into the snapshot is harmless.
    for (const event of state.journal.read()) state.apply(event);
    state.compact();
    return state;
  }

  record(event: StateEvent): void {
    this.journal.append(event);
    this.apply(event);
    if (++this.sinceCompaction >= COMPACT_EVERY) this.compact();
  }

  /** Folds the journal into the snapshot (write + rename), then empties the journal. */
  compact(): void {
    // A finished run's listing is history: drop its id lists, they are the bulk of the state.
    for (const run of this.runs) {
      if (!run.finished) continue;
      for (const ep of Object.values(run.endpoints)) for (const p of Object.values(ep.phases)) if (p) p.seen = {};
    }
    const snap: Snapshot = { format: 1, performers: [...this.performers.values()], runs: this.runs };
    writeFileAtomicSync(join(this.dir, SNAPSHOT), JSON.stringify(snap));
    this.journal.rewrite([]);
    this.sinceCompaction = 0;
  }

  get lastRun(): RunState | undefined {
    return this.runs[this.runs.length - 1];
  }

  run(n: number): RunState {
    const run = this.runs.find((r) => r.n === n);
    if (!run) throw new Error(`state: no run ${n}`);
    return run;
  }

  /** The last run that wrote a package, before run `n`. */
  previousPackage(n: number): RunState['packaged'] | undefined {
    return [...this.runs].reverse().find((r) => r.n < n && r.packaged)?.packaged;
  }

  phase(run: RunState, endpoint: string, phase: Phase): PhaseProgress {
    return run.endpoints[endpoint]?.phases[phase] ?? { page: 0, complete: false, seen: {} };
  }

  resultPath(ref: PerformerResultRef): string {
    return join(this.dir, ref.file);
  }

  private apply(event: StateEvent): void {
    switch (event.e) {
      case 'run': {
        const i = this.runs.findIndex((r) => r.n === event.run.n);
        if (i >= 0) this.runs[i] = event.run;
        else this.runs.push(event.run);
        break;
      }
      case 'version':
        this.run(event.run).version = event.version;
        break;
      case 'perf': {
        const old = this.performers.get(event.id);
        this.performers.set(event.id, { id: event.id, meta: event.meta, result: old?.result });
        break;
      }
      case 'done': {
        const p = this.performers.get(event.id);
        if (p) p.result = event.result;
        break;
      }
      case 'removed': {
        const p = this.performers.get(event.id);
        if (p) p.removed = { reason: event.reason, into: event.into, run: event.run };
        break;
      }
      case 'page': {
        const run = this.run(event.run);
        const ep = (run.endpoints[event.endpoint] ??= { phases: {} });
        const progress = (ep.phases[event.phase] ??= { page: 0, complete: false, seen: {} });
        if (event.page > progress.page) progress.page = event.page;
        progress.count = event.count;
        Object.assign(progress.seen, event.seen);
        if (event.complete) progress.complete = true;
        break;
      }
      case 'resolved':
        (this.run(event.run).endpoints[event.endpoint] ??= { phases: {} }).resolved = true;
        break;
      case 'processed':
        this.run(event.run).processed = true;
        break;
      case 'packaged':
        this.run(event.run).packaged = { version: event.version, digest: event.digest, dir: event.dir };
        break;
      case 'finished':
        this.run(event.run).finished = event.at;
        break;
    }
  }
}
