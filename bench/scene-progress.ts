/**
 * The scene page's answers, as the plugin gets them: a 40-frame 1080p H.264 MP4 scene (81 s, 25 fps, index at the
 * end, 10 s keyframes; test/support/scenes.ts) served by the stand-in Stash, identified through the real sidecar
 * over HTTP with the progressive answer (identifySceneProgress over server-sent events): time to the first answer
 * (the sprite's persons) and to the final one (full frames), with the CPU seconds the sidecar and its ffmpegs used;
 * and the frame on screen (identify with frame_time).
 *
 *   npx tsx bench/scene-progress.ts [--runs 3]
 */
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { loadConfig } from '../src/config.js';
import { startSidecar } from '../src/main.js';
import { VisionEngine } from '../src/vision/engine.js';
import { buildDemoDatabase } from '../test/support/demo-db.js';
import { buildSceneSet, startSceneStash } from '../test/support/scenes.js';
import { gql } from '../test/support/sidecar.js';
import { subscribe } from '../test/support/sse.js';
import { mp4Media, PROGRESS_QUERY } from '../test/support/progress.js';

const SCENE = 2;

/** CPU time of this process's finished children (the ffmpegs), from /proc (Linux). */
function childrenCpuMs(): number {
  try {
    const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ');
    return ((Number(fields[13]) + Number(fields[14])) * 1000) / 100;
  } catch {
    return 0;
  }
}

export async function benchSceneProgress(options: { runs?: number } = {}) {
  const runs = options.runs ?? 3;
  const engine = await VisionEngine.create();
  const dbDir = await mkdtemp(join(tmpdir(), 'progress-bench-db-'));
  const mediaDir = await mkdtemp(join(tmpdir(), 'progress-bench-media-'));
  try {
    const set = await buildSceneSet(engine, { count: SCENE, mp4: true });
    await buildDemoDatabase(engine, dbDir);
    const stash = await startSceneStash(await mp4Media(set, mediaDir, [SCENE]));
    const sidecar = await startSidecar(loadConfig({ STASH_URL: stash.url, DATABASE_PATH: dbDir, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn' }), { engine });
    try {
      const progressive = async () => {
        const [cpu0, children0] = [process.cpuUsage(), childrenCpuMs()];
        const t0 = performance.now();
        let first = 0, final = 0, firstPersons = 0, finalPersons = 0;
        await subscribe(sidecar.url, PROGRESS_QUERY, { input: { scene_id: String(SCENE), frame_count: 40 } }, (p) => {
          const e = p.data?.identifySceneProgress;
          if (!e?.result) return;
          if (!first) [first, firstPersons] = [performance.now() - t0, e.result.persons.length];
          if (e.final) [final, finalPersons] = [performance.now() - t0, e.result.persons.length];
        });
        const cpu = process.cpuUsage(cpu0);
        return {
          first_ms: Math.round(first),
          final_ms: Math.round(final),
          first_persons: firstPersons,
          final_persons: finalPersons,
          // CPU is steadier than wall time on a shared machine: the sidecar's (this process) and its ffmpegs'.
          sidecar_cpu_s: Math.round((cpu.user + cpu.system) / 1e4) / 100,
          ffmpeg_cpu_s: Math.round(childrenCpuMs() - children0) / 1000,
        };
      };
      const frame = async () => {
        const t0 = performance.now();
        const res = await gql(sidecar.url, 'query($i: IdentifyInput!) { identify(input: $i) { persons { id } frame { time } } }', {
          i: { scene_id: String(SCENE), frame_time: 40.5 },
        });
        if (res.errors) throw new Error(JSON.stringify(res.errors));
        return { ms: Math.round(performance.now() - t0), faces: res.data.identify.persons.length };
      };
      await progressive(); // warm-up
      const load = Math.round(loadavg()[0] * 10) / 10;
      const scene = [];
      for (let i = 0; i < runs; i++) scene.push(await progressive());
      const frames = [];
      for (let i = 0; i < runs; i++) frames.push(await frame());
      const median = <T>(xs: T[], key: (x: T) => number) => [...xs].sort((a, b) => key(a) - key(b))[Math.floor(xs.length / 2)];
      return {
        scene: 'synthetic 81 s 1080p H.264 MP4, 25 fps, moov at the end, 10 s keyframes; 40 full frames',
        goals: { first_ms: 2000, final_ms: 6000, frame_on_screen_ms: 1500 },
        load_average_before: load,
        progressive: { median_by_final: median(scene, (r) => r.final_ms), runs: scene },
        frame_on_screen: { median: median(frames, (r) => r.ms), runs: frames },
      };
    } finally {
      await sidecar.close();
      await stash.close();
    }
  } finally {
    await engine.close();
    await rm(dbDir, { recursive: true, force: true });
    await rm(mediaDir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const i = process.argv.indexOf('--runs');
  console.log(JSON.stringify(await benchSceneProgress({ runs: i > 0 ? Number(process.argv[i + 1]) : 3 }), null, 2));
}
