import { readFileSync } from 'node:fs';
import { mkdtemp, readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSchema, Kind, parse, print, validate, type DocumentNode } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sidecar } from '../src/main.js';
import { printedSchema } from '../src/server/schema/index.js';
import { aliasedPerformerLookup } from '../src/stash/client.js';
import { VisionEngine } from '../src/vision/engine.js';
import { startStandInStash, type StandInStash } from './fakes/stand-in-stash.js';
import { buildDemoDatabase, demoUuid } from './support/demo-db.js';
import { HAVE_SHARED, openSetSplit, SHARED_DIR } from './support/fixtures.js';
import { gql, gqlUpload, IDENTIFY_FIELDS, startTestSidecar } from './support/sidecar.js';

describe('schema', () => {
  it('schema.graphql matches what the server serves', () => {
    expect(readFileSync('schema.graphql', 'utf8')).toBe(printedSchema());
  });

  it.skipIf(!HAVE_SHARED)("every Stash operation the sidecar sends is valid against Stash's real schema", async () => {
    const dir = join(SHARED_DIR, 'schemas', 'stash');
    const { readdirSync } = await import('node:fs');
    const sdl = [readFileSync(join(dir, 'schema.graphql'), 'utf8'), ...readdirSync(join(dir, 'types')).map((f) => readFileSync(join(dir, 'types', f), 'utf8'))].join('\n');
    const stashSchema = buildSchema(sdl);
    // Fragments are shared across the documents (codegen compiles them as one set): each file is checked with the others' fragments.
    const files = readdirSync('src/stash/documents').map((file) => ({ file, doc: parse(readFileSync(join('src/stash/documents', file), 'utf8')) }));
    const fragmentsOf = (doc: DocumentNode) => doc.definitions.filter((d) => d.kind === Kind.FRAGMENT_DEFINITION);
    for (const { file, doc } of files) {
      const others = files.filter((f) => f.file !== file).flatMap((f) => fragmentsOf(f.doc));
      const used = new Set([...print(doc).matchAll(/\.\.\.(\w+)/g)].map((m) => m[1]));
      const errors = validate(stashSchema, { ...doc, definitions: [...doc.definitions, ...others.filter((f) => used.has(f.name.value))] });
      expect(errors.map((e) => `${file}: ${e.message}`)).toEqual([]);
    }
    expect(validate(stashSchema, aliasedPerformerLookup(3)).map((e) => e.message)).toEqual([]);
  });
});

describe.skipIf(!HAVE_SHARED)('sidecar over HTTP', () => {
  let engine: VisionEngine;
  let stash: StandInStash;
  let sidecar: Sidecar;
  let photos: Server;
  let photosUrl = '';
  const photoRequests: Array<Record<string, string | string[] | undefined>> = [];
  const split = openSetSplit();
  const linked = split.enrolled[0]; // in the user's Stash with its StashDB id
  const unlinked = split.enrolled[1]; // not in the user's Stash

  beforeAll(async () => {
    engine = await VisionEngine.create();
    const databasePath = await mkdtemp(join(tmpdir(), 'db-'));
    await buildDemoDatabase(engine, databasePath);
    stash = await startStandInStash({
      performers: [
        { id: 1, name: 'Linked One', stash_id: demoUuid(linked.identity), photo: linked.probe[0] },
        { id: 2, name: 'Local only', stash_id: null, photo: unlinked.probe[0] },
      ],
      images: [{ id: 1, title: 'two people?', photo: linked.probe[0] }],
    });
    // Another image host the sidecar may fetch from (ALLOWED_IMAGE_ORIGINS); it records the headers it gets.
    photos = createServer(async (req, res) => {
      photoRequests.push(req.headers);
      if (req.url === '/redirect-out') return res.writeHead(302, { Location: 'http://127.0.0.2:1/x.jpg' }).end();
      if (req.url === '/not-an-image') return res.writeHead(200, { 'content-type': 'image/jpeg' }).end('<html>hello</html>');
      const file = decodeURIComponent(req.url ?? '').replace(/^\/faces\//, '');
      const bytes = await readFile(join(SHARED_DIR, 'faces', file)).catch(() => undefined);
      if (bytes) res.writeHead(200, { 'content-type': 'image/jpeg' }).end(bytes);
      else res.writeHead(404).end();
    });
    await new Promise<void>((r) => photos.listen(0, '127.0.0.1', r));
    photosUrl = `http://127.0.0.1:${(photos.address() as { port: number }).port}`;
    sidecar = await startTestSidecar(engine, {
      STASH_URL: stash.url,
      STASH_API_KEY: 'secret-key',
      DATABASE_PATH: databasePath,
      ALLOWED_IMAGE_ORIGINS: photosUrl,
      PUBLIC_URL: 'http://127.0.0.1:8000',
    });
  });

  afterAll(async () => {
    await sidecar?.close();
    await stash?.close();
    photos?.close();
    await engine?.close();
  });

  const probeUrl = (file: string) => `${photosUrl}/faces/${file.slice(file.indexOf('/faces/') + 7)}`;

  it('health and database describe what runs', async () => {
    const r = await gql(sidecar.url, '{ health { status version execution_providers database_loaded database_version warnings models { id task provider dim } } database { loaded version performer_count face_count models { id dim } sources { host performers } calibration } }');
    expect(r.errors).toBeUndefined();
    expect(r.data.health).toMatchObject({ status: 'ok', database_loaded: true, database_version: 'demo-1', execution_providers: ['cpu'] });
    expect(r.data.health.models.map((m: { id: string }) => m.id)).toEqual(['yunet_n', 'fr_feature', 'dlib_resnet']);
    expect(r.data.database).toMatchObject({ loaded: true, version: 'demo-1', performer_count: 20, sources: [{ host: 'stashdb.org', performers: 20 }] });
    expect(r.data.database.calibration).toMatch(/lfw/);
  });

  it('identifies an image by URL and resolves the local performer in one Stash query', async () => {
    const before = (await stash.operations()).length;
    const r = await gql(sidecar.url, `query($u: String!) { identify(input: { image_url: $u }) { ${IDENTIFY_FIELDS} } }`, { u: probeUrl(linked.probe[0]) });
    expect(r.errors).toBeUndefined();
    const [person] = r.data.identify.persons;
    expect(person.thumbnail).toMatch(/^data:image\/jpeg;base64,/);
    expect(person.matches[0].performer).toMatchObject({ stash_id: demoUuid(linked.identity), endpoint: 'https://stashdb.org/graphql', local_performer: { id: '1', name: 'Linked One' } });
    expect(person.matches[0].confidence).toBeGreaterThan(0.5);
    expect(r.data.identify.timings.map((t: { stage: string }) => t.stage)).toEqual(expect.arrayContaining(['fetch', 'decode', 'detect', 'embed', 'search']));
    const ops = (await stash.operations()).slice(before);
    expect(ops.filter((o) => o.operationName === 'FindPerformersByStashIds')).toHaveLength(1);
    // The API key went to no one but Stash.
    expect(photoRequests.at(-1)!.apikey).toBeUndefined();
  });

  it('identifies an upload, a Stash image id and a Stash performer id', async () => {
    const upload = await gqlUpload(sidecar.url, `query($image: File) { identify(input: { image: $image }) { ${IDENTIFY_FIELDS} } }`, unlinked.probe[0]);
    expect(upload.errors).toBeUndefined();
    expect(upload.data.identify.persons[0].matches[0].performer).toMatchObject({ stash_id: demoUuid(unlinked.identity), local_performer: null });
    const image = await gql(sidecar.url, `{ identify(input: { image_id: "1" }) { ${IDENTIFY_FIELDS} } }`);
    expect(image.errors).toBeUndefined();
    expect(image.data.identify.persons[0].matches[0].performer.stash_id).toBe(demoUuid(linked.identity));
    const performer = await gql(sidecar.url, `{ identify(input: { performer_id: "2" }) { ${IDENTIFY_FIELDS} } }`);
    expect(performer.errors).toBeUndefined();
    expect(performer.data.identify.persons[0].matches[0].performer.stash_id).toBe(demoUuid(unlinked.identity));
  });

  it('answers bad input with clear coded errors, and the next request works', async () => {
    const q = `query($i: IdentifyInput!) { identify(input: $i) { persons { id } } }`;
    const cases: Array<[Record<string, unknown>, string, RegExp]> = [
      [{}, 'BAD_USER_INPUT', /Give one of/],
      [{ image_url: probeUrl(linked.probe[0]), image_id: '1' }, 'BAD_USER_INPUT', /only one source/],
      [{ image_url: 'http://169.254.169.254/latest/meta-data' }, 'FORBIDDEN_ORIGIN', /may not fetch/],
      [{ image_url: `${photosUrl}/redirect-out` }, 'FORBIDDEN_ORIGIN', /127\.0\.0\.2/],
      [{ image_url: `${photosUrl}/not-an-image` }, 'UNSUPPORTED_IMAGE', /not an image/],
      [{ image_url: `${photosUrl}/faces/nothing.jpg` }, 'FETCH_FAILED', /404/],
      [{ image_url: 'not a url' }, 'BAD_USER_INPUT', /not a valid URL/],
      [{ image_id: '999' }, 'NOT_FOUND', /no image with id 999/],
      [{ image_url: probeUrl(linked.probe[0]), min_confidence: 2 }, 'BAD_USER_INPUT', /min_confidence/],
      [{ image_url: probeUrl(linked.probe[0]), max_results: 0 }, 'BAD_USER_INPUT', /max_results/],
      [{ vtt_url: 'http://x/y.vtt' }, 'BAD_USER_INPUT', /sprite_url/],
    ];
    for (const [input, code, message] of cases) {
      const r = await gql(sidecar.url, q, { i: input });
      expect(r.errors?.[0], JSON.stringify(input)).toMatchObject({ extensions: { code }, message: expect.stringMatching(message) });
    }
    const upload = await gqlUpload(sidecar.url, `query($image: File) { identify(input: { image: $image }) { persons { id } } }`, Buffer.from('garbage'));
    expect(upload.errors?.[0].extensions?.code).toBe('UNSUPPORTED_IMAGE');
    const ok = await gql(sidecar.url, q, { i: { image_url: probeUrl(linked.probe[0]) } });
    expect(ok.errors).toBeUndefined();
    expect(ok.data.identify.persons).toHaveLength(1);
  });

  it('honours max_results and min_confidence; an image without faces gives no persons', async () => {
    const r = await gql(sidecar.url, `query($u: String!) { identify(input: { image_url: $u, max_results: 1, min_confidence: 0 }) { persons { matches { confidence } } } }`, { u: probeUrl(linked.probe[0]) });
    expect(r.data.identify.persons[0].matches).toHaveLength(1);
    const all = await gql(sidecar.url, `query($u: String!) { identify(input: { image_url: $u, max_results: 5, min_confidence: 0 }) { persons { matches { confidence } } } }`, { u: probeUrl(linked.probe[0]) });
    const confidences = all.data.identify.persons[0].matches.map((m: { confidence: number }) => m.confidence);
    expect(confidences.length).toBeGreaterThan(1);
    expect([...confidences].sort((a, b) => b - a)).toEqual(confidences);
    const dogs = await gql(sidecar.url, `query($u: String!) { identify(input: { image_url: $u }) { persons { id } } }`, { u: `${photosUrl}/faces/detection/dogs.jpg` });
    expect(dogs.errors).toBeUndefined();
    expect(dogs.data.identify.persons).toEqual([]);
  });

  it('serves GraphiQL with no external assets, and CORS only to configured origins', async () => {
    const page = await (await fetch(`${sidecar.url}/graphql`, { headers: { accept: 'text/html' } })).text();
    expect(page).toMatch(/graphiql/i);
    expect(page).not.toMatch(/<script[^>]+src="https?:/);
    expect(page).not.toMatch(/<link[^>]+href="https?:/);
    const allowed = await fetch(`${sidecar.url}/graphql`, { method: 'OPTIONS', headers: { origin: stash.url, 'access-control-request-method': 'POST' } });
    expect(allowed.headers.get('access-control-allow-origin')).toBe(stash.url);
    const other = await fetch(`${sidecar.url}/graphql`, { method: 'OPTIONS', headers: { origin: 'http://evil.example', 'access-control-request-method': 'POST' } });
    expect(other.headers.get('access-control-allow-origin')).not.toBe('http://evil.example');
  });

  it('refuses cross-site simple requests (multipart or GET without a preflight header)', async () => {
    const form = new FormData();
    form.append('operations', JSON.stringify({ query: '{ health { status } }' }));
    form.append('map', '{}');
    const forged = await fetch(`${sidecar.url}/graphql`, { method: 'POST', body: form });
    expect(forged.status).toBe(403);
    const get = await fetch(`${sidecar.url}/graphql?query=${encodeURIComponent('{ health { status } }')}`);
    expect(get.status).toBe(403);
    const withHeader = await fetch(`${sidecar.url}/graphql?query=${encodeURIComponent('{ health { status } }')}`, { headers: { 'GraphQL-Require-Preflight': '1' } });
    expect(withHeader.status).toBe(200);
  });

  it('starts without a database, says why, and refuses identify with DATABASE_NOT_LOADED', async () => {
    const empty = await mkdtemp(join(tmpdir(), 'empty-db-'));
    const bare = await startTestSidecar(engine, { DATABASE_PATH: empty });
    try {
      const h = await gql(bare.url, '{ health { status database_loaded database_error } database { loaded error } }');
      expect(h.data.health).toMatchObject({ status: 'degraded', database_loaded: false, database_error: expect.stringContaining('install-database') });
      const r = await gql(bare.url, `query($u: String!) { identify(input: { image_url: $u }) { persons { id } } }`, { u: probeUrl(linked.probe[0]) });
      expect(r.errors?.[0]).toMatchObject({ extensions: { code: 'DATABASE_NOT_LOADED' }, message: expect.stringContaining('No face database') });
    } finally {
      await bare.close();
    }
  });
});
