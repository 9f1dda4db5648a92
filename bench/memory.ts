/**
 * Memory under hostile and heavy load, measured on the sidecar running as its own process (RSS from /proc, sampled
 * every 50 ms): the sprite-amplification VTT, 8 concurrent 50 MP identifies, and ten reloads of a large synthetic
 * database. Each figure is reported with the idle RSS before it and the RSS a few seconds after, so "memory comes
 * back" can be read off. MEMORY_BENCH_FACES sizes the database (default 60,000 faces); MALLOC_ARENA_MAX and
 * LD_PRELOAD (jemalloc) pass through to the sidecar to compare allocators.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, readdir, stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import calibration from '../src/recognition/default-calibration.json' with { type: 'json' };
import type { Calibration, PerformerRecord } from '../src/database/format.js';
import { releaseDir, setCurrentVersion } from '../src/database/store.js';
import { writeDatabase, type FaceEntry, type TemplateEntry } from '../src/database/writer.js';
import { VisionEngine } from '../src/vision/engine.js';
import { freePort } from '../test/fakes/stand-in-stash.js';
import { gql } from '../test/support/sidecar.js';
import { photo1080p } from './util.js';

const MB = 1024 * 1024;

function rssOf(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)![1]) * 1024;
}

/** Peak RSS of `pid` while `fn` runs. */
async function peakDuring<T>(pid: number, fn: () => Promise<T>): Promise<{ peak: number; value: T }> {
  let peak = rssOf(pid);
  const timer = setInterval(() => (peak = Math.max(peak, rssOf(pid))), 50);
  try {
    const value = await fn();
    return { peak: Math.max(peak, rssOf(pid)), value };
  } finally {
    clearInterval(timer);
  }
}

async function du(dir: string): Promise<number> {
  let total = 0;
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    total += entry.isDirectory() ? await du(join(dir, entry.name)) : (await stat(join(dir, entry.name))).size;
  }
  return total;
}

const note = (what: string) => process.stderr.write(`bench memory: ${what} (${new Date().toISOString().slice(11, 19)})\n`);

const settle = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A synthetic database of `faceCount` random faces (the sizes of a real release, not its accuracy). */
async function syntheticDatabase(engine: VisionEngine, databasePath: string, faceCount: number): Promise<string> {
  const perPerformer = 5;
  const performers: PerformerRecord[] = [];
  const faces: FaceEntry[] = [];
  const templates: TemplateEntry[] = [];
  const unit = (dim: number) => {
    const v = new Float32Array(dim);
    let n = 0;
    for (let i = 0; i < dim; i++) n += (v[i] = Math.random() - 0.5) ** 2;
    for (let i = 0; i < dim; i++) v[i] /= Math.sqrt(n);
    return v;
  };
  for (let p = 0; p * perPerformer < faceCount; p++) {
    const id = `stashdb.org:${String(p).padStart(8, '0')}-0000-4000-8000-000000000000`;
    performers.push({ id, name: `Performer ${p}`, disambiguation: null, country: null, endpoint: 'https://stashdb.org/graphql', image_url: null, stashbox_url: null, face_count: perPerformer });
    for (let f = 0; f < perPerformer; f++) {
      faces.push({ performer_id: id, image_id: `img-${p}-${f}`, embeddings: Object.fromEntries(engine.embedderSpecs.map((s) => [s.id, unit(s.dim)])) });
    }
    templates.push({ performer_id: id, size_tier: 'full', embeddings: Object.fromEntries(engine.embedderSpecs.map((s) => [s.id, unit(s.dim)])) });
  }
  const detector = engine.models.find((m) => m.task === 'detect')!;
  const version = 'memory-bench-1';
  const dir = releaseDir(databasePath, version);
  await writeDatabase(dir, {
    version,
    sources: [{ endpoint: 'https://stashdb.org/graphql', host: 'stashdb.org', performers: performers.length }],
    detector: { id: detector.id, sha256: detector.sha256 },
    models: engine.embedderSpecs.map((s) => ({ id: s.id, sha256: engine.models.find((m) => m.id === s.id)!.sha256, dim: s.dim, preprocessing: s.preprocessing })),
    performers,
    faces,
    templates,
    calibration: calibration as unknown as Calibration,
    M: 16,
    ef_construction: 40,
  });
  await setCurrentVersion(databasePath, version);
  return dir;
}

/** A 50 MP JPEG with one real face in it. */
async function photo50mp(): Promise<Buffer> {
  const face = await photo1080p();
  return sharp({ create: { width: 8640, height: 5760, channels: 3, background: '#4a5a6a', noise: { type: 'gaussian', mean: 110, sigma: 20 } } })
    .composite([{ input: face, left: 3000, top: 2000 }])
    .jpeg({ quality: 85 })
    .toBuffer();
}

export async function benchMemory(faceCount = Number(process.env.MEMORY_BENCH_FACES ?? 60_000)) {
  const engine = await VisionEngine.create();
  // MEMORY_BENCH_DB: a folder from an earlier run (its path is in the output), to compare allocators without rebuilding.
  const reuse = process.env.MEMORY_BENCH_DB;
  const databasePath = reuse ?? (await mkdtemp(join(tmpdir(), 'bench-memory-')));
  note(reuse ? `reusing ${reuse}` : `building a ${faceCount}-face database in ${databasePath}`);
  const built = performance.now();
  const dir = reuse ? releaseDir(reuse, 'memory-bench-1') : await syntheticDatabase(engine, databasePath, faceCount);
  const buildMs = performance.now() - built;
  await engine.close();
  note('database built; making a 50 MP photo');
  const big = await photo50mp();
  const sheet = await sharp({ create: { width: 1200, height: 1200, channels: 3, background: '#808080' } }).jpeg().toBuffer();
  const amplify = `WEBVTT\n\n${Array.from({ length: 243 }, (_, i) => `00:00:${String(i % 60).padStart(2, '0')}.000 --> 00:00:${String((i % 60) + 1).padStart(2, '0')}.000\nsheet.jpg#xywh=0,0,1200,1200`).join('\n\n')}\n`;
  const files: Record<string, Buffer | string> = { '/big.jpg': big, '/sheet.jpg': sheet, '/amplify.vtt': amplify };
  const host = createServer((req, res) => res.writeHead(200).end(files[req.url ?? '']));
  await new Promise<void>((r) => host.listen(0, '127.0.0.1', r));
  const origin = `http://127.0.0.1:${(host.address() as { port: number }).port}`;
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    env: { ...process.env, DATABASE_PATH: databasePath, ALLOWED_IMAGE_ORIGINS: origin, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', FETCH_TIMEOUT_MS: '120000' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  const pid = child.pid!;
  try {
    for (let i = 0; ; i++) {
      try {
        if ((await gql(url, '{ health { database_loaded } }')).data?.health.database_loaded) break;
      } catch {
        // starting
      }
      if (i > 1200) throw new Error('sidecar did not start');
      await settle(100);
    }
    await settle(2000);
    const idle = rssOf(pid);
    note(`sidecar up, idle RSS ${Math.round(idle / MB)} MB; sprite amplification`);
    const report = (peak: number, after: number) => ({ peak_mb: Math.round(peak / MB), above_idle_mb: Math.round((peak - idle) / MB), after_mb: Math.round(after / MB), after_vs_idle: Math.round((after / idle) * 100) / 100 });

    const sprite = await peakDuring(pid, () =>
      gql(url, 'query($s: String!, $v: String!) { identify(input: { sprite_url: $s, vtt_url: $v }) { frames_used } }', { s: `${origin}/sheet.jpg`, v: `${origin}/amplify.vtt` }),
    );
    await settle(3000);
    const spriteResult = { ...report(sprite.peak, rssOf(pid)), answer: sprite.value.errors?.[0]?.extensions?.code ?? 'ok' };

    note('8 concurrent 50 MP identifies');
    const started = performance.now();
    const concurrent = await peakDuring(pid, () =>
      Promise.all(Array.from({ length: 8 }, () => gql(url, 'query($u: String!) { identify(input: { image_url: $u }) { persons { face_size } } }', { u: `${origin}/big.jpg` }))),
    );
    const concurrentMs = performance.now() - started;
    await settle(5000);
    const identifies = {
      ...report(concurrent.peak, rssOf(pid)),
      ms: Math.round(concurrentMs),
      answers: concurrent.value.map((r) => r.errors?.[0]?.extensions?.code ?? `${r.data.identify.persons.length} person(s)`),
    };

    note('ten reloads');
    const beforeReloads = rssOf(pid);
    const reloads = await peakDuring(pid, async () => {
      for (let i = 0; i < 10; i++) {
        const r = await gql(url, 'mutation { reloadDatabase { version } }');
        if (r.errors) throw new Error(JSON.stringify(r.errors));
      }
    });
    await settle(3000);
    const afterReloads = rssOf(pid);
    return {
      database: { path: databasePath, faces: reuse ? null : faceCount, size_mb: Math.round((await du(dir)) / MB), build_s: Math.round(buildMs / 1000) },
      allocator: { MALLOC_ARENA_MAX: process.env.MALLOC_ARENA_MAX ?? null, LD_PRELOAD: process.env.LD_PRELOAD ?? null },
      idle_mb: Math.round(idle / MB),
      sprite_amplification: spriteResult,
      identify_8x_50mp: identifies,
      ten_reloads: { before_mb: Math.round(beforeReloads / MB), peak_mb: Math.round(reloads.peak / MB), after_mb: Math.round(afterReloads / MB), growth_mb: Math.round((afterReloads - beforeReloads) / MB) },
    };
  } finally {
    child.kill('SIGTERM');
    host.close();
  }
}
