import * as tf from '@tensorflow/tfjs';
import * as E from 'fp-ts/lib/Either.js';
import { afterAll, describe, expect, it } from 'vitest';
import { model } from '../../../src/dsl/builder.js';
import { bernoulli, normal } from '../../../src/dsl/distributions/distribution.js';
import { disposeParams } from '../../../src/dsl/params.js';
import { prior } from '../../../src/dsl/spec.js';
import { iwaeStreaming } from '../../../src/inference/evaluate.js';
import { elboPerDatum } from '../../../src/inference/objectives/elbo.js';
import { partialPriorSet } from '../../../src/inference/objectives/partial-prior.js';
import { trace } from '../../../src/inference/trace.js';
import { data, exactLogMarginal, exactPosterior, generative, linearGaussian, paramsOf, perturbed } from '../../support/linear-gaussian.js';
import { compiled } from '../../support/models.js';

// Two latents in layer 1 (a top-down 'td1' and a bottom-up 'bu1', as in BIVA) and one in layer 2.
const ladder = compiled(
  model()
    .observed('x', bernoulli([4]))
    .latent('td1', normal([2]), { layer: 1 })
    .latent('bu1', normal([2]), { layer: 1 })
    .latent('z2', normal([2]), { layer: 2 })
    .p('z2', prior)
    .p('bu1', ['z2'])
    .p('td1', ['z2', 'bu1'])
    .p('x', ['td1', 'bu1'])
    .q('bu1', ['x'])
    .q('z2', ['bu1'])
    .q('td1', ['x', 'z2']).spec,
);

const setOf = (k: number): string[] =>
  E.match<string, ReadonlySet<string>, string[]>(
    (message) => [`Left: ${message}`],
    (s) => [...s].sort(),
  )(partialPriorSet(ladder, k));

describe('partialPriorSet (the set S of L^{>k})', () => {
  it('k = 0 is the empty set (L^{>0} is the ELBO)', async () => {
    expect(setOf(0)).toEqual([]);
  });

  it('k = 1 holds both latents of layer 1 (top-down and bottom-up); k = 2 every latent of layers 1 and 2', async () => {
    expect(setOf(1)).toEqual(['bu1', 'td1']);
    expect(setOf(2)).toEqual(['bu1', 'td1', 'z2']);
  });

  it('an undeclared layer is a Left naming it and the layers that exist', async () => {
    const result = partialPriorSet(ladder, 3);

    expect(E.isLeft(result)).toBe(true);
    expect(E.isLeft(result) && result.left).toMatch(/layer 3 does not exist.*1, 2/);
    expect(E.isLeft(partialPriorSet(ladder, -1))).toBe(true);
  });
});

describe('L^{>1} on the linear-Gaussian model (S = {z}: z drawn from the prior)', () => {
  const m = linearGaussian(2, 3);
  const params = paramsOf(m, generative, perturbed(exactPosterior(generative)));
  const batch = { x: tf.tensor2d(data.map((r) => [...r])) };
  afterAll(() => {
    disposeParams(params);
    batch.x.dispose();
  });
  const s = E.getOrElse<string, ReadonlySet<string>>((e) => {
    throw new Error(e);
  })(partialPriorSet(m, 1));

  it('L^{>1}_1 averaged over 4000 samples equals E_{z ~ p(z)}[log p(x | z)] in closed form, within 4 standard errors', async () => {
    const k = 4000;
    const { samples, bound } = tf.tidy(() => {
      const t = trace(m, params, batch, { k, seed: 6, resample: s });
      return {
        samples: t.terms.find((n) => n.name === 'x')!.logp.arraySync() as number[][],
        bound: Array.from(elboPerDatum(t, { kl: 'mc' }).dataSync()),
      };
    });
    const s2 = generative.s ** 2;
    const closedForm = data.map((x) =>
      x.reduce((a, xj, j) => a - 0.5 * Math.log(2 * Math.PI * s2) - ((xj - generative.b[j]) ** 2 + generative.w[j].reduce((q, w) => q + w * w, 0)) / (2 * s2), 0),
    );

    bound.forEach((v, i) => {
      const column = samples.map((row) => row[i]);
      const mu = column.reduce((a, c) => a + c, 0) / k;
      const se = Math.sqrt(column.reduce((a, c) => a + (c - mu) ** 2, 0) / (k - 1) / k);
      expect(Math.abs(v - closedForm[i]), `datum ${i}: ${v} vs ${closedForm[i]}`).toBeLessThan(4 * se);
    });
  });

  it('the importance-weighted L^{>1} with K = 5000 (prior proposal, streamed) is within 0.1 nats of log p(x)', async () => {
    const bound = await iwaeStreaming(m, params, batch, { k: 5000, chunk: 500, seed: 3, resample: s });

    bound.forEach((v, i) => expect(Math.abs(v - exactLogMarginal(generative, data[i])), `datum ${i}`).toBeLessThan(0.1));
  });
});
