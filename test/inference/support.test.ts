import * as tf from '@tensorflow/tfjs';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { model } from '../../src/dsl/builder.js';
import { bernoulli, categorical, discretizedLogistic, normal } from '../../src/dsl/distributions/distribution.js';
import { mlp } from '../../src/dsl/nets/net.js';
import { prior } from '../../src/dsl/spec.js';
import { checkSupport } from '../../src/inference/support.js';
import { compiled } from '../support/models.js';

/** A model whose one observed node `x` has the distribution `d`. */
const over = (d: Parameters<ReturnType<typeof model>['observed']>[1]) =>
  compiled(model().observed('x', d).latent('z', normal([1])).p('z', prior).p('x', ['z'], mlp([2])).q('z', ['x'], mlp([2])).spec);

describe('checkSupport (issue 14.2)', () => {
  it('names the node, the source, the first offending value and its position', () => {
    const m = over(categorical(5, [3]));
    const rows = tf.tensor2d([[0, 1, 2], [0, 1, 99], [0, 1, -2]]);

    const r = checkSupport(m, { x: rows }, 'tokens.json');
    rows.dispose();

    expect(E.isLeft(r) && [r.left.node, r.left.source, r.left.row, r.left.index, r.left.value]).toEqual(['x', 'tokens.json', 1, [2], 99]);
    expect(E.isLeft(r) && r.left.message).toBe("tokens.json: node 'x' (categorical) takes integers 0..4, but row 1, element [2] holds 99");
  });

  it('accepts in-support data of every family, padding ids included, from tensors or arrays', () => {
    const cases: [ReturnType<typeof over>, ArrayLike<number>][] = [
      [over(categorical(5, [3], { padId: 7 })), [0, 4, 7, 1, 2, 3]],
      [over(bernoulli([2])), new Float32Array([0, 1, 1, 0])],
      [over(discretizedLogistic([1, 2, 1], 1)), new Uint8Array([0, 255, 3, 128])],
      [over(normal([2])), [1e30, -3.5, 0, 2]],
    ];

    expect(cases.map(([m, values]) => E.isRight(checkSupport(m, { x: values }, 'data')))).toEqual([true, true, true, true]);
  });

  it('refuses a value outside each family: Bernoulli 0.5, pixel 256, Normal NaN and Infinity, a fractional class', () => {
    const firstBad = (m: ReturnType<typeof over>, values: number[]) => {
      const r = checkSupport(m, { x: values }, 'data');
      return E.isLeft(r) ? r.left.value : undefined;
    };

    expect(firstBad(over(bernoulli([2])), [0, 1, 0.5, 1])).toBe(0.5);
    expect(firstBad(over(discretizedLogistic([1, 1, 1], 1)), [3, 256])).toBe(256);
    expect(firstBad(over(normal([1])), [1, NaN])).toBeNaN();
    expect(firstBad(over(normal([1])), [Infinity])).toBe(Infinity);
    expect(firstBad(over(categorical(3, [])), [1.5])).toBe(1.5);
  });

  it('skips nodes absent from the data (unlabelled batches have no labels)', () => {
    expect(E.isRight(checkSupport(over(bernoulli([2])), {}, 'data'))).toBe(true);
  });
});
