import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { disposeParams } from '../../../src/dsl/params.js';
import { elboPerDatum } from '../../../src/inference/objectives/elbo.js';
import { freeBits, type BatchMean, type FreeBitsOptions } from '../../../src/inference/objectives/free-bits.js';
import { trace } from '../../../src/inference/trace.js';
import { data, exactPosterior, generative, linearGaussian, paramsOf, perturbed } from '../../support/linear-gaussian.js';
import { normalLogPdf } from '../../support/reference.js';
import { f32 } from '../../support/tensors.js';
import { constructedTrace, valuesOn } from './constructed-trace.js';

// Four data, a latent 'z' of two dimensions and a latent 'u' of one, analytic KL per dimension:
// node KL of z per datum [0.15, 0.35, 2.1, 0.1] (batch mean 0.675), of u [0.02, 0.01, 0.03, 0.02] (mean 0.02);
// z's dimension 0 has batch mean 0.6125, dimension 1 has 0.0625.
const recon = [-10, -12, -8, -11];
const kl = {
  z: [
    [0.1, 0.05],
    [0.3, 0.05],
    [2.0, 0.1],
    [0.05, 0.05],
  ],
  u: [[0.02], [0.01], [0.03], [0.02]],
};
const zKl = [0.15, 0.35, 2.1, 0.1];
const uKl = [0.02, 0.01, 0.03, 0.02];
const elbo = recon.map((r, i) => r - zKl[i] - uKl[i]);

const expectClose = (actual: readonly number[], expected: readonly number[]): void => {
  expect(actual).toHaveLength(expected.length);
  actual.forEach((v, i) => expect(v, `datum ${i}`).toBeCloseTo(expected[i], 5));
};
const mean = (xs: readonly number[]): number => xs.reduce((a, x) => a + x, 0) / xs.length;

describe('freeBits on a constructed trace', () => {
  it('freeBits(0) equals the analytic-KL ELBO per datum', () => {
    const fb = valuesOn(recon, kl, freeBits(0));

    expectClose(fb, elbo);
    expectClose(valuesOn(recon, kl, (t) => elboPerDatum(t)), elbo);
  });

  it("over 'batch' floors a node whose batch-mean KL is below lambda (u: 0.02 < 0.5 becomes 0.5 on every datum) and keeps z (0.675 >= 0.5) per datum", () => {
    const fb = valuesOn(recon, kl, freeBits(0.5, { groupBy: 'node', over: 'batch' }));

    expectClose(
      fb,
      recon.map((r, i) => r - zKl[i] - 0.5),
    );
  });

  it("over 'datapoint' floors each datum's KL: max(0.5, KL_b) per node, so it differs from 'batch' where a datum is below the floor", () => {
    const fb = valuesOn(recon, kl, freeBits(0.5, { groupBy: 'node', over: 'datapoint' }));
    const batch = valuesOn(recon, kl, freeBits(0.5, { groupBy: 'node', over: 'batch' }));

    expectClose(
      fb,
      recon.map((r, i) => r - Math.max(0.5, zKl[i]) - 0.5),
    );
    expect(mean(fb)).toBeLessThan(mean(batch) - 0.1);
  });

  it("groupBy 'dimension' floors each dimension: z's dimension 1 (mean 0.0625) and u (0.02) are floored at 0.1, z's dimension 0 (0.6125) is not", () => {
    const fb = valuesOn(recon, kl, freeBits(0.1, { groupBy: 'dimension', over: 'batch' }));

    expectClose(
      fb,
      recon.map((r, i) => r - kl.z[i][0] - 0.1 - 0.1),
    );
  });

  it("with every group below the floor, 'dimension' pays one lambda per dimension (3) and 'node' one per node (2)", () => {
    const byDimension = valuesOn(recon, kl, freeBits(10, { groupBy: 'dimension' }));
    const byNode = valuesOn(recon, kl, freeBits(10, { groupBy: 'node' }));

    expectClose(
      byDimension,
      recon.map((r) => r - 30),
    );
    expectClose(
      byNode,
      recon.map((r) => r - 20),
    );
  });

  it('{ total } spreads the budget equally over the groups: a total of 30 nats costs 30 under either grouping when every group is below its share', () => {
    const byDimension = valuesOn(recon, kl, freeBits({ total: 30 }, { groupBy: 'dimension' }));
    const byNode = valuesOn(recon, kl, freeBits({ total: 30 }, { groupBy: 'node' }));
    const shareCheck = valuesOn(recon, kl, freeBits({ total: 1.2 }, { groupBy: 'node' }));

    expectClose(
      byDimension,
      recon.map((r) => r - 30),
    );
    expectClose(
      byNode,
      recon.map((r) => r - 30),
    );
    expectClose(
      shareCheck,
      recon.map((r, i) => r - zKl[i] - 0.6),
    );
  });

  it('rejects a negative floor, naming it', () => {
    expect(() => valuesOn(recon, kl, freeBits(-1))).toThrow(/lambda must be >= 0 nats, got -1/);
  });
});

const klRows = (dims: number) => fc.array(fc.array(fc.float(f32(0, 5)), { minLength: dims, maxLength: dims }), { minLength: 3, maxLength: 3 });

describe('freeBits laws over random constructed traces', () => {
  it('property: freeBits(lambda) <= ELBO in the batch mean, for every groupBy and over', () => {
    fc.assert(
      fc.property(
        klRows(2),
        klRows(1),
        fc.float(f32(0, 3)),
        fc.constantFrom<FreeBitsOptions['groupBy']>('node', 'dimension'),
        fc.constantFrom<FreeBitsOptions['over']>('batch', 'datapoint'),
        (z, u, lambda, groupBy, over) => {
          const r = [-3, -4, -5];
          const fb = valuesOn(r, { z, u }, freeBits(lambda, { ...(groupBy ? { groupBy } : {}), ...(over ? { over } : {}) }));
          const el = valuesOn(r, { z, u }, (t) => elboPerDatum(t));
          return mean(fb) <= mean(el) + 1e-5;
        },
      ),
      { numRuns: 60, seed: 7 },
    );
  });

  it("property: over 'datapoint', freeBits(lambda) <= ELBO on every datum", () => {
    fc.assert(
      fc.property(klRows(2), fc.float(f32(0, 3)), (z, lambda) => {
        const r = [-3, -4, -5];
        const fb = valuesOn(r, { z }, freeBits(lambda, { over: 'datapoint', groupBy: 'dimension' }));
        const el = valuesOn(r, { z }, (t) => elboPerDatum(t));
        return fb.every((v, i) => v <= el[i] + 1e-5);
      }),
      { numRuns: 60, seed: 8 },
    );
  });
});

describe("freeBits with kl: 'mc' on a real trace (linear-Gaussian, q off the posterior, K = 1)", () => {
  const m = linearGaussian(2, 3);
  const encoder = perturbed(exactPosterior(generative));
  const params = paramsOf(m, generative, encoder);
  afterAll(() => disposeParams(params));
  const LAMBDA = 0.3;
  const { recon, z, floored, atZero } = tf.tidy(() => {
    const t = trace(m, params, { x: tf.tensor2d(data.map((r) => [...r])) }, { k: 1, seed: 5 });
    const run = (groupBy: 'node' | 'dimension', lambda = LAMBDA): number[] => Array.from(freeBits(lambda, { groupBy, over: 'datapoint', kl: 'mc' })(t).dataSync());
    return {
      recon: Array.from(t.terms.find((n) => n.name === 'x')!.logp.dataSync()),
      z: t.q.get('z')!.t.arraySync() as number[][],
      floored: { node: run('node'), dimension: run('dimension') },
      atZero: { node: run('node', 0), dimension: run('dimension', 0) },
    };
  });
  /** The Monte Carlo KL of dimension i of datum b: log q(z_i | x_b) - log p(z_i) at the sampled z, float64. */
  const mcKl = (b: number, i: number): number => {
    const mu = encoder.a[i].reduce((a, w, j) => a + w * data[b][j], encoder.c[i]);
    return normalLogPdf(z[b][i], mu, Math.log(encoder.sigma[i])) - normalLogPdf(z[b][i], 0, 0);
  };

  it("groupBy 'node': recon - max(lambda, sum_i (log q(z_i) - log p(z_i))) per datum (within 1e-4)", () => {
    floored.node.forEach((v, b) => expect(Math.abs(v - (recon[b] - Math.max(LAMBDA, mcKl(b, 0) + mcKl(b, 1)))), `datum ${b}`).toBeLessThan(1e-4));
  });

  it('lambda 0 (the fine-tuning) is the ELBO itself, for either grouping: a negative Monte Carlo KL is not floored at 0', () => {
    const elbo = recon.map((r, b) => r - mcKl(b, 0) - mcKl(b, 1));
    [atZero.node, atZero.dimension].forEach((values) => values.forEach((v, b) => expect(Math.abs(v - elbo[b]), `datum ${b}`).toBeLessThan(1e-4)));
    expect([0, 1, 2, 3].some((b) => mcKl(b, 0) < 0 || mcKl(b, 1) < 0 || mcKl(b, 0) + mcKl(b, 1) < 0)).toBe(true);
  });

  it("groupBy 'dimension': recon - sum_i max(lambda, log q(z_i) - log p(z_i)) per datum, the Monte Carlo KL of each dimension (within 1e-4)", () => {
    floored.dimension.forEach((v, b) =>
      expect(Math.abs(v - (recon[b] - Math.max(LAMBDA, mcKl(b, 0)) - Math.max(LAMBDA, mcKl(b, 1)))), `datum ${b}`).toBeLessThan(1e-4),
    );
  });
});

describe("freeBits over 'batch' across two shards with meanOverBatch (data-parallel training, issue 20)", () => {
  // The global batch is the four data above; shard 0 holds rows 0-1 (z's mean KL 0.25), shard 1 rows 2-3 (1.1).
  // At lambda 0.5 the floor of z is active on shard 0 alone; on the global batch (0.675) it is not. u (0.015, 0.025; 0.02) is floored everywhere.
  const shards = [[0, 1], [2, 3]];
  const rowsOf = <T>(xs: readonly T[], s: number): T[] => shards[s].map((i) => xs[i]);
  const lambda = 0.5;
  /** The batch-mean objective of shard `s` (or of the whole batch) with every KL scaled by `scale`, and its derivative in `scale` at 1. */
  const run = (s: number | undefined, meanOverBatch?: BatchMean): { value: number; slope: number } => {
    const r = s === undefined ? recon : rowsOf(recon, s);
    const k = { z: s === undefined ? kl.z : rowsOf(kl.z, s), u: s === undefined ? kl.u : rowsOf(kl.u, s) };
    const objective = (scale: tf.Tensor): tf.Tensor => {
      const t = constructedTrace(r, k);
      const scaled = { ...t, terms: t.terms.map((n) => (n.role === 'latent' ? { ...n, klElements: tf.mul(n.klElements!, scale) } : n)) };
      return tf.mean(freeBits(lambda, { over: 'batch', ...(meanOverBatch === undefined ? {} : { meanOverBatch }) })(scaled));
    };
    return tf.tidy(() => {
      const one = tf.scalar(1);
      return { value: objective(one).dataSync()[0], slope: tf.grad(objective)(one).dataSync()[0] };
    });
  };
  /** Shard s's group means (recorded through the hook, passed on unchanged). */
  const localMeans = (s: number): number[] => {
    let seen: number[] = [];
    run(s, (m) => {
      seen = Array.from(m.dataSync());
      return m;
    });
    return seen;
  };
  /** A fake 2-rank reduction for shard s: the mean of its group means and the other shard's. */
  const twoRanks = (s: number): BatchMean => {
    const other = localMeans(1 - s);
    return (m) => tf.div(tf.add(m, tf.tensor1d(other)), 2);
  };

  it('gives each shard the rows of the one-process bound on the global batch, and the rank-mean of value and gradient equals the global ones', () => {
    // Arrange
    const global = run(undefined);
    // Act
    const ranks = [run(0, twoRanks(0)), run(1, twoRanks(1))];
    // Assert: the global bound floors u only: d/dscale = -mean(zKl) = -0.675.
    expect(global.slope).toBeCloseTo(-mean(zKl), 5);
    expect(mean(ranks.map((r) => r.value))).toBeCloseTo(global.value, 5);
    expect(mean(ranks.map((r) => r.slope))).toBeCloseTo(global.slope, 5);
    expect(ranks[0].slope).toBeCloseTo(-mean(rowsOf(zKl, 0)), 5);
  });

  it('without the hook each shard floors its own mean KL, and the rank-mean gradient is wrong (the gap the hook closes)', () => {
    const global = run(undefined);
    const alone = [run(0), run(1)];
    expect(alone[0].slope).toBeCloseTo(0, 5); // z floored on shard 0: no gradient
    expect(Math.abs(mean(alone.map((r) => r.slope)) - global.slope)).toBeGreaterThan(0.1);
  });

  it('differentiates with a single group (one latent node): d/dscale is -mean KL where the floor is inactive', () => {
    // Arrange: z alone (batch mean 0.675 >= 0.5).
    const objective = (scale: tf.Tensor): tf.Tensor => {
      const t = constructedTrace(recon, { z: kl.z });
      const scaled = { ...t, terms: t.terms.map((n) => (n.role === 'latent' ? { ...n, klElements: tf.mul(n.klElements!, scale) } : n)) };
      return tf.mean(freeBits(lambda, { over: 'batch' })(scaled));
    };
    // Act
    const slope = tf.tidy(() => tf.grad(objective)(tf.scalar(1)).dataSync()[0]);
    // Assert
    expect(slope).toBeCloseTo(-mean(zKl), 5);
  });

  it('calls the hook once per bound, with one mean per group (z and u by node; 3 dimensions by dimension)', () => {
    const sizes: number[] = [];
    const spy: BatchMean = (m) => {
      sizes.push(m.size);
      return m;
    };
    valuesOn(recon, kl, freeBits(lambda, { groupBy: 'node', meanOverBatch: spy }));
    valuesOn(recon, kl, freeBits(lambda, { groupBy: 'dimension', meanOverBatch: spy }));
    valuesOn(recon, kl, freeBits(lambda, { over: 'datapoint', meanOverBatch: spy }));
    expect(sizes).toEqual([2, 3]);
  });
});
