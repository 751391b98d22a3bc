/** `strata train` flags: every value checked against its domain before any work, contradictions refused, the resume policy, Ctrl-C. */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCheckpoint } from '../../src/train/checkpoint.js';
import { objectiveNames } from '../../src/train/objective-table.js';
import { MAX_SEED } from '../../src/train/options.js';
import { strataWith, type CliResult } from './run-cli.js';

type Result = CliResult;
const strata = (argv: string[], env: Record<string, string> = { STRATA_BACKEND: 'wasm' }, progressStream?: NodeJS.WriteStream): Promise<Result> =>
  strataWith({ env, ...(progressStream === undefined ? {} : { progressStream }) })(...argv);

const errors = (r: Result): string[] => r.err.filter((l) => !l.startsWith('backend:') && !l.startsWith('resume: backend'));
const records = (dir: string): { step: number; lr: number; backend?: string }[] =>
  readFileSync(join(dir, 'log.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));

const root = mkdtempSync(join(tmpdir(), 'strata-flags-'));
const tiny = ['--model', 'vae', '--preset', 'tiny', '--batch', '8'];
let run = '';
beforeAll(async () => {
  run = join(root, 'run');
  const r = await strata(['train', ...tiny, '--steps', '4', '--log-every', '2', '--out', run]);
  if (r.code !== 0) throw new Error(r.err.join('\n'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('strata train refuses every flag outside its domain, with one line naming it and exit 2, before any work', () => {
  const cases: [string[], RegExp][] = [
    [['--lr', '-1'], /--lr: expected a number > 0, got '-1'/],
    [['--lr', '0'], /--lr: expected a number > 0/],
    [['--ema', '2'], /--ema: expected a number >= 0 and < 1, got '2'/],
    [['--ema', '-1'], /--ema: expected a number >= 0 and < 1, got '-1'/],
    [['--clip', '-1'], /--clip: expected a number >= 0, got '-1'/],
    [['--warmup', '-10'], /--warmup: expected an integer >= 0, got '-10'/],
    [['--lr-warmup', '-5'], /--lr-warmup: expected an integer >= 0, got '-5'/],
    [['--lr-decay', '-1'], /--lr-decay: expected a number > 0 and <= 1, got '-1'/],
    [['--finetune-after', '-5'], /--finetune-after: expected an integer >= 0, got '-5'/],
    [['--seed', '-1'], /--seed: expected an integer >= 0 and <= 4294967295, got '-1'/],
    [['--seed', '1e20'], /--seed: expected an integer >= 0 and <= 4294967295, got '1e20'/],
    [['--seed', '4294967296'], /--seed: expected an integer >= 0 and <= 4294967295, got '4294967296'/],
    [['--out', ''], /--out: expected a non-empty string/],
    [['--batch', '100000000'], /--batch: expected an integer >= 1 and <= 65536, got '100000000'/],
    [['--free-bits', '-0.5'], /--free-bits: expected a number >= 0/],
    [['--free-bits-group', 'layer'], /--free-bits-group: expected one of node, dimension, got 'layer'/],
    [['--alpha', '-1'], /--alpha: expected a number >= 0/],
    [['--max-skipped', '0'], /--max-skipped: expected an integer >= 1/],
    [['--optimizer', 'sgd'], /--optimizer: expected one of adamax, adam, got 'sgd'/],
    [['--resume', '--overwrite'], /--resume and --overwrite contradict each other/],
    [['--spec', 'm.json'], /--spec and --model contradict each other/],
    [['--objective', 'elbo', '--k', '5'], /--k \(an option of iwae\): not an option of the elbo objective/],
    [['--objective', 'iwae', '--free-bits', '1', '--alpha', '2'], /--free-bits \(an option of free-bits\), --alpha \(an option of m2\): not an option of the iwae objective/],
  ];
  for (const [flags, message] of cases) {
    it(flags.join(' '), async () => {
      const out = join(root, `refused-${flags.join('_').replace(/\W+/g, '_')}`);

      const r = await strata(['train', ...tiny, '--steps', '2', '--out', out, ...flags]);

      expect(r.code).toBe(2);
      expect(errors(r)).toHaveLength(1);
      expect(errors(r)[0]).toMatch(message);
      expect(r.out).toEqual([]);
      expect(existsSync(out)).toBe(false);
    });
  }

  it('the same seed domain in eval, sample and score', async () => {
    const results = await Promise.all([['eval', run], ['sample', run], ['score', run]].map((c) => strata([...c, '--seed', '4294967296'])));

    expect(results.map((r) => r.code)).toEqual([2, 2, 2]);
    results.forEach((r) => expect(errors(r)[0]).toMatch(/--seed: expected an integer >= 0 and <= 4294967295, got '4294967296'/));
  });

  it('a batch larger than the training split', async () => {
    const r = await strata(['train', ...tiny, '--batch', '60000', '--steps', '1', '--out', join(root, 'huge')]);

    expect(r.code).toBe(2);
    expect(errors(r)[0]).toMatch(/--batch.*60000 exceeds the \d+ examples/);
  });

  it('offers exactly the objectives of the table, in --help and --objective', async () => {
    const help = await strata(['train', '--help']);

    expect(help.out.find((l) => l.includes('--objective'))).toMatch(new RegExp(objectiveNames.map((n) => `${n}: `).join('.*')));
    expect(MAX_SEED).toBe(2 ** 32 - 1);
  });

  it('the README lists every objective of the table and the seed range', () => {
    const readme = readFileSync(join(import.meta.dirname, '..', '..', 'README.md'), 'utf8');

    for (const name of objectiveNames) expect(readme).toContain(`\`${name}\``);
    expect(readme).toContain(`0 to ${MAX_SEED}`);
  });
});

describe('strata train logs the learning rate each step applied', () => {
  it('--lr 0.004 --lr-warmup 4 --log-every 1 --steps 5 logs 0.001, 0.002, 0.003, 0.004, 0.004', async () => {
    const out = join(root, 'lr');

    const r = await strata(['train', ...tiny, '--lr', '0.004', '--lr-warmup', '4', '--log-every', '1', '--steps', '5', '--out', out]);

    expect(r.code).toBe(0);
    expect(records(out).map((x) => Number(x.lr.toPrecision(6)))).toEqual([0.001, 0.002, 0.003, 0.004, 0.004]);
  });
});

describe('strata train --resume', () => {
  it('refuses the flags that cannot change, naming each, before any work', async () => {
    const r = await strata(['train', '--resume', '--out', run, '--steps', '6', '--batch', '4', '--clip', '0.001', '--lr-decay', '0.5', '--ema', '0', '--seed', '9', '--model', 'biva']);

    expect(r.code).toBe(2);
    expect(errors(r)).toHaveLength(1);
    expect(errors(r)[0]).toMatch(/^strata train: --model, --batch, --seed: cannot change on --resume/);
    expect(records(run).map((x) => x.step)).toEqual([2, 4]);
  });

  it('applies the flags that may change (steps, clip, lr schedule, EMA) to the saved configuration', async () => {
    const out = join(root, 'applied');
    await strata(['train', ...tiny, '--steps', '2', '--out', out]);

    const r = await strata(['train', '--resume', '--out', out, '--steps', '3', '--clip', '0.001', '--lr-decay', '0.5', '--ema', '0', '--log-every', '1']);

    expect(r.code).toBe(0);
    const saved = loadCheckpoint(out);
    if (saved._tag === 'Left') throw new Error(saved.left);
    const { config, step } = saved.right.manifest;
    expect([step, config.steps, config.clipNorm, config.optimizer.decay, config.emaDecay, config.batchSize, config.seed]).toEqual([3, 3, 0.001, 0.5, 0, 8, 1]);
    expect(records(out).map((x) => x.step)).toEqual([2, 3]);
  });

  it('continues on the backend the run recorded, and says so, unless --backend names another', async () => {
    const out = join(root, 'backend');
    await strata(['train', ...tiny, '--steps', '2', '--out', out]);

    const kept = await strata(['train', '--resume', '--out', out, '--steps', '3', '--log-every', '1'], { STRATA_BACKEND: 'cpu' });
    const moved = await strata(['train', '--resume', '--out', out, '--steps', '4', '--log-every', '1', '--backend', 'cpu'], { STRATA_BACKEND: 'wasm' });

    expect([kept.code, moved.code]).toEqual([0, 0]);
    expect(kept.err).toContain('resume: backend wasm, as recorded by the run (--backend to change)');
    expect(moved.err.some((l) => /^resume: backend cpu as asked \(the run was trained on wasm/.test(l))).toBe(true);
    expect(records(out).map((x) => x.backend)).toEqual(['wasm', 'wasm', 'cpu']);
  });
});

describe('strata train and eval on a diverging run', () => {
  it('train stops after --max-skipped consecutive non-finite steps, exit 1, naming the step and the last finite loss', async () => {
    const out = join(root, 'diverged');

    const r = await strata(['train', ...tiny, '--lr', '1e6', '--max-skipped', '3', '--steps', '50', '--checkpoint-every', '1', '--out', out]);

    expect(r.code).toBe(1);
    expect(errors(r)).toHaveLength(1);
    const [, step] = /up to step (\d+); last finite loss [\d.e+-]+ at step \d+/.exec(errors(r)[0]) ?? [];
    const saved = loadCheckpoint(out);
    expect(saved._tag === 'Right' && saved.right.manifest.step).toBe(Number(step) - 1);
  });

  it('eval of weights that give a non-finite bound exits 1 and writes no eval.json', async () => {
    const out = join(root, 'blown');
    const trained = await strata(['train', ...tiny, '--lr', '1e6', '--ema', '0', '--max-skipped', '100', '--steps', '3', '--out', out]);

    const r = await strata(['eval', out, '--k', '2', '--limit', '16', '--batch', '16']);

    expect(trained.code).toBe(0);
    expect(r.code).toBe(1);
    expect(errors(r)[0]).toMatch(/L_1 is (NaN|-?Infinity) at step 3/);
    expect(existsSync(join(out, 'eval.json'))).toBe(false);
  });
});

describe('strata train on Ctrl-C', () => {
  it('saves a checkpoint at the step it stopped and exits 130', async () => {
    // Arrange: SIGINT arrives while the first record (step 1) is shown, so the run stops after step 2
    const out = join(root, 'interrupted');
    const stream = { isTTY: false, write: () => process.emit('SIGINT') } as unknown as NodeJS.WriteStream;

    const r = await strata(['train', ...tiny, '--steps', '1000', '--log-every', '1', '--out', out], { STRATA_BACKEND: 'wasm' }, stream);

    expect(r.code).toBe(130);
    expect(errors(r)[0]).toMatch(/interrupted at step 2: checkpoint saved; continue with strata train --resume/);
    const saved = loadCheckpoint(out);
    expect(saved._tag === 'Right' && saved.right.manifest.step).toBe(2);
  });
});
