import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { sha256File } from '../util/sha256.js';
import { AppError } from '../errors.js';
import { findModel, MODEL_CATALOG, type ModelSpec } from '../vision/runtime/catalog.js';
import { download, type DownloadProgress } from './download.js';

/**
 * `stash-face fetch-model <id>`: downloads an optional model from its catalogued URL (or a mirror), checks it against
 * the sha256 pinned in the catalog and stores it under MODELS_PATH. A file that does not match is deleted and
 * refused; a model already in place is left alone.
 */
export interface FetchModelOptions {
  modelsPath?: string;
  /** A mirror to download from instead of the catalog's URL (the pinned sha256 still decides). */
  url?: string;
  onProgress?: (p: DownloadProgress) => void;
  fetch?: typeof fetch;
  attempts?: number;
  retryDelayMs?: number;
}

export interface FetchModelResult {
  id: string;
  path: string;
  sha256: string;
  /** The verified file was already there. */
  already: boolean;
}

/** Models a user can add to MODELS_PATH, with whether each has a known download. */
export function optionalModels(): ModelSpec[] {
  return MODEL_CATALOG.filter((m) => m.source.kind === 'models-path');
}

export async function fetchModel(id: string, options: FetchModelOptions): Promise<FetchModelResult> {
  const spec = findModel(id);
  if (!spec) {
    const known = optionalModels().map((m) => m.id).join(', ');
    throw new AppError('BAD_USER_INPUT', `Unknown model "${id}". Models that can be added: ${known || 'none'}.`);
  }
  if (spec.source.kind !== 'models-path') {
    throw new AppError('BAD_USER_INPUT', `Model ${id} comes with stash-face itself (${spec.source.kind === 'vendored' ? 'in its models/ folder' : `from the npm package ${spec.source.packageName}`}): there is nothing to fetch.`);
  }
  if (!options.modelsPath) {
    throw new AppError('CONFIG_INVALID', `MODELS_PATH is not set: set it to the folder for optional models (the container uses /data/models).`);
  }
  const url = options.url ?? spec.downloadUrl;
  if (!url) {
    throw new AppError(
      'MODEL_MISSING',
      `No download is known for ${id}: put ${spec.source.file} (sha256 ${spec.sha256}) into ${options.modelsPath}, or give a mirror with --url.`,
    );
  }
  const dest = join(options.modelsPath, spec.source.file);
  if (existsSync(dest) && (await sha256File(dest)) === spec.sha256) {
    return { id, path: dest, sha256: spec.sha256, already: true };
  }
  const result = await download(url, dest, {
    sha256: spec.sha256,
    what: `model ${id}`,
    mismatchCode: 'MODEL_INVALID',
    onProgress: options.onProgress,
    fetch: options.fetch,
    attempts: options.attempts,
    retryDelayMs: options.retryDelayMs,
  });
  return { id, path: result.path, sha256: result.sha256, already: false };
}
