import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Manifest } from '../src/database/format.js';
import { readIndex } from '../src/database/hnsw.js';
import { FakeStashBox } from './fakes/stashbox.js';
import { enrolledPerformers } from './fakes/stashbox-data.js';
import { HAVE_SHARED } from './support/fixtures.js';

/**
 * The builder as a maintainer runs it (the CLI in a child process), stopped with SIGKILL and SIGINT at different
 * stages and started again with the same command: the final package must equal an uninterrupted build's in content,
 * and no image whose download had completed may be downloaded again.
 */
interface Outcome {
  code: number | null;
  signal: NodeJS.Signals | null;
  output: string;
}

function startCli(configPath: string): { child: ChildProcess; done: Promise<Outcome> } {
  const child = spawn(process.execPath, ['--import', 'tsx', 'builder/cli.ts', '--config', configPath], {
    cwd: process.cwd(),
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, FORCE_COLOR: '0' },
  });
  let output = '';
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const done = new Promise<Outcome>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal, output })));
  return { child, done };
}

async function until(condition: () => boolean, what: string, timeoutMs = 120_000): Promise<void> {
  const t0 = Date.now();
  while (!condition()) {
    if (Date.now() - t0 > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** The content of a built package: label tables and every index vector (HNSW file bytes may differ). */
async function packageContent(dir: string): Promise<Record<string, string>> {
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as Manifest;
  const out: Record<string, string> = {};
  for (const f of ['performers.json', 'faces.json', 'templates.json']) out[f] = readFileSync(join(dir, f), 'utf8');
  for (const entry of manifest.indexes) {
    const index = await readIndex(join(dir, entry.file), entry.model.dim);
    const hash = createHash('sha256');
    for (let label = 0; label < entry.count; label++) hash.update(new Float32Array(index.getPoint(label)).join(','));
    out[entry.file] = hash.digest('hex');
  }
  return out;
}

function writeConfig(root: string, fake: FakeStashBox): string {
  const path = join(root, 'builder.yaml');
  writeFileSync(
    path,
    [
      'stashboxes:',
      '  - name: fake',
      `    url: ${fake.url}`,
      '    api_key: ${FAKE_STASHBOX_KEY:-test-key}',
      '    rate_limit: 120', // 2 requests a second: the listing takes a few seconds, long enough to be killed in
      '    per_page: 5',
      '    image_concurrency: 2',
      'output:',
      '  directory: out',
      '  version: "1.0.0"',
      'cache:',
      '  image_directory: cache/images',
      '  embeddings_directory: cache/embeddings',
      'state_directory: state',
      'progress:',
      '  mode: plain',
      '  interval_s: 2',
      '',
    ].join('\n'),
  );
  return path;
}

/** URLs whose download completed, from the cache's index (written after each blob is in place). */
function completedDownloads(root: string): Set<string> {
  const index = join(root, 'cache', 'images', 'urls.jsonl');
  if (!existsSync(index)) return new Set();
  return new Set(
    readFileSync(index, 'utf8')
      .split('\n')
      .filter(Boolean)
      .flatMap((line) => {
        try {
          const r = JSON.parse(line) as { url: string; sha256?: string };
          return r.sha256 ? [r.url] : [];
        } catch {
          return [];
        }
      }),
  );
}

const imageIdOf = (url: string) => new URL(url).pathname.split('/').pop()!;
const total = (m: Map<string, number>) => [...m.values()].reduce((a, b) => a + b, 0);

describe.skipIf(!HAVE_SHARED)('builder killed and restarted', () => {
  let fake: FakeStashBox;
  let reference: Record<string, string>;
  let referenceDigest = '';
  const roots: string[] = [];
  const newRoot = (prefix: string) => {
    const dir = mkdtempSync(join(tmpdir(), prefix));
    roots.push(dir);
    return dir;
  };

  beforeAll(async () => {
    fake = await FakeStashBox.start({ performers: enrolledPerformers().performers, apiKey: 'test-key', imageDelayMs: 60 });
  });

  afterAll(async () => {
    await fake?.close();
    for (const dir of roots) rmSync(dir, { recursive: true, force: true });
  });

  it('builds without interruption (the reference)', async () => {
    const root = newRoot('builder-ref-');
    const run = startCli(writeConfig(root, fake));
    const result = await run.done;
    expect(result.code, result.output).toBe(0);
    expect(result.output).toMatch(/version 1\.0\.0 \(run 1, full\)/);
    reference = await packageContent(join(root, 'out', 'stash-face-db-1.0.0'));
    referenceDigest = JSON.parse(readFileSync(join(root, 'out', 'stash-face-db-1.0.0.summary.json'), 'utf8')).digest;
    expect(total(fake.downloads)).toBe(fake.downloads.size);
  }, 300_000);

  it('killed during the listing (SIGKILL), interrupted while downloading (SIGINT), killed while embedding (SIGKILL): same package, no download repeated', async () => {
    fake.downloads.clear();
    fake.imageRequests.clear();
    const root = newRoot('builder-kill-');
    const config = writeConfig(root, fake);
    const imagesInAll = [...fake.performers.values()].filter((p) => !p.deleted).reduce((n, p) => n + p.images.length, 0);
    const completedBefore: Array<Set<string>> = [];
    const log: string[] = [];

    // 1. SIGKILL in the middle of paging queryPerformers.
    const pagesBefore = fake.operations.QueryPerformers ?? 0;
    let run = startCli(config);
    await until(() => (fake.operations.QueryPerformers ?? 0) - pagesBefore >= 2, 'two listing pages');
    run.child.kill('SIGKILL');
    let result = await run.done;
    expect(result.signal).toBe('SIGKILL');
    log.push(`run 1 killed after ${(fake.operations.QueryPerformers ?? 0) - pagesBefore} pages, ${total(fake.downloads)} downloads`);
    completedBefore.push(completedDownloads(root));

    // 2. SIGINT (Ctrl-C) once a quarter of the images are downloaded: a clean stop with exit code 130.
    run = startCli(config);
    await until(() => total(fake.downloads) >= imagesInAll / 4, 'a quarter of the downloads');
    run.child.kill('SIGINT');
    result = await run.done;
    expect(result.code, result.output).toBe(130);
    expect(result.output).toMatch(/resuming run 1/);
    log.push(`run 2 interrupted at ${total(fake.downloads)} downloads`);
    completedBefore.push(completedDownloads(root));
    // A clean stop finishes what is in flight: every download the server completed is in the cache.
    const cachedIds = new Set([...completedDownloads(root)].map(imageIdOf));
    for (const id of fake.downloads.keys()) expect(cachedIds.has(id), id).toBe(true);

    // 3. SIGKILL at two thirds of the downloads, while performers are being embedded.
    const started = total(fake.downloads);
    run = startCli(config);
    await until(() => total(fake.downloads) >= Math.max(started + 5, (2 * imagesInAll) / 3), 'two thirds of the downloads');
    run.child.kill('SIGKILL');
    result = await run.done;
    expect(result.signal).toBe('SIGKILL');
    log.push(`run 3 killed at ${total(fake.downloads)} downloads`);
    completedBefore.push(completedDownloads(root));

    // 4. The same command again finishes the build.
    run = startCli(config);
    result = await run.done;
    expect(result.code, result.output).toBe(0);
    expect(result.output).toMatch(/resuming run 1/);
    log.push(`run 4 finished at ${total(fake.downloads)} downloads (${imagesInAll} images, ${fake.downloads.size} distinct)`);

    // The same package content as the uninterrupted build.
    const content = await packageContent(join(root, 'out', 'stash-face-db-1.0.0'));
    expect(content).toEqual(reference);
    const digest = JSON.parse(readFileSync(join(root, 'out', 'stash-face-db-1.0.0.summary.json'), 'utf8')).digest;
    expect(digest).toBe(referenceDigest);

    // No download that had completed before a kill was made again.
    const completed = new Set(completedBefore.flatMap((s) => [...s]));
    expect(completed.size).toBeGreaterThan(0);
    for (const url of completed) expect(fake.downloads.get(imageIdOf(url)), url).toBe(1);
    // Whatever was repeated was in flight at a SIGKILL: at most the download concurrency (2) per kill.
    const repeated = [...fake.downloads.values()].filter((n) => n > 1).length;
    expect(repeated).toBeLessThanOrEqual(2 * 2);
    console.log(log.join('\n'), `\nrepeated (in flight at a kill): ${repeated}`);
  }, 300_000);
});
