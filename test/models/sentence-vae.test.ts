import { describe, expect, it } from 'vitest';
import { parameterCounts } from '../../src/dsl/index.js';
import { BROWN, meanOfSteps, parentsOf, TOKENS, trainOnTokens, zooModel } from './zoo.js';

describe('sentence-vae (Bowman et al. 2016)', () => {
  it.each(['tiny', 'small'])('has biva-lstm\'s parameter budget (within 5 percent) at %s, on Brown and on small tokens', (preset) => {
    for (const data of [BROWN, TOKENS]) {
      // Act
      const vae = parameterCounts(zooModel('sentence-vae', preset, data)).total;
      const biva = parameterCounts(zooModel('biva-lstm', preset, data)).total;
      if (data === BROWN) console.log(`${preset} on Brown: sentence-vae ${vae} parameters, biva-lstm ${biva}`);
      // Assert
      expect(Math.abs(vae - biva) / biva).toBeLessThan(0.05);
    }
  });

  it('is an LSTM encoder -> one Gaussian z (the preset\'s latent units together) -> an LSTM decoder', () => {
    // Act
    const m = zooModel('sentence-vae', 'small', TOKENS);
    // Assert
    expect(m.latents).toEqual(['z']);
    expect(m.nodes.get('z')?.shape).toEqual([32 + 16 + 8]);
    expect(parentsOf(m, 'q', 'z')).toEqual(['x']);
    expect(parentsOf(m, 'p', 'x')).toEqual(['z']);
    expect(m.spec.q.find((c) => c.node === 'z')?.conditional).toMatchObject({ net: { kind: 'lstmEncoder', vocabulary: 60, pad: 0 } });
    expect(m.spec.p.find((c) => c.node === 'x')?.conditional).toMatchObject({ net: { kind: 'lstm', bos: 1 } });
  });

  it('trains: Adamax steps on 8 sentences lower -ELBO without leaking tensors', () => {
    // Act
    const { losses, tensorsAfterFirst, tensorsAfterLast } = trainOnTokens('sentence-vae');
    // Assert
    expect(losses.every(Number.isFinite)).toBe(true);
    expect(meanOfSteps(losses, 8, 10)).toBeLessThan(losses[0]);
    expect(tensorsAfterLast).toBe(tensorsAfterFirst);
  });
});
