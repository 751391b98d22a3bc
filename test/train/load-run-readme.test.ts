import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { elboPerDatum, generate, trace, validate } from '../../src/index.js';
import { datasetBatcher, loadDataset } from '../../src/datasets/index.js';
import { disposeTrainState, loadCheckpoint, modelBatch, restoreTrainState } from '../../src/train/index.js';
import { fit } from '../../src/train/fit.js';
import { tinySpec } from './fixtures.js';

const root = mkdtempSync(join(tmpdir(), 'strata-readme-load-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** The README's example ("Loading a trained run into the library"), verbatim but for the imports. */
const example = (run: string): { l1: number; means: unknown } => {

  const checkpoint = loadCheckpoint(run);
  if (E.isLeft(checkpoint)) throw new Error(checkpoint.left);
  const model = validate(checkpoint.right.manifest.spec);
  if (E.isLeft(model)) throw new Error(model.left.map((e) => `${e.node}: ${e.message}`).join('; '));
  const state = restoreTrainState(model.right, checkpoint.right);
  if (E.isLeft(state)) throw new Error(state.left);
  const data = loadDataset(checkpoint.right.manifest.meta.data as string);
  if (E.isLeft(data)) throw new Error(data.left.message);
  const batcher = datasetBatcher(data.right, 'test', { batchSize: 100, seed: 1, shuffle: false, lastBatch: 'keep' });
  const raw = batcher.batchAt(0, 0);
  const l1 = tf.tidy(() => {
    const batch = modelBatch(model.right, raw);
    return elboPerDatum(trace(model.right, state.right.ema, batch, { k: 1, seed: 1 })).mean().dataSync()[0];
  });
  const means = tf.tidy(() => generate(model.right, state.right.ema, { n: 16, seed: 2 }).means.get(model.right.observed[0])!.arraySync());
  tf.dispose([raw.x, ...(raw.y === undefined ? [] : [raw.y])]);
  disposeTrainState(state.right);
  return { l1, means };
};

const readmeBlock = (): string => {
  const readme = readFileSync(join(__dirname, '../../README.md'), 'utf8');
  const start = readme.indexOf('## Loading a trained run into the library');
  const open = readme.indexOf('```ts\n', start) + 6;
  return readme.slice(open, readme.indexOf('```\n', open));
};

describe('README: loading a trained run into the library', () => {
  it('this test runs the README example: every line of its code block is in example()', () => {
    const source = readFileSync(__filename, 'utf8');

    const missing = readmeBlock().split('\n').filter((l) => l.trim() !== '' && !l.startsWith('import ') && !source.includes(l));

    expect(missing).toEqual([]);
  });

  it('on a tiny trained run: a finite L_1 below 0, 16 sample means of 784 pixels in [0, 1], no tensor left behind', async () => {
    const run = join(root, 'run');
    const trained = await fit(tinySpec, { data: 'mnist-dyn', out: run, config: { steps: 4, batchSize: 8, logEvery: 2 } });
    if (E.isLeft(trained)) throw new Error(trained.left);
    disposeTrainState(trained.right.state);
    const before = tf.memory().numTensors;

    const { l1, means } = example(run);

    expect(tf.memory().numTensors).toBe(before);
    expect(Number.isFinite(l1) && l1 < 0).toBe(true);
    const rows = means as number[][];
    expect(rows).toHaveLength(16);
    expect(rows.every((r) => r.length === 784 && r.every((v) => v >= 0 && v <= 1))).toBe(true);
  });
});
