/**
 * Frame extraction benchmark: 40 full frames from a synthetic 81 s 1080p scene served over HTTP with ranges, as
 * H.264 MP4 (25 fps, index at the end, 10 s keyframes) and as VP8 WebM (1 fps), by each strategy of
 * src/frames/stream.ts: a seek per frame (the old way) and straight-through spans, at 1-3 processes.
 *
 *   npx tsx bench/frames.ts [--runs 1]
 */
import { createReadStream, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { readFileSync } from 'node:fs';
import { extractFrames, frameTimes, SPAN_BELOW_SECONDS } from '../src/frames/stream.js';
import { VisionEngine } from '../src/vision/engine.js';
import { buildSceneSet, testFfmpegPath } from '../test/support/scenes.js';

/** A file server with HTTP ranges (what Stash's /scene/{id}/stream is for a direct-played file). */
export async function serveFile(file: string): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    const size = statSync(file).size;
    const m = req.headers.range?.match(/^bytes=(\d*)-(\d*)$/);
    if (m && (m[1] || m[2])) {
      const start = m[1] ? Number(m[1]) : size - Number(m[2]);
      const end = m[1] && m[2] ? Math.min(Number(m[2]), size - 1) : size - 1;
      if (start >= size) return void res.writeHead(416, { 'Content-Range': `bytes */${size}` }).end();
      res.writeHead(206, { 'Content-Range': `bytes ${start}-${end}/${size}`, 'Content-Length': end - start + 1, 'Accept-Ranges': 'bytes' });
      createReadStream(file, { start, end }).pipe(res);
      return;
    }
    res.writeHead(200, { 'Content-Length': size, 'Accept-Ranges': 'bytes' });
    createReadStream(file).pipe(res);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/scene/1/stream`, server };
}

function cpuChildrenMs(): number {
  const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ');
  return ((Number(fields[13]) + Number(fields[14])) / 100) * 1000;
}

export async function benchFrames(options: { runs?: number; strategies?: string[] } = {}) {
  const engine = await VisionEngine.create();
  const set = await buildSceneSet(engine, { count: 1, video: true, mp4: true });
  await engine.close();
  const ffmpeg = testFfmpegPath();
  const times = frameTimes(81, 40);
  const out: Record<string, unknown> = { frames: times.length, spacing_s: Math.round((times[1] - times[0]) * 100) / 100, span_below_s: SPAN_BELOW_SECONDS };
  for (const format of ['mp4', 'webm']) {
    const { url, server } = await serveFile(join(set.dir, `scene-1.${format}`));
    const origin = new URL(url).origin;
    try {
      const strategies: Array<[string, number, boolean]> = [
        ['spans_x2', 2, true], ['spans_x1', 1, true], ['spans_x3', 3, true], ['seeks_x3', 3, false],
      ];
      for (const [name, concurrency, spans] of strategies) {
        if (options.strategies && !options.strategies.includes(name)) continue;
        const runs: Array<{ ms: number; first_ms: number; ffmpeg_cpu_ms: number; frames: number }> = [];
        for (let r = 0; r < (options.runs ?? 1); r++) {
          const cpu0 = cpuChildrenMs();
          const t0 = performance.now();
          let first = 0;
          const n = await extractFrames(ffmpeg, url, times, {
            concurrency,
            timeoutMs: 120_000,
            relay: { origin },
            forceSeeks: !spans,
            onFrame: async () => void (first ||= performance.now() - t0),
          });
          runs.push({ ms: Math.round(performance.now() - t0), first_ms: Math.round(first), ffmpeg_cpu_ms: Math.round(cpuChildrenMs() - cpu0), frames: n });
        }
        out[`${format}_${name}`] = { ...runs.sort((a, b) => a.ms - b.ms)[Math.floor(runs.length / 2)], load_average: Math.round(loadavg()[0] * 10) / 10 };
        process.stderr.write(`bench frames: ${format} ${name} ${JSON.stringify(out[`${format}_${name}`])}\n`);
      }
    } finally {
      server.close();
    }
  }
  return out;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const i = process.argv.indexOf('--runs');
  const s = process.argv.indexOf('--only');
  console.log(JSON.stringify(await benchFrames({ runs: i > 0 ? Number(process.argv[i + 1]) : 1, strategies: s > 0 ? process.argv[s + 1].split(',') : undefined }), null, 2));
}
