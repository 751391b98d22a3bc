import * as E from 'fp-ts/lib/Either.js';
import { datasetBatcher, loadDataset, type LoadedDataset } from '../../src/datasets/index.js';
import type { Batcher } from '../../src/datasets/batcher.js';
import { model } from '../../src/dsl/builder.js';
import { bernoulli, normal } from '../../src/dsl/distributions/distribution.js';
import type { Model } from '../../src/dsl/model.js';
import { mlp } from '../../src/dsl/nets/net.js';
import { prior, type ModelSpec } from '../../src/dsl/spec.js';
import { validate } from '../../src/dsl/validate.js';

/** A two-layer Bernoulli VAE small enough for many steps in a test. */
export const tinySpec: ModelSpec = model()
  .observed('x', bernoulli([784]))
  .latent('z1', normal([4]), { layer: 1 })
  .latent('z2', normal([2]), { layer: 2 })
  .p('z2', prior)
  .p('z1', ['z2'], mlp([8]))
  .p('x', ['z1'], mlp([16]))
  .q('z1', ['x'], mlp([16]))
  .q('z2', ['z1'], mlp([8])).spec;

/** The validated tiny model. */
export const tinyModel = (): Model => {
  const m = validate(tinySpec);
  if (E.isLeft(m)) throw new Error(m.left.map((e) => e.message).join('; '));
  return m.right;
};

let mnist: LoadedDataset | undefined;

/** MNIST (dynamically binarized), loaded once per test file. */
export const mnistDyn = (): LoadedDataset => {
  if (mnist === undefined) {
    const d = loadDataset('mnist-dyn');
    if (E.isLeft(d)) throw new Error(d.left.message);
    mnist = d.right;
  }
  return mnist;
};

/** A batcher of `batchSize` training images. */
export const mnistBatcher = (batchSize: number, seed = 3): Batcher => datasetBatcher(mnistDyn(), 'train', { batchSize, seed });
