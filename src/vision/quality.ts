import type { Detection } from './detectors/detection.js';
import { distance } from './geometry.js';

/** How useful a face is for recognition; used to choose a person's best face and to filter reference photos. */
export interface FaceQuality {
  /** Face width in pixels of the source image (the detector's box). Recognition falls off below ~24 px. */
  size: number;
  /** Detector confidence. */
  score: number;
  /** 1 = nose centred between the eyes (frontal), 0 = profile. */
  frontal: number;
  /** Variance of the Laplacian of the aligned grey chip: higher is sharper (blur and upscaled tiny faces are low). */
  sharpness: number;
}

export function frontalness(keypoints: Detection['keypoints']): number {
  const [le, re, nose] = keypoints;
  const eyeDistance = distance(le, re);
  if (eyeDistance <= 0) return 0;
  const mid = { x: (le.x + re.x) / 2, y: (le.y + re.y) / 2 };
  // Offset of the nose from the eye midline, along the eye axis, relative to the eye distance.
  const ax = (re.x - le.x) / eyeDistance, ay = (re.y - le.y) / eyeDistance;
  const offset = Math.abs((nose.x - mid.x) * ax + (nose.y - mid.y) * ay) / eyeDistance;
  return Math.max(0, 1 - 2 * offset);
}

/** Laplacian variance of an RGB float chip (HWC), computed on its luma. */
export function sharpness(rgb: Float32Array, size: number): number {
  const grey = new Float32Array(size * size);
  for (let i = 0; i < grey.length; i++) grey[i] = 0.299 * rgb[i * 3] + 0.587 * rgb[i * 3 + 1] + 0.114 * rgb[i * 3 + 2];
  let sum = 0, sumSq = 0, n = 0;
  for (let y = 1; y < size - 1; y++) {
    for (let x = 1; x < size - 1; x++) {
      const i = y * size + x;
      const lap = grey[i - 1] + grey[i + 1] + grey[i - size] + grey[i + size] - 4 * grey[i];
      sum += lap;
      sumSq += lap * lap;
      n++;
    }
  }
  const mean = sum / n;
  return sumSq / n - mean * mean;
}

/** One number to rank faces of the same person: size matters most, then frontal pose, sharpness, score. */
export function qualityRank(q: FaceQuality): number {
  return Math.min(q.size, 160) / 160 + 0.5 * q.frontal + 0.25 * Math.min(1, q.sharpness / 500) + 0.25 * q.score;
}
