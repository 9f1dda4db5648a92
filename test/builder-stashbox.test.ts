import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { buildSchema, NoUnusedFragmentsRule, parse, specifiedRules, validate, type DocumentNode } from 'graphql';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import { Progress } from '../builder/progress.js';
import { BuildState, type RunState } from '../builder/state.js';
import { EndpointSync } from '../builder/sync.js';
import { resolveConfig } from '../builder/config.js';
import { StashBoxClient, StashBoxError } from '../builder/stashbox/client.js';
import { FakeStashBox, stashBoxTypeDefs } from './fakes/stashbox.js';
import { SHARED_DIR } from './support/fixtures.js';

const SCHEMA_DIR = join(SHARED_DIR, 'schemas', 'stashbox');
const DOCUMENTS_DIR = join(process.cwd(), 'builder', 'stashbox', 'documents');
const HAVE_SCHEMA = existsSync(join(SCHEMA_DIR, 'schema.graphql'));

describe.skipIf(!HAVE_SCHEMA)('stash-box documents', () => {
  const schema = buildSchema(stashBoxTypeDefs(SCHEMA_DIR).join('\n'));
  const files = readdirSync(DOCUMENTS_DIR).filter((f) => f.endsWith('.graphql'));
  // Fragments live in their own files; every operation is validated together with all of them.
  const all: DocumentNode = { kind: 'Document' as never, definitions: files.flatMap((f) => parse(readFileSync(join(DOCUMENTS_DIR, f), 'utf8')).definitions) };

  it('has documents to check', () => {
    expect(files.length).toBeGreaterThanOrEqual(3);
  });

  it.each(files)('%s is valid against the real stash-box schema', (file) => {
    const own = parse(readFileSync(join(DOCUMENTS_DIR, file), 'utf8'));
    const names = new Set(own.definitions.map((d) => ('name' in d && d.name ? d.name.value : '')));
    // The file's own definitions plus the fragments they use, validated as one document.
    const doc: DocumentNode = { ...all, definitions: all.definitions.filter((d) => d.kind === 'FragmentDefinition' || names.has('name' in d && d.name ? d.name.value : '')) };
    const rules = specifiedRules.filter((r) => r !== NoUnusedFragmentsRule);
    expect(validate(schema, doc, rules).map((e) => e.message)).toEqual([]);
  });

  it('all documents together are valid (every fragment used, names unique)', () => {
    expect(validate(schema, all).map((e) => e.message)).toEqual([]);
  });

  it('generated.ts holds a typed document for every operation', () => {
    const generated = readFileSync(join(process.cwd(), 'builder', 'stashbox', 'generated.ts'), 'utf8');
    for (const def of all.definitions) {
      if (def.kind === 'OperationDefinition') expect(generated).toContain(`export const ${def.name!.value}Document`);
    }
  });
});

describe.skipIf(!HAVE_SCHEMA)('stash-box client against the fake', () => {
  let fake: FakeStashBox | undefined;
  afterEach(async () => {
    await fake?.close();
    fake = undefined;
  });

  const performers = Array.from({ length: 7 }, (_, i) => ({ name: `Performer ${i}`, images: [{ body: Buffer.from('x') }] }));
  const client = (url: string, extra: Record<string, unknown> = {}) =>
    new StashBoxClient(resolveConfig({ stashboxes: [{ name: 'fake', url, per_page: 3, ...extra }] }).stashboxes[0], {
      policy: { retries: 5, baseDelayMs: 100, maxDelayMs: 2000, timeoutMs: 5000 },
    });

  it('pages queryPerformers, sends the ApiKey, and makes universal ids; findPerformer sees deleted and merged', async () => {
    fake = await FakeStashBox.start({ performers, apiKey: 'secret' });
    const ids = [...fake.performers.keys()];
    fake.delete(ids[0]);
    fake.merge(ids[1], ids[2]);
    const c = client(fake.url, { api_key: 'secret' });
    const seen: string[] = [];
    for (let page = 1; ; page++) {
      const r = await c.queryPerformers(page, 'CREATED_AT', 'ASC');
      expect(r.count).toBe(5);
      seen.push(...r.performers.map((p) => p.id));
      if (page * 3 >= r.count) break;
    }
    expect(seen).toEqual(ids.slice(2));
    expect(c.universalId(ids[2])).toBe(`${fake.host}:${ids[2]}`);
    expect(await c.findPerformer(ids[0])).toMatchObject({ deleted: true });
    expect(await c.findPerformer(ids[1])).toMatchObject({ deleted: true, merged_into_id: ids[2] });
    expect(await c.findPerformer(ids[2])).toMatchObject({ deleted: false, merged_ids: [ids[1]] });
    expect(await c.findPerformer('00000000-0000-4000-a000-000000000000')).toBeNull();
    const stamps = await c.listPerformerIds(1);
    expect(stamps.performers[0]).toEqual({ id: ids[2], updated: expect.any(String) });
    expect(fake.unauthorised).toBe(0);
  });

  it('explains a refused api key', async () => {
    fake = await FakeStashBox.start({ performers, apiKey: 'secret' });
    await expect(client(fake.url, { api_key: 'wrong' }).queryPerformers(1, 'NAME', 'ASC')).rejects.toThrow(StashBoxError);
    await expect(client(fake.url).queryPerformers(1, 'NAME', 'ASC')).rejects.toThrow(/401.*api_key/);
  });

  it('stays under the configured rate (no 429 from a server that allows a little more)', async () => {
    fake = await FakeStashBox.start({ performers, rateLimit: { max: 3, windowMs: 1000 } });
    const c = client(fake.url, { rate_limit: 150 }); // 2.5 per second
    for (let i = 0; i < 6; i++) await c.findPerformer([...fake.performers.keys()][0]);
    expect(fake.rateLimited).toBe(0);
    expect(c.stats.requests).toBe(6);
  });

  it('retries 429s after Retry-After when the configured rate is above the server limit, losing nothing', async () => {
    fake = await FakeStashBox.start({ performers, rateLimit: { max: 2, windowMs: 1000 } });
    const c = client(fake.url, { rate_limit: 6000 });
    const ids = [...fake.performers.keys()];
    const found = await Promise.all(ids.map((id) => c.findPerformer(id)));
    expect(found.map((p) => p?.id)).toEqual(ids);
    expect(fake.rateLimited).toBeGreaterThan(0);
    expect(c.stats.rateLimited).toBe(fake.rateLimited);
  });
});

describe.skipIf(!HAVE_SCHEMA)('listing a stash-box into the state', () => {
  let fake: FakeStashBox | undefined;
  afterEach(async () => {
    await fake?.close();
    fake = undefined;
  });
  const quiet = new Progress('off');
  const performers = Array.from({ length: 7 }, (_, i) => ({ name: `Performer ${i}`, images: [{ body: Buffer.from(String(i)) }] }));
  const setup = (url: string, extra: Record<string, unknown> = {}) => {
    const sb = resolveConfig({ stashboxes: [{ name: 'fake', url, per_page: 3, rate_limit: 6000, ...extra }] }).stashboxes[0];
    const client = new StashBoxClient(sb, { policy: { retries: 2, baseDelayMs: 10, maxDelayMs: 100, timeoutMs: 5000 } });
    return { sb, client };
  };
  const newRun = (state: BuildState, mode: RunState['mode'], since: Record<string, string | undefined> = {}): RunState => {
    const run: RunState = { n: (state.lastRun?.n ?? 0) + 1, mode, version: 'v', started: '', since, endpoints: {} };
    state.record({ e: 'run', run });
    return run;
  };

  it('a trial build (limit) lists only the first N performers and looks nothing up', async () => {
    fake = await FakeStashBox.start({ performers });
    const { sb, client } = setup(fake.url, { limit: 4 });
    const state = BuildState.open(mkdtempSync(join(tmpdir(), 'sync-limit-')));
    const stats = await new EndpointSync(state, newRun(state, 'full'), client, sb, quiet).sync();
    expect(state.performers.size).toBe(4);
    expect(stats).toMatchObject({ listed: 4, pages: 2, lookups: 0 });
    expect(fake.operations.FindPerformer ?? 0).toBe(0);
  });

  it('resumes a listing after the page that failed, without asking again for pages already recorded', async () => {
    fake = await FakeStashBox.start({ performers });
    const { sb, client } = setup(fake.url);
    const state = BuildState.open(mkdtempSync(join(tmpdir(), 'sync-resume-')));
    const run = newRun(state, 'full');
    const original = client.queryPerformers.bind(client);
    let calls = 0;
    client.queryPerformers = async (...args) => {
      if (++calls === 2) throw new Error('connection reset');
      return original(...args);
    };
    await expect(new EndpointSync(state, run, client, sb, quiet).sync()).rejects.toThrow('connection reset');
    expect(state.performers.size).toBe(3);
    const reopened = BuildState.open(state.dir);
    await new EndpointSync(reopened, reopened.run(run.n), client, sb, quiet).sync();
    expect(reopened.performers.size).toBe(7);
    expect(fake.operations.QueryPerformers).toBe(3); // pages 1, 2 and 3 once each (the failed call never reached it)
  });

  it('an update catches edits the UPDATED_AT paging missed, new ids, deletions and merges via the id listing', async () => {
    fake = await FakeStashBox.start({ performers });
    const { sb, client } = setup(fake.url);
    const state = BuildState.open(mkdtempSync(join(tmpdir(), 'sync-update-')));
    const first = newRun(state, 'full');
    await new EndpointSync(state, first, client, sb, quiet).sync();
    state.record({ e: 'finished', run: first.n, at: '' });
    const ids = [...fake.performers.keys()];
    await fake.edit(ids[3], { name: 'Renamed' });
    fake.delete(ids[4]);
    fake.merge(ids[5], ids[6]);
    const added = await fake.add({ name: 'Newcomer', images: [] });
    // Offset paging that shifts under concurrent edits can miss performers: simulate the worst case, a DESC
    // listing that returns nothing, and let the light id listing find the changes.
    const original = client.queryPerformers.bind(client);
    client.queryPerformers = async (page, sort, direction) => (sort === 'UPDATED_AT' ? { count: 0, performers: [] } : original(page, sort, direction));
    const update = newRun(state, 'update', { [fake.url]: '2000-01-01T00:00:00Z' });
    const stats = await new EndpointSync(state, update, client, sb, quiet).sync();
    const p = (uuid: string) => state.performers.get(fake!.universalId(uuid))!;
    expect(p(ids[3]).meta.name).toBe('Renamed');
    expect(p(ids[4]).removed).toMatchObject({ reason: 'deleted' });
    expect(p(ids[5]).removed).toMatchObject({ reason: 'merged', into: fake.universalId(ids[6]) });
    expect(p(added.id).meta.name).toBe('Newcomer');
    expect(p(ids[0]).removed).toBeUndefined();
    // Looked up: the renamed, the merge survivor (its updated changed), the newcomer, the deleted and the merged one.
    expect(stats.lookups).toBe(5);
    expect(stats.removed).toEqual({ deleted: 1, merged: 1, gone: 0 });
  });
});
