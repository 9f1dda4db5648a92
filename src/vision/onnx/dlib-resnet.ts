/**
 * dlib's 128-d ResNet face descriptor (face-api.js `FaceRecognitionNet`),
 * rebuilt as an ONNX graph in memory from the TF.js weights that
 * `@vladmandic/face-api` ships (`model/face_recognition_model.*`).
 *
 * Structure (face-api src/faceRecognitionNet/*.ts), NHWC in TF.js, NCHW here:
 *
 *   x = (input - [122.782, 117.001, 104.298]) / 256          150x150x3  (see INPUT_DIVISOR)
 *   convDown 7x7/2 valid, 32  -> relu                          72x72
 *   maxPool 3x3/2 valid                                        35x35
 *   residual x3 (32)                                           35x35
 *   residualDown (64)  + residual x3                           17x17
 *   residualDown (128) + residual x2                           8x8
 *   residualDown (256) + residual x2                           4x4 (conv 3x3, zero-padded to 4x4)
 *   residualDown (256, "conv256_down_out")                     2x2 (conv 1x1, zero-padded to 2x2)
 *   mean over H,W -> matMul fc [256,128]                       128
 *
 * Every "conv layer" is conv(+bias) -> scale (x*w + b, per channel) -> [relu].
 * The scale layer is folded into the conv weights and bias here, so each conv
 * layer is a single ONNX Conv with bias.
 *
 *   residual(x)     = relu(conv2(relu(conv1(x))) + x)               (3x3 same convs)
 *   residualDown(x) = relu(pad(conv2(relu(conv1_s2_valid(x)))) + padC(avgPool2x2/2(x)))
 *
 * where pad() zero-extends H and W by one at the end when the strided conv's
 * output is smaller than the pooled shortcut, and padC() zero-extends the
 * shortcut's channels when the block doubles them.
 *
 * I/O contract: input `input` float32 [N,150,150,3] NHWC RGB 0..255;
 * output `descriptor` float32 [N,128], not L2-normalised (face-api's raw output).
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';

import { GraphBuilder } from './writer.js';
import { sha256Hex } from '../../util/sha256.js';

/** The two files of face-api's recognition model, relative to its `model/` folder. */
export const DLIB_WEIGHTS_FILES = ['face_recognition_model-weights_manifest.json', 'face_recognition_model.bin'] as const;

const MANIFEST_FILE = DLIB_WEIGHTS_FILES[0];
const BIN_FILE = DLIB_WEIGHTS_FILES[1];

/** Per-channel input mean (RGB), as in dlib's input_rgb_image and face-api's FaceRecognitionNet. */
const MEAN_RGB = [122.782, 117.001, 104.298];
/**
 * Input divisor. dlib (input_rgb_image: `(p - avg) / 256.0`) and the original
 * face-api.js divide by 256; @vladmandic/face-api 1.7.x divides by 255, which
 * moves descriptor values by up to ~2e-4. We follow dlib, which is what the
 * weights were trained with and what the project's reference rebuild uses.
 */
const INPUT_DIVISOR = 256;
const INPUT_SIZE = 150;

/** `model/` folder of the installed @vladmandic/face-api package. */
export function defaultDlibWeightsDir(): string {
  const pkgJson = createRequire(import.meta.url).resolve('@vladmandic/face-api/package.json');
  return path.join(path.dirname(pkgJson), 'model');
}

/** sha256 (hex) of the weights .bin, for pinning. */
export async function dlibWeightsSha256(weightsDir: string = defaultDlibWeightsDir()): Promise<string> {
  const bin = await readFile(path.join(weightsDir, BIN_FILE));
  return sha256Hex(bin);
}

// ---------------------------------------------------------------------------
// TF.js weights loading
// ---------------------------------------------------------------------------

interface ManifestWeight {
  name: string;
  shape: number[];
  dtype: string;
  quantization?: { dtype: string; scale?: number; min?: number };
}
interface ManifestGroup {
  paths: string[];
  weights: ManifestWeight[];
}
interface Tensor {
  shape: number[];
  data: Float32Array;
}

/** Read a TF.js weights manifest + shards and return dequantised float32 tensors by name. */
async function loadTfjsWeights(weightsDir: string): Promise<Map<string, Tensor>> {
  const manifest = JSON.parse(await readFile(path.join(weightsDir, MANIFEST_FILE), 'utf8')) as ManifestGroup[];
  const out = new Map<string, Tensor>();
  for (const group of manifest) {
    const shards = await Promise.all(group.paths.map((p) => readFile(path.join(weightsDir, p))));
    const buf = Buffer.concat(shards);
    let off = 0;
    for (const w of group.weights) {
      if (w.dtype !== 'float32') throw new Error(`${w.name}: unsupported dtype ${w.dtype}`);
      const n = w.shape.reduce((a, b) => a * b, 1);
      const data = new Float32Array(n);
      const q = w.quantization;
      if (q) {
        // TF.js dequantisation (tfjs-core io/io_utils decodeWeights): v * scale + min.
        const { scale = 1, min = 0 } = q;
        if (q.dtype === 'uint8') {
          for (let i = 0; i < n; i++) data[i] = buf[off + i] * scale + min;
          off += n;
        } else if (q.dtype === 'uint16') {
          for (let i = 0; i < n; i++) data[i] = buf.readUInt16LE(off + 2 * i) * scale + min;
          off += 2 * n;
        } else {
          throw new Error(`${w.name}: unsupported quantization ${q.dtype}`);
        }
      } else {
        // Unquantised float32; the offset may be unaligned, so read through the Buffer.
        for (let i = 0; i < n; i++) data[i] = buf.readFloatLE(off + 4 * i);
        off += 4 * n;
      }
      out.set(w.name, { shape: w.shape, data });
    }
    if (off !== buf.length) throw new Error(`weights manifest covers ${off} bytes, shards hold ${buf.length}`);
  }
  return out;
}

// ---------------------------------------------------------------------------
// Graph construction
// ---------------------------------------------------------------------------

class DlibGraph {
  readonly g = new GraphBuilder('dlib_resnet_face_descriptor');
  private n = 0;

  constructor(private readonly weights: Map<string, Tensor>) {}

  private w(name: string): Tensor {
    const t = this.weights.get(name);
    if (!t) throw new Error(`missing weight ${name}`);
    return t;
  }

  private tmp(prefix: string): string {
    return `${prefix}_${this.n++}`;
  }

  /**
   * One face-api "conv layer" (conv + bias, per-channel scale, optional relu)
   * as a single Conv: W'[o] = W[o]*s[o], b'[o] = bias[o]*s[o] + b[o].
   * `inputAffine` optionally folds a preceding per-input-channel affine x*a + c
   * (used for the input normalisation; only exact with no zero padding).
   */
  conv(
    x: string,
    prefix: string,
    opts: { stride: 1 | 2; pad: number; relu: boolean; inputAffine?: { a: number[]; c: number[] } },
  ): string {
    const filt = this.w(`${prefix}/conv/filters`); // HWIO
    const bias = this.w(`${prefix}/conv/bias`).data;
    const sw = this.w(`${prefix}/scale/weights`).data;
    const sb = this.w(`${prefix}/scale/biases`).data;
    const [kh, kw, ci, co] = filt.shape;

    const W = new Float32Array(co * ci * kh * kw); // OIHW
    const B = new Float32Array(co);
    for (let o = 0; o < co; o++) {
      const s = sw[o];
      let b = bias[o];
      for (let i = 0; i < ci; i++) {
        const a = opts.inputAffine ? opts.inputAffine.a[i] : 1;
        const c = opts.inputAffine ? opts.inputAffine.c[i] : 0;
        for (let y = 0; y < kh; y++) {
          for (let xx = 0; xx < kw; xx++) {
            const v = filt.data[((y * kw + xx) * ci + i) * co + o];
            W[((o * ci + i) * kh + y) * kw + xx] = v * a * s;
            b += v * c;
          }
        }
      }
      B[o] = b * s + sb[o];
    }

    const base = prefix.replaceAll('/', '_');
    this.g.addInitializer(`${base}_W`, [co, ci, kh, kw], W);
    this.g.addInitializer(`${base}_B`, [co], B);
    const y = this.g.addNode('Conv', [x, `${base}_W`, `${base}_B`], [this.tmp(`${base}_conv`)], {
      kernel_shape: [kh, kw],
      strides: [opts.stride, opts.stride],
      pads: [opts.pad, opts.pad, opts.pad, opts.pad],
    });
    return opts.relu ? this.g.addNode('Relu', [y], [this.tmp(`${base}_relu`)]) : y;
  }

  /** relu(conv2(relu(conv1(x))) + x), 3x3 "same" convs. */
  residual(x: string, prefix: string): string {
    let out = this.conv(x, `${prefix}/conv1`, { stride: 1, pad: 1, relu: true });
    out = this.conv(out, `${prefix}/conv2`, { stride: 1, pad: 1, relu: false });
    out = this.g.addNode('Add', [out, x], [this.tmp(`${prefix}_add`)]);
    return this.g.addNode('Relu', [out], [this.tmp(`${prefix}_out`)]);
  }

  /**
   * Strided residual block. `inC`/`inHW` describe x; returns the output name,
   * spatial size and channel count. Mirrors face-api's residualDown, including the zero padding of
   * the conv branch (spatial) and of the shortcut (channels).
   */
  residualDown(x: string, prefix: string, inC: number, inHW: number): { out: string; hw: number; channels: number } {
    const outC = this.w(`${prefix}/conv1/conv/filters`).shape[3];
    let out = this.conv(x, `${prefix}/conv1`, { stride: 2, pad: 0, relu: true });
    out = this.conv(out, `${prefix}/conv2`, { stride: 1, pad: 1, relu: false });
    const convHW = Math.floor((inHW - 3) / 2) + 1;
    const poolHW = Math.floor((inHW - 2) / 2) + 1;

    let pooled = this.g.addNode('AveragePool', [x], [this.tmp(`${prefix}_pool`)], {
      kernel_shape: [2, 2],
      strides: [2, 2],
    });
    if (poolHW !== convHW) {
      if (poolHW !== convHW + 1) throw new Error(`${prefix}: unexpected sizes ${convHW} vs ${poolHW}`);
      // face-api concatenates one row and one column of zeros at the end of H and W.
      const pads = this.g.addInt64Initializer(`${prefix.replaceAll('/', '_')}_hwpad`, [0, 0, 0, 0, 0, 0, 1, 1]);
      out = this.g.addNode('Pad', [out, pads], [this.tmp(`${prefix}_hwpadded`)], { mode: 'constant' });
    }
    if (outC !== inC) {
      // face-api concatenates zero channels after the pooled shortcut.
      const pads = this.g.addInt64Initializer(`${prefix.replaceAll('/', '_')}_cpad`, [0, 0, 0, 0, 0, outC - inC, 0, 0]);
      pooled = this.g.addNode('Pad', [pooled, pads], [this.tmp(`${prefix}_cpadded`)], { mode: 'constant' });
    }
    out = this.g.addNode('Add', [pooled, out], [this.tmp(`${prefix}_add`)]);
    return { out: this.g.addNode('Relu', [out], [this.tmp(`${prefix}_out`)]), hw: poolHW, channels: outC };
  }
}

/**
 * Build the ONNX model bytes. Input `input` [N,150,150,3] float32 NHWC RGB
 * 0..255 (normalisation is inside the graph); output `descriptor` [N,128].
 */
export async function buildDlibResnetOnnx(weightsDir: string = defaultDlibWeightsDir()): Promise<Uint8Array> {
  const weights = await loadTfjsWeights(weightsDir);
  const d = new DlibGraph(weights);
  const g = d.g;

  g.addInput('input', 'float32', ['N', INPUT_SIZE, INPUT_SIZE, 3]);
  let x = g.addNode('Transpose', ['input'], ['input_nchw'], { perm: [0, 3, 1, 2] });

  // (x - mean) / 256 is folded into the first conv: it has no padding, so
  // W*(x-m)/256 = (W/256)*x - sum(W*m)/256 exactly (up to rounding).
  x = d.conv(x, 'conv32_down', {
    stride: 2,
    pad: 0,
    relu: true,
    inputAffine: { a: [1, 1, 1].map(() => 1 / INPUT_DIVISOR), c: MEAN_RGB.map((m) => -m / INPUT_DIVISOR) },
  });
  let hw = Math.floor((INPUT_SIZE - 7) / 2) + 1; // 72
  x = g.addNode('MaxPool', [x], ['pool0'], { kernel_shape: [3, 3], strides: [2, 2] });
  hw = Math.floor((hw - 3) / 2) + 1; // 35

  let c = 32;
  const blocks = [
    'conv32_1', 'conv32_2', 'conv32_3',
    'conv64_down', 'conv64_1', 'conv64_2', 'conv64_3',
    'conv128_down', 'conv128_1', 'conv128_2',
    'conv256_down', 'conv256_1', 'conv256_2', 'conv256_down_out',
  ];
  for (const name of blocks) {
    if (name.includes('_down')) {
      const r = d.residualDown(x, name, c, hw);
      x = r.out;
      hw = r.hw;
      c = r.channels;
    } else {
      x = d.residual(x, name);
    }
  }
  if (hw !== 2 || c !== 256) throw new Error(`unexpected final feature map ${c}x${hw}x${hw}`);

  x = g.addNode('ReduceMean', [x], ['avg'], { axes: [2, 3], keepdims: 0 });
  const fc = weights.get('fc');
  if (!fc || fc.shape[0] !== 256 || fc.shape[1] !== 128) throw new Error('fc weight must be [256,128]');
  g.addInitializer('fc', [256, 128], fc.data);
  g.addNode('MatMul', [x, 'fc'], ['descriptor']);
  g.addOutput('descriptor', 'float32', ['N', 128]);

  return g.toBytes({
    irVersion: 8,
    opset: 13,
    producerName: 'stash-face',
    docString: 'dlib ResNet face descriptor rebuilt from @vladmandic/face-api face_recognition_model',
  });
}
