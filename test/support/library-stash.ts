import { mkdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { launchStandIn } from '../fakes/stand-in-stash.js';
import type { SceneSet } from './scenes.js';
import { gql } from './sidecar.js';

/**
 * A stand-in Stash library of many scene ids built from a few synthetic scenes (test/support/scenes.ts): scene N
 * shows scene `from`'s sprite, through a VTT that may keep only some cues (small sprites make 300-scene runs quick).
 * `broken` ids get a sprite that is not an image; ids in no list are unknown to Stash.
 */
export interface LibrarySceneSpec {
  id: number;
  from: number;
  /** Indices of the 81 cues to keep (default: all). */
  cues?: readonly number[];
}

export interface LibraryStashOptions {
  scenes: readonly LibrarySceneSpec[];
  broken?: readonly number[];
  /** Performers of the set's library to leave out (a database performer the user's Stash lacks). */
  dropPerformers?: readonly string[];
  extraPerformers?: Array<{ id: number; name: string; stash_id: string | null }>;
}

export async function writeLibraryMedia(set: SceneSet, dir: string, options: LibraryStashOptions): Promise<string> {
  await mkdir(dir, { recursive: true });
  const vtts = new Map<number, string[]>();
  for (const spec of options.scenes) {
    if (!vtts.has(spec.from)) {
      const text = await readFile(join(set.dir, `scene-${spec.from}_thumbs.vtt`), 'utf8');
      vtts.set(spec.from, text.split(/\n\n+/).slice(1).filter((c) => c.trim()));
    }
    const cues = vtts.get(spec.from)!;
    const kept = spec.cues ? spec.cues.map((i) => cues[i]) : cues;
    const body = kept.map((c) => c.replaceAll(`scene-${spec.from}_sprite.jpg`, `scene-${spec.id}_sprite.jpg`)).join('\n\n');
    await writeFile(join(dir, `scene-${spec.id}_thumbs.vtt`), `WEBVTT\n\n${body}\n`);
    await symlink(join(set.dir, `scene-${spec.from}_sprite.jpg`), join(dir, `scene-${spec.id}_sprite.jpg`));
  }
  for (const id of options.broken ?? []) {
    await writeFile(join(dir, `scene-${id}_sprite.jpg`), '<html>not a sprite</html>');
    await writeFile(join(dir, `scene-${id}_thumbs.vtt`), `WEBVTT\n\n00:00:00.000 --> 00:00:01.000\nscene-${id}_sprite.jpg#xywh=0,0,160,90\n`);
  }
  const library = JSON.parse(await readFile(set.libraryPath, 'utf8')) as { performers: Array<{ id: number; name: string; stash_id: string | null }> };
  const drop = new Set(options.dropPerformers ?? []);
  const ids = [...options.scenes.map((s) => s.id), ...(options.broken ?? [])].sort((a, b) => a - b);
  const path = join(dir, 'library.json');
  await writeFile(
    path,
    JSON.stringify({
      performers: [...library.performers.filter((p) => !drop.has(p.name)), ...(options.extraPerformers ?? [])],
      scenes: ids.map((id) => ({ id, title: `Library scene ${id}`, performers: [], duration: 81, width: 1920, height: 1080 })),
    }),
  );
  return path;
}

export async function startLibraryStash(set: SceneSet, dir: string, options: LibraryStashOptions, extraArgs: string[] = []) {
  const libraryPath = await writeLibraryMedia(set, dir, options);
  return launchStandIn(libraryPath, dir, extraArgs);
}

export const JOB_FIELDS = `id status description progress error summary counts { total done skipped failed pending }
  rate_per_hour eta_seconds failures { id code message }`;

export interface JobAnswer {
  id: string;
  status: string;
  progress: number | null;
  error: string | null;
  summary: string | null;
  counts: { total: number; done: number; skipped: number; failed: number; pending: number };
  rate_per_hour: number | null;
  eta_seconds: number | null;
  failures: Array<{ id: string; code: string; message: string }>;
}

export async function findJob(url: string, id: string): Promise<JobAnswer> {
  const res = await gql<{ findJob: JobAnswer }>(url, `query($id: ID!) { findJob(id: $id) { ${JOB_FIELDS} } }`, { id });
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data!.findJob;
}

/** Polls findJob until the job has ended. */
export async function waitForJob(url: string, id: string, timeoutMs = 240_000): Promise<JobAnswer> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const job = await findJob(url, id);
    if (['FINISHED', 'CANCELLED', 'FAILED'].includes(job.status)) return job;
    if (Date.now() > until) throw new Error(`job ${id} still ${job.status} after ${timeoutMs} ms: ${JSON.stringify(job.counts)}`);
    await sleep(100);
  }
}

export async function startRun(url: string, input: Record<string, unknown>): Promise<string> {
  const res = await gql<{ libraryIdentify: string }>(url, `mutation($input: LibraryIdentifyInput!) { libraryIdentify(input: $input) }`, { input });
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data!.libraryIdentify;
}
