import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { model, normal, bernoulli, mlp, prior } from '../../src/dsl/index.js';
import { fit } from '../../src/train/fit.js';
import { disposeTrainState } from '../../src/train/state.js';
import { loadCheckpoint } from '../../src/train/checkpoint.js';
import { describeObjective } from '../../src/train/config.js';
import { objectiveNames, objectives } from '../../src/train/objective-table.js';
import { main } from '../../src/cli/main.js';
import { trainCommand } from '../../src/cli/train-command.js';
import { buildZooModel } from '../../src/models/index.js';
import type { ModelSpec } from '../../src/dsl/spec.js';
import { dataShapeOf } from '../../src/cli/dataset.js';
import { mnistDyn, tinySpec } from './fixtures.js';

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

  it('refuses a configuration outside the option domains, naming the field and its flag', async () => {
    const tiny = model().observed('x', bernoulli([784])).latent('z', normal([2])).p('z', prior).p('x', ['z']).q('z', ['x']).spec;
    const bad: [Parameters<typeof fit>[1]['config'], RegExp][] = [
      [{ seed: -1 }, /^fit: seed \(--seed\): expected an integer >= 0 and <= 4294967295, got '-1'$/],
      [{ seed: 2 ** 32 }, /^fit: seed \(--seed\): .*got '4294967296'$/],
      [{ optimizer: { lr: -1 } }, /^fit: optimizer.lr \(--lr\): expected a number > 0/],
      [{ emaDecay: 2 }, /^fit: emaDecay \(--ema\)/],
      [{ objective: { kind: 'iwae', k: 0 } }, /^fit: objective iwae \(--k\): expected an integer >= 1/],
    ];

    const results = await Promise.all(bad.map(([config]) => fit(tiny, { data: 'mnist-dyn', config })));
    const unknown = await fit(tiny, { data: 'mnist-dyn', objective: 'elbo2' as 'elbo' });

    results.forEach((r, i) => expect(E.isLeft(r) && r.left).toMatch(bad[i][1]));
    expect(E.isLeft(unknown) && unknown.left).toBe("fit: objective: expected one of elbo, free-bits, iwae, m2, got 'elbo2'");
  });

  it('trains with every objective the CLI offers', async () => {
    const labelled = bivaM2();
    const trained: string[] = [];
    const tensors: number[] = [];

    for (const name of objectiveNames) {
      const spec = objectives[name].labelled ? labelled : tinySpec;
      const result = await fit(spec, { data: 'mnist-dyn', objective: name, config: { steps: 2, batchSize: 8, logEvery: 1 } });
      if (E.isLeft(result)) throw new Error(`${name}: ${result.left}`);
      expect(result.right.summary.steps).toBe(2);
      expect(Number.isFinite(result.right.summary.last?.loss)).toBe(true);
      trained.push(describeObjective(result.right.state.config.objective));
      disposeTrainState(result.right.state);
      tensors.push(tf.memory().numTensors);
    }

    expect(new Set(tensors).size).toBe(1);
    expect(trained).toEqual(['elbo', 'free-bits(lambda=2, node, batch)', 'iwae(k=5)', 'm2(alpha=50, 100 labelled, 2 per batch)']);
    const help = (trainCommand.flags.objective.choices ?? []).join(',');
    expect(help).toBe(objectiveNames.join(','));
  });

  it("trains BIVA-M2 with labelled and unlabelled data, with the CLI's losses for the same seed", async () => {
    const out = mkdtempSync(join(tmpdir(), 'strata-fit-m2-'));
    const m2 = { kind: 'm2', labelled: 20000 } as const;
    const cli = await main(['train', '--model', 'biva-m2', '--preset', 'tiny', '--objective', 'm2', '--labelled', '20000', '--steps', '3', '--batch', '8', '--log-every', '1', '--seed', '5', '--out', join(out, 'cli')], {
      out: () => undefined,
      err: () => undefined,
      env: { STRATA_BACKEND: 'wasm' },
    });

    const result = await fit(bivaM2(), { data: 'mnist-dyn', out: join(out, 'fit'), config: { objective: m2, steps: 3, batchSize: 8, logEvery: 1, seed: 5 } });

    expect(cli).toBe(0);
    if (E.isLeft(result)) throw new Error(result.left);
    const losses = (dir: string): number[] => readFileSync(join(out, dir, 'log.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l).loss);
    expect(losses('fit')).toHaveLength(3);
    expect(losses('fit')).toEqual(losses('cli'));
    expect(losses('fit').every(Number.isFinite)).toBe(true);
    disposeTrainState(result.right.state);
    rmSync(out, { recursive: true, force: true });
  });

  it('resumes a run in out, applying what may change and refusing what may not', async () => {
    const out = mkdtempSync(join(tmpdir(), 'strata-fit-resume-'));
    const first = await fit(tinySpec, { data: 'mnist-dyn', out, config: { steps: 2, batchSize: 8, logEvery: 1 } });
    if (E.isLeft(first)) throw new Error(first.left);
    disposeTrainState(first.right.state);

    const refused = await fit(tinySpec, { data: 'mnist-dyn', out, resume: true, config: { steps: 3, batchSize: 4 } });
    const resumed = await fit(tinySpec, { data: 'mnist-dyn', out, resume: true, config: { steps: 3, clipNorm: 0.5 } });

    expect(E.isLeft(refused) && refused.left).toMatch(/^fit: --batch: cannot change on --resume/);
    if (E.isLeft(resumed)) throw new Error(resumed.left);
    expect([resumed.right.state.step, resumed.right.state.config.clipNorm, resumed.right.summary.steps]).toEqual([3, 0.5, 1]);
    disposeTrainState(resumed.right.state);
    rmSync(out, { recursive: true, force: true });
  });

  it('stops a diverging run with an error naming the step and the last finite loss, keeping the last good checkpoint', async () => {
    const out = mkdtempSync(join(tmpdir(), 'strata-fit-diverge-'));

    const result = await fit(tinySpec, { data: 'mnist-dyn', out, checkpointEvery: 1, config: { steps: 40, batchSize: 8, logEvery: 1, maxSkipped: 4, optimizer: { lr: 1e6 } } });

    expect(E.isLeft(result) && result.left).toMatch(/^fit: training diverged: 4 consecutive non-finite steps up to step (\d+); last finite loss [\d.e+-]+ at step \d+/);
    const stopped = Number(/up to step (\d+)/.exec(E.isLeft(result) ? result.left : '')?.[1]);
    const saved = loadCheckpoint(out);
    expect(E.isRight(saved) && saved.right.manifest.step).toBe(stopped - 1);
    rmSync(out, { recursive: true, force: true });
  });
});

const bivaM2 = (): ModelSpec => {
  const spec = buildZooModel('biva-m2', 'tiny', dataShapeOf(mnistDyn()));
  if (E.isLeft(spec)) throw new Error(spec.left);
  return spec.right;
};
