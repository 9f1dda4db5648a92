/** Plain geometry for faces: boxes, keypoints, similarity transforms, bilinear warps, NMS. No models here. */

export interface Point {
  x: number;
  y: number;
}

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** 2x3 affine matrix [a, b, c, d, e, f]: x' = a*x + b*y + c, y' = d*x + e*y + f. */
export type Affine = [number, number, number, number, number, number];

/**
 * Least-squares similarity transform (rotation, uniform scale, translation) taking `from` onto `to`,
 * the same fit as skimage's SimilarityTransform / OpenCV's estimateAffinePartial2D without RANSAC.
 */
export function estimateSimilarity(from: readonly Point[], to: readonly Point[]): Affine {
  if (from.length !== to.length || from.length < 2) throw new Error('need at least two matching points');
  const n = from.length;
  let fx = 0, fy = 0, tx = 0, ty = 0;
  for (let i = 0; i < n; i++) {
    fx += from[i].x; fy += from[i].y; tx += to[i].x; ty += to[i].y;
  }
  fx /= n; fy /= n; tx /= n; ty /= n;
  let dot = 0, cross = 0, norm = 0;
  for (let i = 0; i < n; i++) {
    const xc = from[i].x - fx, yc = from[i].y - fy;
    const uc = to[i].x - tx, vc = to[i].y - ty;
    dot += xc * uc + yc * vc;
    cross += xc * vc - yc * uc;
    norm += xc * xc + yc * yc;
  }
  if (norm === 0) throw new Error('degenerate keypoints');
  const a = dot / norm;
  const b = cross / norm;
  return [a, -b, tx - a * fx + b * fy, b, a, ty - b * fx - a * fy];
}

export function invertAffine(m: Affine): Affine {
  const [a, b, c, d, e, f] = m;
  const det = a * e - b * d;
  if (det === 0) throw new Error('singular transform');
  const ia = e / det, ib = -b / det, id = -d / det, ie = a / det;
  return [ia, ib, -(ia * c + ib * f), id, ie, -(id * c + ie * f)];
}

export function applyAffine(m: Affine, p: Point): Point {
  return { x: m[0] * p.x + m[1] * p.y + m[2], y: m[3] * p.x + m[4] * p.y + m[5] };
}

/**
 * Warps an interleaved RGB uint8 image into a `size`x`size` chip with the transform image -> chip
 * (bilinear, black outside the image, OpenCV's pixel-centre convention). Output: float RGB, HWC, 0..255.
 */
export function warpToChip(
  pixels: Uint8Array,
  width: number,
  height: number,
  imageToChip: Affine,
  outWidth: number,
  outHeight: number,
): Float32Array {
  const inv = invertAffine(imageToChip);
  const out = new Float32Array(outWidth * outHeight * 3);
  const stride = width * 3;
  for (let v = 0; v < outHeight; v++) {
    let sx = inv[1] * v + inv[2];
    let sy = inv[4] * v + inv[5];
    // Along a row the source point moves on a line: the chip pixels whose four neighbours all lie inside the image
    // form one run [inside0, inside1), found once per row. It takes a loop without bounds checks; the pixels before
    // and after it (a chip reaching past the frame's edge) the checked one. The run keeps a pixel to spare on each
    // side, so rounding in the stepped sx, sy never puts a neighbour outside. Same arithmetic in both: same floats.
    const [inside0, inside1] = insideRun(sx, inv[0], width - 1, sy, inv[3], height - 1, outWidth);
    let o = v * outWidth * 3;
    for (let u = 0; u < outWidth; u++, sx += inv[0], sy += inv[3], o += 3) {
      if (u === inside0) {
        for (; u < inside1; u++, sx += inv[0], sy += inv[3], o += 3) {
          const x0 = Math.floor(sx), y0 = Math.floor(sy);
          const ax = sx - x0, ay = sy - y0;
          const i00 = y0 * stride + x0 * 3, i01 = i00 + stride;
          for (let ch = 0; ch < 3; ch++) {
            const p00 = pixels[i00 + ch], p10 = pixels[i00 + 3 + ch];
            const p01 = pixels[i01 + ch], p11 = pixels[i01 + 3 + ch];
            out[o + ch] = (p00 * (1 - ax) + p10 * ax) * (1 - ay) + (p01 * (1 - ax) + p11 * ax) * ay;
          }
        }
        if (u === outWidth) break;
      }
      const x0 = Math.floor(sx), y0 = Math.floor(sy);
      const ax = sx - x0, ay = sy - y0;
      for (let ch = 0; ch < 3; ch++) {
        const p00 = sample(pixels, width, height, stride, x0, y0, ch);
        const p10 = sample(pixels, width, height, stride, x0 + 1, y0, ch);
        const p01 = sample(pixels, width, height, stride, x0, y0 + 1, ch);
        const p11 = sample(pixels, width, height, stride, x0 + 1, y0 + 1, ch);
        out[o + ch] = (p00 * (1 - ax) + p10 * ax) * (1 - ay) + (p01 * (1 - ax) + p11 * ax) * ay;
      }
    }
  }
  return out;
}

/**
 * The run of u in [0, n) with x0 + u*dx in [1, xMax - 1) and y0 + u*dy in [1, yMax - 1): there floor(x) and
 * floor(x) + 1 (likewise y) are both inside [0, xMax], with a pixel to spare for rounding. Empty as [0, 0).
 */
function insideRun(x0: number, dx: number, xMax: number, y0: number, dy: number, yMax: number, n: number): [number, number] {
  let lo = 0, hi = n;
  for (const [p0, dp, max] of [[x0, dx, xMax], [y0, dy, yMax]]) {
    // 1 <= p0 + u*dp < max - 1
    if (dp === 0) {
      if (!(p0 >= 1 && p0 < max - 1)) return [0, 0];
      continue;
    }
    const a = (1 - p0) / dp, b = (max - 1 - p0) / dp;
    const from = Math.min(a, b), to = Math.max(a, b);
    lo = Math.max(lo, Math.ceil(from));
    hi = Math.min(hi, Math.floor(to));
  }
  return lo < hi ? [lo, hi] : [0, 0];
}

function sample(px: Uint8Array, w: number, h: number, stride: number, x: number, y: number, ch: number): number {
  if (x < 0 || y < 0 || x >= w || y >= h) return 0;
  return px[y * stride + x * 3 + ch];
}

export function iou(a: Box, b: Box): number {
  const x0 = Math.max(a.x, b.x), y0 = Math.max(a.y, b.y);
  const x1 = Math.min(a.x + a.width, b.x + b.width), y1 = Math.min(a.y + a.height, b.y + b.height);
  const inter = Math.max(0, x1 - x0) * Math.max(0, y1 - y0);
  const union = a.width * a.height + b.width * b.height - inter;
  return union > 0 ? inter / union : 0;
}

/** Greedy non-maximum suppression: keeps the best-scoring box of every overlapping group. */
export function nms<T extends { box: Box; score: number }>(items: T[], iouThreshold: number): T[] {
  const sorted = [...items].sort((p, q) => q.score - p.score);
  const kept: T[] = [];
  for (const item of sorted) {
    if (kept.every((k) => iou(k.box, item.box) <= iouThreshold)) kept.push(item);
  }
  return kept;
}

export function distance(p: Point, q: Point): number {
  return Math.hypot(p.x - q.x, p.y - q.y);
}
