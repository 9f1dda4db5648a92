import type { EmbedderSpec } from '../runtime/catalog.js';
import type { RgbImage } from '../decode.js';
import { estimateSimilarity, warpToChip, type Affine, type Point } from '../geometry.js';
import type { RunInput } from '../runtime/model-runner.js';

/** The aligned face chip for one embedder: transform image -> chip and the chip's float RGB pixels (HWC). */
export interface AlignedChip {
  transform: Affine;
  rgb: Float32Array;
  size: number;
}

/** Similarity-warps the face onto the embedder's five-point template. */
export function alignFace(image: RgbImage, keypoints: readonly Point[], spec: EmbedderSpec): AlignedChip {
  const template = spec.template.map(([x, y]) => ({ x, y }));
  const transform = estimateSimilarity(keypoints, template);
  const rgb = warpToChip(image.data, image.width, image.height, transform, spec.chipSize, spec.chipSize);
  return { transform, rgb, size: spec.chipSize };
}

/** Turns an aligned chip into the tensor the embedder expects (see each spec's `preprocessing`). */
export function chipTensor(chip: AlignedChip, spec: EmbedderSpec): RunInput {
  const n = chip.size * chip.size;
  switch (spec.family) {
    case 'arcface112': {
      // BGR planes, (x - 127) / 128: BGR scored better than RGB for this model (RECOGNITION.md).
      const out = new Float32Array(3 * n);
      for (let i = 0; i < n; i++) {
        out[i] = (chip.rgb[i * 3 + 2] - 127) / 128;
        out[n + i] = (chip.rgb[i * 3 + 1] - 127) / 128;
        out[2 * n + i] = (chip.rgb[i * 3] - 127) / 128;
      }
      return { data: out, dims: [3, chip.size, chip.size] };
    }
    case 'dlib150':
      // NHWC RGB 0..255; the mean subtraction and scaling are inside the rebuilt graph.
      return { data: chip.rgb, dims: [chip.size, chip.size, 3] };
  }
}
