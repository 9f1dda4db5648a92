/**
 * Every model the code can run: what it does, what it expects, its pinned sha256, and where a user gets it.
 * Loading verifies the sha256 (model-store.ts); a database records these pins and refuses models that differ.
 */

export type ModelTask = 'detect' | 'embed';
export type DetectorFamily = 'yunet' | 'scrfd';
export type EmbedderFamily = 'arcface112' | 'dlib150';

export type ModelSource =
  /** Shipped in this repository's `models/` folder (licence beside it). */
  | { kind: 'vendored'; file: string }
  /** A file the user puts in `MODELS_PATH` (or fetches with `fetch-model` when a download URL is known). */
  | { kind: 'models-path'; file: string }
  /** Weights inside an npm dependency, rebuilt as an ONNX graph in memory at load time. */
  | { kind: 'npm-rebuild'; packageName: string; file: string; rebuild: 'dlib-resnet' };

interface BaseSpec {
  id: string;
  task: ModelTask;
  description: string;
  /** sha256 of the file named by the source (for rebuilt models: of the weights file). */
  sha256: string;
  source: ModelSource;
  licence: string;
  /** For users with internet: where `fetch-model` downloads it from (verified against `sha256`). */
  downloadUrl?: string;
}

export interface DetectorSpec extends BaseSpec {
  task: 'detect';
  family: DetectorFamily;
}

export interface EmbedderSpec extends BaseSpec {
  task: 'embed';
  family: EmbedderFamily;
  dim: number;
  /** Chip side in pixels and the five-point template (eyes, nose, mouth corners) the face is aligned to. */
  chipSize: number;
  template: ReadonlyArray<readonly [number, number]>;
  /** How the chip becomes a tensor; recorded in the database manifest. */
  preprocessing: string;
}

export type ModelSpec = DetectorSpec | EmbedderSpec;

/** InsightFace's ArcFace 112x112 template. */
export const ARCFACE_TEMPLATE = [
  [38.2946, 51.6963],
  [73.5318, 51.5014],
  [56.0252, 71.7366],
  [41.5493, 92.3655],
  [70.7299, 92.2041],
] as const;

/** dlib's five-point layout for its 150x150 face chip (as used to make the reference descriptors). */
export const DLIB_TEMPLATE = [
  [46.99, 45.3],
  [101.17, 45.55],
  [74.6, 77.69],
  [49.58, 101.07],
  [98.65, 101.43],
] as const;

export const MODEL_CATALOG: readonly ModelSpec[] = [
  {
    id: 'yunet_n',
    task: 'detect',
    family: 'yunet',
    description: 'YuNet-n face detector with 5 keypoints, any input size (multiples of 32)',
    sha256: '104ee26c71d5c270ce79a6b3dced91c91013260d29a6bf18f9296c5b8c4c2b12',
    source: { kind: 'vendored', file: 'yunet_n_dynamic.onnx' },
    licence: 'Apache-2.0 (libfacedetection.train)',
  },
  {
    id: 'scrfd_500m',
    task: 'detect',
    family: 'scrfd',
    description: 'InsightFace SCRFD-0.5GF detector with 5 keypoints',
    sha256: '6c6ba7956684796d7d582bfa1ab95dfe01dd280159f6bff1e23c1bc32bcc8431',
    source: { kind: 'models-path', file: 'scrfd_500m_bnkps.onnx' },
    licence: 'InsightFace weights: non-commercial research use only',
    // `stash-face fetch-model scrfd_500m`. The sha256 above is that of the copy this project tests with
    // (../shared/models, SHA256SUMS); it could not be compared with the file at this URL offline. fetch-model
    // refuses any file that differs, so a different export there fails safely (a mirror: --url).
    downloadUrl: 'https://huggingface.co/ykk648/face_lib/resolve/main/face_detect/scrfd_onnx/scrfd_500m_bnkps.onnx',
  },
  {
    id: 'fr_feature',
    task: 'embed',
    family: 'arcface112',
    description: 'MobileFaceNet 512-d embedder (faceplugin fr_feature.onnx)',
    sha256: '87aacdfe57510db2af90c0251df680e8eec88f122ee94712121d09bcaaaf3581',
    source: { kind: 'vendored', file: 'fr_feature.onnx' },
    licence: 'MIT (faceplugin-face-recognition-js)',
    dim: 512,
    chipSize: 112,
    template: ARCFACE_TEMPLATE,
    preprocessing: 'arcface112 similarity warp, BGR, (x-127)/128, NCHW',
  },
  {
    id: 'dlib_resnet',
    task: 'embed',
    family: 'dlib150',
    description: "dlib's ResNet-29 128-d face descriptor, rebuilt from @vladmandic/face-api's weights",
    sha256: 'b413e420d6840b2775fba32008db6f3cddb07d485967fb42cfcf379c16a8c589',
    source: {
      kind: 'npm-rebuild',
      packageName: '@vladmandic/face-api',
      file: 'model/face_recognition_model.bin',
      rebuild: 'dlib-resnet',
    },
    licence: 'MIT (face-api weights) / public domain (dlib)',
    dim: 128,
    chipSize: 150,
    template: DLIB_TEMPLATE,
    preprocessing: 'dlib150 similarity warp, RGB 0..255, NHWC (mean/256 in graph)',
  },
];

export const DEFAULT_DETECTOR = 'yunet_n';
export const DEFAULT_EMBEDDERS = ['fr_feature', 'dlib_resnet'] as const;

export function findModel(id: string): ModelSpec | undefined {
  return MODEL_CATALOG.find((m) => m.id === id);
}
