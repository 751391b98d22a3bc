import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { IMAGES, meanOfSteps, mnistBatch, train, zooModel } from './zoo.js';

describe.each(['vae', 'lvae', 'lvae-plus', 'biva'])('%s training', (name) => {
  it('Adamax steps on 8 real MNIST images lower -ELBO (mean of steps 8-10 below step 1) without leaking tensors', () => {
    const m = zooModel(name, 'tiny', IMAGES);
    const { x, y } = mnistBatch(8);

    const { losses, tensorsAfterFirst, tensorsAfterLast } = train(m, { x }, 10);
    tf.dispose([x, y]);

    expect(losses.every(Number.isFinite)).toBe(true);
    expect(meanOfSteps(losses, 8, 10)).toBeLessThan(losses[0]);
    expect(tensorsAfterLast).toBe(tensorsAfterFirst);
  });
});
