import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { disposeParams, initParams } from '../../src/dsl/index.js';
import { analyticKlLatents } from '../../src/inference/analytic-kl.js';
import { trace } from '../../src/inference/trace.js';
import { IMAGES, mnistBatch, zooModel } from '../models/zoo.js';

describe('analyticKlLatents', () => {
  it('BIVA: the bottom-up latents below the top are Monte Carlo (their p-parents are built from their own q-samples), the top-down ones and the top analytic', () => {
    // Arrange
    const m = zooModel('biva', 'small', IMAGES);
    // Act
    const analytic = analyticKlLatents(m);
    // Assert
    expect([...analytic].sort()).toEqual(['z1_td', 'z2_td', 'z3']);
  });

  it('a bottom-up VAE: p(z_1 | z_2) with z_2 ~ q(z_2 | z_1) is Monte Carlo; the top (a fixed prior) is analytic', () => {
    const m = zooModel('vae', 'small', IMAGES);
    const analytic = analyticKlLatents(m);
    const top = m.latents.filter((z) => m.p.get(z)?.kind === 'prior');
    expect(top).toHaveLength(1);
    expect([...analytic]).toEqual(top);
    expect(m.latents.length).toBeGreaterThan(1);
  });

  it('LVAE: top-down inference never feeds a latent back into its own prior, so every KL is analytic', () => {
    const m = zooModel('lvae', 'small', IMAGES);
    expect([...analyticKlLatents(m)].sort()).toEqual([...m.latents].sort());
  });

  it('leaves out the resampled latents of S', () => {
    const m = zooModel('lvae', 'small', IMAGES);
    const top = m.latents.filter((z) => m.p.get(z)?.kind === 'prior');
    expect([...analyticKlLatents(m, new Set(top))].some((z) => top.includes(z))).toBe(false);
  });
});

describe('trace uses the Monte Carlo KL where the analytic one would be biased', () => {
  it('BIVA: a bottom-up latent\'s KL elements are its log q - log p, a top-down one\'s the analytic KL', () => {
    // Arrange
    const m = zooModel('biva', 'tiny', IMAGES);
    const params = initParams(m, 3);
    const batch = mnistBatch(4);
    // Act
    const [bu, td] = tf.tidy(() => {
      const t = trace(m, params, batch, { k: 2, seed: 5 });
      const terms = new Map(t.terms.map((n) => [n.name, n]));
      const gap = (name: string): [boolean, number] => {
        const n = terms.get(name)!;
        return [n.analytic === true, tf.max(tf.abs(tf.sub(n.klElements!, n.mcKlElements!))).dataSync()[0]];
      };
      return [gap('z1_bu'), gap('z1_td')];
    });
    disposeParams(params);
    tf.dispose(Object.values(batch));
    // Assert
    expect(bu).toEqual([false, 0]);
    expect(td[0]).toBe(true);
    expect(td[1]).toBeGreaterThan(0);
  });
});
