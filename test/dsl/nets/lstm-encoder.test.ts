import * as tf from '@tensorflow/tfjs';
import * as E from 'fp-ts/lib/Either.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeSpec, encodeSpec } from '../../../src/dsl/codec.js';
import { categorical, lstmEncoder, model, normal, prior, validate } from '../../../src/dsl/index.js';
import { compileLstmEncoder } from '../../../src/dsl/nets/lstm-encoder.js';
import { evaluation, randomParams } from '../../support/nets.js';

const VOCAB = 7;
const spec = lstmEncoder(VOCAB, { embed: 3, hidden: 5 });

/** The encoder's output for `rows` of token ids, compiled for their length, with parameters from `seed`. */
const encode = (rows: number[][], seed: number): number[][] => {
  const net = compileLstmEncoder(spec, [[rows[0].length]], 'e');
  const params = randomParams(net.params, seed);
  const out = tf.tidy(() => net.apply(params.get, [tf.tensor2d(rows, undefined, 'float32')], evaluation).arraySync() as number[][]);
  params.dispose();
  return out;
};

describe('lstmEncoder', () => {
  it('law: padding after a sentence leaves its code unchanged (the state after the last token that is not PAD)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: VOCAB - 1 }), { minLength: 1, maxLength: 6 }), fc.integer({ min: 1, max: 4 }), (words, pads) => {
        const [short] = encode([words], 3);
        const [padded] = encode([[...words, ...Array<number>(pads).fill(0)]], 3);
        return short.every((v, i) => Math.abs(v - padded[i]) < 1e-5);
      }),
      { numRuns: 20 },
    );
  });

  it('outputs [N, hidden] that depends on the words and their order, leaving no tensor behind', () => {
    // Arrange
    const before = tf.memory().numTensors;
    // Act
    const codes = encode([[3, 4, 2, 0], [4, 3, 2, 0], [3, 4, 2, 0]], 5);
    // Assert
    expect(codes.map((c) => c.length)).toEqual([5, 5, 5]);
    expect(codes[0]).toEqual(codes[2]);
    expect(codes[0].some((v, i) => Math.abs(v - codes[1][i]) > 1e-4)).toBe(true);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('validates as q(z | x) over a token node, round-trips through JSON, and is refused over a Normal latent', () => {
    // Arrange
    const sentences = model<string>()
      .observed('x', categorical(VOCAB, [6], { padId: 0 }))
      .latent('z', normal([2]), { layer: 1 })
      .latent('w', normal([3]), { layer: 2 })
      .p('w', prior)
      .p('z', ['w'])
      .p('x', ['z']);
    // Act
    const good = validate(sentences.q('z', ['x'], spec).q('w', ['z']).spec);
    const bad = validate(sentences.q('z', ['x'], spec).q('w', ['z'], spec).spec);
    const json = JSON.parse(JSON.stringify(encodeSpec(sentences.q('z', ['x'], spec).q('w', ['z']).spec)));
    // Assert
    expect(E.isRight(good)).toBe(true);
    expect(E.isLeft(bad) && bad.left.map((e) => `${e.node}: ${e.message}`).join('\n')).toMatch(/w: .*an lstmEncoder reads token ids, but 'z' is normal/);
    expect(decodeSpec(json)).toEqual(E.right(E.isRight(good) ? good.right.spec : undefined));
  });
});
