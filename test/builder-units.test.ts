import { execFileSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AnalyzedFace as ImageFace } from '../src/vision/engine.js';
import { parseCli } from '../builder/cli.js';
import { ConfigError, readConfigFile, resolveConfig } from '../builder/config.js';
import { limitedFetch, newHttpStats, RateLimiter, retryAfterMs } from '../builder/http.js';
import { ImageCache, ImageDownloader, sizedImageUrl } from '../builder/images.js';
import { Journal } from '../builder/journal.js';
import { selectFaces, type CandidateImage } from '../src/enrolment/select.js';
import { Progress } from '../builder/progress.js';
import { BuildState } from '../builder/state.js';
import { readTar, writeTarGz } from '../builder/tar.js';
import { l2normalize } from '../src/vision/vectors.js';

const tmp = (prefix: string) => mkdtempSync(join(tmpdir(), `builder-${prefix}-`));

describe('builder config', () => {
  it('reads YAML with ${VAR} from the environment, fills defaults, resolves paths from the file', () => {
    const dir = tmp('cfg');
    const file = join(dir, 'b.yaml');
    writeFileSync(
      file,
      `stashboxes:\n  - name: StashDB\n    url: https://stashdb.org/graphql\n    api_key: \${KEY}\n  - url: https://fansdb.cc/graphql\n    api_key: \${NOPE:-fallback}\n    rate_limit: 60\noutput:\n  directory: out\n  version: "2026.01.1"\n`,
    );
    const config = resolveConfig(readConfigFile(file, { KEY: 'secret' }));
    expect(config.stashboxes[0]).toMatchObject({ name: 'StashDB', api_key: 'secret', rate_limit: 240, max_images_per_performer: 10, per_page: 100 });
    expect(config.stashboxes[1]).toMatchObject({ name: 'fansdb.cc', api_key: 'fallback', rate_limit: 60 });
    expect(config.output).toMatchObject({ directory: join(dir, 'out'), version: '2026.01.1' });
    expect(config.processing.workers).toBeGreaterThan(0);
  });

  it("accepts the seed design's builder_config.yaml (stashdb block, rate_limit_delay in seconds, gpu)", () => {
    const dir = tmp('seed');
    const file = join(dir, 'builder_config.yaml');
    writeFileSync(
      file,
      `stashdb:\n  url: "https://stashdb.org/graphql"\n  api_key: "\${STASHDB_API_KEY}"\n  rate_limit_delay: 0.5\n  max_images_per_performer: 7\noutput:\n  directory: "./output"\n  version: "2026.01.1"\ncache:\n  image_directory: "./cache/images"\n  embeddings_directory: "./cache/embeddings"\nprocessing:\n  batch_size: 100\n  workers: 4\n  gpu: true\n`,
    );
    const config = resolveConfig(readConfigFile(file, { STASHDB_API_KEY: 'k' }));
    expect(config.stashboxes).toHaveLength(1);
    expect(config.stashboxes[0]).toMatchObject({ url: 'https://stashdb.org/graphql', api_key: 'k', rate_limit: 120, max_images_per_performer: 7 });
    expect(config.processing).toMatchObject({ batch_size: 100, workers: 4, providers: 'cuda' });
    expect(config.cache.image_directory).toBe(join(dir, 'cache/images'));
  });

  it('lets a flag override every value, and --set reach any path', () => {
    const dir = tmp('flags');
    const file = join(dir, 'b.json');
    writeFileSync(file, JSON.stringify({ stashboxes: [{ url: 'https://stashdb.org/graphql' }, { url: 'https://fansdb.cc/graphql' }] }));
    const parsed = parseCli(
      ['--config', file, '--rate-limit', '100', '--max-images', '5', '--output', join(dir, 'o'), '--version', 'v2', '--update',
        '--workers', '2', '--template-tiers', '24,16', '--set', 'stashboxes.1.rate_limit=30', '--set', 'faces.min_face_size=64'],
      {},
    );
    if (parsed === 'help') throw new Error('unexpected help');
    expect(parsed.update).toBe(true);
    expect(parsed.config.stashboxes.map((s) => s.rate_limit)).toEqual([100, 30]);
    expect(parsed.config.stashboxes.every((s) => s.max_images_per_performer === 5)).toBe(true);
    expect(parsed.config.output).toMatchObject({ directory: join(dir, 'o'), version: 'v2' });
    expect(parsed.config.faces).toMatchObject({ min_face_size: 64, template_tiers: [24, 16] });
    expect(parsed.config.processing.workers).toBe(2);
    const direct = parseCli(['--url', 'https://pmvstash.org/graphql'], { STASHDB_API_KEY: 'env-key' });
    expect(direct !== 'help' && direct.config.stashboxes[0]).toMatchObject({ url: 'https://pmvstash.org/graphql', api_key: 'env-key' });
  });

  it('refuses bad values with a message naming the setting', () => {
    expect(() => resolveConfig({})).toThrow(ConfigError);
    expect(() => resolveConfig({ stashboxes: [{ url: 'not a url' }] })).toThrow(/stashboxes\[0\]\.url/);
    expect(() => resolveConfig({ stashboxes: [{ url: 'https://a.org/graphql', rate_limit: 0 }] })).toThrow(/rate_limit/);
    expect(() => resolveConfig({ stashboxes: [{ url: 'https://a.org/graphql' }], output: { version: 'a/b' } })).toThrow(/output.version/);
    expect(() => resolveConfig({ stashboxes: [{ url: 'https://a.org/graphql' }, { url: 'https://a.org/other' }] })).toThrow(/collide/);
    expect(() => parseCli(['--nope'], {})).toThrow(ConfigError);
  });
});

describe('rate limit and retries', () => {
  it('spaces requests evenly at the configured rate', async () => {
    const limiter = new RateLimiter(600); // one per 100 ms
    const t0 = Date.now();
    for (let i = 0; i < 6; i++) await limiter.take();
    expect(Date.now() - t0).toBeGreaterThanOrEqual(480);
  });

  it('reads Retry-After in seconds and as a date', () => {
    expect(retryAfterMs('3')).toBe(3000);
    expect(retryAfterMs(new Date(Date.now() + 5000).toUTCString())).toBeGreaterThan(3000);
    expect(retryAfterMs(null)).toBeUndefined();
  });

  it('retries 429 (after Retry-After, pausing the limiter) and 5xx, not 404, and gives up after the last retry', async () => {
    const answers = [429, 503, 200];
    const calls: number[] = [];
    const fake = (async () => {
      calls.push(Date.now());
      const status = answers.shift() ?? 200;
      return new Response(status === 200 ? 'ok' : 'no', { status, headers: status === 429 ? { 'retry-after': '1' } : {} });
    }) as typeof fetch;
    const stats = newHttpStats();
    const limiter = new RateLimiter(6000);
    const f = limitedFetch({ limiter, policy: { retries: 3, baseDelayMs: 50, maxDelayMs: 2000, timeoutMs: 1000 }, stats, fetch: fake });
    const response = await f('http://x/');
    expect(response.status).toBe(200);
    expect(calls[1] - calls[0]).toBeGreaterThanOrEqual(950);
    expect(stats).toMatchObject({ requests: 3, retries: 2, rateLimited: 1, serverErrors: 1 });

    let notFound = 0;
    const missing = limitedFetch({ limiter, policy: { retries: 3, baseDelayMs: 10, maxDelayMs: 10, timeoutMs: 1000 }, fetch: (async () => (notFound++, new Response('', { status: 404 }))) as typeof fetch });
    expect((await missing('http://x/')).status).toBe(404);
    expect(notFound).toBe(1);

    let failing = 0;
    const down = limitedFetch({ limiter, policy: { retries: 2, baseDelayMs: 10, maxDelayMs: 10, timeoutMs: 1000 }, fetch: (async () => (failing++, new Response('', { status: 502 }))) as typeof fetch });
    expect((await down('http://x/')).status).toBe(502);
    expect(failing).toBe(3);
  });
});

describe('journal and state', () => {
  it('skips a line torn by a kill and keeps everything before it', () => {
    const path = join(tmp('journal'), 'j.jsonl');
    const j = new Journal<{ n: number }>(path);
    j.append({ n: 1 });
    j.append({ n: 2 });
    appendFileSync(path, '{"n": 3, "trunc');
    expect(j.read()).toEqual([{ n: 1 }, { n: 2 }]);
  });

  it('replays the journal over the snapshot after a kill, idempotently', () => {
    const dir = tmp('state');
    const a = BuildState.open(dir);
    a.record({ e: 'run', run: { n: 1, mode: 'full', version: 'v1', started: 'now', since: {}, endpoints: {} } });
    const meta = { endpoint: 'https://s.org/graphql', uuid: 'u1', name: 'A', disambiguation: null, aliases: [], gender: null, country: null, images: [], image_url: null, created: 't', updated: 't' };
    a.record({ e: 'perf', id: 's.org:u1', meta });
    a.record({ e: 'page', run: 1, endpoint: meta.endpoint, phase: 'full', page: 1, count: 3, seen: { u1: 't' } });
    a.record({ e: 'done', id: 's.org:u1', result: { fingerprint: 'f', faces: 2, file: 'results/x.json', run: 1 } });
    // No compaction: as if the process had been killed here. A second opening replays, then a third sees the same.
    const b = BuildState.open(dir);
    expect(b.performers.get('s.org:u1')?.result?.faces).toBe(2);
    expect(b.phase(b.run(1), meta.endpoint, 'full')).toMatchObject({ page: 1, seen: { u1: 't' } });
    const c = BuildState.open(dir);
    expect([...c.performers.values()]).toEqual([...b.performers.values()]);
    expect(c.runs).toEqual(b.runs);
  });
});

describe('tar.gz writer', () => {
  it('writes a ustar archive with the files at its root that gunzip + tar read back', async () => {
    const dir = tmp('tar');
    const files = ['manifest.json', 'a.bin', 'long-name-'.padEnd(90, 'x') + '.json'].map((name, i) => {
      const path = join(dir, name);
      writeFileSync(path, Buffer.alloc(i === 1 ? 1000 : 700 * i + 1, i + 65));
      return path;
    });
    const out = join(dir, 'x.tar.gz');
    await writeTarGz(out, files, new Date('2026-01-01T00:00:00Z'));
    const entries = readTar(gunzipSync(readFileSync(out)));
    expect(entries.map((e) => e.name)).toEqual(files.map((f) => f.slice(dir.length + 1)));
    entries.forEach((e, i) => expect(e.data.equals(readFileSync(files[i]))).toBe(true));
    // Byte-identical when written again (fixed mtime, owner and mode).
    await writeTarGz(join(dir, 'y.tar.gz'), files, new Date('2026-01-01T00:00:00Z'));
    expect(readFileSync(join(dir, 'y.tar.gz')).equals(readFileSync(out))).toBe(true);
    let listing: string | undefined;
    try {
      listing = execFileSync('tar', ['-tzvf', out], { encoding: 'utf8' });
    } catch {
      // no tar on this machine: the reader above is the check
    }
    if (listing !== undefined) {
      expect(listing.trim().split('\n')).toHaveLength(3);
      const extracted = tmp('untar');
      execFileSync('tar', ['-xzf', out, '-C', extracted]);
      expect(readdirSync(extracted).sort()).toEqual(files.map((f) => f.slice(dir.length + 1)).sort());
    }
  });
});

/** A unit vector near `base` (same person) or random (someone else). */
function vec(seed: number, base?: Float32Array, noise = 0.35): Float32Array {
  let s = seed * 9301 + 49297;
  const rnd = () => ((s = (s * 9301 + 49297) % 233280) / 233280) * 2 - 1;
  const v = new Float32Array(64).map((_, i) => (base ? base[i] + noise * rnd() * 0.2 : rnd()));
  return l2normalize(v);
}

function face(v: Float32Array, size = 100): ImageFace {
  return {
    box: { x: 0, y: 0, width: size, height: size },
    score: 0.9,
    keypoints: [],
    quality: { size, score: 0.9, frontal: 0.9, sharpness: 500 },
    embeddings: { m: v },
  };
}

describe('face selection', () => {
  const rules = { consistency_threshold: 0.35, dominance_ratio: 1.5, duplicate_threshold: 0.95, max_faces_per_performer: 10 };
  const me = vec(1), other = vec(2), third = vec(3);
  const img = (id: string, faces: ImageFace[], sha = id): CandidateImage => ({ image_id: id, sha256: sha, faces });

  it('picks the performer in a group photo by agreement with the other images, not by size', () => {
    const images = [
      img('a', [face(vec(10, me))]),
      img('b', [face(vec(11, me))]),
      img('group', [face(other, 200), face(third, 180), face(vec(12, me), 90)]),
    ];
    const s = selectFaces(images, 'm', rules);
    expect(s.kept.map((k) => [k.image_id, k.face_index])).toEqual([['a', 0], ['b', 0], ['group', 2]]);
    expect(s.rejected).toEqual({ other_person: 2 });
  });

  it('rejects an image without the performer, and a lone group photo without a dominant face', () => {
    const s = selectFaces([img('a', [face(vec(10, me))]), img('b', [face(vec(11, me))]), img('c', [face(other), face(third)])], 'm', rules);
    expect(s.kept.map((k) => k.image_id)).toEqual(['a', 'b']);
    expect(s.rejected).toEqual({ inconsistent: 2 });
    const lone = selectFaces([img('g', [face(me, 100), face(other, 90)])], 'm', rules);
    expect(lone.kept).toEqual([]);
    expect(lone.rejected).toEqual({ ambiguous: 2 });
    const dominant = selectFaces([img('g', [face(me, 200), face(other, 90)])], 'm', rules);
    expect(dominant.kept.map((k) => k.face_index)).toEqual([0]);
  });

  it('with no agreement at all, trusts the first image (stash-box lists the portrait first)', () => {
    const s = selectFaces([img('portrait', [face(me)]), img('x', [face(other)])], 'm', rules);
    expect(s.kept.map((k) => k.image_id)).toEqual(['portrait']);
    expect(s.rejected).toEqual({ inconsistent: 1 });
  });

  it('drops repeated images, near-duplicate faces (keeping the better one) and faces over the cap', () => {
    const a = vec(10, me);
    const images = [
      img('a', [face(a, 80)]),
      img('a-again', [face(a, 80)], 'a'),
      img('a-bigger', [face(a, 150)]),
      ...[20, 21, 22, 23].map((n) => img(`p${n}`, [face(vec(n, me, 1))])),
      img('none', []),
    ];
    const s = selectFaces(images, 'm', { ...rules, max_faces_per_performer: 3 });
    expect(s.kept).toHaveLength(3);
    expect(s.kept.map((k) => k.image_id)).toContain('a-bigger');
    expect(s.rejected).toMatchObject({ duplicate_image: 1, duplicate: 1, no_face: 1, over_cap: 2 });
    // Deterministic.
    expect(selectFaces(images, 'm', { ...rules, max_faces_per_performer: 3 })).toEqual(s);
  });
});

describe('image downloads', () => {
  let server: Server;
  let origin = '';
  const hits = new Map<string, number>();
  let flaky = 1;
  beforeAll(async () => {
    server = createServer((req, res) => {
      const path = req.url ?? '/';
      hits.set(path, (hits.get(path) ?? 0) + 1);
      if (path.startsWith('/same')) return void res.end('the same bytes');
      if (path === '/missing') return void res.writeHead(404).end();
      if (path === '/huge') return void res.end(Buffer.alloc(5000));
      if (path === '/slow') return void setTimeout(() => res.end('late'), 2000);
      if (path === '/flaky') return flaky-- > 0 ? void res.writeHead(503).end() : void res.end('flaky ok');
      res.end(`bytes of ${path}`);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });

  const downloader = (cache: ImageCache) =>
    new ImageDownloader(cache, {
      rateLimit: 6000,
      concurrency: 2,
      policy: { retries: 1, baseDelayMs: 20, maxDelayMs: 50, timeoutMs: 300 },
      maxBytes: 1000,
    });

  it('stores bytes by content, never downloads a URL twice (across instances), and remembers permanent failures', async () => {
    const dir = tmp('images');
    const d = downloader(new ImageCache(dir));
    const [a, b] = await Promise.all([d.get(`${origin}/same1`), d.get(`${origin}/same2`)]);
    expect(a.ok && b.ok && a.sha256 === b.sha256).toBe(true);
    expect(readdirSync(join(dir, 'blobs')).length).toBe(1);
    const missing = await d.get(`${origin}/missing`);
    expect(missing).toMatchObject({ ok: false, permanent: true, reason: 'HTTP 404' });
    const huge = await d.get(`${origin}/huge`);
    expect(huge).toMatchObject({ ok: false, permanent: true, reason: 'too large' });
    const slow = await d.get(`${origin}/slow`);
    expect(slow).toMatchObject({ ok: false, permanent: false });
    const flakyResult = await d.get(`${origin}/flaky`);
    expect(flakyResult.ok).toBe(true);
    expect(hits.get('/flaky')).toBe(2);

    // A new process with the same cache folder: nothing is fetched again, failures are remembered.
    const before = new Map(hits);
    const again = downloader(new ImageCache(dir));
    const reread = await again.get(`${origin}/same1`);
    expect(reread).toMatchObject({ ok: true, cached: true });
    expect((await again.get(`${origin}/missing`)).ok).toBe(false);
    expect((await again.get(`${origin}/huge`)).ok).toBe(false);
    expect(hits).toEqual(before);
    expect(again.stats.downloaded).toBe(0);
  });

  it("asks stash-box for a smaller copy with ?size=", () => {
    expect(sizedImageUrl('https://cdn.stashdb.org/images/ab/cd/abcd', '600')).toBe('https://cdn.stashdb.org/images/ab/cd/abcd?size=600');
    expect(sizedImageUrl('https://x.org/i?id=1', null)).toBe('https://x.org/i?id=1');
    expect(existsSync(join(tmpdir()))).toBe(true);
  });
});

describe('progress', () => {
  const sink = (isTTY: boolean) => {
    const chunks: string[] = [];
    return { chunks, stream: Object.assign(new Writable({ write: (c: Buffer, _: unknown, cb: () => void) => (chunks.push(c.toString()), cb()) }), { isTTY, columns: 100 }) };
  };

  it('draws a bar per stage with count, rate and ETA on a terminal, redrawing in place', async () => {
    const { chunks, stream } = sink(true);
    const progress = Progress.auto('auto', 30_000, stream as unknown as NodeJS.WriteStream);
    expect(progress.mode).toBe('bar');
    const stage = progress.stage('download', 'images').start(10);
    for (let i = 0; i < 4; i++) {
      stage.tick();
      await new Promise((r) => setTimeout(r, 150));
    }
    progress.log('a line that stays');
    progress.close();
    const text = chunks.join('');
    expect(text).toMatch(/download +\[#+-+\] 4\/10 [\d.]+ images\/s ETA \d+s/);
    expect(text).toContain('\x1b[1A'); // moved up to redraw
    expect(text).toContain('a line that stays\n');
  });

  it('writes plain lines (no escape codes) when the output is not a terminal', async () => {
    const { chunks, stream } = sink(false);
    const progress = Progress.auto('auto', 50, stream as unknown as NodeJS.WriteStream);
    expect(progress.mode).toBe('plain');
    const stage = progress.stage('analyse', 'images').start(4);
    stage.tick(2);
    await new Promise((r) => setTimeout(r, 200));
    stage.tick(2);
    stage.finish();
    progress.close();
    const text = chunks.join('');
    expect(text).not.toContain('\x1b[');
    expect(text).toMatch(/^\S+Z analyse: 2\/4 images 50\.0%, .*ETA/m);
    expect(text).toMatch(/done analyse: 4\/4 images in \d+s/);
  });
});
