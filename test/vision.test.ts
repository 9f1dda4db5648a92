import { copyFile, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import calibrationJson from '../src/recognition/default-calibration.json' with { type: 'json' };
import type { Calibration } from '../src/database/format.js';
import { AppError } from '../src/errors.js';
import { logLikelihoodRatio } from '../src/recognition/calibration.js';
import { meanEmbeddings } from '../src/vision/vectors.js';
import { cropRgb, decodeImage } from '../src/vision/decode.js';
import { cosine } from '../src/vision/vectors.js';
import { VisionEngine } from '../src/vision/engine.js';
import { canvasTensor } from '../src/vision/detectors/detection.js';
import { applyAffine, estimateSimilarity, invertAffine, iou, warpToChip, type Affine } from '../src/vision/geometry.js';
import { loadModel } from '../src/vision/runtime/model-store.js';
import { analyseLabelled, centralFace, dPrime, tarAtFar } from './support/evaluation.js';
import { detectionGroundTruth, FACES_DIR, HAVE_SHARED, people, SHARED_MODELS_DIR } from './support/fixtures.js';

const calibration = calibrationJson as unknown as Calibration;
let engine: VisionEngine;
const aPhoto = () => readFile(people().find((p) => p.identity.startsWith('celeb'))!.files[0]);

beforeAll(async () => {
  engine = await VisionEngine.create({ modelsPath: HAVE_SHARED ? SHARED_MODELS_DIR : undefined });
});
afterAll(() => engine?.close());

describe.skipIf(!HAVE_SHARED)('decode', () => {
  it('reads JPEG, PNG, WebP, GIF, AVIF and TIFF into the same upright RGB', async () => {
    const source = sharp(await aPhoto()).resize(200, 150, { fit: 'fill' });
    const reference = await decodeImage(await source.clone().png().toBuffer());
    for (const format of ['jpeg', 'webp', 'gif', 'avif', 'tiff'] as const) {
      const decoded = await decodeImage(await source.clone().toFormat(format).toBuffer());
      expect([decoded.width, decoded.height], format).toEqual([200, 150]);
      expect(decoded.data.length).toBe(200 * 150 * 3);
      let diff = 0;
      for (let i = 0; i < decoded.data.length; i++) diff += Math.abs(decoded.data[i] - reference.data[i]);
      expect(diff / decoded.data.length, format).toBeLessThan(25); // lossy formats differ a little, never wholesale
    }
  });

  it('applies EXIF orientation and converts greyscale and alpha', async () => {
    const rotated = await sharp(await aPhoto()).resize(200, 100, { fit: 'fill' }).withMetadata({ orientation: 6 }).jpeg().toBuffer();
    const upright = await decodeImage(rotated);
    expect([upright.width, upright.height]).toEqual([100, 200]);
    const grey = await decodeImage(await sharp(await aPhoto()).greyscale().png().toBuffer());
    expect(grey.data.length).toBe(grey.width * grey.height * 3);
    const rgba = await decodeImage(await sharp(await aPhoto()).ensureAlpha().png().toBuffer());
    expect(rgba.data.length).toBe(rgba.width * rgba.height * 3);
  });

  it('refuses what is not an image, and decompression bombs, with clear codes', async () => {
    await expect(decodeImage(Buffer.from('<html>not an image</html>'))).rejects.toMatchObject({ code: 'UNSUPPORTED_IMAGE' });
    await expect(decodeImage(Buffer.alloc(0))).rejects.toMatchObject({ code: 'UNSUPPORTED_IMAGE' });
    const truncated = (await aPhoto()).subarray(0, 2000);
    await expect(decodeImage(truncated)).rejects.toBeInstanceOf(AppError);
    const big = await sharp({ create: { width: 12000, height: 10000, channels: 3, background: '#888' } }).png({ compressionLevel: 9 }).toBuffer();
    expect(big.length).toBeLessThan(2_000_000);
    await expect(decodeImage(big, { maxPixels: 50_000_000 })).rejects.toMatchObject({ code: 'IMAGE_TOO_LARGE' });
  });
});

describe('crops', () => {
  it('a subsampled crop keeps every step-th pixel of the same rectangle, clamped to the image', () => {
    const width = 10, height = 8;
    const image = { width, height, data: Buffer.from(Array.from({ length: width * height * 3 }, (_, i) => i % 251)) };
    const pixel = (img: { width: number; data: Buffer }, x: number, y: number) => [...img.data.subarray((y * img.width + x) * 3, (y * img.width + x) * 3 + 3)];
    const every = cropRgb(image, 2, 1, 7, 20, 3);
    expect([every.width, every.height]).toEqual([3, 3]); // columns 2, 5, 8; rows 1, 4, 7 (clamped at the bottom)
    for (const [cx, cy] of [[0, 0], [1, 2], [2, 1]]) expect(pixel(every, cx, cy)).toEqual(pixel(image, 2 + cx * 3, 1 + cy * 3));
    expect(cropRgb(image, 2, 1, 7, 20, 1)).toEqual(cropRgb(image, 2, 1, 7, 20));
  });
});

describe('model catalog', () => {
  it('refuses a model whose bytes differ from the pinned sha256, naming it and how to get it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'models-'));
    const bytes = Buffer.from(await readFile(join('models', 'yunet_n_dynamic.onnx')));
    bytes[bytes.length - 10] ^= 0xff;
    await writeFile(join(dir, 'yunet_n_dynamic.onnx'), bytes);
    await expect(loadModel('yunet_n', dir)).rejects.toMatchObject({ code: 'MODEL_INVALID', message: expect.stringMatching(/yunet_n.*sha256/) });
  });

  it('says how to get a model that is not installed', async () => {
    const empty = await mkdtemp(join(tmpdir(), 'models-'));
    await expect(loadModel('scrfd_500m', empty)).rejects.toMatchObject({ code: 'MODEL_MISSING', message: expect.stringContaining('MODELS_PATH') });
    await expect(loadModel('no_such_model')).rejects.toMatchObject({ code: 'MODEL_MISSING' });
  });

  it.skipIf(!HAVE_SHARED)('loads SCRFD from MODELS_PATH after verifying it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'models-'));
    await copyFile(join(SHARED_MODELS_DIR, 'scrfd_500m_bnkps.onnx'), join(dir, 'scrfd_500m_bnkps.onnx'));
    const model = await loadModel('scrfd_500m', dir);
    expect(model.path).toBe(join(dir, 'scrfd_500m_bnkps.onnx'));
  });
});

describe('geometry', () => {
  it('recovers a similarity transform from five points', () => {
    const from = [{ x: 10, y: 20 }, { x: 50, y: 22 }, { x: 30, y: 40 }, { x: 15, y: 60 }, { x: 45, y: 61 }];
    const angle = 0.3, scale = 1.7;
    const to = from.map((p) => ({
      x: scale * (Math.cos(angle) * p.x - Math.sin(angle) * p.y) + 5,
      y: scale * (Math.sin(angle) * p.x + Math.cos(angle) * p.y) - 3,
    }));
    const m = estimateSimilarity(from, to);
    for (let i = 0; i < from.length; i++) {
      const q = applyAffine(m, from[i]);
      expect(q.x).toBeCloseTo(to[i].x, 6);
      expect(q.y).toBeCloseTo(to[i].y, 6);
    }
  });

  it('warps the same chip pixels as a bounds-checked bilinear sample, inside the image and over its edge', () => {
    const w = 40, h = 30;
    const px = Uint8Array.from({ length: w * h * 3 }, (_, i) => (i * 37) % 256);
    const at = (x: number, y: number, c: number) => (x < 0 || y < 0 || x >= w || y >= h ? 0 : px[(y * w + x) * 3 + c]);
    for (const m of [[0.9, 0.2, 3, -0.2, 0.9, 4], [1.3, -0.4, -6, 0.4, 1.3, -5]] as Affine[]) {
      const chip = warpToChip(px, w, h, m, 24, 24);
      const inv = invertAffine(m);
      for (let v = 0; v < 24; v++) {
        let sx = inv[1] * v + inv[2], sy = inv[4] * v + inv[5];
        for (let u = 0; u < 24; u++, sx += inv[0], sy += inv[3]) {
          const x0 = Math.floor(sx), y0 = Math.floor(sy), ax = sx - x0, ay = sy - y0;
          for (let c = 0; c < 3; c++) {
            const want = (at(x0, y0, c) * (1 - ax) + at(x0 + 1, y0, c) * ax) * (1 - ay) + (at(x0, y0 + 1, c) * (1 - ax) + at(x0 + 1, y0 + 1, c) * ax) * ay;
            expect(chip[(v * 24 + u) * 3 + c]).toBe(Math.fround(want));
          }
        }
      }
    }
  });
});

describe('detector input', () => {
  it('normalises each byte as (v - mean) / std into planes, pads with black, and overwrites a reused array fully', () => {
    const image = { data: Buffer.from(Array.from({ length: 5 * 3 * 3 }, (_, i) => (i * 53) % 256)), width: 5, height: 3 };
    const canvas = { image, width: 8, height: 4, scale: 1 };
    for (const [order, mean, std] of [['bgr', 0, 1], ['rgb', 127.5, 128]] as const) {
      const want = new Float32Array(3 * 32).fill((0 - mean) / std);
      for (let y = 0; y < 3; y++) {
        for (let x = 0; x < 5; x++) {
          for (let c = 0; c < 3; c++) want[c * 32 + y * 8 + x] = (image.data[(y * 5 + x) * 3 + (order === 'rgb' ? c : 2 - c)] - mean) / std;
        }
      }
      expect(canvasTensor(canvas, order, mean, std)).toEqual(want);
      expect(canvasTensor(canvas, order, mean, std, new Float32Array(3 * 32).fill(99))).toEqual(want);
    }
  });
});

describe.skipIf(!HAVE_SHARED)('detection', () => {
  async function score(detector: VisionEngine) {
    const truth = detectionGroundTruth();
    truth.set('dogs.jpg', []);
    let found = 0, falseBoxes = 0, total = 0;
    for (const [file, faces] of truth) {
      const image = await detector.decode(await readFile(join(FACES_DIR, 'detection', file)));
      const detections = await detector.detect(image);
      total += faces.length;
      const used = new Set<number>();
      for (const d of detections) {
        const match = faces.findIndex((f, i) => !used.has(i) && iou(f.box, d.box) >= 0.4);
        if (match >= 0) used.add(match);
        else falseBoxes++;
      }
      found += used.size;
    }
    return { found, total, falseBoxes };
  }

  it('default detector (YuNet) finds >= 24/25 labelled faces with at most 2 false boxes', async () => {
    const r = await score(engine);
    console.log('yunet detection', r);
    expect(r.total).toBe(25);
    expect(r.found).toBeGreaterThanOrEqual(24);
    expect(r.falseBoxes).toBeLessThanOrEqual(2);
  });

  it('SCRFD (through MODELS_PATH) meets the same bar', async () => {
    const scrfd = await VisionEngine.create({ detector: 'scrfd_500m', embedders: ['fr_feature'], modelsPath: SHARED_MODELS_DIR });
    try {
      const r = await score(scrfd);
      console.log('scrfd detection', r);
      expect(r.found).toBeGreaterThanOrEqual(24);
      expect(r.falseBoxes).toBeLessThanOrEqual(2);
    } finally {
      await scrfd.close();
    }
  });

  it('finds faces in a 160x90 sprite tile and in a 4K frame, with keypoints inside the box', async () => {
    const photo = people().find((p) => p.identity === 'celeb-person01')!.files[0];
    const { image, faces } = await engine.analyzeImage(await readFile(photo));
    const face = centralFace(faces, image)!;
    const cropSide = Math.round(face.box.width * 2.2);
    const crop = await sharp(await readFile(photo))
      .rotate()
      .extract({
        left: Math.max(0, Math.round(face.box.x + face.box.width / 2 - cropSide / 2)),
        top: Math.max(0, Math.round(face.box.y + face.box.height / 2 - cropSide / 2)),
        width: Math.min(cropSide, image.width - Math.max(0, Math.round(face.box.x + face.box.width / 2 - cropSide / 2))),
        height: Math.min(cropSide, image.height - Math.max(0, Math.round(face.box.y + face.box.height / 2 - cropSide / 2))),
      })
      .toBuffer();
    // A tile with a ~30 px face, JPEG like a Stash sprite.
    const tileFace = await sharp(crop).resize(60, 60).toBuffer();
    const tile = await sharp({ create: { width: 160, height: 90, channels: 3, background: '#405060' } })
      .composite([{ input: tileFace, left: 70, top: 15 }])
      .jpeg({ quality: 75 })
      .toBuffer();
    const tileFaces = (await engine.analyzeImage(tile)).faces;
    expect(tileFaces.length).toBe(1);
    expect(tileFaces[0].box.x).toBeGreaterThan(60);
    // A 4K frame with a ~200 px face.
    const frameFace = await sharp(crop).resize(440, 440).toBuffer();
    const frame = await sharp({ create: { width: 3840, height: 2160, channels: 3, background: '#203040' } })
      .composite([{ input: frameFace, left: 2500, top: 900 }])
      .jpeg()
      .toBuffer();
    const frameFaces = (await engine.analyzeImage(frame)).faces;
    expect(frameFaces.length).toBe(1);
    const f = frameFaces[0];
    expect(f.box.x).toBeGreaterThan(2450);
    for (const p of f.keypoints) {
      expect(p.x).toBeGreaterThan(f.box.x);
      expect(p.x).toBeLessThan(f.box.x + f.box.width);
    }
    // Eyes left to right in the image, as both templates expect.
    expect(f.keypoints[0].x).toBeLessThan(f.keypoints[1].x);
  });
});

describe.skipIf(!HAVE_SHARED)('embedding', () => {
  it('gives unit vectors, the same alone and in a batch of concurrent callers', async () => {
    const files = people().slice(0, 8).map((p) => p.files[0]);
    const images = await Promise.all(files.map(async (f) => engine.decode(await readFile(f))));
    const detections = await Promise.all(images.map(async (img) => (await engine.detect(img))[0]));
    const alone: Array<Record<string, Float32Array>> = [];
    for (let i = 0; i < images.length; i++) alone.push((await engine.embed(images[i], detections[i])).embeddings);
    const before = engine.runnerStats.fr_feature.runs;
    const together = await Promise.all(images.map((img, i) => engine.embed(img, detections[i])));
    const runs = engine.runnerStats.fr_feature.runs - before;
    expect(runs).toBeLessThan(images.length); // concurrent faces shared ONNX runs
    for (let i = 0; i < images.length; i++) {
      for (const model of ['fr_feature', 'dlib_resnet']) {
        const a = alone[i][model], b = together[i].embeddings[model];
        expect(Math.hypot(...a)).toBeCloseTo(1, 5);
        expect(cosine(a, b)).toBeGreaterThan(0.99999);
      }
    }
  });

  it('separates people on ../shared/faces/people: d-prime, TAR at FAR 1e-3, leave-one-out rank-1 >= 154/156', async () => {
    const photos = people().flatMap((p) => p.files.map((file) => ({ identity: p.identity, file })));
    const { faces, missed } = await analyseLabelled(engine, photos);
    expect(missed).toEqual([]);
    expect(faces.length).toBe(156);
    const models = ['fr_feature', 'dlib_resnet'];
    const fused = (a: Record<string, Float32Array>, b: Record<string, Float32Array>) =>
      logLikelihoodRatio(calibration, 'full', Object.fromEntries(models.map((m) => [m, cosine(a[m], b[m])])));
    const scorers: Record<string, (a: Record<string, Float32Array>, b: Record<string, Float32Array>) => number> = {
      fr_feature: (a, b) => cosine(a.fr_feature, b.fr_feature),
      dlib_resnet: (a, b) => cosine(a.dlib_resnet, b.dlib_resnet),
      fused,
    };
    const report: Record<string, { dprime: number; tar: number; rank1: number }> = {};
    for (const [name, scoreOf] of Object.entries(scorers)) {
      const genuine: number[] = [], impostor: number[] = [];
      for (let i = 0; i < faces.length; i++) {
        for (let j = i + 1; j < faces.length; j++) {
          (faces[i].identity === faces[j].identity ? genuine : impostor).push(scoreOf(faces[i].face.embeddings, faces[j].face.embeddings));
        }
      }
      // Leave-one-out: each photo against every identity's mean template of its other photos.
      let rank1 = 0;
      const identities = [...new Set(faces.map((f) => f.identity))];
      for (const probe of faces) {
        let best = '', bestScore = -Infinity;
        for (const identity of identities) {
          const refs = faces.filter((f) => f.identity === identity && f !== probe).map((f) => f.face.embeddings);
          if (refs.length === 0) continue;
          const s = scoreOf(probe.face.embeddings, meanEmbeddings(refs));
          if (s > bestScore) [best, bestScore] = [identity, s];
        }
        if (best === probe.identity) rank1++;
      }
      report[name] = { dprime: +dPrime(genuine, impostor).toFixed(2), tar: +tarAtFar(genuine, impostor, 1e-3).toFixed(4), rank1 };
    }
    console.log('people set', JSON.stringify(report));
    expect(report.fused.rank1).toBeGreaterThanOrEqual(154);
    expect(report.fused.tar).toBeGreaterThanOrEqual(Math.max(report.fr_feature.tar, report.dlib_resnet.tar) - 0.005);
    expect(report.fr_feature.dprime).toBeGreaterThan(5);
  });
});
