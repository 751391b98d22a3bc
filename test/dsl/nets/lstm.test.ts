import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileLstm } from '../../../src/dsl/nets/lstm.js';
import { lstm } from '../../../src/dsl/nets/net.js';
import { evaluation, randomParams } from '../../support/nets.js';
import { BOS, buildVocabulary, encodeSentence, EOS, PAD } from '../../../src/datasets/vocabulary.js';
import { categoricalLogProbElements, categoricalParams } from '../../../src/dsl/distributions/categorical.js';
import { categorical } from '../../../src/dsl/distributions/distribution.js';

const STEPS = 5;
const VOCAB = 4;
const net = compileLstm(lstm({ embed: 3, hidden: 4, bos: 1 }), [[2]], STEPS, VOCAB, 'l');

describe('lstm decoder', () => {
  it('property (teacher forcing is causal): changing token j changes no logits at steps <= j, and some after it', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: VOCAB - 1 }), { minLength: STEPS, maxLength: STEPS }),
        fc.integer({ min: 0, max: STEPS - 2 }),
        fc.integer({ min: 1, max: VOCAB - 1 }),
        (tokens, j, shift) => {
          const params = randomParams(net.params, 7);
          const changed = tokens.map((t, i) => (i === j ? (t + shift) % VOCAB : t));
          const logits = (target: number[]): number[][][] =>
            tf.tidy(() => net.apply(params.get, [tf.tensor2d([[0.3, -0.6]])], evaluation, tf.tensor2d([target])).arraySync() as number[][][]);
          const [a, b] = [logits(tokens), logits(changed)];
          params.dispose();
          const same = (t: number): boolean => a[0][t].every((v, c) => Math.abs(v - b[0][t][c]) < 1e-6);
          return Array.from({ length: j + 1 }, (_, t) => t).every(same) && !same(j + 1);
        },
      ),
      { numRuns: 20 },
    );
  });

  it('scores [N, steps, vocab] logits and samples [N, steps] tokens in 0..vocab-1', () => {
    const params = randomParams(net.params, 2);

    const [shape, tokens] = tf.tidy(() => {
      const feats = tf.tensor2d([
        [1, 0],
        [0, 1],
        [0.5, 0.5],
      ]);
      const scored = net.apply(params.get, [feats], evaluation, tf.zeros([3, STEPS]));
      return [scored.shape, net.sample!(params.get, [feats], 9).arraySync() as number[][]];
    });
    params.dispose();

    expect(shape).toEqual([3, STEPS, VOCAB]);
    expect(tokens).toHaveLength(3);
    expect(tokens.flat().every((t) => Number.isInteger(t) && t >= 0 && t < VOCAB)).toBe(true);
  });

  it('sampling holds a bounded number of tensors whatever the length: each step frees its logits and the old state', () => {
    // Arrange: the same decoder at 5 and at 40 steps, called outside any tidy
    const short = compileLstm(lstm({ embed: 3, hidden: 4, bos: 1 }), [[2]], 5, VOCAB, 'l');
    const long = compileLstm(lstm({ embed: 3, hidden: 4, bos: 1 }), [[2]], 40, VOCAB, 'l');
    const params = randomParams(short.params, 2);
    const feats = tf.tensor2d([[1, 0]]);
    const left = (n: typeof net): number => {
      const before = tf.memory().numTensors;
      const out = n.sample!(params.get, [feats], 9);
      const extra = tf.memory().numTensors - before;
      out.dispose();
      return extra;
    };
    // Act
    const [a, b] = [left(short), left(long)];
    params.dispose();
    feats.dispose();
    // Assert: the tokens of each step stay (for the stack), nothing else per step
    expect(b - a).toBeLessThanOrEqual(40 - 5);
  });

  it('scoring without the target tokens is an error naming teacher forcing', () => {
    const params = randomParams(net.params, 2);

    const run = (): unknown => tf.tidy(() => net.apply(params.get, [tf.zeros([1, 2])], evaluation));

    expect(run).toThrow('teacher forcing');
    params.dispose();
  });
});

describe('lstm decoder on encoded sentences (issue 14.3)', () => {
  it('scores the words and EOS given BOS, never BOS and never padding', () => {
    const vocabulary = buildVocabulary([['a', 'b']]);
    const steps = 5;
    const decoder = compileLstm(lstm({ embed: 3, hidden: 4, bos: BOS }), [[2]], steps, vocabulary.size, 'l');
    const params = randomParams(decoder.params, 3);
    const row = encodeSentence(vocabulary, ['a', 'b'], steps);
    const spec = categorical(vocabulary.size, [steps], { padId: PAD });

    const scored = tf.tidy(() => {
      const target = tf.tensor2d([Array.from(row)], [1, steps], 'int32');
      const raw = decoder.apply(params.get, [tf.tensor2d([[0.5, -0.5]])], evaluation, target);
      return Array.from(categoricalLogProbElements(spec, categoricalParams(spec, raw), target).dataSync());
    });
    params.dispose();

    expect(Array.from(row)).toEqual([vocabulary.ids.get('a'), vocabulary.ids.get('b'), EOS, PAD, PAD]);
    expect(scored.map((v) => v < 0)).toEqual([true, true, true, false, false]);
  });
});
