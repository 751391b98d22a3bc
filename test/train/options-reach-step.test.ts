/**
 * Each training option reaches the step and changes what it should, checked
 * against a hand computation (issue 22): the step's loss is recomputed in
 * plain numbers from the trace the step must have taken (the run's initial
 * weights, its batch 0 and the step-1 noise seed). clip.test.ts and
 * update-schedule.test.ts check the optimizer's moments, weights and EMA.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { objectiveOf } from '../../src/train/objective.js';
import { tinyModel } from './fixtures.js';
import { B, close, disposeRuns, fresh, mean, meanKB, run, SEED, step1Terms, warmedLoss } from './step-fixtures.js';

afterEach(disposeRuns);

describe('objective options reach the step', () => {
  it('the ELBO step minimizes -(log p(x|z) - KL) of the trace from the run\'s seed: initial weights and step-1 noise', async () => {
    const terms = step1Terms(tinyModel(), SEED, 1);

    const { stats } = await run(fresh({}), 1);

    close(stats[0].loss, warmedLoss(terms, 1));
    close(stats[0].elbo, -warmedLoss(terms, 1));
  });

  it('a different seed gives a different first loss, equal to its own hand loss', async () => {
    const terms = step1Terms(tinyModel(), SEED + 1, 1);

    const { stats } = await run(fresh({ seed: SEED + 1 }), 1);

    close(stats[0].loss, warmedLoss(terms, 1));
    expect(Math.abs(warmedLoss(terms, 1) - warmedLoss(step1Terms(tinyModel(), SEED, 1), 1))).toBeGreaterThan(1e-2);
  });

  it('warm-up over 10 steps: step s weighs the KL by s / 10, and by 1 from step 10 on', async () => {
    const terms = step1Terms(tinyModel(), SEED, 1);

    const { stats } = await run(fresh({ warmupSteps: 10 }), 11);

    close(stats[0].loss, warmedLoss(terms, 0.1));
    expect(warmedLoss(terms, 1) - warmedLoss(terms, 0.1)).toBeGreaterThan(0.05);
    stats.forEach((s) => {
      const beta = Math.min(1, s.step / 10);
      const kl = Object.values(s.kl).reduce((a, b) => a + b, 0);
      close(s.loss, -(s.elbo + (1 - beta) * kl));
    });
  });

  it('free bits: each node\'s batch-mean KL is floored at lambda until the fine-tuning step, then the loss is the -ELBO', async () => {
    const terms = step1Terms(tinyModel(), SEED, 1);
    const lambda = 3;
    const floored = Object.values(terms.kl).reduce((a, kl) => a + Math.max(lambda, meanKB(kl)), 0);

    const { stats } = await run(fresh({ objective: { kind: 'free-bits', lambda, groupBy: 'node', over: 'batch', until: 2 } }), 3);

    expect(Object.values(terms.kl).some((kl) => meanKB(kl) < lambda)).toBe(true);
    close(stats[0].loss, -meanKB(terms.rec) + floored);
    const kl1 = Object.values(stats[1].kl).reduce((a, b) => a + b, 0);
    close(stats[1].loss, -stats[1].elbo - kl1 + Object.values(stats[1].kl).reduce((a, v) => a + Math.max(lambda, v), 0));
    close(stats[2].loss, -stats[2].elbo);
  });

  it('IWAE with K = 5: the step traces 5 samples and minimizes -(logsumexp_k log w_k - log 5)', async () => {
    const terms = step1Terms(tinyModel(), SEED, 5);
    const config = { kind: 'iwae', k: 5 } as const;
    const iwae = -mean(terms.lw[0].map((_, b) => {
      const col = terms.lw.map((row) => row[b]);
      const top = Math.max(...col);
      return top + Math.log(mean(col.map((v) => Math.exp(v - top))));
    }));
    const ks: number[] = [];
    const bs: number[] = [];
    const base = objectiveOf(config, 0);

    const { stats } = await run(fresh({ objective: config }), 2, { objective: (t, s) => (ks.push(t.k), bs.push(t.b), base(t, s)) });
    const plain = await run(fresh({ objective: config }), 1);

    expect(ks).toEqual([5, 5]);
    expect(bs).toEqual([B, B]);
    expect(terms.lw.length).toBe(5);
    close(plain.stats[0].loss, iwae);
    expect(stats[0].loss).toBe(plain.stats[0].loss);
  });
});

