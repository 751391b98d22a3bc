import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import * as E from 'fp-ts/lib/Either.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeSpec, encodeSpec } from '../../../src/dsl/codec.js';
import { categorical, lstmEncoder, model, normal, prior, validate } from '../../../src/dsl/index.js';
import { compileLstmEncoder } from '../../../src/dsl/nets/lstm-encoder.js';
import { evaluation, randomParams } from '../../support/nets.js';
import { skipReason } from '../../backend/native/reference.js';

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

/**
 * The encoder as first written, the reference: a one-hot embedding product,
 * then one LSTM step at a time, every PAD position carrying the state
 * through unchanged; the state after the last step.
 */
const reference = (get: (name: string) => tf.Tensor, ids: tf.Tensor2D, hidden: number): tf.Tensor => {
  const [n, steps] = ids.shape;
  const byStep = tf.transpose(tf.cast(ids, 'int32'));
  const embedded = tf.matMul(tf.oneHot(byStep.flatten(), VOCAB), get('e/embedding'));
  const xsAll = tf.add(tf.matMul(embedded, get('e/wx')), get('e/b')).reshape([steps * n, 4 * hidden]);
  const keepAll = tf.cast(tf.notEqual(byStep, 0), 'float32').reshape([steps * n, 1]);
  const xs = Array.from({ length: steps }, (_, t) => tf.slice(xsAll, [t * n, 0], [n, 4 * hidden]));
  const keep = Array.from({ length: steps }, (_, t) => tf.slice(keepAll, [t * n, 0], [n, 1]));
  let [h, c]: tf.Tensor[] = [tf.zeros([n, hidden]), tf.zeros([n, hidden])];
  for (let t = 0; t < steps; t++) {
    const [i, f, o, g] = tf.split(tf.add(xs[t], tf.matMul(h, get('e/wh'))), 4, 1);
    const cNext = tf.add(tf.mul(tf.sigmoid(f), c), tf.mul(tf.sigmoid(i), tf.tanh(g)));
    const hNext = tf.mul(tf.sigmoid(o), tf.tanh(cNext));
    [h, c] = [tf.add(h, tf.mul(keep[t], tf.sub(hNext, h))), tf.add(c, tf.mul(keep[t], tf.sub(cNext, c)))];
  }
  return h;
};

/** Rows of token ids with PAD (0) anywhere: before, inside and after the words, and rows of PAD only. */
const paddedRows = fc.integer({ min: 1, max: 6 }).chain((steps) =>
  fc.array(fc.array(fc.oneof(fc.constant(0), fc.integer({ min: 1, max: VOCAB - 1 })), { minLength: steps, maxLength: steps }), { minLength: 1, maxLength: 4 }));

describe.each(['cpu', skipReason === '' ? 'wasm + native kernels' : 'wasm'])('lstmEncoder on %s against the step-by-step reference', (name) => {
  const backend = name.startsWith('wasm') ? 'wasm' : name;
  it('property: the same codes and the same gradients for every parameter, PAD anywhere, leaving no tensor behind', async () => {
    await tf.setBackend(backend);
    const hidden = 5;
    fc.assert(fc.property(paddedRows, fc.nat(1000), (rows, seed) => {
      const net = compileLstmEncoder(spec, [[rows[0].length]], 'e');
      const params = randomParams(net.params, seed);
      const names = [...params.values.keys()];
      const before = tf.memory().numTensors;
      const errors = tf.tidy(() => {
        const ids = tf.tensor2d(rows, undefined, 'float32');
        const weights = tf.randomNormal([rows.length, hidden], 0, 1, 'float32', seed);
        const lookup = (vs: tf.Tensor[]) => (name: string): tf.Tensor => vs[names.indexOf(name)];
        const loss = (f: (get: (name: string) => tf.Tensor) => tf.Tensor) => (...vs: tf.Tensor[]) => tf.sum(tf.mul(f(lookup(vs)), weights));
        const ours = (get: (name: string) => tf.Tensor) => net.apply(get, [ids], evaluation);
        const theirs = (get: (name: string) => tf.Tensor) => reference(get, ids, hidden);
        const values = names.map((name) => params.values.get(name)!);
        const gradsOurs = tf.grads(loss(ours))(values);
        const gradsTheirs = tf.grads(loss(theirs))(values);
        const diff = (a: tf.Tensor, b: tf.Tensor): number => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0];
        return [diff(ours(params.get), theirs(params.get)), ...gradsOurs.map((g, i) => diff(g, gradsTheirs[i]))];
      });
      const leaked = tf.memory().numTensors - before;
      params.dispose();
      expect(leaked).toBe(0);
      expect(Math.max(...errors)).toBeLessThan(1e-4);
    }), { numRuns: 25 });
    await tf.setBackend('cpu');
  });
});

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
