import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import * as ort from 'onnxruntime-node';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';

import { buildDlibResnetOnnx, DLIB_WEIGHTS_FILES, defaultDlibWeightsDir, dlibWeightsSha256 } from '../src/vision/onnx/dlib-resnet.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SHARED = path.resolve(ROOT, process.env.SHARED_DIR ?? '../shared');
const REFERENCE = path.join(SHARED, 'models/reference/faceapi_recognition.onnx');
const PEOPLE = path.join(SHARED, 'faces/people');
const HAVE_REFERENCE = existsSync(REFERENCE) && existsSync(PEOPLE);

const SIZE = 150;
const PIXELS = SIZE * SIZE * 3;

const SESSION_OPTIONS: ort.InferenceSession.SessionOptions = {
  executionProviders: ['cpu'],
  intraOpNumThreads: 1,
  extra: { session: { set_denormal_as_zero: '1' } },
};

/** About ten faces spread over the labelled people (first photo of every other person). */
function pickFaces(count = 10): string[] {
  const people = readdirSync(PEOPLE)
    .filter((d) => statSync(path.join(PEOPLE, d)).isDirectory())
    .sort();
  const step = Math.max(1, Math.floor(people.length / count));
  const out: string[] = [];
  for (let i = 0; i < people.length && out.length < count; i += step) {
    const dir = path.join(PEOPLE, people[i]);
    const img = readdirSync(dir)
      .filter((f) => /\.(jpe?g|png|webp)$/i.test(f))
      .sort()[0];
    if (img) out.push(path.join(dir, img));
  }
  return out;
}

/** 150x150 RGB, 0..255, NHWC (dlib chips pass through; others are squashed to 150x150). */
async function loadChip(file: string): Promise<Float32Array> {
  const { data, info } = await sharp(file)
    .removeAlpha()
    .toColourspace('srgb') // grey PNGs -> 3 channels
    .resize(SIZE, SIZE, { fit: 'fill' })
    .raw()
    .toBuffer({ resolveWithObject: true });
  expect(info.channels).toBe(3);
  return Float32Array.from(data);
}

/** Deterministic synthetic "images" for when the shared folder is absent. */
function syntheticChip(seed: number): Float32Array {
  const out = new Float32Array(PIXELS);
  let s = seed * 2654435761;
  for (let i = 0; i < PIXELS; i++) {
    s = (s * 1103515245 + 12345) >>> 0;
    out[i] = (s >>> 24) & 0xff;
  }
  return out;
}

async function describe1(session: ort.InferenceSession, chip: Float32Array): Promise<Float32Array> {
  const out = await session.run({ input: new ort.Tensor('float32', chip, [1, SIZE, SIZE, 3]) });
  expect(out.descriptor.dims).toEqual([1, 128]);
  return out.descriptor.data as Float32Array;
}

function maxAbsDiff(a: Float32Array, b: Float32Array): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

describe('dlib ResNet face descriptor rebuilt as ONNX', () => {
  let ours: ort.InferenceSession;
  let chips: Float32Array[];

  beforeAll(async () => {
    const bytes = await buildDlibResnetOnnx();
    ours = await ort.InferenceSession.create(bytes, SESSION_OPTIONS);
    chips = HAVE_REFERENCE
      ? await Promise.all(pickFaces().map(loadChip))
      : [1, 2, 3, 4].map(syntheticChip);
  }, 60_000);

  it('exposes the input/output contract', () => {
    expect(ours.inputNames).toEqual(['input']);
    expect(ours.outputNames).toEqual(['descriptor']);
  });

  it('pins its weight files', async () => {
    const dir = defaultDlibWeightsDir();
    for (const f of DLIB_WEIGHTS_FILES) expect(existsSync(path.join(dir, f))).toBe(true);
    expect(await dlibWeightsSha256()).toMatch(/^[0-9a-f]{64}$/);
  });

  it('gives the same descriptors for a batch of 4 as for 4 single runs', async () => {
    const four = chips.slice(0, 4);
    const batch = new Float32Array(4 * PIXELS);
    four.forEach((c, i) => batch.set(c, i * PIXELS));
    const out = await ours.run({ input: new ort.Tensor('float32', batch, [4, SIZE, SIZE, 3]) });
    expect(out.descriptor.dims).toEqual([4, 128]);
    const all = out.descriptor.data as Float32Array;
    for (let i = 0; i < 4; i++) {
      const single = await describe1(ours, four[i]);
      expect(maxAbsDiff(all.subarray(i * 128, (i + 1) * 128), single)).toBeLessThan(1e-5);
    }
  }, 60_000);

  it.skipIf(!HAVE_REFERENCE)('matches the reference rebuild on real faces', async () => {
    const ref = await ort.InferenceSession.create(REFERENCE, SESSION_OPTIONS);
    expect(chips.length).toBeGreaterThanOrEqual(8);
    let worst = 0;
    for (const chip of chips) {
      const a = await describe1(ours, chip);
      const b = await describe1(ref, chip);
      // Sanity: a real descriptor, not zeros (raw dlib descriptors have an L2 norm of about 1.2..1.6).
      expect(Math.hypot(...a)).toBeGreaterThan(0.5);
      worst = Math.max(worst, maxAbsDiff(a, b));
    }
    expect(worst).toBeLessThan(1e-4);
    await ref.release();
  }, 120_000);
});
