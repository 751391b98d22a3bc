import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { categoricalEntropy, densityOf, fixedPriorOf } from '../../../src/dsl/distributions/density.js';
import { categorical } from '../../../src/dsl/distributions/distribution.js';
import { logSoftmax } from '../../support/reference.js';
import { close, f32, valuesOf } from '../../support/tensors.js';

/** Float32 against float64: |actual - reference| <= 1e-4 + 1e-5 |reference|. */
const ABS = 1e-4;
const REL = 1e-5;

const logitsOf = (classes: number) => fc.array(fc.float(f32(-100, 100)), { minLength: classes, maxLength: classes });

/** A sequence of `steps` elements over `classes` values: logits per element, and a class index per element. */
const sequence = fc
  .record({ classes: fc.integer({ min: 2, max: 6 }), steps: fc.integer({ min: 1, max: 4 }) })
  .chain(({ classes, steps }) =>
    fc.record({
      classes: fc.constant(classes),
      logits: fc.array(logitsOf(classes), { minLength: steps, maxLength: steps }),
      xs: fc.array(fc.integer({ min: 0, max: classes - 1 }), { minLength: steps, maxLength: steps }),
    }),
  );

const logProbs = (classes: number, logits: readonly (readonly number[])[], xs: readonly number[], padId?: number): number[] =>
  valuesOf(() =>
    densityOf(categorical(classes, [xs.length], padId === undefined ? {} : { padId }), tf.tensor3d([logits.map((l) => [...l])])).logProbElements(
      tf.tensor2d([[...xs]]),
    ),
  );

describe('categorical log-density', () => {
  it('log softmax(l)[x] equals the float64 reference within 1e-4 + 1e-5 |ref| for logits in [-100, 100]', () => {
    fc.assert(
      fc.property(sequence, ({ classes, logits, xs }) => {
        const actual = logProbs(classes, logits, xs);
        return xs.every((x, t) => close(actual[t], logSoftmax(logits[t])[x], ABS, REL));
      }),
    );
  });

  it('padId masking: elements equal to padId contribute exactly 0, the others their reference log-probability', () => {
    fc.assert(
      fc.property(sequence, fc.nat(), ({ classes, logits, xs }, pick) => {
        const padId = pick % classes;
        const actual = logProbs(classes, logits, xs, padId);
        return xs.every((x, t) => (x === padId ? actual[t] === 0 : close(actual[t], logSoftmax(logits[t])[x], ABS, REL)));
      }),
    );
  });

  it('property: the probabilities of all classes sum to 1 (within 1e-5)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 10 }).chain(logitsOf), (logits) => {
        const classes = logits.length;
        const actual = valuesOf(() =>
          densityOf(categorical(classes), tf.tile(tf.tensor2d([logits]), [classes, 1])).logProbElements(tf.range(0, classes)),
        );
        return Math.abs(actual.reduce((a, v) => a + Math.exp(v), 0) - 1) <= 1e-5;
      }),
    );
  });

  it('log-densities are finite at logits +-100', () => {
    const actual = logProbs(3, [[100, -100, 0]], [1]);

    expect(Number.isFinite(actual[0])).toBe(true);
    expect(actual[0]).toBeCloseTo(-200, 2);
  });

  it('gradients with respect to the logits are finite for logits in [-100, 100], padded elements included', () => {
    fc.assert(
      fc.property(sequence, ({ classes, logits, xs }) =>
        valuesOf(() =>
          tf.grad((l: tf.Tensor) => tf.sum(densityOf(categorical(classes, [xs.length], { padId: 0 }), l).logProbElements(tf.tensor2d([xs]))))(
            tf.tensor3d([logits]),
          ),
        ).every(Number.isFinite),
      ),
    );
  });

  it('the fixed prior is uniform: log p = -log(classes), entropy log(classes)', () => {
    const prior = (): ReturnType<typeof fixedPriorOf> => fixedPriorOf(categorical(4), 2);

    const logp = valuesOf(() => prior().logProbElements(tf.tensor1d([0, 3])));
    const entropy = valuesOf(() => categoricalEntropy(prior()));

    logp.forEach((v) => expect(v).toBeCloseTo(-Math.log(4), 6));
    entropy.forEach((v) => expect(v).toBeCloseTo(Math.log(4), 5));
  });

  it('samples follow softmax(l) (class frequencies within 4 standard errors)', () => {
    const n = 20000;
    const logits = [0.5, -1, 1.5];
    const probs = logSoftmax(logits).map(Math.exp);

    const samples = valuesOf(() => densityOf(categorical(3), tf.tile(tf.tensor2d([logits]), [n, 1])).sample(5));

    probs.forEach((p, c) => {
      const freq = samples.filter((s) => s === c).length / n;
      expect(Math.abs(freq - p)).toBeLessThan(4 * Math.sqrt((p * (1 - p)) / n));
    });
  });
});
