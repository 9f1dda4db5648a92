import DataLoader from 'dataloader';
import ort from 'onnxruntime-node';
import type { RuntimeSession } from './session.js';
import { Slots } from '../../util/slots.js';

/** One item of a batch: a single input tensor without its batch dimension. */
export interface RunInput {
  data: Float32Array;
  /** Dimensions without the batch dimension, e.g. [3, 112, 112]. */
  dims: readonly number[];
}

/** The outputs belonging to one item, by output name, without the batch dimension. */
export type RunOutput = Record<string, { data: Float32Array; dims: number[] }>;

export interface RunnerOptions {
  /** Most items in one ONNX run. */
  maxBatchSize: number;
  /** How long the first item of a batch waits for company, in ms. */
  batchWindowMs: number;
  /** ONNX runs of this model that may be in flight at once (WORKERS). */
  concurrency: number;
}

export interface RunnerStats {
  runs: number;
  items: number;
}

/**
 * Process-wide batching in front of one ONNX session: every caller's items that arrive within a short window go
 * into one run along the batch dimension. Items with different shapes (detector inputs of different sizes) are
 * run as separate groups.
 */
export class ModelRunner {
  private readonly loader: DataLoader<RunInput, RunOutput>;
  private readonly inputName: string;
  private readonly slots: Slots;
  readonly stats: RunnerStats = { runs: 0, items: 0 };

  constructor(
    readonly runtime: RuntimeSession,
    private readonly options: RunnerOptions,
  ) {
    this.inputName = runtime.session.inputNames[0];
    this.slots = new Slots(options.concurrency);
    this.loader = new DataLoader<RunInput, RunOutput>((items) => this.runBatch(items), {
      cache: false,
      maxBatchSize: options.maxBatchSize,
      batchScheduleFn: (callback) => setTimeout(callback, options.batchWindowMs),
    });
  }

  run(input: RunInput): Promise<RunOutput> {
    return this.loader.load(input);
  }

  private async runBatch(items: readonly RunInput[]): Promise<Array<RunOutput | Error>> {
    const groups = new Map<string, number[]>();
    items.forEach((item, i) => {
      const key = item.dims.join('x');
      const list = groups.get(key);
      if (list) list.push(i);
      else groups.set(key, [i]);
    });
    const results: Array<RunOutput | Error> = new Array(items.length);
    await Promise.all(
      [...groups.values()].map(async (indices) => {
        try {
          const outputs = await this.runGroup(indices.map((i) => items[i]));
          indices.forEach((itemIndex, k) => (results[itemIndex] = outputs[k]));
        } catch (e) {
          const error = e instanceof Error ? e : new Error(String(e));
          for (const i of indices) results[i] = error;
        }
      }),
    );
    return results;
  }

  private async runGroup(items: readonly RunInput[]): Promise<RunOutput[]> {
    const dims = items[0].dims;
    const size = items[0].data.length;
    // A lone item is its own batch of one (most runs while frames trickle in): no copy of a detector input.
    let batch = items[0].data;
    if (items.length > 1) {
      batch = new Float32Array(size * items.length);
      items.forEach((item, i) => batch.set(item.data, i * size));
    }
    const feeds = { [this.inputName]: new ort.Tensor('float32', batch, [items.length, ...dims]) };
    const out = await this.slots.run(() => this.runtime.session.run(feeds));
    this.stats.runs++;
    this.stats.items += items.length;
    const perItem: RunOutput[] = items.map(() => ({}));
    for (const [name, tensor] of Object.entries(out)) {
      const data = tensor.data as Float32Array;
      const itemDims = tensor.dims.slice(1).map(Number);
      const stride = data.length / items.length;
      items.forEach((_, i) => {
        perItem[i][name] = { data: data.slice(i * stride, (i + 1) * stride), dims: itemDims };
      });
      tensor.dispose?.();
    }
    return perItem;
  }

  async dispose(): Promise<void> {
    await this.runtime.session.release();
  }
}
