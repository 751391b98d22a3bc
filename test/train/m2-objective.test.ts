import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { model } from '../../src/dsl/builder.js';
import { categorical, normal } from '../../src/dsl/distributions/distribution.js';
import { disposeParams, initParams } from '../../src/dsl/params.js';
import { prior } from '../../src/dsl/spec.js';
import { elboPerDatum } from '../../src/inference/objectives/elbo.js';
import { enumerateLabels } from '../../src/inference/objectives/m2.js';
import { trace } from '../../src/inference/trace.js';
import { objectiveOf } from '../../src/train/objective.js';
import { compiled } from '../support/models.js';

const m = compiled(
  model().observed('x', normal([3])).latent('z', normal([2])).label('y', categorical(3))
    .p('z', prior).p('y', prior).p('x', ['z', 'y']).q('y', ['x']).q('z', ['x', 'y']).spec,
);

describe('the m2 objective of the configuration reaches the bound', () => {
  it('on labelled rows it is ELBO(x, y) + alpha log q(y | x) with the configured alpha = 7', () => {
    const params = initParams(m, 2);
    const alpha = 7;

    const { objective, elbo, logq } = tf.tidy(() => {
      const x = tf.tensor2d([[0.5, -1, 2], [1, 0, -0.5], [-2, 1, 0.25], [0, 0.5, 1]]);
      const { batch, layout } = enumerateLabels(m, { x }, tf.tensor1d([0, 2, 1, 2], 'int32'), [true, true, true, true]);
      const t = trace(m, params, batch, { k: 3, seed: 5 });
      const yTerm = t.terms.find((term) => term.name === 'y')!;
      return {
        objective: Array.from(objectiveOf({ kind: 'm2', alpha, labelled: 4 }, 0, layout)(t, 1).dataSync()),
        elbo: Array.from(elboPerDatum(t).dataSync()),
        logq: (yTerm.logq!.arraySync() as number[][]),
      };
    });
    disposeParams(params);

    const expected = elbo.map((e, b) => e + (alpha * (logq[0][b] + logq[1][b] + logq[2][b])) / 3);
    expect(logq.flat().every((v) => v < -1e-3)).toBe(true);
    objective.forEach((v, b) => expect(v).toBeCloseTo(expected[b], 3));
  });

  it('without the label layout it throws, naming the m2 objective', () => {
    expect(() => objectiveOf({ kind: 'm2', alpha: 1, labelled: 1 }, 0)({} as never, 1)).toThrow('the m2 objective needs labelled batches');
  });
});
