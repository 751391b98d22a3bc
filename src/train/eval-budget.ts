/**
 * The memory budget of an evaluation. A trace holds every intermediate of
 * its batch until its tf.tidy ends, and L_K traces `chunk` importance
 * samples of `batch` rows at once: for text that is [chunk x batch x T x V]
 * logits several times over (the softmax, the one-hot targets, the decoder's
 * one-hot inputs), 4 GB of wasm heap at K = 10, 200 rows and V = 20,004.
 * So `strata eval` measures the bytes one (row x sample) of the model's
 * trace holds, and chooses the largest batch and chunk (up to the defaults
 * 50 and 100) whose traces stay under a fixed budget (EVAL_BUDGET_BYTES).
 */
import * as tf from '@tensorflow/tfjs';
import type { Model } from '../dsl/model.js';
import type { ParamStore } from '../dsl/params.js';
import { logWeights } from '../inference/objectives/log-weights.js';
import { trace, type Batch } from '../inference/trace.js';

/** The wasm backend's heap limit: 4 GiB (32-bit wasm memory). */
export const WASM_HEAP_BYTES = 4 * 1024 ** 3;

/**
 * Bytes an evaluation trace may hold on every backend: a quarter of the
 * wasm heap. Fixed, not read from the machine, so that the chosen batch and
 * chunk (which decide the importance samples' seeds) and hence L_K are the
 * same on every machine and backend with enough memory.
 */
export const EVAL_BUDGET_BYTES = WASM_HEAP_BYTES / 4;

/** Backends whose tensors live in the 4 GiB wasm heap: wasm, and native (wasm with some kernels replaced; src/backend/native/register.ts). */
export const WASM_HEAP_BACKENDS: ReadonlySet<string> = new Set(['wasm', 'native']);

/** What the budget is checked against: the backend, the bytes its tensors hold now, and the machine's free memory. */
export interface MemoryFacts {
  readonly backend: string;
  readonly tensorBytes: number;
  readonly freeBytes: number;
}

/**
 * Bytes one evaluation trace may hold: EVAL_BUDGET_BYTES, lowered only where
 * the machine cannot give it (a quarter of free memory, and on wasm of what
 * is left of the 4 GiB heap, is smaller; native's tensors are there too); then the sizes, and L_K's samples,
 * differ from other machines' (eval.json records them). Pure; at least 1.
 */
export const memoryBudget = (facts: MemoryFacts): number => {
  const free = Math.max(0, facts.freeBytes);
  const room = WASM_HEAP_BACKENDS.has(facts.backend) ? Math.min(WASM_HEAP_BYTES - facts.tensorBytes, free) : free;
  return Math.max(1, Math.floor(Math.min(EVAL_BUDGET_BYTES, room / 4)));
};

/** What the sizes are chosen from. */
export interface SizeRequest {
  /** Bytes a trace holds per row and importance sample (see {@link traceBytesPerSample}); > 0. */
  readonly bytesPerSample: number;
  /** Bytes a trace may hold (see {@link memoryBudget}). */
  readonly budget: number;
  /** Importance samples of L_K. */
  readonly k: number;
  /** Samples per row of the active-unit trace (16 in evaluateBounds): a batch must fit that many at once. */
  readonly unitSamples: number;
  /** --batch and --chunk, when given: kept as they are. */
  readonly batch?: number;
  readonly chunk?: number;
  /** The largest sizes chosen (defaults 50 and 100). */
  readonly maxBatch?: number;
  readonly maxChunk?: number;
}

/** Batch and chunk of an evaluation and the bytes their largest trace is estimated to hold. */
export interface EvalSizes {
  readonly batch: number;
  readonly chunk: number;
  readonly estimatedBytes: number;
}

const clamp = (x: number, lo: number, hi: number): number => Math.max(lo, Math.min(hi, Math.floor(x)));

/**
 * The largest batch (up to maxBatch) whose traces of max(chunk, unitSamples)
 * samples per row fit the budget, then the largest chunk (up to maxChunk and
 * K) for that batch; a given --batch is kept, a given --chunk too, but at
 * most K (iwaeStreaming streams no more). Never 0: a model
 * whose single row and sample exceeds the budget gets batch 1, chunk 1.
 * The byte count is first rounded up to a power of two, so that the small
 * differences between backends' fused kernels do not change the sizes.
 * Pure; RangeError on a non-positive byte count or K.
 */
export const chooseEvalSizes = (r: SizeRequest): EvalSizes => {
  if (!(r.bytesPerSample > 0) || !(r.budget > 0) || !(r.k >= 1)) {
    throw new RangeError(`chooseEvalSizes: bytes per sample ${r.bytesPerSample}, budget ${r.budget} and K ${r.k} must be positive`);
  }
  const maxChunk = Math.min(r.maxChunk ?? 100, r.k);
  const bytes = 2 ** Math.ceil(Math.log2(r.bytesPerSample));
  const given = r.chunk === undefined ? undefined : Math.min(r.chunk, r.k);
  const samplesPerRow = Math.max(given ?? 1, r.unitSamples, 1);
  const batch = r.batch ?? clamp(r.budget / (bytes * samplesPerRow), 1, r.maxBatch ?? 50);
  const chunk = given ?? clamp(r.budget / (bytes * batch), 1, maxChunk);
  return { batch, chunk, estimatedBytes: bytes * batch * Math.max(chunk, r.unitSamples) };
};

/**
 * Bytes one row and one importance sample of `model`'s L_K trace holds: the
 * tensor bytes alive at the end of a K = 1 trace and its log-weights on
 * `batch` (whose rows it divides by), as a tf.tidy keeps them until it
 * ends. Data-only nets count once per sample here, so this overestimates
 * larger K. Leaves no tensor behind.
 */
export const traceBytesPerSample = (model: Model, params: ParamStore, batch: Batch): number => {
  const rows = Object.values(batch)[0]?.shape[0] ?? 1;
  const before = tf.memory().numBytes;
  let held = 0;
  tf.tidy(() => {
    logWeights(trace(model, params, batch, { k: 1, seed: 1 }));
    held = tf.memory().numBytes - before;
  });
  return Math.max(1, held / Math.max(1, rows));
};

/** The one line an allocation failure of an evaluation becomes: the sizes that failed and the flags that lower them. */
export const outOfMemoryMessage = (sizes: Pick<EvalSizes, 'batch' | 'chunk'>, e: unknown): string => {
  const message = (e instanceof Error ? e.message : String(e)).split('\n')[0];
  return `out of memory evaluating batches of ${sizes.batch} examples with ${sizes.chunk} importance samples per chunk (${message}); lower --batch (now ${sizes.batch}) or --chunk (now ${sizes.chunk})`;
};
