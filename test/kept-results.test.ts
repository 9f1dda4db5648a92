import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sidecar } from '../src/main.js';
import { VisionEngine } from '../src/vision/engine.js';
import { buildDemoDatabase } from './support/demo-db.js';
import { HAVE_SHARED } from './support/fixtures.js';
import { startLibraryStash, startRun, waitForJob } from './support/library-stash.js';
import { buildSceneSet, type SceneSet } from './support/scenes.js';
import { gql, startTestSidecar } from './support/sidecar.js';

/**
 * A scene page's identify is kept like a library run's result (the next visit shows it at once, no second run),
 * joins the review queue, and "not this performer" on the page is the queue's remembered rejection: the performer
 * is gone from that scene's answers (kept and fresh) and from the queue, not from other scenes; undo brings it back.
 */
const PERSON_FIELDS = 'id face_count matches { confidence performer { id name } }';
interface PersonAnswer {
  id: string;
  face_count: number;
  matches: Array<{ confidence: number; performer: { id: string; name: string } }>;
}

describe.skipIf(!HAVE_SHARED)('kept results of the scene page', () => {
  let engine: VisionEngine;
  let set: SceneSet;
  let dbDir: string, stateDir: string, mediaDir: string;
  let stash: { url: string; close(): Promise<void> };
  let sidecar: Sidecar;
  const onnxRuns = () => Object.values(engine.runnerStats).reduce((n, s) => n + s.runs, 0);
  const ok = async <T>(query: string, variables: Record<string, unknown> = {}) => {
    const res = await gql<T>(sidecar.url, query, variables);
    expect(res.errors).toBeUndefined();
    return res.data!;
  };
  const identify = async (sceneId: string) =>
    (await ok<{ identify: { persons: PersonAnswer[] } }>(`query($id: ID!) { identify(input: { scene_id: $id, frames_mode: SPRITE }) { persons { ${PERSON_FIELDS} } } }`, { id: sceneId })).identify
      .persons;
  const kept = async (sceneId: string) =>
    (
      await ok<{ sceneFaces: { frames_mode: string; analysed_at: string; persons: PersonAnswer[] } | null }>(
        `query($id: ID!) { sceneFaces(scene_id: $id) { frames_mode analysed_at persons { ${PERSON_FIELDS} } } }`,
        { id: sceneId },
      )
    ).sceneFaces;
  const queue = async (sceneId: string, status: string[]) =>
    (
      await ok<{ findSuggestions: { suggestions: Array<{ id: string; status: string; performer: { id: string } }> } }>(
        `query($f: SuggestionFilterType) { findSuggestions(filter: { per_page: -1 }, suggestion_filter: $f) { suggestions { id status performer { id } } } }`,
        { f: { scene_id: sceneId, status } },
      )
    ).findSuggestions.suggestions;
  const reject = (sceneId: string, personId: string, performerId: string, undo = false) =>
    ok<{ sceneFacesReject: boolean }>(`mutation($i: SceneFacesRejectInput!, $u: Boolean) { sceneFacesReject(input: $i, undo: $u) }`, {
      i: { scene_id: sceneId, person_id: personId, performer_id: performerId },
      u: undo,
    });

  beforeAll(async () => {
    engine = await VisionEngine.create();
    set = await buildSceneSet(engine, { count: 1 });
    dbDir = await mkdtemp(join(tmpdir(), 'kept-db-'));
    stateDir = await mkdtemp(join(tmpdir(), 'kept-state-'));
    mediaDir = await mkdtemp(join(tmpdir(), 'kept-media-'));
    await buildDemoDatabase(engine, dbDir);
    // Scenes 1 and 2 are the same synthetic scene under two ids: a rejection on one must not touch the other.
    stash = await startLibraryStash(set, join(mediaDir, 'm'), { scenes: [1, 2].map((id) => ({ id, from: 1 })) });
    sidecar = await startTestSidecar(engine, { STASH_URL: stash.url, DATABASE_PATH: dbDir, STATE_PATH: stateDir, LOCAL_GALLERY: 'false' });
  }, 600_000);

  afterAll(async () => {
    await sidecar?.close();
    await stash?.close();
    await engine?.close();
    for (const d of [dbDir, stateDir, mediaDir]) if (d) await rm(d, { recursive: true, force: true });
  });

  it('keeps the page answer: the next visit shows it with no model run, and its persons are in the review queue', async () => {
    expect(await kept('1')).toBeNull();
    const fresh = await identify('1');
    const named = fresh.filter((p) => p.matches[0]?.confidence >= 0.5);
    expect(named.length).toBeGreaterThan(0);
    const runs = onnxRuns();
    const again = await kept('1');
    expect(onnxRuns()).toBe(runs);
    expect(again?.frames_mode).toBe('SPRITE');
    expect(again!.persons.map((p) => [p.id, p.matches[0]?.performer.id])).toEqual(fresh.map((p) => [p.id, p.matches[0]?.performer.id]));
    const pending = await queue('1', ['PENDING']);
    expect(pending.map((s) => s.performer.id).sort()).toEqual([...new Set(named.map((p) => p.matches[0].performer.id))].sort());
  });

  it('"not this performer" on the page is remembered for that scene only, and undo brings it back', async () => {
    await identify('2');
    const person = (await kept('1'))!.persons.find((p) => p.matches[0]?.confidence >= 0.5)!;
    const performer = person.matches[0].performer.id;
    expect((await reject('1', person.id, performer)).sceneFacesReject).toBe(true);

    const shown = (persons: PersonAnswer[]) => persons.flatMap((p) => p.matches.map((m) => m.performer.id));
    expect(shown((await kept('1'))!.persons)).not.toContain(performer);
    expect(shown(await identify('1'))).not.toContain(performer);
    expect(shown((await kept('1'))!.persons)).not.toContain(performer); // the fresh run did not bring it back
    expect((await queue('1', ['REJECTED'])).map((s) => s.performer.id)).toEqual([performer]);
    expect((await queue('1', ['PENDING'])).map((s) => s.performer.id)).not.toContain(performer);
    // The other scene is untouched.
    expect(shown(await identify('2'))).toContain(performer);
    expect((await queue('2', ['PENDING'])).map((s) => s.performer.id)).toContain(performer);

    await reject('1', person.id, performer, true);
    expect(shown((await kept('1'))!.persons)).toContain(performer);
    expect((await queue('1', ['PENDING'])).map((s) => s.performer.id)).toContain(performer);
  });

  it('a page identify kept as AUTO is done for a later SPRITE library run; a FRAMES run is not covered by its sprite fallback', async () => {
    await ok(`query { identify(input: { scene_id: "1", frames_mode: AUTO }) { database_version } }`);
    // This stand-in scene has no playable file: AUTO fell back to the sprite, and says so.
    expect((await ok<{ sceneFaces: { frames_mode: string; source: string } }>(`{ sceneFaces(scene_id: "1") { frames_mode source } }`)).sceneFaces).toEqual({
      frames_mode: 'AUTO',
      source: 'SPRITE',
    });
    const runs = onnxRuns();
    const sprite = await waitForJob(sidecar.url, await startRun(sidecar.url, { scope: 'IDS', scene_ids: ['1'], frames_mode: 'SPRITE' }));
    expect(sprite.counts).toMatchObject({ total: 1, skipped: 1, done: 0, failed: 0 });
    expect(onnxRuns()).toBe(runs);
    const frames = await waitForJob(sidecar.url, await startRun(sidecar.url, { scope: 'IDS', scene_ids: ['1'], frames_mode: 'FRAMES' }));
    expect(frames.counts.skipped).toBe(0);
  }, 300_000);

  it('refuses a reject that names neither or both of scene and image, with a clear error', async () => {
    const res = await gql(sidecar.url, `mutation { sceneFacesReject(input: { person_id: "p1", performer_id: "x" }) }`);
    expect(res.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(res.errors?.[0].message).toMatch(/scene_id or image_id/);
  });
});
