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

/** Planar float tensor [3, H, W] from the canvas, with the given channel order and normalisation. */
export function canvasTensor(
  canvas: DetectorCanvas,
  order: 'rgb' | 'bgr',
  mean: number,
  std: number,
): Float32Array {
  const { width: W, height: H } = canvas;
  const { data, width: w, height: h } = canvas.image;
  const plane = W * H;
  const out = new Float32Array(3 * plane).fill((0 - mean) / std);
  const map = order === 'rgb' ? [0, 1, 2] : [2, 1, 0];
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const src = (y * w + x) * 3;
      const dst = y * W + x;
      out[dst] = (data[src + map[0]] - mean) / std;
      out[plane + dst] = (data[src + map[1]] - mean) / std;
      out[2 * plane + dst] = (data[src + map[2]] - mean) / std;
    }
  }
  return out;
}

/** A face detector family: how to make its input and read its outputs. */
export interface DetectorDecoder {
  readonly defaultMinScore: number;
  tensor(canvas: DetectorCanvas): Float32Array;
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
