import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import type { Logger } from '../src/log.js';
import { startSidecar, type Sidecar } from '../src/main.js';
import { VisionEngine } from '../src/vision/engine.js';
import { buildDemoDatabase, demoPerformerId } from './support/demo-db.js';
import { HAVE_SHARED } from './support/fixtures.js';
import {
  buildSceneSet,
  errorCaseMedia,
  SCENE_IDENTIFY_QUERY,
  scoreScene,
  startSceneStash,
  type IdentifiedPerson,
  type SceneSet,
  type SceneTruth,
} from './support/scenes.js';
import { gql, startTestSidecar } from './support/sidecar.js';

/**
 * Scenes end to end: synthetic scenes (test/support/scenes.ts, cached under .cache/) served by the stand-in Stash,
 * identified by the real sidecar over HTTP. Scenes 1-3 have 1, 2 and 3 enrolled people plus a stranger.
 */
const SCENES = [1, 2, 3];

interface Answer {
  source: string;
  frames_used: number;
  database_version: string;
  timings: Array<{ stage: string; ms: number }>;
  persons: Array<IdentifiedPerson & { id: string; face_size: number; thumbnail: string | null; box: unknown }>;
}

describe.skipIf(!HAVE_SHARED)('scene identify', () => {
  let engine: VisionEngine;
  let dbDir: string;
  let mediaDir: string;
  let set: SceneSet;
  let stash: { url: string; close(): Promise<void> };
  let sidecar: Sidecar;

  const identify = async (input: Record<string, unknown>) => gql<{ identify: Answer }>(sidecar.url, SCENE_IDENTIFY_QUERY, { input });
  const truth = (id: number): SceneTruth => set.scenes.find((s) => s.id === id)!;

  beforeAll(async () => {
    engine = await VisionEngine.create();
    const scenes = await buildSceneSet(engine, { count: Math.max(...SCENES), video: true });
    dbDir = await mkdtemp(join(tmpdir(), 'scene-db-'));
    mediaDir = await mkdtemp(join(tmpdir(), 'scene-media-'));
    set = await errorCaseMedia(scenes, mediaDir, SCENES);
    await buildDemoDatabase(engine, dbDir);
    stash = await startSceneStash(set);
    sidecar = await startTestSidecar(engine, { STASH_URL: stash.url, DATABASE_PATH: dbDir });
  });

  afterAll(async () => {
    await sidecar?.close();
    await stash?.close();
    await engine?.close();
    if (dbDir) await rm(dbDir, { recursive: true, force: true });
    if (mediaDir) await rm(mediaDir, { recursive: true, force: true });
  });

  it('names the people of sprite sheets, one person per person, and marks performers already on the scene', async () => {
    const scores = [];
    for (const id of SCENES) {
      const res = await identify({ scene_id: String(id), frames_mode: 'SPRITE' });
      expect(res.errors).toBeUndefined();
      const answer = res.data!.identify;
      expect(answer.source).toBe('SPRITE');
      expect(answer.frames_used).toBe(81);
      scores.push(scoreScene(truth(id), answer.persons));
      const named = answer.persons.filter((p) => p.matches.length > 0);
      // One performer per person.
      expect(new Set(named.map((p) => p.matches[0].performer.id)).size).toBe(named.length);
      for (const p of answer.persons) {
        expect(p.box).toBeNull();
        expect(p.face_count).toBe(p.timestamps.length);
        expect(p.timestamps).toEqual([...p.timestamps].sort((a, b) => a - b));
        expect(p.thumbnail).toMatch(/^data:image\/jpeg;base64,/);
        if (p.face_count < 2) expect(p.low_evidence).toBe(true);
        for (const m of p.matches) {
          expect(m.already_tagged).toBe(truth(id).tagged.map(demoPerformerId).includes(m.performer.id));
          expect(m.confidence).toBeGreaterThanOrEqual(0.5);
        }
      }
      expect(answer.timings.map((t) => t.stage)).toEqual(expect.arrayContaining(['stash', 'fetch', 'decode', 'detect', 'embed', 'cluster', 'search', 'total']));
    }
    const correct = scores.reduce((s, r) => s + r.correct, 0), expected = scores.reduce((s, r) => s + r.expected, 0);
    expect(scores.reduce((s, r) => s + r.wrong, 0)).toBe(0);
    expect(correct / expected).toBeGreaterThanOrEqual(0.8);
    // The person named in scene 1 is seen across much of the scene (81 one-second tiles).
    const scene1 = (await identify({ scene_id: '1', frames_mode: 'SPRITE' })).data!.identify;
    const lead = scene1.persons.find((p) => p.matches[0]?.performer.id === demoPerformerId(truth(1).enrolled[0]))!;
    expect(lead.face_count).toBeGreaterThan(30);
    expect(lead.matches[0].already_tagged).toBe(true);
  });

  it('names everyone from 40 full-resolution frames extracted by ffmpeg, and AUTO picks frames', async () => {
    for (const id of SCENES) {
      const res = await identify({ scene_id: String(id), frames_mode: id === 3 ? 'AUTO' : 'FRAMES' });
      expect(res.errors).toBeUndefined();
      const answer = res.data!.identify;
      expect(answer.source).toBe('FRAMES');
      expect(answer.frames_used).toBeGreaterThanOrEqual(38);
      const score = scoreScene(truth(id), answer.persons);
      expect(score).toMatchObject({ correct: score.expected, wrong: 0 });
      // The stranger is a person too, with no name.
      expect(answer.persons.some((p) => p.matches.length === 0 && !p.low_evidence)).toBe(true);
      for (const p of answer.persons) expect(p.timestamps.every((t) => t >= 0 && t <= 81)).toBe(true);
    }
    const fewer = (await identify({ scene_id: '2', frames_mode: 'FRAMES', frame_count: 8 })).data!.identify;
    expect(fewer.frames_used).toBeLessThanOrEqual(8);
  });

  it('reads a sprite sheet and VTT given by URL', async () => {
    const res = await identify({ sprite_url: `${stash.url}/scene/2/vtt/sprite`, vtt_url: `${stash.url}/scene/2/vtt/thumbs` });
    expect(res.errors).toBeUndefined();
    const answer = res.data!.identify;
    expect(answer.source).toBe('SPRITE');
    expect(scoreScene(truth(2), answer.persons).wrong).toBe(0);
    // Without a scene there is nothing to compare with.
    for (const p of answer.persons) for (const m of p.matches) expect(m.already_tagged).toBeNull();
  });

  it('logs progress while a scene takes more than a second', async () => {
    const lines: Array<{ msg: string; fields: Record<string, unknown> }> = [];
    const capture = (base: Record<string, unknown> = {}): Logger => {
      const at = (msg: string, fields?: Record<string, unknown>) => void lines.push({ msg, fields: { ...base, ...fields } });
      return { debug: at, info: at, warn: at, error: at, child: (f) => capture({ ...base, ...f }) };
    };
    const second = await startSidecar(
      loadConfig({ STASH_URL: stash.url, DATABASE_PATH: dbDir, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'debug' }),
      { engine, log: capture() },
    );
    try {
      const res = await gql(second.url, SCENE_IDENTIFY_QUERY, { input: { scene_id: '2', frames_mode: 'FRAMES' } });
      expect(res.errors).toBeUndefined();
    } finally {
      await second.close();
    }
    const progress = lines.filter((l) => l.msg === 'identifying');
    expect(progress.length).toBeGreaterThan(0);
    expect(progress[0].fields).toMatchObject({ scene_id: '2', mode: 'FRAMES', frames_total: 40 });
    expect(lines.find((l) => l.msg === 'identified')?.fields).toMatchObject({ scene_id: '2', persons: expect.any(Number) });
  });

  it('reports the ffmpeg it uses in health', async () => {
    const res = await gql(sidecar.url, '{ health { ffmpeg { path version error } } }');
    expect(res.data.health.ffmpeg.path).toBeTruthy();
    expect(res.data.health.ffmpeg.version).toBeTruthy();
    expect(res.data.health.ffmpeg.error).toBeNull();
  });

  it('falls back to the sprite sheet when there is no working ffmpeg, and says why', async () => {
    const noFfmpeg = await startTestSidecar(engine, { STASH_URL: stash.url, DATABASE_PATH: dbDir, FFMPEG_PATH: '/nonexistent/ffmpeg' });
    try {
      const health = await gql(noFfmpeg.url, '{ health { ffmpeg { path error } } }');
      expect(health.data.health.ffmpeg).toMatchObject({ path: null, error: expect.stringContaining('/nonexistent/ffmpeg') });
      const auto = await gql<{ identify: Answer }>(noFfmpeg.url, SCENE_IDENTIFY_QUERY, { input: { scene_id: '1' } });
      expect(auto.errors).toBeUndefined();
      expect(auto.data!.identify.source).toBe('SPRITE');
      const frames = await gql(noFfmpeg.url, SCENE_IDENTIFY_QUERY, { input: { scene_id: '1', frames_mode: 'FRAMES' } });
      expect(frames.errors?.[0]).toMatchObject({ message: expect.stringContaining('ffmpeg is not available'), extensions: { code: 'FFMPEG_FAILED' } });
    } finally {
      await noFfmpeg.close();
    }
  });

  it('answers bad input with clear errors or an empty result, and the next request works', async () => {
    const code = async (input: Record<string, unknown>) => {
      const res = await identify(input);
      expect(res.data?.identify ?? null).toBeNull();
      return { code: res.errors?.[0]?.extensions?.code, message: res.errors?.[0]?.message ?? '' };
    };
    expect(await code({ scene_id: '12345' })).toMatchObject({ code: 'NOT_FOUND', message: expect.stringContaining('12345') });
    expect(await code({ scene_id: '92', frames_mode: 'SPRITE' })).toMatchObject({ code: 'BAD_USER_INPUT', message: expect.stringContaining('WEBVTT') });
    expect(await code({ scene_id: '93', frames_mode: 'SPRITE' })).toMatchObject({ code: 'BAD_USER_INPUT', message: expect.stringContaining('outside') });
    expect(await code({ scene_id: '94', frames_mode: 'SPRITE' })).toMatchObject({ code: 'UNSUPPORTED_IMAGE' });
    expect(await code({ sprite_url: `${stash.url}/scene/94/vtt/sprite`, vtt_url: `${stash.url}/scene/94/vtt/thumbs` })).toMatchObject({ code: 'UNSUPPORTED_IMAGE' });
    expect(await code({ sprite_url: `${stash.url}/scene/2/vtt/sprite` })).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(await code({ sprite_url: `${stash.url}/scene/2/vtt/sprite`, vtt_url: `${stash.url}/nothing.vtt` })).toMatchObject({ code: 'FETCH_FAILED' });
    expect(await code({ sprite_url: 'http://elsewhere.example/s.jpg', vtt_url: 'http://elsewhere.example/s.vtt' })).toMatchObject({ code: 'FORBIDDEN_ORIGIN' });
    expect(await code({ scene_id: '1', frame_count: 0, frames_mode: 'FRAMES' })).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(await code({ scene_id: '91', frames_mode: 'FRAMES' })).toMatchObject({ code: 'FFMPEG_FAILED' });

    // An unreadable stream in AUTO mode falls back to the sprite sheet.
    const fallback = await identify({ scene_id: '91', frames_mode: 'AUTO' });
    expect(fallback.errors).toBeUndefined();
    expect(fallback.data!.identify.source).toBe('SPRITE');

    // No faces anywhere: an empty answer, in both modes.
    for (const mode of ['SPRITE', 'FRAMES']) {
      const empty = await identify({ scene_id: '90', frames_mode: mode });
      expect(empty.errors).toBeUndefined();
      expect(empty.data!.identify).toMatchObject({ source: mode, persons: [] });
      expect(empty.data!.identify.frames_used).toBeGreaterThan(0);
    }

    const after = await identify({ scene_id: '1', frames_mode: 'SPRITE' });
    expect(after.errors).toBeUndefined();
    expect(scoreScene(truth(1), after.data!.identify.persons).correct).toBe(1);
  });
});
