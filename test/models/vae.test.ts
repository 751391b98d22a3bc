import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { IMAGES, meanOfSteps, mnistBatch, parentsOf, train, zooModel } from './zoo.js';

describe('vae', () => {
  it('has the stacked factorization: p(z_i | z_{i+1}), p(x | z_1), bottom-up q(z_1 | x), q(z_i | z_{i-1}), no deterministic nodes', () => {
    const m = zooModel('vae', 'small', IMAGES);

    expect(parentsOf(m, 'p', 'x')).toEqual(['z1']);
    expect([1, 2].map((i) => parentsOf(m, 'p', `z${i}`))).toEqual([['z2'], ['z3']]);
    expect(m.p.get('z3')?.kind).toBe('prior');
    expect([1, 2, 3].map((i) => parentsOf(m, 'q', `z${i}`))).toEqual([['x'], ['z1'], ['z2']]);
    expect(m.deterministic.size).toBe(0);
  });

  it('Adamax steps on 8 real MNIST images lower -ELBO (mean of steps 8-10 below step 1) without leaking tensors', () => {
    const m = zooModel('vae', 'tiny', IMAGES);
    const { x, y } = mnistBatch(8);

    const { losses, tensorsAfterFirst, tensorsAfterLast } = train(m, { x }, 10);
    tf.dispose([x, y]);

    expect(losses.every(Number.isFinite)).toBe(true);
    expect(meanOfSteps(losses, 8, 10)).toBeLessThan(losses[0]);
    expect(tensorsAfterLast).toBe(tensorsAfterFirst);
  });
});
