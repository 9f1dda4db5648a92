import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sidecar } from '../src/main.js';
import { VisionEngine } from '../src/vision/engine.js';
import { buildDemoDatabase, demoPerformerId } from './support/demo-db.js';
import { HAVE_SHARED } from './support/fixtures.js';
import { buildSceneSet, startSceneStash, type SceneSet } from './support/scenes.js';
import { gql, startTestSidecar } from './support/sidecar.js';
import { ffmpegChildren, mp4Media, PROGRESS_QUERY } from './support/progress.js';
import { subscribe } from './support/sse.js';

/**
 * The progressive answer (identifySceneProgress over server-sent events) on a 1080p H.264 MP4 scene: the sprite's
 * persons first, then progress and partial persons from full frames, then the final answer; closing the request
 * kills the sidecar's ffmpeg processes at once (counted in /proc).
 */
interface Event {
  stage: string;
  frames_done: number;
  frames_total: number;
  final: boolean;
  result: { source: string; frames_used: number; persons: Array<{ matches: Array<{ performer: { id: string } }> }> } | null;
}

describe.skipIf(!HAVE_SHARED)('progressive scene answer', () => {
  let engine: VisionEngine;
  let dbDir: string;
  let mediaDir: string;
  let stash: { url: string; close(): Promise<void> };
  let sidecar: Sidecar;
  let set: SceneSet;

  beforeAll(async () => {
    engine = await VisionEngine.create();
    set = await buildSceneSet(engine, { count: 2, mp4: true });
    dbDir = await mkdtemp(join(tmpdir(), 'progress-db-'));
    mediaDir = await mkdtemp(join(tmpdir(), 'progress-media-'));
    await buildDemoDatabase(engine, dbDir);
    stash = await startSceneStash(await mp4Media(set, mediaDir, [1, 2]));
    sidecar = await startTestSidecar(engine, { STASH_URL: stash.url, DATABASE_PATH: dbDir });
  }, 900_000);

  afterAll(async () => {
    await sidecar?.close();
    await stash?.close();
    await engine?.close();
    if (dbDir) await rm(dbDir, { recursive: true, force: true });
    if (mediaDir) await rm(mediaDir, { recursive: true, force: true });
  });

  it('answers from the sprite first, then reports frames with partial persons, then the full-frame answer', async () => {
    const events: Event[] = [];
    await subscribe(sidecar.url, PROGRESS_QUERY, { input: { scene_id: '2', frame_count: 40 } }, (p) => {
      expect(p.errors).toBeUndefined();
      events.push(p.data!.identifySceneProgress);
    });
    const answers = events.filter((e) => e.result);
    expect(answers[0].result!.source).toBe('SPRITE');
    expect(answers[0].result!.frames_used).toBe(81);
    expect(answers[0].result!.persons.some((p) => p.matches.length > 0)).toBe(true);
    const frames = events.filter((e) => e.stage === 'frames');
    expect(frames.length).toBeGreaterThanOrEqual(30);
    expect(frames.every((e) => e.frames_total === 40)).toBe(true);
    // Progress only goes up, and partial persons come while frames are still being read.
    expect(frames.map((e) => e.frames_done)).toEqual([...frames.map((e) => e.frames_done)].sort((a, b) => a - b));
    expect(frames.some((e) => e.result && e.result.source === 'FRAMES' && e.frames_done < 40)).toBe(true);
    const last = events.at(-1)!;
    expect(last).toMatchObject({ stage: 'done', final: true });
    expect(last.result).toMatchObject({ source: 'FRAMES', frames_used: 40 });
    expect(events.filter((e) => e.final)).toHaveLength(1);
  });

  it('stops the ffmpeg processes at once when the request is closed, and the next request works', async () => {
    const abort = new AbortController();
    let running = 0;
    const seenFrames = new Promise<void>((resolve) => {
      void subscribe(sidecar.url, PROGRESS_QUERY, { input: { scene_id: '1', frame_count: 40 } }, (p) => {
        const e = p.data?.identifySceneProgress;
        if (e?.stage === 'frames' && e.frames_done >= 2 && !running) {
          running = ffmpegChildren();
          resolve();
        }
      }, abort.signal);
    });
    await seenFrames;
    expect(running).toBeGreaterThan(0);
    const closedAt = performance.now();
    abort.abort();
    let left = ffmpegChildren();
    while (left > 0 && performance.now() - closedAt < 3000) {
      await new Promise((r) => setTimeout(r, 25));
      left = ffmpegChildren();
    }
    expect(left).toBe(0);
    const next = await gql(sidecar.url, 'query($i: IdentifyInput!) { identify(input: $i) { source frames_used } }', { i: { scene_id: '1', frames_mode: 'SPRITE' } });
    expect(next.data?.identify).toMatchObject({ source: 'SPRITE', frames_used: 81 });
  });

  it('identifies the frame on screen at full resolution, with a box on each face and the right name in it', async () => {
    const truth = set.scenes.find((s) => s.id === 2)!;
    // A frame with two people, faces large enough to name (the MP4 holds each 1 s picture for 25 frames).
    const f = truth.frames.findIndex((faces) => faces.length === 2 && faces.every((x) => !x.stranger && x.box.width >= 120));
    expect(f).toBeGreaterThanOrEqual(0);
    const res = await gql(sidecar.url, `query($i: IdentifyInput!) { identify(input: $i) { source frames_used frame { time width height image }
      persons { box { x y width height } timestamps matches { confidence performer { id } } } } }`, { i: { scene_id: '2', frame_time: f + 0.5 } });
    expect(res.errors).toBeUndefined();
    const answer = res.data.identify;
    expect(answer.frame).toMatchObject({ width: 1920, height: 1080, image: expect.stringMatching(/^data:image\/jpeg;base64,/) });
    expect(answer.frame.time).toBeGreaterThanOrEqual(f + 0.45);
    expect(answer.frame.time).toBeLessThan(f + 0.6);
    expect(answer.persons).toHaveLength(2);
    for (const face of truth.frames[f]) {
      const box = face.box;
      const person = answer.persons.find((p: { box: typeof box }) => iou(p.box, box) > 0.4);
      expect(person, `a box on ${face.identity}`).toBeTruthy();
      expect(person.matches[0]?.performer.id).toBe(demoPerformerId(face.identity));
    }
  });
});

function iou(a: { x: number; y: number; width: number; height: number }, b: { x: number; y: number; width: number; height: number }): number {
  const w = Math.max(0, Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x));
  const h = Math.max(0, Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y));
  return (w * h) / (a.width * a.height + b.width * b.height - w * h);
}
