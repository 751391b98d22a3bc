/**
 * The pictures of a run, as PNG bytes: a grid of prior samples, a grid of
 * test images each row followed by its reconstructions, and the training
 * charts (curves with the validation bound, log KL per latent node with the
 * free-bits floor: the paper's Figure 2) from the log records, of one run
 * or compared over several. The command line writes them; code can too.
 */
import * as tf from '@tensorflow/tfjs';
import type { Model } from '../dsl/model.js';
import type { ParamStore } from '../dsl/params.js';
import { generate } from '../inference/generate.js';
import { readKept } from '../inference/read.js';
import { trace } from '../inference/trace.js';
import type { TopLevelSpec } from 'vega-lite';
import { renderPng } from '../report/chart.js';
import { imageGridPng, lineChartPng, overlayChartPng, overlaySpec, type FloorRule, type RunSeries } from '../report/index.js';
import type { KlFloor } from './kl-floor.js';
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

/** The log of one run, for the charts: its label (e.g. the folder name), its records in step order, and its free-bits floor. */
export interface RunLog {
  readonly label: string;
  readonly records: readonly LogRecord[];
  readonly floor?: KlFloor;
}

const nats = (y: number): string => String(Number(y.toPrecision(4)));

/** The floor rules of a run over its logged steps (up to `until`): one rule when every node shares the floor, else one per node. */
const floorRules = (run: RunLog): FloorRule[] => {
  if (run.floor === undefined || run.records.length === 0) return [];
  const from = run.records[0].step;
  const last = run.records[run.records.length - 1].step;
  const to = run.floor.until === undefined ? last : Math.min(last, run.floor.until);
  const entries = Object.entries(run.floor.perNode);
  if (to < from || entries.length === 0) return [];
  if (new Set(entries.map(([, y]) => y)).size === 1) return [{ run: run.label, name: `free-bits floor ${nats(entries[0][1])} nats`, y: entries[0][1], from, to }];
  return entries.map(([node, y]) => ({ run: run.label, name: `free-bits floor of ${node} (${nats(y)} nats)`, y, from, to }));
};

/** The KL lines of a run: every node that any record has (an interval of only skipped steps logs none). */
const klSeries = (run: RunLog): RunSeries[] =>
  [...new Set(run.records.flatMap((r) => Object.keys(r.kl ?? {})))].map((name) => ({ run: run.label, name, points: run.records.map((r) => ({ x: r.step, y: r.kl?.[name] })) }));

/** The -ELBO of the training intervals and, when logged (--eval-every), of the validation subset. */
const boundSeries = (run: RunLog): RunSeries[] => {
  const validated = run.records.filter((r) => r.validation !== undefined);
  const train = { run: run.label, name: '-ELBO (training)', points: run.records.map((r) => ({ x: r.step, y: r.nats })) };
  if (validated.length === 0) return [train];
  return [train, { run: run.label, name: `-ELBO (validation, L_1 on ${validated[0].validation!.examples})`, points: validated.map((r) => ({ x: r.step, y: r.validation!.nats })) }];
};

/**
 * The vega-lite spec of the KL chart of `runs`: one panel per run, the KL
 * of each latent node on a shared log axis, each run's free-bits floor as a
 * dashed grey rule (the data rows of kind 'floor').
 */
export const klChartSpec = (runs: readonly RunLog[], title: string): TopLevelSpec =>
  overlaySpec(runs.flatMap(klSeries), runs.flatMap(floorRules), { title, xLabel: 'step', yLabel: 'KL (nats, log scale)', logY: true, layout: 'panels' });

/**
 * Training curves (loss, -ELBO and, when logged, the validation -ELBO per
 * step) and log KL per latent node over training with the free-bits floor
 * (`floor`, when the run has one), as two PNGs. Records of intervals of
 * only skipped steps (null loss, no KL) leave gaps.
 */
export const trainingCharts = async (records: readonly LogRecord[], title: string, floor?: KlFloor): Promise<{ curves: Buffer; kl: Buffer }> => {
  const run: RunLog = { label: title, records, ...(floor === undefined ? {} : { floor }) };
  const curves = await lineChartPng(
    [{ name: 'loss (minimized)', points: records.map((r) => ({ x: r.step, y: r.loss })) }, ...boundSeries(run)],
    { title: `training curves: ${title}`, xLabel: 'step', yLabel: 'nats per example' },
  );
  const kl = await renderPng(klChartSpec([run], `KL per latent node: ${title}`));
  return { curves, kl };
};

/**
 * The comparison of several runs as two PNGs: the KL per latent node, one
 * panel per run on a shared log axis with each run's free-bits floor (the
 * BIVA paper's Figure 2), and the training and validation -ELBO of every
 * run on one chart (colour = run, dash = training or validation). Labels
 * must be distinct (RangeError otherwise).
 */
export const comparisonCharts = async (runs: readonly RunLog[]): Promise<{ curves: Buffer; kl: Buffer }> => {
  if (new Set(runs.map((r) => r.label)).size !== runs.length) throw new RangeError('comparisonCharts: run labels must be distinct');
  const names = runs.map((r) => r.label).join(' vs ');
  const kl = await renderPng(klChartSpec(runs, `KL per latent node: ${names}`));
  const curves = await overlayChartPng(runs.flatMap(boundSeries), [], { title: `training and validation -ELBO: ${names}`, xLabel: 'step', yLabel: 'nats per example' });
  return { curves, kl };
};
