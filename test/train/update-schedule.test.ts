/** The learning-rate schedule and the EMA decay reach the update, against their formulas (issue 22). */
import * as tf from '@tensorflow/tfjs';
import { afterEach, describe, expect, it } from 'vitest';
import { defaultOptimizer } from '../../src/train/config.js';
import { createOptimizer } from '../../src/train/optimizer.js';
import { disposeRuns, fresh, run, snapshot } from './step-fixtures.js';

afterEach(disposeRuns);

describe('learning-rate schedule and EMA reach the update', () => {
  it('lr 0.004 with 4 warm-up updates: the first Adamax update moves every weight by at most 0.001, most by exactly 0.001', async () => {
    const state = fresh({ optimizer: { lr: 0.004, warmup: 4 } });
    const w0 = snapshot(state.params);

    await run(state, 1);

    const moves = [...snapshot(state.params)].flatMap(([k, w]) => Array.from(w, (v, i) => Math.abs(v - w0.get(k)![i])));
    expect(Math.max(...moves)).toBeCloseTo(0.001, 6);
    expect(moves.filter((m) => Math.abs(m - 0.001) < 1e-6).length / moves.length).toBeGreaterThan(0.5);
  });

  it.each(['adamax', 'adam'] as const)('%s with a constant gradient moves a weight by lr * decay^(t-1) * min(1, t / warmup) at update t', (name) => {
    const optimizer = createOptimizer({ ...defaultOptimizer, name, lr: 0.004, decay: 0.5, warmup: 4 });
    const w = tf.variable(tf.zeros([3]), true, `w-${name}`);
    const variables = new Map([['w', w]]);
    const g = tf.tensor1d([2, -0.5, 1e-3]);
    const moves: number[][] = [];
    const tensors: number[] = [];

    for (let t = 1; t <= 6; t++) {
      const before = Array.from(w.dataSync());
      optimizer.apply(variables, { w: g });
      moves.push(Array.from(w.dataSync(), (v, i) => before[i] - v));
      tensors.push(tf.memory().numTensors);
    }
    optimizer.dispose();
    tf.dispose([w, g]);

    expect(tensors.every((n) => n === tensors[0])).toBe(true);
    moves.forEach((m, j) => {
      const t = j + 1;
      const rate = 0.004 * 0.5 ** (t - 1) * Math.min(1, t / 4);
      expect(m[0] / rate, `update ${t}`).toBeCloseTo(1, 4);
      expect(m[1] / rate, `update ${t}`).toBeCloseTo(-1, 4);
    });
  });

  it('one step with EMA decay 0.999 moves the EMA with decay min(0.999, 2/11): ema = (2/11) w_0 + (9/11) w_1', async () => {
    const state = fresh({ emaDecay: 0.999 });
    const w0 = snapshot(state.params);

    await run(state, 1);

    const w1 = snapshot(state.params);
    const ema = snapshot(state.ema);
    const d = 2 / 11;
    const worst = Math.max(...[...ema].flatMap(([k, e]) => Array.from(e, (v, i) => Math.abs(v - (d * w0.get(k)![i] + (1 - d) * w1.get(k)![i])))));
    expect(worst).toBeLessThan(1e-6);
  });

  it('EMA decay 0 copies the weights at every step', async () => {
    const state = fresh({ emaDecay: 0 });

    await run(state, 2);

    expect(snapshot(state.ema)).toEqual(snapshot(state.params));
  });
});

