import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { model, normal, bernoulli, mlp, prior } from '../../src/dsl/index.js';
import { fit } from '../../src/train/fit.js';
import { disposeTrainState } from '../../src/train/state.js';
import { loadCheckpoint } from '../../src/train/checkpoint.js';

describe('fit', () => {
  it('trains a new two-layer model in a few lines and writes a run folder', async () => {
    const out = mkdtempSync(join(tmpdir(), 'strata-fit-'));
    const twoLayers = model()
      .observed('x', bernoulli([784]))
      .latent('z1', normal([8]), { layer: 1 })
      .latent('z2', normal([4]), { layer: 2 })
      .p('z2', prior)
      .p('z1', ['z2'], mlp([32]))
      .p('x', ['z1'], mlp([64]))
      .q('z1', ['x'], mlp([64]))
      .q('z2', ['z1'], mlp([32]));

    const result = await fit(twoLayers.spec, { data: 'mnist-dyn', out, config: { steps: 10, batchSize: 16, logEvery: 5 } });

    if (E.isLeft(result)) throw new Error(result.left);
    expect(result.right.summary.steps).toBe(10);
    expect(Number.isFinite(result.right.summary.last?.elbo)).toBe(true);
    expect(existsSync(join(out, 'log.jsonl'))).toBe(true);
    expect(E.isRight(loadCheckpoint(out))).toBe(true);
    disposeTrainState(result.right.state);

    const again = await fit(twoLayers.spec, { data: 'mnist-dyn', out, config: { steps: 4, batchSize: 16, logEvery: 2 } });
    const replaced = await fit(twoLayers.spec, { data: 'mnist-dyn', out, overwrite: true, config: { steps: 4, batchSize: 16, logEvery: 2 } });

    expect(E.isLeft(again) && again.left).toMatch(/already holds a run .*overwrite: true/);
    if (E.isLeft(replaced)) throw new Error(replaced.left);
    const steps = readFileSync(join(out, 'log.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l).step);
    expect(steps).toEqual([2, 4]);
    disposeTrainState(replaced.right.state);
    rmSync(out, { recursive: true, force: true });
  });

  it('returns a Left, not a throw, when the data cannot be batched', async () => {
    const tiny = model().observed('x', bernoulli([784])).latent('z', normal([2])).p('z', prior).p('x', ['z']).q('z', ['x']).spec;

    const result = await fit(tiny, { data: 'mnist-dyn', config: { steps: 1, batchSize: 10 ** 6 } });

    expect(E.isLeft(result) && result.left).toMatch(/^fit: /);
  });

  it('returns the validation errors of an invalid spec', async () => {
    const broken = model().observed('x', bernoulli([784])).latent('z', normal([2])).p('x', ['z'], mlp([4])).spec;

    const result = await fit(broken, { data: 'mnist-dyn' });

    expect(E.isLeft(result) && result.left).toMatch(/^invalid model: /);
  });
});
