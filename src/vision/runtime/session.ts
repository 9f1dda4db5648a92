import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import ort from 'onnxruntime-node';
import { errorMessage } from '../../errors.js';

/** `auto`: CUDA when it loads, else CPU (and say why); `cpu`; `cuda`: CUDA or fail. */
export type ProviderPreference = 'auto' | 'cpu' | 'cuda';

export interface RuntimeSession {
  modelId: string;
  session: ort.InferenceSession;
  /** The execution provider this session really runs on. */
  provider: 'cpu' | 'cuda';
  /** Set when CUDA was asked for or could have been used but is not: why. Never a silent fallback. */
  fallbackReason?: string;
}

/** Default intra-op threads per session: every core (see sessionOptions for why that does not oversubscribe). */
export const DEFAULT_ONNX_THREADS = Math.max(1, Math.min(8, availableParallelism()));

function sessionOptions(providers: string[], threads: number): ort.InferenceSession.SessionOptions {
  return {
    executionProviders: providers,
    graphOptimizationLevel: 'all',
    // onnxruntime-node runs each inference on the JS main thread, so two sessions never compute at once: each may
    // use every core. Spinning is off, because idle spinning pools of several sessions fight over the cores and
    // double latency (RECOGNITION.md). Measured here: YuNet at 640 px 12.6 ms with 1 thread, 8.1 ms with 2.
    intraOpNumThreads: threads,
    interOpNumThreads: 1,
    extra: {
      session: {
        // Denormal floats make MobileFaceNet ~7x slower on x86 CPUs; flushing them to zero keeps the outputs.
        set_denormal_as_zero: '1',
        'intra_op.allow_spinning': '0',
      },
    },
  };
}

/**
 * onnxruntime-node ships CPU binaries only; its installer adds the CUDA provider libraries when run with
 * ONNXRUNTIME_NODE_INSTALL=cuda12 (the CUDA image does). Without them, asking for CUDA only prints loader errors.
 */
export function cudaProviderInstalled(): boolean {
  try {
    const req = createRequire(import.meta.url);
    const root = dirname(req.resolve('onnxruntime-node/package.json'));
    const dir = join(root, 'bin', 'napi-v6', process.platform, process.arch);
    return existsSync(join(dir, 'libonnxruntime_providers_cuda.so'));
  } catch {
    return false;
  }
}

/** Creates an ONNX session on the preferred provider; the returned record says which one it really got. */
export async function createRuntimeSession(
  modelId: string,
  bytes: Uint8Array,
  preference: ProviderPreference,
  threads = DEFAULT_ONNX_THREADS,
): Promise<RuntimeSession> {
  let fallbackReason: string | undefined;
  const cudaInstalled = cudaProviderInstalled();
  if (preference === 'cuda' && !cudaInstalled) {
    throw new Error(
      `${modelId}: EXECUTION_PROVIDERS=cuda but onnxruntime-node's CUDA provider is not installed (use the cuda image, or reinstall onnxruntime-node with ONNXRUNTIME_NODE_INSTALL=cuda12)`,
    );
  }
  if (cudaInstalled && preference !== 'cpu') {
    try {
      // CUDA alone, so that a failure to load it is an error we can report rather than a quiet CPU session.
      const session = await ort.InferenceSession.create(bytes, sessionOptions(['cuda'], threads));
      return { modelId, session, provider: 'cuda' };
    } catch (e) {
      fallbackReason = `CUDA execution provider could not be used: ${errorMessage(e).split('\n')[0]}`;
      if (preference === 'cuda') throw new Error(`${modelId}: ${fallbackReason} (EXECUTION_PROVIDERS=cuda)`);
    }
  }
  const session = await ort.InferenceSession.create(bytes, sessionOptions(['cpu'], threads));
  return { modelId, session, provider: 'cpu', fallbackReason };
}
