import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import * as E from 'fp-ts/lib/Either.js';
import { afterAll, describe, expect, it } from 'vitest';
import { configFlags } from '../../src/cli/train-flags.js';
import { fit } from '../../src/train/fit.js';
import { checkConfig } from '../../src/train/options.js';
import { trainConfig } from '../../src/train/config.js';
import { createTrainState, disposeTrainState } from '../../src/train/state.js';
import { VALIDATION_EXAMPLES, validationBound, validationDue } from '../../src/train/validation.js';
import { mnistDyn, tinyModel, tinySpec } from './fixtures.js';

const root = mkdtempSync(join(tmpdir(), 'strata-validation-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const records = (out: string): { step: number; validation?: { split: string; examples: number; elbo: number; nats: number } }[] =>
  readFileSync(join(out, 'log.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));

describe('validationDue', () => {
  it('is true exactly at positive multiples of evalEvery, never with 0 or absent', () => {
    expect([1, 2, 3, 4, 5, 6].filter((s) => validationDue(s, 3))).toEqual([3, 6]);
    expect([1, 2, 3].some((s) => validationDue(s, 0) || validationDue(s, undefined))).toBe(false);
  });
});

describe('validationBound', () => {
  it('is the same number twice for the same weights (a fixed, seeded subset), finite, nats = -elbo, tensors flat', async () => {
    const state = createTrainState(tinyModel(), trainConfig({ seed: 3 }));
    const before = tf.memory().numTensors;

    const a = (await validationBound(state, mnistDyn(), 60))!;
    const b = (await validationBound(state, mnistDyn(), 60))!;

    expect(tf.memory().numTensors).toBe(before);
    expect(a).toEqual(b);
    expect(a.examples).toBe(60);
    expect(Number.isFinite(a.elbo) && a.elbo < 0).toBe(true);
    expect(a.nats).toBe(-a.elbo);
    disposeTrainState(state);
  });
});

describe('--eval-every / evalEvery', () => {
  it('logs a finite validation bound at every multiple of evalEvery (extra records off the log grid), none elsewhere; resume keeps it', async () => {
    const out = join(root, 'run');

    const first = await fit(tinySpec, { data: mnistDyn(), out, config: { steps: 6, batchSize: 8, logEvery: 4, evalEvery: 3 } });
    if (E.isLeft(first)) throw new Error(first.left);
    disposeTrainState(first.right.state);
    const resumed = await fit(tinySpec, { data: mnistDyn(), out, resume: true, config: { steps: 9 } });
    if (E.isLeft(resumed)) throw new Error(resumed.left);
    disposeTrainState(resumed.right.state);

    const log = records(out);
    expect(log.map((r) => r.step)).toEqual([3, 4, 6, 8, 9]);
    expect(log.filter((r) => r.validation !== undefined).map((r) => r.step)).toEqual([3, 6, 9]);
    for (const r of log.filter((x) => x.validation !== undefined)) {
      expect(r.validation!.split).toBe('validation');
      expect(r.validation!.examples).toBe(VALIDATION_EXAMPLES);
      expect(Number.isFinite(r.validation!.elbo)).toBe(true);
      expect(r.validation!.nats).toBeCloseTo(-r.validation!.elbo, 10);
    }
  });

  it('is a CLI flag from the option table whose help states the cost; a negative value is refused naming the flag', () => {
    expect(configFlags['eval-every'].help).toMatch(/costs one forward pass over them/);
    const bad = checkConfig({ ...trainConfig(), evalEvery: -1 });

    expect(E.isLeft(bad) && bad.left).toMatch(/^evalEvery \(--eval-every\)/);
  });
});
