/**
 * npm run bench [-- section ...]: measures speed and memory on this machine and prints one JSON object
 * (also written to bench/out/bench.json). Sections: vision, sidecar, hnsw, library, recognition, galleries, people, memory, scene, builder (default: all).
 */
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { cpus, totalmem } from 'node:os';

type Section = () => Promise<unknown>;
const sections: Record<string, Section> = {
  vision: async () => (await import('./vision.js')).benchVision(),
  sidecar: async () => (await import('./sidecar.js')).benchSidecar(),
  hnsw: async () => (await import('./hnsw.js')).benchHnsw(),
  library: async () => (await import('./library.js')).benchLibrary(),
  recognition: async () => (await import('./recognition.js')).benchRecognition(),
  galleries: async () => (await import('./galleries.js')).benchGalleries(),
  people: async () => (await import('./people.js')).benchPeople(),
  memory: async () => (await import('./memory.js')).benchMemory(),
};
// Sections owned by the scene and builder modules (scene: when present).
sections['scene-progress'] = async () => (await import('./scene-progress.js')).benchSceneProgress();
sections.frames = async () => (await import('./frames.js')).benchFrames();
if (existsSync(new URL('./scene.ts', import.meta.url))) sections.scene = async () => (await import('./scene.js' as string)).benchScene();
sections.builder = async () => (await import('./builder.js')).benchBuilder();

const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const result: Record<string, unknown> = {
  machine: { cpus: cpus().length, cpu: cpus()[0]?.model, memory_gb: Math.round(totalmem() / 2 ** 30), node: process.version },
  started_at: new Date().toISOString(),
};
for (const name of wanted.length ? wanted : Object.keys(sections)) {
  const run = sections[name];
  if (!run) throw new Error(`unknown bench section ${name}; have ${Object.keys(sections).join(', ')}`);
  process.stderr.write(`bench: ${name}...\n`);
  const start = performance.now();
  try {
    result[name] = await run();
  } catch (e) {
    result[name] = { error: String(e) };
  }
  process.stderr.write(`bench: ${name} done in ${((performance.now() - start) / 1000).toFixed(0)} s\n`);
}
await mkdir(new URL('./out/', import.meta.url), { recursive: true });
await writeFile(new URL('./out/bench.json', import.meta.url), JSON.stringify(result, null, 2));
console.log(JSON.stringify(result, null, 2));
