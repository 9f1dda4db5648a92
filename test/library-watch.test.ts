import { copyFile, mkdtemp, readFile, rename, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sidecar } from '../src/main.js';
import { VisionEngine } from '../src/vision/engine.js';
import { launchStandIn } from './fakes/stand-in-stash.js';
import { buildDemoDatabase, demoPerformerId } from './support/demo-db.js';
import { HAVE_SHARED, openSetSplit } from './support/fixtures.js';
import { startRun, waitForJob, writeLibraryMedia } from './support/library-stash.js';
import { buildSceneSet, type SceneSet } from './support/scenes.js';
import { gql, startTestSidecar } from './support/sidecar.js';

/**
 * Library runs that follow the library (issue 13): image scopes, auto-apply, the processed tag and the watch, with
 * the real sidecar over the stand-in Stash (Stash's schema). Scenes N show synthetic scene ((N - 1) % 10) + 1; the
 * stand-in's library is fixed while it runs, so "Stash added a scene" is Stash restarted at the same address with
 * a library that has it. John_Savage is missing from the user's Stash, John_Schneider is there only as an unlinked
 * "john schneider".
 */
const SCENES = [1, 2, 3, 11, 12, 13, 21, 22, 23];
const LATER = [31, 32]; // added while the watch runs; 32's sprite is generated later still

interface Mutation {
  mutation: string;
  args: { input: { ids?: string[]; name?: string; performer_ids?: { ids: string[]; mode: string }; tag_ids?: { ids: string[]; mode: string } } };
}

describe.skipIf(!HAVE_SHARED)('library runs that follow the library', () => {
  let engine: VisionEngine;
  let set: SceneSet;
  let dbDir: string, stateDir: string, mediaDir: string;
  let stash: { url: string; close(): Promise<void> };
  let sidecar: Sidecar;
  let library: { performers: unknown[]; scenes: Array<{ id: number }>; images: unknown[] };
  const imagePhotos: Array<{ id: number; identity: string }> = [];
  const start = () => startTestSidecar(engine, { STASH_URL: stash.url, DATABASE_PATH: dbDir, STATE_PATH: stateDir });
  const ok = async <T = any>(query: string, variables: Record<string, unknown> = {}): Promise<T> => {
    const res = await gql<T>(sidecar.url, query, variables);
    expect(res.errors).toBeUndefined();
    return res.data!;
  };
  const mutations = async (name: string) => (await (await fetch(`${stash.url}/mutations?mutation=${name}`)).json()) as Mutation[];
  /** Stash restarted at the same address with these scenes (its mutation log starts empty again). */
  const restartStash = async (sceneIds: number[]) => {
    const path = join(mediaDir, `library-${sceneIds.length}.json`);
    await writeFile(path, JSON.stringify({ ...library, scenes: library.scenes.filter((s) => sceneIds.includes(s.id)) }));
    const port = Number(new URL(stash.url).port);
    await stash.close();
    stash = await launchStandIn(path, mediaDir, [], port);
  };
  const suggestionsOf = async (sceneIds: string[]) => {
    const all = (await ok(`{ findSuggestions(filter: { per_page: -1 }, suggestion_filter: { status: [PENDING, ACCEPTED, REJECTED] }) {
      suggestions { id scene_id image_id confidence status created_performer performer { id name } } } }`)).findSuggestions.suggestions as Array<{
      id: string; scene_id: string | null; image_id: string | null; confidence: number; status: string; created_performer: boolean; performer: { id: string; name: string };
    }>;
    return all.filter((s) => s.scene_id && sceneIds.includes(s.scene_id));
  };

  beforeAll(async () => {
    engine = await VisionEngine.create();
    set = await buildSceneSet(engine, { count: 3 });
    dbDir = await mkdtemp(join(tmpdir(), 'watch-db-'));
    stateDir = await mkdtemp(join(tmpdir(), 'watch-state-'));
    mediaDir = await mkdtemp(join(tmpdir(), 'watch-media-'));
    await buildDemoDatabase(engine, dbDir);
    const libraryPath = await writeLibraryMedia(set, mediaDir, {
      scenes: [...SCENES, ...LATER].map((id) => ({ id, from: ((id - 1) % 10) + 1 })),
      dropPerformers: ['John_Savage', 'John_Schneider'],
      extraPerformers: [{ id: 200, name: 'john schneider', stash_id: null }],
    });
    // Scene 32's sprite is not generated yet: Stash answers 404 for its VTT.
    await rename(join(mediaDir, 'scene-32_thumbs.vtt'), join(mediaDir, 'later-32.vtt'));
    await rm(join(mediaDir, 'scene-32_sprite.jpg'));
    // Images: probe photos (not enrolled ones) of three database performers, untagged; a fourth tagged with one.
    const split = openSetSplit().enrolled;
    for (const [i, person] of split.slice(0, 4).entries()) {
      const id = 501 + i;
      await copyFile(person.probe[0], join(mediaDir, `image-${id}.jpg`));
      await copyFile(person.probe[0], join(mediaDir, `image-${id}_thumb.jpg`));
      imagePhotos.push({ id, identity: person.identity });
    }
    const written = JSON.parse(await readFile(libraryPath, 'utf8'));
    library = {
      ...written,
      images: imagePhotos.map(({ id }, i) => ({ id, title: `Photo ${id}`, performers: i === 3 ? [set.performerIds[imagePhotos[3].identity]] : [] })),
    };
    const first = join(mediaDir, 'library-first.json');
    await writeFile(first, JSON.stringify({ ...library, scenes: library.scenes.filter((s) => SCENES.includes(s.id)) }));
    stash = await launchStandIn(first, mediaDir);
    sidecar = await start();
  }, 600_000);

  afterAll(async () => {
    await sidecar?.close();
    await stash?.close();
    await engine?.close();
    for (const d of [dbDir, stateDir, mediaDir]) if (d) await rm(d, { recursive: true, force: true });
  });

  it('image scopes analyse images with the image pipeline and keep their results', async () => {
    const job = await waitForJob(sidecar.url, await startRun(sidecar.url, { scope: 'IMAGES_NO_PERFORMERS' }));
    expect(job.status).toBe('FINISHED');
    expect(job.counts).toMatchObject({ total: 3, done: 3, failed: 0 });
    for (const { id, identity } of imagePhotos.slice(0, 3)) {
      const kept = (await ok(`{ imageFaces(image_id: "${id}") { image_id scene_id database_version persons { thumbnail matches { performer { id } } } } }`)).imageFaces;
      expect(kept).toMatchObject({ image_id: String(id), scene_id: null, database_version: 'demo-1' });
      expect(kept.persons.length).toBeGreaterThan(0);
      expect(kept.persons[0].matches[0].performer.id).toBe(demoPerformerId(identity));
    }
    const imageSuggestions = (await ok(`{ findSuggestions(filter: { per_page: -1 }) { suggestions { image_id scene_id } } }`)).findSuggestions.suggestions;
    expect(imageSuggestions.filter((s: { image_id: string | null }) => s.image_id).length).toBeGreaterThan(0);
    // All images: the three kept ones are done already, the tagged one is new.
    const all = await waitForJob(sidecar.url, await startRun(sidecar.url, { scope: 'IMAGES' }));
    expect(all.counts).toMatchObject({ total: 4, done: 1, skipped: 3, failed: 0 });
  }, 300_000);

  it('auto-apply accepts exactly the suggestions at or above its threshold, through the safe accept (no duplicate)', async () => {
    // Scenes 1-3 first, without auto-apply: their confidences choose a threshold with suggestions on both sides.
    expect((await waitForJob(sidecar.url, await startRun(sidecar.url, { scope: 'IDS', scene_ids: ['1', '2', '3'] }))).counts.done).toBe(3);
    const confidences = [...new Set((await suggestionsOf(['1', '2', '3'])).map((s) => s.confidence))].sort((a, b) => a - b);
    expect(confidences.length).toBeGreaterThan(1);
    const threshold = (confidences[0] + confidences.at(-1)!) / 2;
    const settings = (
      await ok(`mutation($t: Float) { configureLibrary(input: { auto_apply_min_confidence: $t, auto_apply_create_performers: true }) {
        auto_apply_min_confidence auto_apply_create_performers watch processed_tag } }`, { t: threshold })
    ).configureLibrary;
    expect(settings).toEqual({ auto_apply_min_confidence: threshold, auto_apply_create_performers: true, watch: false, processed_tag: null });

    // Scenes 11-13 show the same people: auto-applied as each is done.
    const job = await waitForJob(sidecar.url, await startRun(sidecar.url, { scope: 'IDS', scene_ids: ['11', '12', '13'] }));
    expect(job.counts).toMatchObject({ done: 3, failed: 0 });
    const made = await suggestionsOf(['11', '12', '13']);
    const above = made.filter((s) => s.confidence >= threshold);
    const below = made.filter((s) => s.confidence < threshold);
    expect(above.length).toBeGreaterThan(0);
    expect(below.length).toBeGreaterThan(0);
    for (const s of below) expect(s.status).toBe('PENDING');
    const schneider = demoPerformerId('John_Schneider');
    for (const s of above) expect(s.status).toBe(s.performer.id === schneider ? 'PENDING' : 'ACCEPTED'); // a name in Stash: a person links it
    // Stash saw one ADD per accepted suggestion, and at most one new performer per database performer, none named like one it has.
    const adds = (await mutations('bulkSceneUpdate')).filter((m) => m.args.input.performer_ids);
    const accepted = above.filter((s) => s.status === 'ACCEPTED');
    expect(adds.length).toBe(accepted.length);
    for (const a of adds) expect(a.args.input.performer_ids!.mode).toBe('ADD');
    const creates = (await mutations('performerCreate')).map((m) => m.args.input.name);
    expect(new Set(creates).size).toBe(creates.length);
    expect(creates).not.toContain('John Schneider');
    expect(creates.every((n) => n === 'John Savage')).toBe(true);
    // Scenes 1-3 were analysed before auto-apply was on: still pending, for a person to review.
    expect((await suggestionsOf(['1', '2', '3'])).every((s) => s.status === 'PENDING')).toBe(true);
    await ok(`mutation { configureLibrary(input: { auto_apply_min_confidence: null }) { auto_apply_min_confidence } }`);
  }, 300_000);

  it('tags every scene a run analyses with the processed tag, created once, added without touching the rest', async () => {
    await ok(`mutation { configureLibrary(input: { processed_tag: "  Faces scanned " }) { processed_tag } }`);
    expect((await ok(`{ librarySettings { processed_tag } }`)).librarySettings.processed_tag).toBe('Faces scanned');
    const before = (await mutations('bulkSceneUpdate')).length;
    expect((await waitForJob(sidecar.url, await startRun(sidecar.url, { scope: 'IDS', scene_ids: ['21', '22'] }))).counts.done).toBe(2);
    const creates = (await mutations('tagCreate')).map((m) => m.args.input.name);
    expect(creates).toEqual(['Faces scanned']);
    const tagged = (await mutations('bulkSceneUpdate')).slice(before);
    expect(tagged.map((m) => m.args.input.ids)).toEqual([['21'], ['22']]);
    for (const m of tagged) {
      expect(m.args.input.tag_ids!.mode).toBe('ADD');
      expect(m.args.input.performer_ids).toBeUndefined();
    }
    // A second run skips both: nothing is tagged again.
    expect((await waitForJob(sidecar.url, await startRun(sidecar.url, { scope: 'IDS', scene_ids: ['21', '22'] }))).counts.skipped).toBe(2);
    expect((await mutations('bulkSceneUpdate')).length).toBe(before + 2);

    // A tag Stash has already ("Outdoor", id 2) is used, not created; the scene keeps what it had.
    await ok(`mutation { configureLibrary(input: { processed_tag: "outdoor" }) { processed_tag } }`);
    await waitForJob(sidecar.url, await startRun(sidecar.url, { scope: 'IDS', scene_ids: ['23'] }));
    expect((await mutations('tagCreate')).length).toBe(1);
    expect((await mutations('bulkSceneUpdate')).at(-1)!.args.input).toMatchObject({ ids: ['23'], tag_ids: { ids: ['2'], mode: 'ADD' } });
    const scene = await (
      await fetch(`${stash.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: `{ findScene(id: "23") { title tags { name } } }` }),
      })
    ).json();
    expect(scene.data.findScene).toEqual({ title: 'Library scene 23', tags: [{ name: 'Outdoor' }] });
    await ok(`mutation { configureLibrary(input: { processed_tag: null }) { processed_tag } }`);
  }, 300_000);

  it('watch: queues a scene added after the first poll once, across a restart; a scene without sprite waits, not failed', async () => {
    const off = await gql(sidecar.url, `mutation { libraryWatchPoll { job_id } }`);
    expect(off.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    const on = (await ok(`mutation { configureLibrary(input: { watch: true, watch_interval_minutes: 60 }) { watch watch_interval_minutes } }`)).configureLibrary;
    expect(on).toEqual({ watch: true, watch_interval_minutes: 60 });
    const poll = `mutation { libraryWatchPoll { job_id queued waiting error } }`;
    // The first poll only notes where the library stands: the scenes already there are not the watch's.
    expect((await ok(poll)).libraryWatchPoll).toEqual({ job_id: null, queued: [], waiting: [], error: null });

    await restartStash([...SCENES, ...LATER]);
    const found = (await ok(poll)).libraryWatchPoll;
    expect(found).toMatchObject({ queued: ['31'], waiting: ['32'], error: null });
    const job = await waitForJob(sidecar.url, found.job_id);
    expect(job).toMatchObject({ status: 'FINISHED', counts: { total: 1, done: 1, failed: 0 } });
    expect((await ok(`{ sceneFaces(scene_id: "31") { persons { id } } }`)).sceneFaces.persons.length).toBeGreaterThan(0);
    expect((await ok(`{ librarySettings { watch_status { last_job_id last_queued waiting_for_sprite error } } }`)).librarySettings.watch_status).toEqual({
      last_job_id: found.job_id,
      last_queued: 1,
      waiting_for_sprite: ['32'],
      error: null,
    });

    // A restart: the setting, the cursor and the waiting scene are kept; nothing is queued again.
    await sidecar.close();
    sidecar = await start();
    expect((await ok(`{ librarySettings { watch } }`)).librarySettings.watch).toBe(true);
    expect((await ok(poll)).libraryWatchPoll).toEqual({ job_id: null, queued: [], waiting: ['32'], error: null });
    const watchJobs = () => ok(`{ jobQueue { id description counts { failed } } }`).then((d) => d.jobQueue.filter((j: { description: string }) => /\(watch\)/.test(j.description)));
    expect(await watchJobs()).toHaveLength(1);

    // Stash generates 32's sprite: the next poll queues it.
    await rename(join(mediaDir, 'later-32.vtt'), join(mediaDir, 'scene-32_thumbs.vtt'));
    await symlink(join(set.dir, 'scene-2_sprite.jpg'), join(mediaDir, 'scene-32_sprite.jpg'));
    const later = (await ok(poll)).libraryWatchPoll;
    expect(later).toMatchObject({ queued: ['32'], waiting: [], error: null });
    expect((await waitForJob(sidecar.url, later.job_id)).counts).toMatchObject({ total: 1, done: 1, failed: 0 });
    expect((await ok(poll)).libraryWatchPoll).toEqual({ job_id: null, queued: [], waiting: [], error: null });
    const jobs = await watchJobs();
    expect(jobs).toHaveLength(2);
    for (const j of jobs) expect(j.counts.failed).toBe(0);
  }, 300_000);

  it('refuses settings out of range with a sentence', async () => {
    for (const input of ['{ watch_interval_minutes: 0 }', '{ auto_apply_min_confidence: 1.5 }']) {
      const res = await gql(sidecar.url, `mutation { configureLibrary(input: ${input}) { watch } }`);
      expect(res.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
      expect(res.errors?.[0].message).toMatch(/must be/);
    }
  });
});
