import { AppError } from '../errors.js';
import { DEFAULT_DETECTOR, DEFAULT_EMBEDDERS, type DetectorSpec, type EmbedderSpec, type ModelSpec } from './runtime/catalog.js';
import { decodeImage, DEFAULT_MAX_PIXELS, resizeRgb, type RgbImage } from './decode.js';
import {
  makeCanvas,
  toImageCoordinates,
  type DetectOptions,
  type Detection,
  type DetectorDecoder,
} from './detectors/detection.js';
import { scrfdDecoder } from './detectors/scrfd.js';
import { yunetDecoder } from './detectors/yunet.js';
import { alignFace, chipTensor } from './embedders/chip.js';
import { l2normalize } from './vectors.js';
import { nms, type Box, type Point } from './geometry.js';
import { loadModel } from './runtime/model-store.js';
import { ModelRunner, type RunnerStats } from './runtime/model-runner.js';
import type { VisionProfile } from './profile.js';
import { frontalness, sharpness, type FaceQuality } from './quality.js';
import { createRuntimeSession, DEFAULT_ONNX_THREADS, type ProviderPreference } from './runtime/session.js';

export interface VisionConfig {
  /** Folder with optional models (SCRFD, downloads); the defaults need none. */
  modelsPath?: string;
  detector: string;
  embedders: readonly string[];
  providers: ProviderPreference;
  /** ONNX runs per model in flight at once. */
  workers: number;
  /** Intra-op threads per ONNX session. */
  threads: number;
  maxBatchSize: number;
  batchWindowMs: number;
  /** Long side of the detector input. */
  detectInputSize: number;
  maxPixels: number;
}

export const DEFAULT_VISION_CONFIG: VisionConfig = {
  detector: DEFAULT_DETECTOR,
  embedders: DEFAULT_EMBEDDERS,
  providers: 'auto',
  workers: 1,
  threads: DEFAULT_ONNX_THREADS,
  maxBatchSize: 32,
  batchWindowMs: 2,
  detectInputSize: 640,
  maxPixels: DEFAULT_MAX_PIXELS,
};

export interface AnalyzedFace {
  box: Box;
  score: number;
  keypoints: Point[];
  quality: FaceQuality;
  /** L2-normalised embedding per embedder id. */
  embeddings: Record<string, Float32Array>;
}

export interface LoadedModelInfo {
  id: string;
  task: ModelSpec['task'];
  sha256: string;
  dim?: number;
  provider: 'cpu' | 'cuda';
  fallbackReason?: string;
  path: string;
}

const DECODERS: Record<DetectorSpec['family'], DetectorDecoder> = { yunet: yunetDecoder, scrfd: scrfdDecoder };
const NMS_IOU = 0.3;
/** Tight face crops (the face fills the frame) give detectors no context; a margin brings them back. */
const RETRY_PAD_FRACTION = 0.3;

/**
 * The vision pipeline that the sidecar and the builder share: decode -> detect -> align -> embed.
 * Every ONNX call goes through one ModelRunner per model, so concurrent callers share batches.
 */
export class VisionEngine {
  private readonly spareTensors = new SpareTensors();

  private constructor(
    readonly config: VisionConfig,
    private readonly detectorSpec: DetectorSpec,
    private readonly detectorRunner: ModelRunner,
    readonly embedderSpecs: readonly EmbedderSpec[],
    /** Every model's runner by id, detector included. */
    private readonly runners: ReadonlyMap<string, ModelRunner>,
    private readonly modelInfo: readonly LoadedModelInfo[],
  ) {}

  static async create(overrides: Partial<VisionConfig> = {}): Promise<VisionEngine> {
    const config = { ...DEFAULT_VISION_CONFIG, ...overrides };
    const ids = [config.detector, ...config.embedders];
    const loaded = await Promise.all(ids.map((id) => loadModel(id, config.modelsPath)));
    const runners = new Map<string, ModelRunner>();
    const info: LoadedModelInfo[] = [];
    for (const model of loaded) {
      const runtime = await createRuntimeSession(model.spec.id, model.bytes, config.providers, config.threads);
      runners.set(
        model.spec.id,
        new ModelRunner(runtime, {
          maxBatchSize: config.maxBatchSize,
          batchWindowMs: config.batchWindowMs,
          concurrency: config.workers,
        }),
      );
      info.push({
        id: model.spec.id,
        task: model.spec.task,
        sha256: model.spec.sha256,
        dim: model.spec.task === 'embed' ? model.spec.dim : undefined,
        provider: runtime.provider,
        fallbackReason: runtime.fallbackReason,
        path: model.path,
      });
    }
    const detector = loaded[0].spec;
    if (detector.task !== 'detect') throw new AppError('CONFIG_INVALID', `${detector.id} is not a face detector.`);
    const embedders = loaded.slice(1).map((m) => {
      if (m.spec.task !== 'embed') throw new AppError('CONFIG_INVALID', `${m.spec.id} is not a face embedder.`);
      return m.spec;
    });
    return new VisionEngine(config, detector, runners.get(detector.id)!, embedders, runners, info);
  }

  get models(): readonly LoadedModelInfo[] {
    return this.modelInfo;
  }

  /**
   * The vision profile this engine detects and embeds photos with: its models, its detector input size and the
   * detector's own threshold, unless given (the builder's `min_score`, a database's profile).
   */
  profile(detector: { inputSize?: number; minScore?: number } = {}): VisionProfile {
    const sha = (id: string) => this.modelInfo.find((m) => m.id === id)!.sha256;
    return {
      detector: {
        id: this.detectorSpec.id,
        sha256: sha(this.detectorSpec.id),
        input_size: detector.inputSize ?? this.config.detectInputSize,
        min_score: detector.minScore ?? DECODERS[this.detectorSpec.family].defaultMinScore,
      },
      embedders: this.embedderSpecs.map((spec) => ({
        id: spec.id,
        sha256: sha(spec.id),
        dim: spec.dim,
        chip_size: spec.chipSize,
        template: spec.template.map(([x, y]): [number, number] => [x, y]),
        preprocessing: spec.preprocessing,
      })),
    };
  }

  get runnerStats(): Record<string, RunnerStats> {
    return Object.fromEntries([...this.runners].map(([id, r]) => [id, { ...r.stats }]));
  }

  decode(buffer: Uint8Array): Promise<RgbImage> {
    return decodeImage(buffer, { maxPixels: this.config.maxPixels });
  }

  /** Finds faces; a tight crop where nothing is found is tried once more with a margin around it. */
  async detect(image: RgbImage, options: DetectOptions = {}): Promise<Detection[]> {
    const found = await this.detectOnce(image, options);
    if (found.length > 0) return found;
    // The detector sees the padded image at its input size anyway: pad a copy already scaled near that size, so a
    // large face-less image costs no full-resolution padded copy (a 40 MP panorama would need hundreds of MB).
    const inputSize = options.inputSize ?? this.config.detectInputSize;
    const factor = Math.min(1, (2 * inputSize) / Math.max(image.width, image.height));
    const small = factor < 1 ? await resizeRgb(image, Math.max(1, Math.round(image.width * factor)), Math.max(1, Math.round(image.height * factor))) : image;
    const pad = Math.round(RETRY_PAD_FRACTION * Math.max(small.width, small.height));
    const padded = padImage(small, pad);
    const scale = image.width / small.width;
    return (await this.detectOnce(padded, options)).map((d) => toImageCoordinates(shift(d, -pad), scale));
  }

  private async detectOnce(image: RgbImage, options: DetectOptions): Promise<Detection[]> {
    const decoder = DECODERS[this.detectorSpec.family];
    const canvas = await makeCanvas(image, options.inputSize ?? this.config.detectInputSize);
    const data = decoder.tensor(canvas, this.spareTensors.take(3 * canvas.width * canvas.height));
    let out;
    try {
      out = await this.detectorRunner.run({ data, dims: [3, canvas.height, canvas.width] });
    } finally {
      // The run is over (onnxruntime read the input, or its batch copy): the next detection may overwrite it.
      this.spareTensors.give(data);
    }
    const minScore = options.minScore ?? decoder.defaultMinScore;
    return nms(decoder.decode(out, canvas, minScore), NMS_IOU).map((d) => toImageCoordinates(d, canvas.scale));
  }

  /** Aligns one detected face to every embedder's template and embeds it (batched with everyone else's faces). */
  async embed(image: RgbImage, detection: Detection): Promise<AnalyzedFace> {
    const embeddings: Record<string, Float32Array> = {};
    let chipSharpness = 0;
    await Promise.all(
      this.embedderSpecs.map(async (spec) => {
        const chip = alignFace(image, detection.keypoints, spec);
        if (spec.family === 'arcface112') chipSharpness = sharpness(chip.rgb, chip.size);
        const out = await this.runners.get(spec.id)!.run(chipTensor(chip, spec));
        embeddings[spec.id] = l2normalize(Object.values(out)[0].data);
      }),
    );
    return {
      box: detection.box,
      score: detection.score,
      keypoints: detection.keypoints,
      quality: {
        size: Math.max(detection.box.width, detection.box.height),
        score: detection.score,
        frontal: frontalness(detection.keypoints),
        sharpness: chipSharpness,
      },
      embeddings,
    };
  }

  /** Detects and embeds every face of a decoded image, biggest first. */
  async analyze(image: RgbImage, options: DetectOptions = {}): Promise<AnalyzedFace[]> {
    const detections = await this.detect(image, options);
    const faces = await Promise.all(detections.map((d) => this.embed(image, d)));
    return faces.sort((a, b) => b.quality.size - a.quality.size);
  }

  /** Pixels in, faces out: the one call most code needs. */
  async analyzeImage(buffer: Uint8Array, options: DetectOptions = {}): Promise<{ image: RgbImage; faces: AnalyzedFace[] }> {
    const image = await this.decode(buffer);
    return { image, faces: await this.analyze(image, options) };
  }

  async close(): Promise<void> {
    await Promise.all([...this.runners.values()].map((r) => r.dispose()));
  }
}

/**
 * Detector inputs done with, for the next detections of the same size: a 1080p frame's is 2.9 MB, a 640x640 one's
 * 4.9 MB, and a new one each time costs its page faults again (canvasTensor was a twentieth of the scene bench's
 * CPU, mostly those). At most KEEP are held (20 MB at 640x640).
 */
class SpareTensors {
  private static readonly KEEP = 4;
  private readonly spare: Float32Array[] = [];

  take(length: number): Float32Array | undefined {
    const i = this.spare.findIndex((t) => t.length === length);
    return i >= 0 ? this.spare.splice(i, 1)[0] : undefined;
  }

  give(tensor: Float32Array): void {
    if (this.spare.length >= SpareTensors.KEEP) this.spare.shift();
    this.spare.push(tensor);
  }
}

function padImage(image: RgbImage, pad: number): RgbImage {
  const width = image.width + 2 * pad, height = image.height + 2 * pad;
  const data = Buffer.alloc(width * height * 3);
  for (let y = 0; y < image.height; y++) {
    image.data.copy(data, ((y + pad) * width + pad) * 3, y * image.width * 3, (y + 1) * image.width * 3);
  }
  return { data, width, height };
}

function shift(d: Detection, delta: number): Detection {
  return {
    score: d.score,
    box: { ...d.box, x: d.box.x + delta, y: d.box.y + delta },
    keypoints: d.keypoints.map((p) => ({ x: p.x + delta, y: p.y + delta })),
  };
}
