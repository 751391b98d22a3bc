/**
 * From a data-set batch to the model's batch: the data go to the model's
 * (single) observed node, reshaped to its declared shape when the sizes
 * agree (a flat [B, 784] batch feeds a [28, 28, 1] node), and labels to its
 * label node when it has one.
 */
import * as tf from '@tensorflow/tfjs';
import type { Batch as DataBatch, Batcher } from '../datasets/batcher.js';
import type { Model } from '../dsl/model.js';
import { enumerateLabels, type LabelLayout } from '../inference/objectives/m2.js';
import type { Batch } from '../inference/trace.js';

/** The trace batch of `data` for `model`; throws when the data cannot fill the observed node. */
export const modelBatch = (model: Model, data: Pick<DataBatch, 'x' | 'y'>): Batch => {
  const [observed] = model.observed;
  const shape = model.nodes.get(observed)?.shape ?? [];
  const size = shape.reduce((a, b) => a * b, 1);
  const rows = data.x.shape[0];
  if (data.x.size !== rows * size) {
    throw new Error(`data rows of shape [${data.x.shape.slice(1).join(', ')}] do not fit node '${observed}' of shape [${shape.join(', ')}]`);
  }
  const x: tf.Tensor = data.x.shape.length - 1 === shape.length && data.x.shape.slice(1).every((d, i) => d === shape[i]) ? data.x : data.x.reshape([rows, ...shape]);
  const [label] = model.labels;
  return label !== undefined && data.y !== undefined ? { [observed]: x, [label]: data.y.toFloat() } : { [observed]: x };
};

/**
 * The model batches of one pass over `batcher`'s epoch 0, at most `limit`
 * examples; each batch's tensors are disposed when the next one is asked for.
 */
export function* modelBatches(model: Model, batcher: Batcher, limit = Number.POSITIVE_INFINITY): Generator<Batch> {
  let seen = 0;
  for (const data of batcher.epoch(0)) {
    if (seen >= limit) {
      tf.dispose([data.x, data.y, data.labelled].filter((t): t is tf.Tensor => t !== undefined));
      break;
    }
    const take = Math.min(data.size, limit - seen);
    const batch = tf.tidy(() => {
      const full = modelBatch(model, data);
      return take === data.size ? full : Object.fromEntries(Object.entries(full).map(([k, t]) => [k, t.slice(0, take)]));
    });
    seen += take;
    try {
      yield batch;
    } finally {
      tf.dispose([...Object.values(batch), ...[data.x, data.y, data.labelled].filter((t): t is tf.Tensor => t !== undefined)]);
    }
  }
}

/**
 * The model batch of a training step: for M2, the batch expanded by
 * `enumerateLabels` (rows whose `labelled` flag is set, the batcher's
 * labelled sub-batch, keep their label; the others are repeated once per
 * class) and its layout; otherwise `modelBatch`. The labelled flags are read
 * asynchronously; only the batch's tensors outlive the call (dispose them).
 */
export const stepBatch = async (model: Model, data: DataBatch, m2: boolean): Promise<{ batch: Batch; layout?: LabelLayout }> => {
  if (!m2) return { batch: tf.tidy(() => modelBatch(model, data)) };
  if (data.y === undefined || data.labelled === undefined) throw new Error('the m2 objective needs a batcher with labels and a labelled sub-batch (BatcherOptions.labelled)');
  const flags = Array.from(await data.labelled.data(), (v) => v !== 0);
  const [label] = model.labels;
  const y = data.y;
  let out: { batch: Batch; layout?: LabelLayout } = { batch: {} };
  tf.tidy(() => {
    const unlabelled = Object.fromEntries(Object.entries(modelBatch(model, data)).filter(([name]) => name !== label));
    out = enumerateLabels(model, unlabelled, y, flags);
    return Object.values(out.batch);
  });
  return out;
};
