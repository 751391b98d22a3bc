import * as tf from '@tensorflow/tfjs';
import * as E from 'fp-ts/lib/Either.js';
import { afterAll, describe, expect, it } from 'vitest';
import { startBackend } from '../../src/backend/choose-backend.js';
import { trainConfig } from '../../src/train/config.js';
import { train } from '../../src/train/loop.js';
import { objectiveOf } from '../../src/train/objective.js';
import { createTrainState, disposeTrainState } from '../../src/train/state.js';
import { mnistBatcher, tinyModel } from './fixtures.js';

/** The backend the step's objective ran on and the step's loss, for a run started on backend `name`. */
const firstStepOn = async (name: string): Promise<{ ranOn: string[]; loss: number; record?: string }> => {
  const choice = await startBackend(name, {}, () => undefined);
  if (E.isLeft(choice)) throw new Error(choice.left);
  const state = createTrainState(tinyModel(), trainConfig({ batchSize: 8, seed: 5, logEvery: 1 }));
  const base = objectiveOf(state.config.objective, 0);
  const ranOn: string[] = [];
  let loss = Number.NaN;
  let record: string | undefined;
  await train(state, mnistBatcher(8), {
    until: 1,
    backend: choice.right.name,
    objective: (t, s) => (ranOn.push(tf.getBackend()), base(t, s)),
    onStep: (s) => void (loss = s.loss),
    onLog: (r) => void (record = r.backend),
  });
  disposeTrainState(state);
  return { ranOn, loss, record };
};

afterAll(async () => {
  await tf.setBackend('cpu');
});

describe('the backend option reaches the step', () => {
  it('a run started on cpu and one on wasm compute their step on that backend, log its name, and agree on the loss', async () => {
    const cpu = await firstStepOn('cpu');
    const wasm = await firstStepOn('wasm');

    expect(cpu.ranOn).toEqual(['cpu']);
    expect(wasm.ranOn).toEqual(['wasm']);
    expect([cpu.record, wasm.record]).toEqual(['cpu', 'wasm']);
    expect(Math.abs(cpu.loss - wasm.loss)).toBeLessThan(1e-2);
  });
});
