import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UpdateChecker } from '../src/distribution/updates.js';
import { createLogger } from '../src/log.js';
import type { Sidecar } from '../src/main.js';
import { VisionEngine } from '../src/vision/engine.js';
import { copyRelease, packRelease, publishLatest, startFileServer, type FileServer } from './support/db-package.js';
import { buildDemoDatabase, demoUuid } from './support/demo-db.js';
import { HAVE_SHARED, openSetSplit } from './support/fixtures.js';
import { gql, gqlUpload, startTestSidecar } from './support/sidecar.js';

/**
 * The "Update" path end to end: a release server publishes latest.json; `database` reports update_available; the
 * installDatabase mutation downloads, verifies and swaps; a tampered release is refused while identify keeps
 * answering from the database already loaded.
 */
describe.skipIf(!HAVE_SHARED)('database updates through the sidecar', () => {
  let engine: VisionEngine;
  let sidecar: Sidecar;
  let releases: FileServer;
  let publishDir: string;
  let now = Date.UTC(2026, 0, 1);
  const person = openSetSplit().enrolled[2];
  const DB_QUERY = '{ database { version latest_version update_available } }';

  beforeAll(async () => {
    engine = await VisionEngine.create();
    const databasePath = await mkdtemp(join(tmpdir(), 'sf-upd-data-'));
    const demo1 = await buildDemoDatabase(engine, databasePath);
    const built = await mkdtemp(join(tmpdir(), 'sf-upd-built-'));
    copyRelease(demo1, join(built, 'demo-2'), 'demo-2');
    copyRelease(demo1, join(built, 'demo-3'), 'demo-3');
    publishDir = await mkdtemp(join(tmpdir(), 'sf-upd-pub-'));
    const pkg1 = await packRelease(demo1, publishDir, 'demo-1');
    await publishLatest(publishDir, 'demo-1', pkg1);
    await packRelease(join(built, 'demo-2'), publishDir, 'demo-2');
    await packRelease(join(built, 'demo-3'), publishDir, 'demo-3');
    releases = await startFileServer(publishDir);
    sidecar = await startTestSidecar(engine, { DATABASE_PATH: databasePath, DATABASE_UPDATE_URL: `${releases.url}/latest.json` });
    // The same checker main.ts wires, on a clock the test moves.
    sidecar.services.updates = new UpdateChecker({
      url: `${releases.url}/latest.json`,
      databasePath,
      currentVersion: () => sidecar.services.holder.current?.version,
      log: createLogger('error'),
      now: () => now,
    });
  });

  afterAll(async () => {
    await sidecar?.close();
    await releases?.close();
    await engine?.close();
  });

  const identify = () =>
    gqlUpload(sidecar.url, 'query($image: File) { identify(input: { image: $image }) { database_version persons { matches { performer { stash_id } } } } }', person.probe[0]);

  it('reports update_available when a newer release is published, and the mutation installs it', async () => {
    let r = await gql(sidecar.url, DB_QUERY);
    expect(r.errors).toBeUndefined();
    expect(r.data.database).toEqual({ version: 'demo-1', latest_version: 'demo-1', update_available: false });

    const before = JSON.parse(await readFile(join(publishDir, 'latest.json'), 'utf8'));
    const sha = (await readFile(join(publishDir, 'stash-face-db-demo-2.tar.gz.sha256'), 'utf8')).slice(0, 64);
    const size = (await readFile(join(publishDir, 'stash-face-db-demo-2.tar.gz'))).length;
    await publishLatest(publishDir, 'demo-2', { file: '', name: 'stash-face-db-demo-2.tar.gz', sha256: sha, size });
    expect(before.version).toBe('demo-1');
    now += 25 * 3600_000;
    r = await gql(sidecar.url, DB_QUERY);
    expect(r.data.database).toEqual({ version: 'demo-1', latest_version: 'demo-2', update_available: true });

    r = await gql(sidecar.url, 'mutation { installDatabase { version loaded update_available } }');
    expect(r.errors).toBeUndefined();
    expect(r.data.installDatabase).toEqual({ version: 'demo-2', loaded: true, update_available: false });
    const status = await gql(sidecar.url, '{ databaseInstall { state version received_bytes total_bytes error } }');
    expect(status.data.databaseInstall).toMatchObject({ state: 'DONE', version: 'demo-2', received_bytes: size, total_bytes: size, error: null });
    const id = await identify();
    expect(id.errors).toBeUndefined();
    expect(id.data.identify.database_version).toBe('demo-2');
  });

  it('refuses a tampered release with a clear error while identify keeps answering from the old database', async () => {
    const file = join(publishDir, 'stash-face-db-demo-3.tar.gz');
    const good = await readFile(file);
    const sha = (await readFile(`${file}.sha256`, 'utf8')).slice(0, 64);
    const tampered = Buffer.from(good);
    tampered[tampered.length >> 1] ^= 0x55;
    await writeFile(file, tampered);
    await publishLatest(publishDir, 'demo-3', { file, name: 'stash-face-db-demo-3.tar.gz', sha256: sha, size: good.length });
    now += 25 * 3600_000;
    expect((await gql(sidecar.url, DB_QUERY)).data.database.update_available).toBe(true);

    // Identify requests in flight across the failed install all answer from demo-2.
    const during = Promise.all([identify(), identify()]);
    const r = await gql(sidecar.url, 'mutation { installDatabase { version } }');
    expect(r.data).toBeNull();
    expect(r.errors?.[0].extensions?.code).toBe('DATABASE_INVALID');
    expect(r.errors?.[0].message).toMatch(/sha256 .* but [0-9a-f]{64} was expected: it is damaged or was tampered with/);
    for (const res of [...(await during), await identify()]) {
      expect(res.errors).toBeUndefined();
      expect(res.data.identify.database_version).toBe('demo-2');
      expect(res.data.identify.persons[0].matches[0].performer.stash_id).toBe(demoUuid(person.identity));
    }
    const status = await gql(sidecar.url, '{ databaseInstall { state error } health { database_version } database { version update_available } }');
    expect(status.data.databaseInstall.state).toBe('FAILED');
    expect(status.data.databaseInstall.error).toMatch(/tampered/);
    expect(status.data.health.database_version).toBe('demo-2');
    expect(status.data.database).toEqual({ version: 'demo-2', update_available: true });
  });

  it('downloads only from the update site', async () => {
    const r = await gql(sidecar.url, 'mutation { installDatabase(url: "http://127.0.0.2:9/stash-face-db-x.tar.gz") { version } }');
    expect(r.errors?.[0].extensions?.code).toBe('FORBIDDEN_ORIGIN');
    expect(r.errors?.[0].message).toMatch(/stash-face install-database/);
  });
});
