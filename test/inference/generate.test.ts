import * as tf from '@tensorflow/tfjs';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { categorical, disposeParams, initParams, lstm, mlp, model, normal, prior, validate, type Model, type NetSpec } from '../../src/dsl/index.js';
import { generate } from '../../src/inference/generate.js';

const EOS = 2;
const T = 8;

/** A sentence model over 6 ids (PAD 0, BOS 1, EOS 2) of length T, decoded by `net` from one latent. */
const sentenceModel = (net: NetSpec): Model => {
  const spec = model<string>()
    .observed('x', categorical(6, [T], { padId: 0 }))
    .latent('z', normal([2]), { layer: 1 })
    .p('z', prior)
    .p('x', ['z'], net)
    .q('z', ['x'], mlp([8])).spec;
  const m = validate(spec);
  if (E.isLeft(m)) throw new Error(m.left.map((e) => e.message).join('; '));
  return m.right;
};

const rowsOf = async (t: tf.Tensor): Promise<number[][]> => (await t.array()) as number[][];

describe('generate', () => {
  it('leaves no tensor behind when called outside tf.tidy, once its samples and means are disposed', () => {
    // Arrange
    const m = sentenceModel(mlp([8]));
    const params = initParams(m, 1);
    const before = tf.memory().numTensors;
    // Act
    const g = generate(m, params, { n: 5, seed: 3 });
    const held = tf.memory().numTensors - before;
    tf.dispose([...g.samples.values(), ...g.means.values()]);
    // Assert
    expect(held).toBe(2);
    expect(tf.memory().numTensors).toBe(before);
    disposeParams(params);
  });

  it.each([
    ['an LSTM decoder', lstm({ embed: 4, hidden: 8, bos: 1 })],
    ['a dense decoder', mlp([8])],
  ])('cuts every sampled sentence after its first EOS (%s)', async (_, net) => {
    // Arrange
    const m = sentenceModel(net);
    const params = initParams(m, 2);
    // Act
    const g = generate(m, params, { n: 64, seed: 5, eos: EOS });
    const rows = await rowsOf(g.samples.get('x')!);
    // Assert
    const ended = rows.filter((r) => r.slice(0, T - 1).includes(EOS));
    expect(ended.length).toBeGreaterThan(0);
    for (const r of ended) expect(r.slice(r.indexOf(EOS) + 1).every((id) => id === 0)).toBe(true);
    tf.dispose([...g.samples.values(), ...g.means.values()]);
    disposeParams(params);
  });

  it('without eos keeps every sampled position (the raw decoder output)', async () => {
    // Arrange
    const m = sentenceModel(lstm({ embed: 4, hidden: 8, bos: 1 }));
    const params = initParams(m, 2);
    // Act
    const g = generate(m, params, { n: 64, seed: 5 });
    const rows = await rowsOf(g.samples.get('x')!);
    // Assert
    expect(rows.some((r) => r.slice(0, T - 1).includes(EOS) && r.slice(r.indexOf(EOS) + 1).some((id) => id !== 0))).toBe(true);
    tf.dispose([...g.samples.values(), ...g.means.values()]);
    disposeParams(params);
  });
});
