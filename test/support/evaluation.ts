import { readFile } from 'node:fs/promises';
import type { RgbImage } from '../../src/vision/decode.js';
import type { AnalyzedFace, VisionEngine } from '../../src/vision/engine.js';

/** The face a labelled photo is about: in LFW and the people set, the one nearest the centre (ties: larger). */
export function centralFace(faces: readonly AnalyzedFace[], image: RgbImage): AnalyzedFace | undefined {
  const cx = image.width / 2, cy = image.height / 2;
  const cost = (f: AnalyzedFace) =>
    Math.hypot(f.box.x + f.box.width / 2 - cx, f.box.y + f.box.height / 2 - cy) / Math.max(image.width, image.height) -
    0.25 * (f.box.width / image.width);
  return [...faces].sort((a, b) => cost(a) - cost(b))[0];
}

export interface LabelledFace {
  identity: string;
  file: string;
  image: RgbImage;
  face: AnalyzedFace;
}

/** Analyses labelled photos and keeps the central face of each (photos with no face are reported). */
export async function analyseLabelled(
  engine: VisionEngine,
  photos: ReadonlyArray<{ identity: string; file: string }>,
  concurrency = 4,
): Promise<{ faces: LabelledFace[]; missed: string[] }> {
  const faces: LabelledFace[] = [];
  const missed: string[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < photos.length) {
        const p = photos[next++];
        const { image, faces: found } = await engine.analyzeImage(await readFile(p.file));
        const face = centralFace(found, image);
        if (face) faces.push({ ...p, image, face });
        else missed.push(p.file);
      }
    }),
  );
  const order = new Map(photos.map((p, i) => [p.file, i]));
  faces.sort((a, b) => order.get(a.file)! - order.get(b.file)!);
  return { faces, missed };
}

export function mean(xs: readonly number[]): number {
  return xs.reduce((s, x) => s + x, 0) / Math.max(1, xs.length);
}

export function std(xs: readonly number[]): number {
  const m = mean(xs);
  return Math.sqrt(xs.reduce((s, x) => s + (x - m) ** 2, 0) / Math.max(1, xs.length - 1));
}

/** Separation of genuine and impostor score distributions. */
export function dPrime(genuine: readonly number[], impostor: readonly number[]): number {
  return (mean(genuine) - mean(impostor)) / Math.sqrt((std(genuine) ** 2 + std(impostor) ** 2) / 2);
}

/** True-accept rate at the threshold that lets through `far` of impostors. */
export function tarAtFar(genuine: readonly number[], impostor: readonly number[], far: number): number {
  const sorted = [...impostor].sort((a, b) => b - a);
  const threshold = sorted[Math.min(sorted.length - 1, Math.floor(far * sorted.length))];
  return genuine.filter((g) => g > threshold).length / genuine.length;
}
