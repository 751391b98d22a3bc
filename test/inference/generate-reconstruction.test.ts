import * as tf from '@tensorflow/tfjs';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { bernoulli, categorical, disposeParams, initParams, lstm, mlp, model, normal, prior, validate, type Distribution, type Model, type NetSpec } from '../../src/dsl/index.js';
import { reconstruct } from '../../src/inference/generate-reconstruction.js';

const EOS = 2;
const T = 8;

/** One latent z and an observed x with distribution `x`, decoded by `net`. */
const oneLatent = (x: Distribution, net: NetSpec): Model => {
  const spec = model<string>().observed('x', x).latent('z', normal([2]), { layer: 1 }).p('z', prior).p('x', ['z'], net).q('z', ['x'], mlp([8])).spec;
  const m = validate(spec);
  if (E.isLeft(m)) throw new Error(m.left.map((e) => e.message).join('; '));
  return m.right;
};

const sentences = (b: number): tf.Tensor2D =>
  tf.tensor2d(Array.from({ length: b }, (_, r) => Array.from({ length: T }, (_, i) => (i < 3 + (r % 4) ? 3 + ((r + i) % 3) : i === 3 + (r % 4) ? EOS : 0))), [b, T], 'float32');

describe('reconstruct', () => {
  it.each([
    ['an LSTM decoder (decoded step by step)', lstm({ embed: 4, hidden: 8, bos: 1 })],
    ['a dense decoder (most probable id per position)', mlp([8])],
  ])('gives token rows cut after their first EOS, for %s, leaving only its result', async (_, net) => {
    // Arrange
    const m = oneLatent(categorical(6, [T], { padId: 0 }), net);
    const params = initParams(m, 4);
    const x = sentences(32);
    const before = tf.memory().numTensors;
    // Act
    const r = reconstruct(m, params, { x }, { seed: 3, eos: EOS });
    // Assert
    expect(tf.memory().numTensors).toBe(before + 1);
    const rows = (await r.get('x')!.array()) as number[][];
    expect(rows).toHaveLength(32);
    expect(rows.flat().every((id) => Number.isInteger(id) && id >= 0 && id < 6)).toBe(true);
    for (const row of rows.filter((w) => w.includes(EOS))) expect(row.slice(row.indexOf(EOS) + 1).every((id) => id === 0)).toBe(true);
    tf.dispose([x, ...r.values()]);
    disposeParams(params);
  });

  it('gives the mean of p(x | z) for images', async () => {
    // Arrange
    const m = oneLatent(bernoulli([4]), mlp([8]));
    const params = initParams(m, 4);
    const x = tf.tensor2d([[0, 1, 1, 0], [1, 1, 0, 0]]);
    // Act
    const r = reconstruct(m, params, { x }, { seed: 3 });
    // Assert
    const values = await r.get('x')!.data();
    expect(r.get('x')!.shape).toEqual([2, 4]);
    expect(Array.from(values).every((v) => v > 0 && v < 1)).toBe(true);
    tf.dispose([x, ...r.values()]);
    disposeParams(params);
  });
});
