import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { compileConditional } from '../../../src/dsl/nets/compile.js';
import { compileLstm } from '../../../src/dsl/nets/lstm.js';
import { lstm } from '../../../src/dsl/nets/net.js';
import { evaluation, randomParams } from '../../support/nets.js';
import { BOS, buildVocabulary, encodeSentence, EOS, PAD } from '../../../src/datasets/vocabulary.js';
import { categoricalLogProbElements, categoricalParams } from '../../../src/dsl/distributions/categorical.js';
import { categorical } from '../../../src/dsl/distributions/distribution.js';

const STEPS = 5;
const VOCAB = 4;
const net = compileLstm(lstm({ embed: 3, hidden: 4, bos: 1 }), [[2]], STEPS, VOCAB, 'l');

// wasm is imported for the PAD test below; the others run on cpu.
beforeAll(async () => {
  await tf.setBackend('cpu');
});

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

describe('lstm decoder with the Categorical\'s PAD id (issue 18)', () => {
  it.each(['cpu', 'wasm'])('on %s: the logits of PAD targets are exactly 0, the others those of the plain decoder, and so are the log-density and its gradients', async (backend) => {
    // Arrange
    await tf.setBackend(backend);
    const spec = categorical(VOCAB, [STEPS], { padId: 0 });
    const skipping = compileConditional(lstm({ embed: 3, hidden: 4, bos: 1 }), [[2]], spec, 'l');
    const plain = compileConditional(lstm({ embed: 3, hidden: 4, bos: 1 }), [[2]], categorical(VOCAB, [STEPS]), 'l');
    const params = randomParams(plain.params, 5);
    const target = tf.tensor2d([[3, 2, 0, 0, 0], [2, 3, 3, 2, 0], [1, 1, 2, 3, 2]]);
    const feats = tf.tensor2d([[0.3, -0.6], [1, 0.2], [-0.5, 0.5]]);
    const before = tf.memory().numTensors;
    // Act
    const run = (net: typeof plain) => tf.tidy(() => {
      const f = (p: tf.Tensor): tf.Tensor => net.apply((name) => (name === 'l/out/w' ? p : params.get(name)), [feats], evaluation, target);
      const logp = (p: tf.Tensor): tf.Tensor => tf.sum(categoricalLogProbElements(spec, categoricalParams(spec, f(p)), target));
      const w = params.get('l/out/w');
      return [f(w), logp(w), tf.grad(logp)(w)].map((t) => Array.from(t.dataSync()));
    });
    const [[logitsSkip, logpSkip, gradSkip], [logitsPlain, logpPlain, gradPlain]] = [run(skipping), run(plain)];
    // Assert
    expect(tf.memory().numTensors).toBe(before);
    const pad = (i: number): boolean => target.dataSync()[Math.floor(i / VOCAB)] === 0;
    expect(logitsSkip.filter((_, i) => pad(i)).every((v) => Object.is(v, 0))).toBe(true);
    expect(logitsSkip.every((v, i) => pad(i) || Math.abs(v - logitsPlain[i]) < 1e-6)).toBe(true);
    expect(logitsPlain.some((v, i) => pad(i) && v !== 0)).toBe(true);
    expect(Math.abs(logpSkip[0] - logpPlain[0])).toBeLessThan(1e-5);
    expect(gradSkip.every((g, i) => Math.abs(g - gradPlain[i]) < 1e-5)).toBe(true);
    tf.dispose([target, feats]);
    params.dispose();
    await tf.setBackend('cpu');
  });
});
