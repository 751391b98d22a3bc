import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { disposeParams, initParams, parameterCounts } from '../../src/dsl/index.js';
import { elboPerDatum } from '../../src/inference/objectives/elbo.js';
import { trace } from '../../src/inference/trace.js';
import { BROWN, meanOfSteps, tokenBatch, TOKENS, trainOnTokens, zooModel } from './zoo.js';

describe('lstm-lm', () => {
  it.each(['tiny', 'small'])('has biva-lstm\'s parameter budget (within 5 percent) at %s, on Brown and on small tokens', (preset) => {
    for (const data of [BROWN, TOKENS]) {
      // Act
      const lm = parameterCounts(zooModel('lstm-lm', preset, data)).total;
      const biva = parameterCounts(zooModel('biva-lstm', preset, data)).total;
      if (data === BROWN) console.log(`${preset} on Brown: lstm-lm ${lm} parameters, biva-lstm ${biva}`);
      // Assert
      expect(Math.abs(lm - biva) / biva).toBeLessThan(0.05);
    }
  });

  it('is an LSTM decoder over the tokens whose one latent has KL exactly 0: the bound is log p(x | z)', async () => {
    // Arrange
    const m = zooModel('lstm-lm', 'tiny', TOKENS);
    const params = initParams(m, 1);
    const x = tokenBatch(6);
    // Act
    const [bound, kl, logpx] = tf.tidy(() => {
      const t = trace(m, params, { x }, { k: 1, seed: 2 });
      const z = t.terms.find((n) => n.name === 'z')!;
      const obs = t.terms.find((n) => n.name === 'x')!;
      return [elboPerDatum(t), tf.sub(z.logq!, z.logp), obs.logp].map((v) => v.arraySync() as number[] | number[][]);
    });
    // Assert
    expect(m.spec.p.find((c) => c.node === 'x')?.conditional).toMatchObject({ net: { kind: 'lstm' } });
    expect((kl as number[][]).flat().every((v) => v === 0)).toBe(true);
    expect(bound).toEqual((logpx as number[][])[0]);
    x.dispose();
    disposeParams(params);
  });

  it('trains: Adamax steps on 8 sentences lower -ELBO without leaking tensors', () => {
    // Act
    const { losses, tensorsAfterFirst, tensorsAfterLast } = trainOnTokens('lstm-lm');
    // Assert
    expect(losses.every(Number.isFinite)).toBe(true);
    expect(meanOfSteps(losses, 8, 10)).toBeLessThan(losses[0]);
    expect(tensorsAfterLast).toBe(tensorsAfterFirst);
  });
});
