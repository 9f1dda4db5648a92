import { readFile } from 'node:fs/promises';
import sharp from 'sharp';
import { people } from '../test/support/fixtures.js';

export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

export const round = (v: number, digits = 1) => Math.round(v * 10 ** digits) / 10 ** digits;

export function summary(ms: readonly number[]) {
  return { p50_ms: round(percentile(ms, 50)), p95_ms: round(percentile(ms, 95)), n: ms.length };
}

/** A 1920x1080 JPEG with one real face (a celebrity photo of ../shared/faces, enlarged into the frame). */
export async function photo1080p(): Promise<Buffer> {
  const source = people().find((p) => p.identity === 'celeb-person02')!.files[0];
  const face = await sharp(await readFile(source)).rotate().resize(1080, 1080, { fit: 'inside' }).toBuffer();
  const meta = await sharp(face).metadata();
  return sharp({ create: { width: 1920, height: 1080, channels: 3, background: '#3a4a5a' } })
    .composite([{ input: face, left: Math.round((1920 - meta.width!) / 2), top: Math.round((1080 - meta.height!) / 2) }])
    .jpeg({ quality: 90 })
    .toBuffer();
}

export async function timeIt<T>(fn: () => Promise<T>): Promise<[number, T]> {
  const start = performance.now();
  const value = await fn();
  return [performance.now() - start, value];
}
