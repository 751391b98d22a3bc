import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { densityOf } from '../../../src/dsl/distributions/density.js';
import { discretizedLogistic } from '../../../src/dsl/distributions/distribution.js';
import { discretizedLogisticLogProb } from '../../support/reference.js';
import { f32, valuesOf } from '../../support/tensors.js';

/** One pixel's mixture: M logits, then means[ch][k] and logScales[ch][k] for `channels` channels. */
interface Mixture {
  readonly logits: number[];
  readonly means: number[][];
  readonly logScales: number[][];
}

const mixture = (channels: number, mixtures: number, logScale: { min: number; max: number }, mean = 1, logit = 3): fc.Arbitrary<Mixture> => {
  const grid = (b: { min: number; max: number }) =>
    fc.array(fc.array(fc.float(f32(b.min, b.max)), { minLength: mixtures, maxLength: mixtures }), { minLength: channels, maxLength: channels });
  return fc.record({
    logits: fc.array(fc.float(f32(-logit, logit)), { minLength: mixtures, maxLength: mixtures }),
    means: grid({ min: -mean, max: mean }),
    logScales: grid(logScale),
  });
};

/** The raw net output [1, 1, 1, M (1 + 2c)] of one pixel: logits, means (channel-major), log-scales (channel-major). */
const rawOf = (m: Mixture): tf.Tensor => tf.tensor4d([...m.logits, ...m.means.flat(), ...m.logScales.flat()], [1, 1, 1, m.logits.length * (1 + 2 * m.means.length)]);

/** log P(pixel) for each pixel (each an array of c channel values), all under the same mixture. */
const logProbs = (m: Mixture, pixels: readonly (readonly number[])[]): number[] => {
  const c = m.means.length;
  return valuesOf(() => {
    const raw = tf.tile(rawOf(m), [pixels.length, 1, 1, 1]);
    return densityOf(discretizedLogistic([1, 1, c], m.logits.length), raw).logProbElements(tf.tensor4d(pixels.flat(), [pixels.length, 1, 1, c]));
  });
};

const pixelOf = (channels: number) =>
  fc.array(fc.oneof(fc.constantFrom(0, 255, 1, 254, 127, 128), fc.integer({ min: 0, max: 255 })), { minLength: channels, maxLength: channels });

describe('discretized logistic mixture log-density', () => {
  it('matches the float64 reference within 2e-4 + 1e-4 |ref| (incl. edge bins 0 and 255), log-scales in [-10, 5]', () => {
    fc.assert(
      fc.property(
        fc.record({ channels: fc.integer({ min: 1, max: 3 }), mixtures: fc.integer({ min: 1, max: 4 }) }).chain(({ channels, mixtures }) =>
          fc.tuple(mixture(channels, mixtures, { min: -10, max: 5 }), fc.array(pixelOf(channels), { minLength: 1, maxLength: 6 })),
        ),
        ([m, pixels]) => {
          const actual = logProbs(m, pixels);
          return pixels.every((p, i) => {
            const ref = discretizedLogisticLogProb(p, m.logits, m.means, m.logScales);
            return Math.abs(actual[i] - ref) <= 2e-4 + 1e-4 * Math.abs(ref);
          });
        },
      ),
    );
  });

  it('edge bins take the tails: P(0) = sigmoid((-1 + 1/255 - mu) / s) and P(255) = 1 - sigmoid((1 - 1/255 - mu) / s)', () => {
    const m: Mixture = { logits: [0], means: [[0.3]], logScales: [[-1]] };
    const s = Math.exp(-1);
    const sigmoid = (a: number): number => 1 / (1 + Math.exp(-a));

    const [p0, p255] = logProbs(m, [[0], [255]]);

    expect(Math.exp(p0)).toBeCloseTo(sigmoid((-1 + 1 / 255 - 0.3) / s), 6);
    expect(Math.exp(p255)).toBeCloseTo(1 - sigmoid((1 - 1 / 255 - 0.3) / s), 6);
  });

  it('property: the probabilities of the 256 bins of one channel sum to 1 (within 1e-4), log-scales in [-10, 5]', () => {
    const bins = Array.from({ length: 256 }, (_, v) => [v]);
    fc.assert(
      fc.property(mixture(1, 3, { min: -10, max: 5 }), (m) => {
        const total = logProbs(m, bins).reduce((a, v) => a + Math.exp(v), 0);
        return Math.abs(total - 1) <= 1e-4;
      }),
      { numRuns: 30 },
    );
  });

  it('log-densities are finite for log-scales -10..10, means -100..100 and mixture logits -100..100', () => {
    fc.assert(
      fc.property(
        fc.tuple(mixture(3, 2, { min: -10, max: 10 }, 100, 100), fc.array(pixelOf(3), { minLength: 1, maxLength: 4 })),
        ([m, pixels]) => logProbs(m, pixels).every(Number.isFinite),
      ),
    );
  });

  it('gradients of the log-density with respect to the raw parameters are finite at log-scales -10..10 and means -100..100', () => {
    fc.assert(
      fc.property(fc.tuple(mixture(1, 2, { min: -10, max: 10 }, 100, 100), pixelOf(1)), ([m, pixel]) => {
        const grads = valuesOf(() =>
          tf.grad((raw: tf.Tensor) => tf.sum(densityOf(discretizedLogistic([1, 1, 1], 2), raw).logProbElements(tf.tensor4d(pixel, [1, 1, 1, 1]))))(rawOf(m)),
        );
        return grads.every(Number.isFinite);
      }),
    );
  });

  it('samples are integer pixels in 0..255', () => {
    const m: Mixture = { logits: [0, 1], means: [[-0.5, 0.5]], logScales: [[-2, -3]] };

    const samples = valuesOf(() => densityOf(discretizedLogistic([1, 1, 1], 2), tf.tile(rawOf(m), [500, 1, 1, 1])).sample(3));

    expect(samples.every((v) => Number.isInteger(v) && v >= 0 && v <= 255)).toBe(true);
  });
});
