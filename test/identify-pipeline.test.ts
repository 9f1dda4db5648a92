import { mkdtempSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execute, parse } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { Galleries } from '../src/galleries/galleries.js';
import { DatabaseHolder } from '../src/database/holder.js';
import { IdentifyService } from '../src/identify/service.js';
import type { IdentifyRequest } from '../src/identify/types.js';
import { createLogger } from '../src/log.js';
import { schema } from '../src/server/schema/index.js';
import { VisionEngine } from '../src/vision/engine.js';
import { cosine } from '../src/vision/vectors.js';
import { buildDemoDatabase, demoPerformerId } from './support/demo-db.js';
import { FACES_DIR, HAVE_SHARED, openSetSplit } from './support/fixtures.js';

describe('IdentifyInput rules, declared on the schema', () => {
  // The resolver only sees input the rules let through; it records it.
  const received: IdentifyRequest[] = [];
  const context = {
    // The resolver passes the HTTP request's signal on (work stops when the client goes).
    request: new Request('http://sidecar.test/graphql'),
    identify: { identify: async (input: IdentifyRequest) => (received.push(input), { persons: [], source: null, frames_used: 0, database_version: null, timings: [] }) },
  };
  const run = async (input: Record<string, unknown>) => {
    const r = await execute({
      schema,
      document: parse('query($i: IdentifyInput!) { identify(input: $i) { frames_used } }'),
      variableValues: { i: input },
      contextValue: context,
    });
    return r.errors?.[0];
  };

  it.each([
    [{}, /Give one of image_url, image, image_id/],
    [{ image_url: 'http://a/b.jpg', image_id: '1' }, /Give only one source; got image_url and image_id/],
    [{ scene_id: '1', sprite_url: 'http://a/s.jpg', vtt_url: 'http://a/s.vtt' }, /only one source; got scene_id and sprite_url/],
    [{ vtt_url: 'http://a/s.vtt' }, /vtt_url needs sprite_url/],
    [{ image_id: '1', max_results: 0 }, /max_results must be a whole number from 1 to 50 \(got 0\)/],
    [{ image_id: '1', max_results: 51 }, /max_results must be a whole number from 1 to 50/],
    [{ image_id: '1', min_confidence: 2 }, /min_confidence must be between 0 and 1 \(got 2\)/],
    [{ scene_id: '1', frame_count: 0 }, /frame_count must be a whole number from 1 to 200/],
    [{ scene_id: '1', frame_count: 201 }, /frame_count must be a whole number from 1 to 200/],
  ])('refuses %j with BAD_USER_INPUT', async (input, message) => {
    const before = received.length;
    const error = await run(input);
    expect(error).toMatchObject({ message: expect.stringMatching(message), extensions: { code: 'BAD_USER_INPUT' } });
    expect(received.length).toBe(before);
  });

  it('lets valid input through, defaults applied', async () => {
    expect(await run({ scene_id: '7', max_results: 50, min_confidence: 0 })).toBeUndefined();
    expect(await run({ sprite_url: 'http://a/s.jpg', vtt_url: 'http://a/s.vtt', frame_count: 200 })).toBeUndefined();
    expect(received.at(-2)).toMatchObject({ scene_id: '7', max_results: 50, min_confidence: 0, frames_mode: 'AUTO', frame_count: 40 });
  });
});

describe.skipIf(!HAVE_SHARED)('a single image is a one-frame scene', () => {
  let engine: VisionEngine;
  let root = '';
  let service: IdentifyService;
  const penny = openSetSplit().enrolled.find((p) => p.identity === 'bbt-penny')!;

  beforeAll(async () => {
    engine = await VisionEngine.create();
    root = mkdtempSync(join(tmpdir(), 'pipeline-'));
    // Only Penny is enrolled: every face of the group photo's nearest performer is her.
    await buildDemoDatabase(engine, root, { people: [{ identity: penny.identity, enrol: penny.enrol }] });
    const log = createLogger('error');
    const holder = new DatabaseHolder(root, engine.models, log, { profile: engine.profile() });
    await holder.reload();
    service = new IdentifyService({ engine, galleries: new Galleries(holder), config: loadConfig({}), log });
  }, 120_000);

  afterAll(async () => {
    await engine?.close();
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it('never names two faces of one group photo as the same performer, and keeps every face with its box', async () => {
    const bytes = await readFile(join(FACES_DIR, 'groups', 'bbt4.jpg'));
    const { result, persons } = await service.run({ image: new File([new Uint8Array(bytes)], 'bbt4.jpg'), min_confidence: 0, max_results: 3 });
    expect(result.persons.length).toBeGreaterThanOrEqual(3);
    expect(result.source).toBeNull();
    expect(result.frames_used).toBe(1);
    // One person per face, each with its own box, largest first.
    const boxes = result.persons.map((p) => p.box!);
    expect(boxes.every((b) => b && b.width > 0)).toBe(true);
    expect(new Set(boxes.map((b) => `${b.x},${b.y}`)).size).toBe(boxes.length);
    expect(result.persons.map((p) => p.id)).toEqual(result.persons.map((_, i) => `face-${i + 1}`));
    expect(result.persons.map((p) => p.face_size)).toEqual([...result.persons.map((p) => p.face_size)].sort((a, b) => b - a));
    expect(result.persons.every((p) => p.face_count === 1 && p.timestamps.length === 0)).toBe(true);
    // Penny is named once, on the face most like her own photos.
    const named = result.persons.filter((p) => p.matches.some((m) => m.performer.id === demoPerformerId(penny.identity)));
    expect(named).toHaveLength(1);
    const own = await engine.analyzeImage(await readFile(penny.enrol[0]));
    const likeness = persons.map((p) => cosine(p.embeddings.fr_feature, own.faces[0].embeddings.fr_feature));
    expect(persons.indexOf(persons.find((p) => p.result === named[0])!)).toBe(likeness.indexOf(Math.max(...likeness)));
    expect(named[0].matches[0].already_tagged).toBeNull();
    // The answer's stages come from the one timer.
    expect(result.timings.map((t) => t.stage)).toEqual(expect.arrayContaining(['fetch', 'decode', 'detect', 'embed', 'cluster', 'search', 'thumbnail', 'total']));
  });
});
