/** What --resume may change: the option table's policy applied to a saved configuration, and the backend a resumed run uses. */
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { trainConfig, type TrainConfig } from '../../src/train/config.js';
import { resumeBackend, resumeConfig } from '../../src/train/run-resume.js';

const saved: TrainConfig = trainConfig({ steps: 10, seed: 3, objective: { kind: 'free-bits', lambda: { total: 6 }, groupBy: 'dimension', over: 'datapoint', until: 8 } });

describe('resumeConfig', () => {
  it('applies the options that may change and keeps everything else', () => {
    // Act
    const r = resumeConfig(saved, { steps: 20, lr: 0.01, 'lr-decay': 0.5, clip: 2, ema: 0, 'finetune-after': 15 });
    // Assert
    if (E.isLeft(r)) throw new Error(r.left);
    expect(r.right.steps).toBe(20);
    expect(r.right.optimizer).toEqual({ ...saved.optimizer, lr: 0.01, decay: 0.5 });
    expect([r.right.clipNorm, r.right.emaDecay, r.right.seed, r.right.batchSize]).toEqual([2, 0, 3, 48]);
    expect(r.right.objective).toEqual({ kind: 'free-bits', lambda: { total: 6 }, groupBy: 'dimension', over: 'datapoint', until: 15 });
  });

  it('refuses every option that may not change, naming each', () => {
    const r = resumeConfig(saved, { batch: 4, seed: 9, optimizer: 'adam', steps: 20 });

    expect(E.isLeft(r) && r.left).toMatch(/^--batch, --seed, --optimizer: cannot change on --resume/);
  });

  it('switches the objective when asked, with that objective\'s defaults, and refuses options of another one', () => {
    const iwae = resumeConfig(saved, { objective: 'iwae', k: 7 });
    const stray = resumeConfig(saved, { k: 7 });

    expect(E.isRight(iwae) && iwae.right.objective).toEqual({ kind: 'iwae', k: 7 });
    expect(E.isLeft(stray) && stray.left).toMatch(/--k \(an option of iwae\): not an option of the free-bits objective/);
  });

  it('checks the result against the domains', () => {
    expect(E.isLeft(resumeConfig(saved, { lr: -1 }))).toBe(true);
  });
});

describe('resumeBackend', () => {
  it('uses the recorded backend unless another is asked for, and says which', () => {
    expect(resumeBackend('wasm', undefined)).toEqual({ request: 'wasm', note: 'resume: backend wasm, as recorded by the run (--backend to change)' });
    expect(resumeBackend('wasm', 'native').request).toBe('native');
    expect(resumeBackend('wasm', 'native').note).toMatch(/native as asked \(the run was trained on wasm/);
    expect(resumeBackend(undefined, undefined).request).toBeUndefined();
  });
});
