import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { copyFile, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DatabaseHolder } from '../src/database/holder.js';
import { currentVersion } from '../src/database/store.js';
import { DatabaseInstaller } from '../src/distribution/install.js';
import { fetchModel } from '../src/distribution/models.js';
import { createTar, extractTarGz } from '../src/distribution/tar.js';
import { compareVersions, UpdateChecker } from '../src/distribution/updates.js';
import { createLogger } from '../src/log.js';
import { findModel } from '../src/vision/runtime/catalog.js';
import { copyRelease, defaultPins, packRelease, publishLatest, startFileServer, synthDatabase, type FileServer } from './support/db-package.js';
import { SHARED_MODELS_DIR } from './support/fixtures.js';

const log = createLogger('error');
const pins = defaultPins();
const tmp = (prefix: string) => mkdtemp(join(tmpdir(), `sf-${prefix}-`));

async function expectCode(p: Promise<unknown>, code: string, message?: RegExp): Promise<Error> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err as Error & { code?: string },
  );
  expect(e, 'expected a failure').toBeDefined();
  expect((e as { code?: string }).code).toBe(code);
  if (message) expect(e!.message).toMatch(message);
  return e!;
}

describe('tar reader', () => {
  it('unpacks what createTar writes, with sha256 per file', async () => {
    const dest = await tmp('tar');
    const files = await extractTarGz(
      [gzipSync(createTar([{ name: './a.json', data: Buffer.from('{"a":1}') }, { name: 'big.bin', data: Buffer.alloc(70_000, 7) }]))],
      dest,
    );
    expect(files.map((f) => [f.name, f.size])).toEqual([['a.json', 7], ['big.bin', 70_000]]);
    expect(readFileSync(join(dest, 'a.json'), 'utf8')).toBe('{"a":1}');
  });

  it('refuses paths outside the destination, links, and truncated archives', async () => {
    const evil = createTar([{ name: '../evil.txt', data: Buffer.from('x') }]);
    await expectCode(extractTarGz([gzipSync(evil)], await tmp('tar')), 'DATABASE_INVALID', /unsafe path/);
    const link = createTar([{ name: 'link', data: Buffer.alloc(0) }]);
    link[156] = '2'.charCodeAt(0);
    let sum = 0;
    link.fill(0x20, 148, 156);
    for (let i = 0; i < 512; i++) sum += link[i];
    link.write(sum.toString(8).padStart(6, '0') + '\0 ', 148, 'ascii');
    await expectCode(extractTarGz([gzipSync(link)], await tmp('tar')), 'DATABASE_INVALID', /symbolic link/);
    const whole = createTar([{ name: 'f.bin', data: Buffer.alloc(5000, 1) }]);
    await expectCode(extractTarGz([gzipSync(whole.subarray(0, 2048))], await tmp('tar')), 'DATABASE_INVALID', /ends in the middle/);
  });

  it("reads the builder's archives when the builder's writer is present", async () => {
    const builderTar = join(process.cwd(), 'builder', 'tar.ts');
    if (!existsSync(builderTar)) return;
    const { writeTarGz } = (await import(builderTar)) as { writeTarGz: (out: string, files: string[], mtime: Date) => Promise<void> };
    const dir = await tmp('btar');
    await writeFile(join(dir, 'one.txt'), 'one');
    await writeFile(join(dir, 'two.bin'), Buffer.alloc(1500, 2));
    await writeTarGz(join(dir, 'p.tar.gz'), [join(dir, 'one.txt'), join(dir, 'two.bin')], new Date());
    const files = await extractTarGz(join(dir, 'p.tar.gz'), join(dir, 'out'));
    expect(files.map((f) => f.name)).toEqual(['one.txt', 'two.bin']);
  });
});

describe('database install', () => {
  let releases: string; // what a release server publishes
  let good: { file: string; name: string; sha256: string; size: number };
  let server: FileServer;

  beforeAll(async () => {
    releases = await tmp('pub');
    const built = await tmp('built');
    await synthDatabase(join(built, 'v1'), 'v1', pins, 5);
    copyRelease(join(built, 'v1'), join(built, 'v2'), 'v2');
    await packRelease(join(built, 'v1'), releases, 'v1');
    // v2 is large enough that breaking the download off leaves a real partial file.
    await synthDatabase(join(built, 'v2big'), 'v2', pins, 400);
    good = await packRelease(join(built, 'v2big'), releases, 'v2');
    // v3: a file changed after the manifest was written; the package's own .sha256 is recomputed, so only the
    // manifest checksums can catch it.
    await synthDatabase(join(built, 'v3'), 'v3', pins, 5);
    await packRelease(join(built, 'v3'), releases, 'v3', (name, data) => (name === 'performers.json' ? Buffer.from(data.toString().replace('Performer 1', 'Impostor 1')) : data));
    // v4: built with a different fr_feature model.
    await synthDatabase(join(built, 'v4'), 'v4', pins.map((p) => (p.id === 'fr_feature' ? { ...p, sha256: 'f'.repeat(64) } : p)), 5);
    await packRelease(join(built, 'v4'), releases, 'v4');
    server = await startFileServer(releases);
  });
  afterAll(() => server?.close());

  async function freshInstall(): Promise<{ databasePath: string; holder: DatabaseHolder; installer: DatabaseInstaller }> {
    const databasePath = await tmp('data');
    const holder = new DatabaseHolder(databasePath, pins, log);
    const installer = new DatabaseInstaller({ databasePath, models: pins, log, holder, attempts: 1, retryDelayMs: 10 });
    await installer.install({ source: join(releases, 'stash-face-db-v1.tar.gz') });
    expect(holder.current?.version).toBe('v1');
    return { databasePath, holder, installer };
  }

  it('installs a local package: unpacked under releases/, current.json switched, loaded through the holder', async () => {
    const { databasePath, holder } = await freshInstall();
    expect(await currentVersion(databasePath)).toBe('v1');
    expect(existsSync(join(databasePath, 'releases', 'v1', 'manifest.json'))).toBe(true);
    expect(holder.current?.manifest.counts.performers).toBe(5);
    expect(readdirSync(join(databasePath, 'releases'))).toEqual(['v1']);
  });

  it('resumes an interrupted download where it broke off', async () => {
    const { databasePath, holder, installer } = await freshInstall();
    const url = `${server.url}/${good.name}`;
    const cut = Math.floor(good.size * 0.4);
    server.interruptNextAfter(cut);
    server.requests.length = 0;
    const e = await expectCode(installer.install({ source: url }), 'FETCH_FAILED', /run the same command again to resume/);
    // The server closes after `cut` bytes; the last chunk may be lost with the socket, so what was kept is at most cut.
    const kept = (await readFile(join(databasePath, 'downloads', `${good.name}.part`))).length;
    expect(kept).toBeGreaterThan(0);
    expect(kept).toBeLessThanOrEqual(cut);
    expect(e.message).toContain(String(kept));
    expect(holder.current?.version).toBe('v1');
    expect(await currentVersion(databasePath)).toBe('v1');

    const progress: number[] = [];
    const result = await installer.install({ source: url, onProgress: (s) => s.state === 'downloading' && s.received_bytes > 0 && progress.push(s.received_bytes) });
    expect(result.version).toBe('v2');
    const bodies = server.requests.filter((r) => r.path.endsWith('.tar.gz'));
    expect(bodies.map((r) => [r.status, r.range])).toEqual([
      [200, undefined],
      [206, `bytes=${kept}-`],
    ]);
    expect(bodies[1].ifRange).toMatch(/^"/); // If-Range with the ETag: a changed file would restart from zero
    expect(kept + bodies[1].bytes).toBe(good.size);
    expect(progress[0]).toBeGreaterThan(kept);
    expect(holder.current?.version).toBe('v2');
    expect(await currentVersion(databasePath)).toBe('v2');
    // The previous release stays for rollback; the package and the partial file are gone.
    expect(readdirSync(join(databasePath, 'releases')).sort()).toEqual(['v1', 'v2']);
    expect(readdirSync(join(databasePath, 'downloads')).filter((f) => f.includes('tar.gz'))).toEqual([]);
  });

  it('retries within one install when the connection breaks (default attempts)', async () => {
    const { databasePath, holder } = await freshInstall();
    const installer = new DatabaseInstaller({ databasePath, models: pins, log, holder, retryDelayMs: 10 });
    server.interruptNextAfter(1000);
    server.requests.length = 0;
    const result = await installer.install({ source: `${server.url}/${good.name}` });
    expect(result.version).toBe('v2');
    const ranges = server.requests.filter((r) => r.path.endsWith('.tar.gz')).map((r) => r.range);
    expect(ranges).toHaveLength(2);
    expect(ranges[0]).toBeUndefined();
    // Resumed from what arrived: at most the 1000 bytes sent before the cut (the last chunk can die with the socket).
    const from = Number(/^bytes=(\d+)-$/.exec(ranges[1] ?? '')?.[1]);
    expect(from).toBeGreaterThan(0);
    expect(from).toBeLessThanOrEqual(1000);
  });

  it('refuses a package whose sha256 differs from the published one; the old database keeps serving', async () => {
    const { databasePath, holder, installer } = await freshInstall();
    const tampered = await tmp('tampered');
    const bytes = await readFile(good.file);
    bytes[bytes.length - 100] ^= 0xff;
    await writeFile(join(tampered, good.name), bytes);
    await copyFile(`${good.file}.sha256`, join(tampered, `${good.name}.sha256`));
    const evil = await startFileServer(tampered);
    try {
      await expectCode(installer.install({ source: `${evil.url}/${good.name}` }), 'DATABASE_INVALID', /tampered with/);
      // The same for a local file with its .sha256 beside it.
      await expectCode(installer.install({ source: join(tampered, good.name) }), 'DATABASE_INVALID', /tampered with/);
    } finally {
      await evil.close();
    }
    expect(holder.current?.version).toBe('v1');
    // Still answering searches.
    expect(holder.current!.searchTemplates('fr_feature', 'full', new Float32Array(512).fill(0.04), 1)).toHaveLength(1);
    expect(await currentVersion(databasePath)).toBe('v1');
    expect(readdirSync(join(databasePath, 'releases'))).toEqual(['v1']);
    expect(readdirSync(join(databasePath, 'downloads')).filter((f) => f.includes('tar.gz'))).toEqual([]);
    expect(installer.status.state).toBe('failed');
  });

  it('refuses a package whose files do not match its manifest, or built with other models', async () => {
    const { databasePath, holder, installer } = await freshInstall();
    await expectCode(installer.install({ source: `${server.url}/stash-face-db-v3.tar.gz` }), 'DATABASE_INVALID', /performers\.json has sha256/);
    await expectCode(installer.install({ source: join(releases, 'stash-face-db-v4.tar.gz') }), 'DATABASE_INVALID', /different fr_feature/);
    expect(holder.current?.version).toBe('v1');
    expect(await currentVersion(databasePath)).toBe('v1');
    expect(readdirSync(join(databasePath, 'releases'))).toEqual(['v1']);
  });

  it('refuses a download with no published checksum unless one is given', async () => {
    const { installer } = await freshInstall();
    const bare = await tmp('bare');
    await copyFile(good.file, join(bare, good.name));
    const plain = await startFileServer(bare);
    try {
      await expectCode(installer.install({ source: `${plain.url}/${good.name}` }), 'DATABASE_INVALID', /No checksum is published/);
      const result = await installer.install({ source: `${plain.url}/${good.name}`, sha256: good.sha256 });
      expect(result.version).toBe('v2');
    } finally {
      await plain.close();
    }
  });

  it('installs the release latest.json names, verified against its sha256 and size', async () => {
    const { holder, installer } = await freshInstall();
    await publishLatest(releases, 'v2', good);
    const result = await installer.install({ source: `${server.url}/latest.json` });
    expect(result.version).toBe('v2');
    expect(holder.current?.version).toBe('v2');
    const again = await installer.install({ source: `${server.url}/latest.json` });
    expect(again.already).toBe(true);
    // A release that needs a newer sidecar is refused before any download.
    await publishLatest(releases, 'v2', good, { min_sidecar_version: '99.0.0' });
    await expectCode(installer.install({ source: `${server.url}/latest.json`, force: true }), 'DATABASE_INVALID', /needs stash-face 99\.0\.0/);
  });
});

describe('update check', () => {
  it('reports update_available once the server publishes a newer version, checking at most daily', async () => {
    const dir = await tmp('upd');
    const server = await startFileServer(dir);
    try {
      const pkg = { file: '', name: 'stash-face-db-2026.01.tar.gz', sha256: 'a'.repeat(64), size: 10 };
      await publishLatest(dir, '2026.01', pkg);
      let now = Date.UTC(2026, 0, 10);
      let current = '2026.01';
      const checker = new UpdateChecker({ url: `${server.url}/latest.json`, databasePath: dir, currentVersion: () => current, log, now: () => now });
      expect(await checker.latest()).toEqual({ latest_version: '2026.01', update_available: false, error: null });

      await publishLatest(dir, '2026.02', { ...pkg, name: 'stash-face-db-2026.02.tar.gz' });
      now += 60 * 60 * 1000; // an hour later: still the cached answer
      expect((await checker.latest()).update_available).toBe(false);
      const fetches = () => server.requests.filter((r) => r.path === '/latest.json').length;
      expect(fetches()).toBe(1);

      now += 24 * 60 * 60 * 1000; // a day later: checked again
      expect(await checker.latest()).toEqual({ latest_version: '2026.02', update_available: true, error: null });
      expect(fetches()).toBe(2);

      // A restart reads the remembered answer instead of checking again.
      const restarted = new UpdateChecker({ url: `${server.url}/latest.json`, databasePath: dir, currentVersion: () => current, log, now: () => now });
      expect((await restarted.latest()).update_available).toBe(true);
      expect(fetches()).toBe(2);

      current = '2026.02'; // installed
      expect((await checker.latest()).update_available).toBe(false);

      // Failures are reported, not thrown, and keep the last good answer.
      await writeFile(join(dir, 'latest.json'), 'not json');
      now += 25 * 60 * 60 * 1000;
      const failed = await checker.latest();
      expect(failed.latest_version).toBe('2026.02');
      expect(failed.error).toMatch(/not JSON/);
    } finally {
      await server.close();
    }
  });

  it('orders versions numerically', () => {
    expect(compareVersions('2026.10.1', '2026.9.30')).toBe(1);
    expect(compareVersions('v2', 'v10')).toBe(-1);
    expect(compareVersions('1.0', '1.0')).toBe(0);
  });
});

describe('fetch-model', () => {
  const scrfd = join(SHARED_MODELS_DIR, 'scrfd_500m_bnkps.onnx');

  it.skipIf(!existsSync(scrfd))('stores a verified model under MODELS_PATH and refuses a tampered one', async () => {
    const served = await tmp('models-pub');
    const bytes = await readFile(scrfd);
    await writeFile(join(served, 'scrfd_500m_bnkps.onnx'), bytes);
    const bad = Buffer.from(bytes);
    bad[bad.length >> 1] ^= 0x01;
    await writeFile(join(served, 'tampered.onnx'), bad);
    const server = await startFileServer(served);
    const modelsPath = await tmp('models');
    try {
      const e = await expectCode(
        fetchModel('scrfd_500m', { modelsPath, url: `${server.url}/tampered.onnx`, attempts: 1 }),
        'MODEL_INVALID',
        new RegExp(`but ${findModel('scrfd_500m')!.sha256} was expected: it is damaged or was tampered with`),
      );
      expect(e.message).toContain('model scrfd_500m');
      expect(readdirSync(modelsPath)).toEqual([]);

      const ok = await fetchModel('scrfd_500m', { modelsPath, url: `${server.url}/scrfd_500m_bnkps.onnx` });
      expect(ok.already).toBe(false);
      expect(readdirSync(modelsPath)).toEqual(['scrfd_500m_bnkps.onnx']);
      expect((await fetchModel('scrfd_500m', { modelsPath, url: `${server.url}/scrfd_500m_bnkps.onnx` })).already).toBe(true);
      // A tampered download never replaces the verified file.
      await expectCode(fetchModel('scrfd_500m', { modelsPath: await tmp('m2'), url: `${server.url}/tampered.onnx`, attempts: 1 }), 'MODEL_INVALID');
      expect((await readFile(join(modelsPath, 'scrfd_500m_bnkps.onnx'))).equals(bytes)).toBe(true);
    } finally {
      await server.close();
    }
  });

  it('explains what cannot be fetched', async () => {
    await expectCode(fetchModel('fr_feature', { modelsPath: '/tmp' }), 'BAD_USER_INPUT', /comes with stash-face/);
    await expectCode(fetchModel('nope', { modelsPath: '/tmp' }), 'BAD_USER_INPUT', /Unknown model/);
    await expectCode(fetchModel('scrfd_500m', {}), 'CONFIG_INVALID', /MODELS_PATH/);
  });
});
