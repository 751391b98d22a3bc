/**
 * The pictures of a run, as PNG bytes: a grid of prior samples, a grid of
 * test images each row followed by its reconstructions, and the training
 * charts (curves and log KL per latent node, the paper's Figure 2) from the
 * log records. The command line writes them; code can too.
 */
import * as tf from '@tensorflow/tfjs';
import type { Model } from '../dsl/model.js';
import type { ParamStore } from '../dsl/params.js';
import { generate } from '../inference/generate.js';
import { readKept } from '../inference/read.js';
import { trace } from '../inference/trace.js';
import { imageGridPng, lineChartPng } from '../report/index.js';
import type { LogRecord } from './record.js';

/** Image geometry and the value range mapped to black..white. */
export interface ImageFormat {
  readonly height: number;
  readonly width: number;
  readonly range: readonly [number, number];
}

/** A PNG grid of the means of p(x | z) for `n` ancestral samples from the prior. */
export const priorSampleGrid = async (model: Model, params: ParamStore, n: number, seed: number, format: ImageFormat): Promise<Buffer> => {
  const [observed] = model.observed;
  const values = await readKept(tf.tidy(() => generate(model, params, { n, seed }).means.get(observed)!));
  return imageGridPng(Float32Array.from(values), n, format.height, format.width, 1, { range: format.range });
};

/**
 * A PNG grid of `rows` x `columns` images of `batch` (the model batch of at
 * least rows * columns examples), each row followed by a row of their
 * reconstructions (means of p(x | z), z ~ q(z | x)).
 */
export const reconstructionGrid = async (model: Model, params: ParamStore, batch: Readonly<Record<string, tf.Tensor>>, rows: number, columns: number, seed: number, format: ImageFormat): Promise<Buffer> => {
  const [observed] = model.observed;
  const size = format.height * format.width;
  const count = rows * columns;
  const values = await readKept(tf.tidy(() => {
    const input = Object.fromEntries(Object.entries(batch).map(([k, t]) => [k, t.slice(0, count)]));
    const recon = trace(model, params, input, { k: 1, seed }).likelihoods.get(observed)!.mean();
    return tf.stack([input[observed].reshape([rows, columns, size]), recon.reshape([rows, columns, size])], 1);
  }));
  return imageGridPng(Float32Array.from(values), 2 * count, format.height, format.width, 1, { range: format.range, columns });
};

/**
 * Training curves (loss and -ELBO per step) and log KL per latent node over
 * training, as two PNGs. The nodes are those of any record (an interval of
 * only skipped steps logs no KL and a null loss; its points are left out).
 */
export const trainingCharts = async (records: readonly LogRecord[], title: string): Promise<{ curves: Buffer; kl: Buffer }> => {
  const curves = await lineChartPng(
    [
      { name: 'loss (minimized)', points: records.map((r) => ({ x: r.step, y: r.loss })) },
      { name: '-ELBO', points: records.map((r) => ({ x: r.step, y: r.nats })) },
    ],
    { title: `training curves: ${title}`, xLabel: 'step', yLabel: 'nats per example' },
  );
  const names = [...new Set(records.flatMap((r) => Object.keys(r.kl ?? {})))];
  const kl = await lineChartPng(
    names.map((name) => ({ name, points: records.map((r) => ({ x: r.step, y: r.kl[name] })) })),
    { title: `KL per latent node: ${title}`, xLabel: 'step', yLabel: 'KL (nats, log scale)', logY: true },
  );
  return { curves, kl };
};
