import type { Box, Point } from '../geometry.js';
import { resizeRgb, type RgbImage } from '../decode.js';
import type { ModelRunner, RunOutput } from '../runtime/model-runner.js';

/** One face found by a detector, in the coordinates of the image it was given. */
export interface Detection {
  box: Box;
  score: number;
  /** Five points: the two eyes (image left first), nose tip, the two mouth corners (image left first). */
  keypoints: Point[];
}

export interface DetectOptions {
  /** Faces scoring below this are dropped. */
  minScore?: number;
  /** Long side of the detector input in pixels; the image is scaled (up or down) to it. */
  inputSize?: number;
}

/** The detector input: the image scaled so its long side is `inputSize`, padded right/bottom to multiples of 32. */
export interface DetectorCanvas {
  /** Scaled RGB pixels, not padded. */
  image: RgbImage;
  width: number;
  height: number;
  /** Original pixels per canvas pixel. */
  scale: number;
}

export async function makeCanvas(image: RgbImage, inputSize: number): Promise<DetectorCanvas> {
  const factor = inputSize / Math.max(image.width, image.height);
  const w = Math.max(1, Math.round(image.width * factor));
  const h = Math.max(1, Math.round(image.height * factor));
  const scaled = await resizeRgb(image, w, h);
  return { image: scaled, width: Math.ceil(w / 32) * 32, height: Math.ceil(h / 32) * 32, scale: image.width / w };
}

/**
 * Planar float tensor [3, H, W] from the canvas, with the given channel order and normalisation, written into
 * `reuse` when given (an earlier tensor of this size that nobody reads any more), else into a new array. A byte has
 * 256 values: each one's (v - mean) / std is worked out once into a table (the same float32s the arithmetic gives),
 * so the loop over a 640x640 canvas only looks values up.
 */
export function canvasTensor(
  canvas: DetectorCanvas,
  order: 'rgb' | 'bgr',
  mean: number,
  std: number,
  reuse?: Float32Array,
): Float32Array {
  const { width: W, height: H } = canvas;
  const { data, width: w, height: h } = canvas.image;
  const plane = W * H;
  const lut = normalisationTable(mean, std);
  const out = reuse?.length === 3 * plane ? reuse : new Float32Array(3 * plane);
  const [c0, c1, c2] = order === 'rgb' ? [0, 1, 2] : [2, 1, 0];
  // The padding is black: a new array is zeros already (touching it would only cost page faults).
  const black = lut[0];
  const pad = black !== 0 || out === reuse;
  for (let y = 0; y < H; y++) {
    const row = y * W;
    if (y >= h) {
      if (pad) for (let c = 0; c < 3; c++) out.fill(black, c * plane + row, c * plane + row + W);
      continue;
    }
    let src = y * w * 3;
    const end = row + w;
    for (let dst = row; dst < end; dst++, src += 3) {
      out[dst] = lut[data[src + c0]];
      out[plane + dst] = lut[data[src + c1]];
      out[2 * plane + dst] = lut[data[src + c2]];
    }
    if (pad && w < W) for (let c = 0; c < 3; c++) out.fill(black, c * plane + end, c * plane + row + W);
  }
  return out;
}

const tables = new Map<string, Float32Array>();

/** (v - mean) / std for every byte value v, per normalisation (a detector has one). */
function normalisationTable(mean: number, std: number): Float32Array {
  const key = `${mean}/${std}`;
  let table = tables.get(key);
  if (!table) {
    table = new Float32Array(256);
    for (let v = 0; v < 256; v++) table[v] = (v - mean) / std;
    tables.set(key, table);
  }
  return table;
}

/** A face detector family: how to make its input and read its outputs. */
export interface DetectorDecoder {
  readonly defaultMinScore: number;
  /** The detector input; `reuse`, when given and of the right size, is overwritten instead of a new array. */
  tensor(canvas: DetectorCanvas, reuse?: Float32Array): Float32Array;
  decode(out: RunOutput, canvas: DetectorCanvas, minScore: number): Detection[];
}

/** Maps canvas coordinates back to the original image. */
export function toImageCoordinates(d: Detection, scale: number): Detection {
  return {
    score: d.score,
    box: { x: d.box.x * scale, y: d.box.y * scale, width: d.box.width * scale, height: d.box.height * scale },
    keypoints: d.keypoints.map((p) => ({ x: p.x * scale, y: p.y * scale })),
  };
}

export type { ModelRunner };
