import { readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { AppError } from '../../errors.js';
import { packageRoot } from '../../paths.js';
import { findModel, type ModelSpec } from './catalog.js';
import { buildDlibResnetOnnx } from '../onnx/dlib-resnet.js';
import { makeBatchDynamic } from '../onnx/dynamic-batch.js';
import { sha256Hex } from '../../util/sha256.js';

export interface ResolvedModel {
  spec: ModelSpec;
  /** ONNX bytes ready for a session (rebuilt or patched where needed). */
  bytes: Uint8Array;
  /** Where the pinned file was found. */
  path: string;
}

/** Where a catalogued model's pinned file would be, looking in `MODELS_PATH` first, then its own source. */
function candidatePaths(spec: ModelSpec, modelsPath?: string): string[] {
  const name = spec.source.kind === 'npm-rebuild' ? spec.source.file.split('/').pop()! : spec.source.file;
  const paths: string[] = [];
  if (modelsPath) paths.push(join(modelsPath, name));
  if (spec.source.kind === 'vendored') paths.push(join(packageRoot(), 'models', spec.source.file));
  if (spec.source.kind === 'npm-rebuild') {
    try {
      const req = createRequire(import.meta.url);
      paths.push(join(dirname(req.resolve(`${spec.source.packageName}/package.json`)), spec.source.file));
    } catch {
      // Package not installed: the error below says how to get it.
    }
  }
  return paths;
}

function howToGet(spec: ModelSpec): string {
  switch (spec.source.kind) {
    case 'vendored':
      return `it ships in the stash-face repository's models/ folder; reinstall stash-face`;
    case 'npm-rebuild':
      return `run \`npm install\` (it comes with the npm package ${spec.source.packageName})`;
    case 'models-path':
      return spec.downloadUrl
        ? `run \`stash-face fetch-model ${spec.id}\` or put ${spec.source.file} into MODELS_PATH`
        : `put ${spec.source.file} into the folder named by MODELS_PATH`;
  }
}

/** Finds a model's file, verifies its sha256 and returns ONNX bytes a session can load. */
export async function loadModel(id: string, modelsPath?: string): Promise<ResolvedModel> {
  const spec = findModel(id);
  if (!spec) throw new AppError('MODEL_MISSING', `Unknown model "${id}".`);
  const path = candidatePaths(spec, modelsPath).find((p) => existsSync(p));
  if (!path) throw new AppError('MODEL_MISSING', `Model ${id} is not installed: ${howToGet(spec)}.`, { model: id });
  const file = await readFile(path);
  const actual = sha256Hex(file);
  if (actual !== spec.sha256) {
    throw new AppError(
      'MODEL_INVALID',
      `Model ${id} at ${path} has sha256 ${actual}, expected ${spec.sha256}: the file is damaged or a different model; ${howToGet(spec)}.`,
      { model: id },
    );
  }
  let bytes: Uint8Array;
  if (spec.source.kind === 'npm-rebuild') bytes = await buildDlibResnetOnnx(dirname(path));
  else bytes = spec.task === 'embed' ? makeBatchDynamic(file) : file;
  return { spec, bytes, path };
}
