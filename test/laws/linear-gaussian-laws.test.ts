import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { disposeParams } from '../../src/dsl/params.js';
import { boundLaws } from '../../src/laws/index.js';
import { data, exactPosterior, generative, linearGaussian, paramsOf, perturbed } from '../support/linear-gaussian.js';

const m = linearGaussian(2, 3);
const params = paramsOf(m, generative, perturbed(exactPosterior(generative)));
const batch = { x: tf.tensor2d(data.map((r) => [...r])) };
const subject = { model: m, params, batch };
afterAll(() => {
  disposeParams(params);
  batch.x.dispose();
});

const laws = boundLaws(subject, { maxK: 8, repeats: 12 });

describe('the strata/laws kit run on the linear-Gaussian model (q off the posterior)', () => {
  it('exposes the seven bound laws of issue 4 and the partial-prior law by name', async () => {
    expect(Object.keys(laws).sort()).toEqual(
      [
        'IWAE_K >= mean of its K log weights',
        'IWAE_1 == ELBO on the same noise',
        'L^{>0} == ELBO on the same noise',
        'L^{>k}_K >= mean of its log weights, finite, for every layer k',
        'freeBits(lambda) <= ELBO',
        'freeBits(0) == ELBO',
        'all bounds finite',
        'mean IWAE_K does not decrease with K',
      ].sort(),
    );
  });

  for (const [name, law] of Object.entries(laws) as [string, fc.IAsyncProperty<unknown>][]) {
    it(`law: ${name}`, async () => {
      await expect(fc.assert(law, { numRuns: 6, seed: 42 })).resolves.toBeUndefined();
    });
  }

  it('running every law (seeded, 2 runs each) leaves tf.memory().numTensors unchanged', async () => {
    const quick = boundLaws(subject, { maxK: 4, repeats: 4 });
    const before = tf.memory().numTensors;

    for (const law of Object.values(quick) as fc.IAsyncProperty<unknown>[]) await fc.assert(law, { numRuns: 2, seed: 5 });

    expect(tf.memory().numTensors).toBe(before);
  });
});
