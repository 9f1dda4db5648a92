import { appendFile, cp, mkdtemp, readFile, readdir } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import type { Sidecar } from '../../src/main.js';
import { VisionEngine } from '../../src/vision/engine.js';
import { buildDemoDatabase } from '../support/demo-db.js';
import { HAVE_SHARED, openSetSplit } from '../support/fixtures.js';
import { startTestSidecar } from '../support/sidecar.js';
import { startRecordingServer, vtt, type RecordingServer } from './servers.js';

/**
 * A hostile client and hostile servers against the real sidecar (real models, real database, real HTTP). Every case
 * asserts the error code a person gets, that the process still answers, and that the key never left for a host
 * other than Stash (a capture server that must receive nothing, and every response body).
 */
const KEY = 'hostile-test-key-4f1d9c';
const MAX_IMAGE_BYTES = 40 * 1024 * 1024;

describe.skipIf(!HAVE_SHARED)('hostile input', () => {
  let engine: VisionEngine;
  let sidecar: Sidecar;
  let databasePath: string;
  let capture: RecordingServer; // not allowed anywhere: must receive nothing
  let host: RecordingServer; // an allowed image host that misbehaves
  let stash: RecordingServer; // a Stash that misbehaves
  const bodies: string[] = [];
  let slowClosedAt = 0;
  const face = openSetSplit().enrolled[0].probe[0];

  async function post(body: unknown, headers: Record<string, string> = {}) {
    const res = await fetch(`${sidecar.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
    const text = await res.text();
    bodies.push(text);
    return { status: res.status, json: JSON.parse(text) as { data?: any; errors?: Array<{ message: string; extensions?: { code?: string } }> } };
  }
  const identify = (input: Record<string, unknown>) =>
    post({ query: 'query($i: IdentifyInput!) { identify(input: $i) { frames_used persons { id matches { confidence } } } }', variables: { i: input } });

  /** The error's code, after checking the process still answers a health query. */
  async function codeOf(r: { json: { errors?: Array<{ extensions?: { code?: string } }> } }): Promise<string | undefined> {
    const health = await post({ query: '{ health { version } }' });
    expect(health.json.data?.health.version).toBeTruthy();
    return r.json.errors?.[0]?.extensions?.code;
  }

  beforeAll(async () => {
    engine = await VisionEngine.create();
    databasePath = await mkdtemp(join(tmpdir(), 'hostile-db-'));
    await buildDemoDatabase(engine, databasePath, { people: openSetSplit().enrolled.slice(0, 3).map(({ identity, enrol }) => ({ identity, enrol: enrol.slice(0, 2) })) });
    capture = await startRecordingServer({}, (_q, res) => void res.writeHead(200, { 'content-type': 'image/jpeg' }).end('x'));
    const faceBytes = await readFile(face);
    const sheet = await sharp({ create: { width: 1200, height: 1200, channels: 3, background: '#808080' } }).jpeg().toBuffer();
    const panorama = await sharp({ create: { width: 20_000, height: 2_000, channels: 3, background: '#6a7a8a' } }).jpeg().toBuffer();
    const bomb = await sharp({ create: { width: 8_000, height: 8_000, channels: 3, background: '#000000' } }).png({ compressionLevel: 9 }).toBuffer();
    host = await startRecordingServer({
      '/face.jpg': (_q, res) => void res.writeHead(200, { 'content-type': 'image/jpeg' }).end(faceBytes),
      '/truncated.jpg': (_q, res) => void res.writeHead(200).end(faceBytes.subarray(0, faceBytes.length >> 1)),
      '/panorama.jpg': (_q, res) => void res.writeHead(200).end(panorama),
      '/bomb.png': (_q, res) => void res.writeHead(200).end(bomb),
      '/sheet.jpg': (_q, res) => void res.writeHead(200).end(sheet),
      '/redirect-capture': (_q, res) => void res.writeHead(302, { Location: `${capture.url}/stolen.jpg` }).end(),
      '/slow': (req, res) => {
        res.writeHead(200, { 'content-type': 'image/jpeg' });
        res.write(faceBytes.subarray(0, 100));
        req.socket.on('close', () => (slowClosedAt = Date.now()));
      },
      '/endless': (_q, res) => {
        res.writeHead(200, { 'content-type': 'image/jpeg' });
        const chunk = Buffer.alloc(64 * 1024, 7);
        const pump = () => {
          while (res.write(chunk));
        };
        res.on('drain', pump);
        pump();
      },
      '/amplify.vtt': (_q, res) => void res.writeHead(200).end(vtt('sheet.jpg', Array.from({ length: 243 }, () => [0, 0, 1200, 1200]))),
      '/outside.vtt': (_q, res) => void res.writeHead(200).end(vtt('sheet.jpg', [[0, 0, 600, 600], [1000, 1000, 600, 600]])),
      '/huge-tile.vtt': (_q, res) => void res.writeHead(200).end(vtt('sheet.jpg', [[0, 0, 5000, 5000]])),
      '/malformed.vtt': (_q, res) => void res.writeHead(200).end('WEBVTT\n\n00:00:01.000 --> nonsense\nsheet.jpg#xywh=a,b,c,d\n'),
      '/ok.vtt': (_q, res) => void res.writeHead(200).end(vtt('sheet.jpg', [[0, 0, 600, 600], [600, 0, 600, 600], [0, 600, 600, 600]])),
    });
    // A Stash that answers ids with paths that redirect away, hangs, or names nothing.
    stash = await startRecordingServer({
      '/graphql': async (_q, res, body) => {
        const { operationName, variables } = JSON.parse(body) as { operationName?: string; variables: { id?: string } };
        const json = (data: unknown) => void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ data }));
        if (variables.id === 'hang') return; // never answers
        if (operationName === 'FindImageForIdentify') {
          if (variables.id === '404') return json({ findImage: null });
          return json({ findImage: { id: variables.id, title: 't', paths: { image: `${stash.url}/image/redirect` } } });
        }
        if (operationName === 'FindSceneForIdentify') {
          if (variables.id === '404') return json({ findScene: null });
          return json({
            findScene: {
              id: variables.id, title: 's',
              paths: { screenshot: null, stream: null, sprite: `${stash.url}/scene/sheet.jpg`, vtt: `${stash.url}/scene/amplify.vtt` },
              files: [], performers: [],
            },
          });
        }
        json({});
      },
      '/image/redirect': (_q, res) => void res.writeHead(302, { Location: `${capture.url}/from-stash.jpg` }).end(),
      '/scene/sheet.jpg': (_q, res) => void res.writeHead(200).end(sheet),
      '/scene/amplify.vtt': (_q, res) => void res.writeHead(200).end(vtt('sheet.jpg', Array.from({ length: 243 }, () => [0, 0, 1200, 1200]))),
    });
    sidecar = await startTestSidecar(engine, {
      STASH_URL: stash.url,
      STASH_API_KEY: KEY,
      DATABASE_PATH: databasePath,
      ALLOWED_IMAGE_ORIGINS: host.url,
      FETCH_TIMEOUT_MS: '3000',
      MAX_IMAGE_BYTES: String(MAX_IMAGE_BYTES),
      PUBLIC_URL: 'http://127.0.0.1:8000/face',
      CORS_ORIGINS: 'http://stash.local:9999',
    });
  }, 240_000);

  afterAll(async () => {
    await sidecar?.close(1000);
    await Promise.all([capture?.close(), host?.close(), stash?.close()]);
    // The bars: nothing ever reached the capture server, and no answer carried the key.
    expect(capture.requests).toEqual([]);
    expect(bodies.filter((b) => b.includes(KEY))).toEqual([]);
    // Only Stash got the key, and only at Stash's address.
    expect(host.requests.filter((r) => JSON.stringify(r.headers).includes(KEY))).toEqual([]);
  });

  it('a STASH_URL with a password is refused at start, without echoing the password', () => {
    let error: Error | undefined;
    try {
      loadConfig({ STASH_URL: 'http://admin:hunter2@stash:9999' });
    } catch (e) {
      error = e as Error;
    }
    expect(error).toMatchObject({ code: 'CONFIG_INVALID' });
    expect(error!.message).toMatch(/STASH_URL must not contain a user name or password/);
    expect(error!.message).toMatch(/STASH_API_KEY/);
    expect(error!.message).not.toContain('hunter2');
    expect(() => loadConfig({ STASH_URL: 'admin:hunter2@stash:9999' })).toThrow(/^(?![\s\S]*hunter2)/);
  });

  it('`image` sent as a string or an object is BAD_USER_INPUT', async () => {
    for (const image of ['aGVsbG8=', { path: '/etc/passwd' }]) {
      const r = await identify({ image });
      expect(await codeOf(r)).toBe('BAD_USER_INPUT');
      expect(r.json.errors![0].message).toMatch(/multipart upload/);
    }
  });

  it('deeply nested, many-aliased and huge documents are refused with a code, and health still answers', async () => {
    const deep = await post({ query: `{${'a{'.repeat(5000)}b${'}'.repeat(5000)}}` });
    expect(deep.status).toBeLessThan(500);
    expect(await codeOf(deep)).toBe('GRAPHQL_PARSE_FAILED');
    expect(deep.json.errors?.[0].message).toMatch(/Token limit/);
    const nested = await post({ query: `{ health { ${'models { '.repeat(20)} id ${'} '.repeat(20)} } }` });
    expect(await codeOf(nested)).toBeDefined();
    const aliases = await post({ query: `{ ${Array.from({ length: 300 }, (_, i) => `h${i}: health { version }`).join(' ')} }` });
    expect(await codeOf(aliases)).toMatch(/^(BAD_REQUEST|GRAPHQL_PARSE_FAILED|GRAPHQL_VALIDATION_FAILED)$/);
    expect(aliases.json.errors?.[0].message).toMatch(/alias|token/i);
    const started = performance.now();
    const [big, health] = await Promise.all([
      post({ query: `{ ${Array.from({ length: 100_000 }, (_, i) => `h${i}: health { version }`).join(' ')} }` }),
      post({ query: '{ health { version } }' }),
    ]);
    expect([big.status, big.json.errors?.[0]?.extensions?.code]).toEqual([413, 'REQUEST_ENTITY_TOO_LARGE']);
    expect(health.json.data.health.version).toBeTruthy();
    expect(performance.now() - started).toBeLessThan(10_000);
  });

  it('multipart with non-JSON operations or map is BAD_REQUEST', async () => {
    for (const [operations, map] of [['{not json', '{}'], [JSON.stringify({ query: '{ health { version } }' }), 'nope']]) {
      const form = new FormData();
      form.append('operations', operations);
      form.append('map', map);
      const res = await fetch(`${sidecar.url}/graphql`, { method: 'POST', body: form, headers: { 'GraphQL-Require-Preflight': '1' } });
      const json = (await res.json()) as { errors: Array<{ message: string; extensions: { code: string } }> };
      expect(res.status).toBeLessThan(500);
      expect(await codeOf({ json })).toBe('BAD_REQUEST');
      expect(json.errors[0].message).toMatch(/JSON/);
    }
  });

  it('uploads up to MAX_IMAGE_BYTES are read (not 413 at 25 MB); larger ones are refused with a code', async () => {
    const upload = async (bytes: number) => {
      const form = new FormData();
      form.append('operations', JSON.stringify({ query: 'query($f: File!) { identify(input: { image: $f }) { frames_used } }', variables: { f: null } }));
      form.append('map', JSON.stringify({ 0: ['variables.f'] }));
      form.append('0', new Blob([new Uint8Array(bytes).fill(1)]), 'junk.jpg');
      const res = await fetch(`${sidecar.url}/graphql`, { method: 'POST', body: form, headers: { 'GraphQL-Require-Preflight': '1' } });
      return { status: res.status, json: (await res.json()) as { errors?: Array<{ extensions?: { code?: string } }> } };
    };
    const within = await upload(30 * 1024 * 1024);
    expect(await codeOf(within)).toBe('UNSUPPORTED_IMAGE');
    const over = await upload(MAX_IMAGE_BYTES + 2 * 1024 * 1024);
    expect(over.status).toBe(413);
    expect(await codeOf(over)).toBe('REQUEST_ENTITY_TOO_LARGE');
  });

  it('images: a face-less 40 MP panorama gives no persons; a bomb, a truncated file and junk get their codes', async () => {
    const panorama = await identify({ image_url: `${host.url}/panorama.jpg` });
    expect(panorama.json.errors).toBeUndefined();
    expect(panorama.json.data.identify.persons).toEqual([]);
    expect(await codeOf(await identify({ image_url: `${host.url}/bomb.png` }))).toBe('IMAGE_TOO_LARGE');
    expect(await codeOf(await identify({ image_url: `${host.url}/truncated.jpg` }))).toBe('UNSUPPORTED_IMAGE');
    expect(await codeOf(await identify({ image_url: `${host.url}/endless` }))).toBe('IMAGE_TOO_LARGE');
    expect(await codeOf(await identify({ image_url: `${host.url}/missing` }))).toBe('FETCH_FAILED');
    expect(await codeOf(await identify({ image_url: 'file:///etc/passwd' }))).toBe('BAD_USER_INPUT');
    expect(await codeOf(await identify({ image_url: 'http://169.254.169.254/latest/meta-data' }))).toBe('FORBIDDEN_ORIGIN');
  });

  it('redirects to other hosts are not followed, from an allowed host or from Stash', async () => {
    expect(await codeOf(await identify({ image_url: `${host.url}/redirect-capture` }))).toBe('FORBIDDEN_ORIGIN');
    expect(await codeOf(await identify({ image_id: '7' }))).toBe('FORBIDDEN_ORIGIN');
    // Stash got the key on its own address; the capture server got nothing (checked after all cases).
    expect(stash.requests.some((r) => r.headers.apikey === KEY)).toBe(true);
  });

  it('a stalled image download ends at FETCH_TIMEOUT_MS; a hung Stash too', async () => {
    const t0 = performance.now();
    expect(await codeOf(await identify({ image_url: `${host.url}/slow` }))).toBe('FETCH_FAILED');
    const r = await identify({ image_id: 'hang' });
    expect(await codeOf(r)).toBe('STASH_ERROR');
    expect(r.json.errors![0].message).toMatch(/did not answer within 3000 ms/);
    expect(performance.now() - t0).toBeLessThan(15_000);
  });

  it('work stops when the client goes away (the download it waits on is closed)', async () => {
    slowClosedAt = 0;
    const controller = new AbortController();
    const pending = fetch(`${sidecar.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: 'query($u: String!) { identify(input: { image_url: $u }) { frames_used } }', variables: { u: `${host.url}/slow` } }),
      signal: controller.signal,
    }).catch(() => undefined);
    await new Promise((r) => setTimeout(r, 400));
    const abortedAt = Date.now();
    controller.abort();
    await pending;
    await new Promise((r) => setTimeout(r, 1500));
    expect(slowClosedAt).toBeGreaterThan(0);
    expect(slowClosedAt - abortedAt).toBeLessThan(1500); // well before the 3000 ms fetch limit
  });

  it('sprites: amplifying, out-of-bounds, oversized and malformed VTTs are BAD_USER_INPUT; a fair one works', async () => {
    const sprite = (file: string) => identify({ sprite_url: `${host.url}/sheet.jpg`, vtt_url: `${host.url}/${file}`, frames_mode: 'SPRITE' });
    const amplify = await sprite('amplify.vtt');
    expect(await codeOf(amplify)).toBe('BAD_USER_INPUT');
    expect(amplify.json.errors![0].message).toMatch(/whole sheet/);
    expect(await codeOf(await sprite('outside.vtt'))).toBe('BAD_USER_INPUT');
    expect(await codeOf(await sprite('huge-tile.vtt'))).toBe('BAD_USER_INPUT');
    expect(await codeOf(await sprite('malformed.vtt'))).toBe('BAD_USER_INPUT');
    const fair = await sprite('ok.vtt');
    expect(fair.json.errors).toBeUndefined();
    expect(fair.json.data.identify.frames_used).toBe(3);
    // The same amplification through a Stash scene id.
    expect(await codeOf(await identify({ scene_id: '5', frames_mode: 'SPRITE' }))).toBe('BAD_USER_INPUT');
  });

  it('unknown ids are NOT_FOUND', async () => {
    expect(await codeOf(await identify({ image_id: '404' }))).toBe('NOT_FOUND');
    expect(await codeOf(await identify({ scene_id: '404', frames_mode: 'SPRITE' }))).toBe('NOT_FOUND');
  });

  it('library, link and people inputs out of range or naming nothing get their codes, and health still answers', async () => {
    const cases: Array<[string, Record<string, unknown>, string]> = [
      ['mutation($i: SceneFacesRejectInput!) { sceneFacesReject(input: $i) }', { i: { person_id: 'p', performer_id: 'x' } }, 'BAD_USER_INPUT'],
      ['mutation($i: SceneFacesRejectInput!) { sceneFacesReject(input: $i) }', { i: { scene_id: '1', image_id: '1', person_id: 'p', performer_id: 'x' } }, 'BAD_USER_INPUT'],
      ['mutation($i: LibrarySettingsInput!) { configureLibrary(input: $i) { watch } }', { i: { watch_interval_minutes: -5 } }, 'BAD_USER_INPUT'],
      ['mutation($i: LibrarySettingsInput!) { configureLibrary(input: $i) { watch } }', { i: { auto_apply_min_confidence: 7 } }, 'BAD_USER_INPUT'],
      ['mutation($i: PerformersFindOnStashBoxInput!) { performersFindOnStashBox(input: $i) }', { i: { performer_ids: ['1; DROP TABLE', 'x'.repeat(10_000)] } }, 'BAD_USER_INPUT'],
      ['query { faceGroupStashBoxMatches(id: "999999", limit: 100000) { confidence } }', {}, 'NOT_FOUND'],
      ['mutation { faceGroupName(input: { group_id: "999999", name: "x" }) { status } }', {}, 'NOT_FOUND'],
    ];
    for (const [query, variables, code] of cases) expect(await codeOf(await post({ query, variables })), query).toBe(code);
  });

  it('a request that stalls while sending its body is closed by the sidecar', async () => {
    sidecar.http.server.requestTimeout = 1000;
    sidecar.http.server.headersTimeout = 1000;
    try {
      const closed = await new Promise<number>((resolve) => {
        const started = Date.now();
        const socket = connect(sidecar.port, '127.0.0.1', () => {
          socket.write('POST /graphql HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"query":');
        });
        socket.on('data', () => undefined);
        socket.on('close', () => resolve(Date.now() - started));
        socket.on('error', () => undefined);
      });
      expect(closed).toBeLessThan(5000);
    } finally {
      sidecar.http.server.requestTimeout = 120_000;
      sidecar.http.server.headersTimeout = 20_000;
    }
    expect(await codeOf({ json: {} })).toBeUndefined();
  });

  it('a page from an origin outside CORS_ORIGINS gets a readable refusal naming the setting; the log-free preflight is refused', async () => {
    const preflight = await fetch(`${sidecar.url}/graphql`, { method: 'OPTIONS', headers: { origin: 'http://192.168.1.5:9999', 'access-control-request-method': 'POST' } });
    expect(preflight.status).toBe(403);
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
    const simple = await fetch(`${sidecar.url}/graphql?query=%7B__typename%7D`, { headers: { origin: 'http://192.168.1.5:9999' } });
    expect(simple.status).toBe(403);
    expect(simple.headers.get('access-control-allow-origin')).toBe('http://192.168.1.5:9999');
    const json = (await simple.json()) as { errors: Array<{ message: string; extensions: { code: string } }> };
    expect(json.errors[0]).toMatchObject({ extensions: { code: 'CORS_ORIGIN_REFUSED' }, message: expect.stringContaining('CORS_ORIGINS') });
    const allowed = await fetch(`${sidecar.url}/graphql`, { method: 'OPTIONS', headers: { origin: 'http://stash.local:9999', 'access-control-request-method': 'POST' } });
    expect(allowed.headers.get('access-control-allow-origin')).toBe('http://stash.local:9999');
  });

  it('health warns when Stash is opened over https: but PUBLIC_URL is http:', async () => {
    const mixed = await startTestSidecar(engine, { DATABASE_PATH: databasePath, PUBLIC_URL: 'http://192.168.1.5:8000', CORS_ORIGINS: 'https://stash.example' });
    try {
      const res = await fetch(`${mixed.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ health { warnings } }' }) });
      const json = (await res.json()) as { data: { health: { warnings: string[] } } };
      expect(json.data.health.warnings.join('\n')).toMatch(/PUBLIC_URL is http:\/\/192\.168\.1\.5:8000 \(plain http\) but Stash is opened over HTTPS/);
    } finally {
      await mixed.close(500);
    }
  });

  it('every route also answers under PUBLIC_URL\'s path (a reverse proxy that keeps the prefix)', async () => {
    const index = await fetch(`${sidecar.url}/face/plugin/index.yml`);
    expect([200, 503]).toContain(index.status); // 503 only when the plugin bundle is not built in this checkout
    const res = await fetch(`${sidecar.url}/face/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ health { version } }' }) });
    expect(((await res.json()) as { data: { health: { version: string } } }).data.health.version).toBeTruthy();
    const root = await fetch(`${sidecar.url}/face/`, { redirect: 'manual' });
    expect(root.headers.get('location')).toBe('/face/graphql');
  });

  it('concurrent identifies across reloads all answer; a damaged index is refused and the old database keeps serving', async () => {
    const calls = await Promise.all([
      ...Array.from({ length: 6 }, () => identify({ image_url: `${host.url}/face.jpg` })),
      ...Array.from({ length: 3 }, () => post({ query: 'mutation { reloadDatabase { version } }' })),
    ]);
    for (const c of calls) expect(c.json.errors).toBeUndefined();
    const matched = calls.slice(0, 6).map((c) => c.json.data.identify.persons[0]?.matches.length ?? 0);
    expect(Math.min(...matched)).toBeGreaterThan(0);

    const copy = await mkdtemp(join(tmpdir(), 'hostile-damaged-'));
    await cp(databasePath, copy, { recursive: true });
    const damaged = await startTestSidecar(engine, { DATABASE_PATH: copy });
    try {
      const release = join(copy, 'releases', (await readdir(join(copy, 'releases')))[0]);
      const index = (await readdir(release)).find((f) => f.endsWith('.hnsw') || f.endsWith('.bin') || f.includes('index'))!;
      await appendFile(join(release, index), 'garbage');
      const gq = async (query: string) => (await (await fetch(`${damaged.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) })).json()) as any;
      const reload = await gq('mutation { reloadDatabase { version } }');
      expect(reload.errors[0].extensions.code).toBe('DATABASE_INVALID');
      const still = await gq(`{ identify(input: { image_url: "${host.url}/face.jpg" }) { persons { id } } }`);
      expect(still.errors?.[0]?.extensions?.code).toBe('FORBIDDEN_ORIGIN'); // no ALLOWED_IMAGE_ORIGINS here: but it answered
      const health = await gq('{ health { database_loaded database_error } }');
      expect(health.data.health.database_loaded).toBe(true);
      expect(health.data.health.database_error).toMatch(/./);
    } finally {
      await damaged.close(1000);
    }
  });
});
