/**
 * `strata train --distributed mpi` end to end under a real `mpirun -np 2`
 * (Open MPI), against one process with the same global batch. Skipped, with
 * the reason in its title, when mpirun or the MPI addon is absent.
 *
 * The model (fixtures/noise-free.json) makes x depend on its label only and
 * has one latent scored by its analytic KL: the ELBO's gradient has no trace
 * noise, so shards with their own noise (shardSeed) and one process agree up
 * to float32 rounding (the rank-mean of two shard means against the mean
 * over the whole batch).
 */
import { spawn, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { defaultMpiPath, mpiBuilt, type MpiArray } from '../../src/distributed/binding.js';
import { agreeStop, finishWorld, openDistributed, syncCheck } from '../../src/distributed/distributed-run.js';
import { disposeParams, initParams } from '../../src/dsl/params.js';
import { validate } from '../../src/dsl/validate.js';
import { tinySpec } from '../train/fixtures.js';
import { fakeWorld } from './fake-world.js';
import { loadCheckpoint } from '../../src/train/checkpoint.js';

/** Relative float tolerance of losses and absolute tolerance of weights (float32 rounding of a different summation order). */
const TOLERANCE = 1e-5;
const SPEC = 'test/distributed/fixtures/noise-free.json';
const env = { ...process.env, OMP_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1', STRATA_NATIVE_THREADS: '1' };

const skipReason = ((): string | undefined => {
  if (spawnSync('mpirun', ['--version']).error !== undefined) return 'mpirun is not installed (apt-get install openmpi-bin)';
  if (!mpiBuilt()) return `the MPI addon ${defaultMpiPath} is not built (npm run build:mpi)`;
  return undefined;
})();

const mpiFlags = [...(process.getuid?.() === 0 ? ['--allow-run-as-root'] : []), '--oversubscribe', '-np', '2'];
const cli = ['--import', 'tsx', 'src/cli/main.ts', 'train'];
const common = (out: string, steps: number, batch = 16): string[] => ['--spec', SPEC, '--steps', String(steps), '--batch', String(batch), '--log-every', '1', '--backend', 'cpu', '--out', out];
const mpirun = (args: readonly string[]): SpawnSyncReturns<string> =>
  spawnSync('mpirun', [...mpiFlags, 'node', ...cli, ...args, '--distributed', 'mpi'], { env, encoding: 'utf8', timeout: 90_000 });
const single = (args: readonly string[]): SpawnSyncReturns<string> => spawnSync('node', [...cli, ...args], { env, encoding: 'utf8', timeout: 90_000 });

const losses = (out: string): number[] => readFileSync(join(out, 'log.jsonl'), 'utf8').trim().split('\n').map((l) => (JSON.parse(l) as { loss: number }).loss);
const elbos = (out: string): number[] => readFileSync(join(out, 'log.jsonl'), 'utf8').trim().split('\n').map((l) => (JSON.parse(l) as { elbo: number }).elbo);
const weights = (out: string): Float32Array => {
  const c = loadCheckpoint(out);
  if (E.isLeft(c)) throw new Error(c.left);
  return new Float32Array(c.right.data.weights);
};
const maxGap = (a: Float32Array, b: Float32Array): number => a.reduce((m, v, i) => Math.max(m, Math.abs(v - b[i])), 0);
const closeLosses = (a: number[], b: number[]): void => {
  expect(a.length).toBe(b.length);
  a.forEach((loss, i) => expect(Math.abs(loss - b[i])).toBeLessThanOrEqual(TOLERANCE * Math.abs(b[i])));
};

describe('the distributed run in one process (a fake world of 2 ranks)', () => {
  const model = validate(tinySpec);
  if (E.isLeft(model)) throw new Error('tinySpec is invalid');
  const drifted = (a: MpiArray): MpiArray => (a instanceof Float64Array && a.length === 2 ? Float64Array.of(a[0] + 1, -(a[0] + 1)) : a.slice());

  it('checks the parameter hash every syncEvery steps and after the last step, naming the step', () => {
    // Arrange: the peer's hash always differs, so every check throws.
    const params = initParams(model.right, 1);
    const d = { world: fakeWorld(0, drifted), syncEvery: 2 };
    // Act / Assert
    expect(() => syncCheck(d, params, 3, 5)).not.toThrow();
    expect(() => syncCheck(d, params, 4, 5)).toThrow(/parameters drifted across ranks at step 4/);
    expect(() => syncCheck(d, params, 5, 5)).toThrow(/at step 5/);
    disposeParams(params);
  });

  it('stops every rank when any rank asks to stop', () => {
    // Arrange
    const d = { world: fakeWorld(1, () => Int32Array.of(1)), syncEvery: 1 };
    // Act / Assert
    expect(agreeStop(d, false)).toBe(true);
    expect(agreeStop({ world: fakeWorld(1), syncEvery: 1 }, false)).toBe(false);
  });

  it('finalizes after an agreed outcome and aborts the job after a failure of one rank', () => {
    // Arrange
    const calls: string[] = [];
    const world = fakeWorld(1);
    const spy = { ...world, mpi: { ...world.mpi, finalize: () => void calls.push('finalize'), abort: (code: number): never => { calls.push(`abort ${code}`); throw new Error('aborted'); } } };
    const write = process.stderr.write;
    process.stderr.write = (() => true) as typeof process.stderr.write;
    // Act
    finishWorld({ world: spy, syncEvery: 1 }, { agreed: true });
    try {
      expect(() => finishWorld({ world: spy, syncEvery: 1 }, { agreed: false, code: 1, message: 'disk full' })).toThrow('aborted');
    } finally {
      process.stderr.write = write;
    }
    // Assert
    expect(calls).toEqual(['finalize', 'abort 1']);
  });

  it('refuses to start outside mpirun with one line naming the launch', () => {
    // Act
    const opened = openDistributed(16, 100, {});
    // Assert
    expect(opened.ok === false && opened.message).toMatch(/^--distributed mpi: this process was not started by mpirun/);
  });
});

describe.skipIf(skipReason !== undefined)(`strata train --distributed mpi under mpirun -np 2${skipReason === undefined ? '' : ` (skipped: ${skipReason})`}`, () => {
  it('logs the losses and ends with the weights of one process with the same global batch; the ranks end bit-identical', () => {
    // Arrange: global batch 16 (8 per rank), 3 steps.
    const dir = mkdtempSync(join(tmpdir(), 'strata-mpi-cli-'));
    // Act
    const ranks = mpirun(common(join(dir, 'ranks'), 3));
    const one = single(common(join(dir, 'one'), 3));
    // Assert
    expect(ranks.status, ranks.stderr).toBe(0);
    expect(one.status, one.stderr).toBe(0);
    expect(ranks.stdout).toMatch(/2 MPI ranks, parameters identical on every rank \(hash [0-9a-f]{8}/);
    expect(ranks.stdout.match(/^trained 3 steps/gm)).toHaveLength(1); // rank 0 alone prints
    closeLosses(losses(join(dir, 'ranks')), losses(join(dir, 'one')));
    expect(losses(join(dir, 'ranks'))[2]).toBeLessThan(losses(join(dir, 'ranks'))[0]);
    expect(maxGap(weights(join(dir, 'ranks')), weights(join(dir, 'one')))).toBeLessThanOrEqual(TOLERANCE);
  });

  it('M2 on 2 ranks (a share of the labelled rows on each) logs the losses and ELBOs of one process', () => {
    // Arrange: 4 labelled rows in each global batch of 16, 2 per rank.
    const dir = mkdtempSync(join(tmpdir(), 'strata-mpi-cli-'));
    const m2 = ['--objective', 'm2', '--labelled', '100', '--labelled-batch', '4'];
    // Act
    const ranks = mpirun([...common(join(dir, 'ranks'), 3), ...m2]);
    const one = single([...common(join(dir, 'one'), 3), ...m2]);
    // Assert
    expect(ranks.status, ranks.stderr).toBe(0);
    expect(one.status, one.stderr).toBe(0);
    closeLosses(losses(join(dir, 'ranks')), losses(join(dir, 'one')));
    closeLosses(elbos(join(dir, 'ranks')), elbos(join(dir, 'one')));
    expect(maxGap(weights(join(dir, 'ranks')), weights(join(dir, 'one')))).toBeLessThanOrEqual(TOLERANCE);
  });

  it('a run trained on 2 ranks resumes in one process and continues as an uninterrupted run', () => {
    // Arrange: 2 steps on 2 ranks, then resumed to step 4 without MPI; the reference trains 4 steps in one process.
    const dir = mkdtempSync(join(tmpdir(), 'strata-mpi-cli-'));
    const first = mpirun(common(join(dir, 'run'), 2));
    expect(first.status, first.stderr).toBe(0);
    // Act
    const resumed = spawnSync('node', [...cli, '--resume', '--steps', '4', '--out', join(dir, 'run')], { env, encoding: 'utf8', timeout: 90_000 });
    const reference = single(common(join(dir, 'ref'), 4));
    // Assert
    expect(resumed.status, resumed.stderr).toBe(0);
    expect(reference.status, reference.stderr).toBe(0);
    closeLosses(losses(join(dir, 'run')), losses(join(dir, 'ref')));
    expect(maxGap(weights(join(dir, 'run')), weights(join(dir, 'ref')))).toBeLessThanOrEqual(TOLERANCE);
  });

  it('refuses a global batch that the ranks do not divide, exit 2, before training', () => {
    // Arrange
    const dir = mkdtempSync(join(tmpdir(), 'strata-mpi-cli-'));
    // Act
    const run = mpirun(common(join(dir, 'odd'), 2, 15));
    // Assert
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/--distributed mpi: --batch 15 \(the global batch\) is not divisible by the 2 MPI ranks/);
    expect(existsSync(join(dir, 'odd', 'log.jsonl'))).toBe(false);
  });

  it('ends with an error, not a hang, when a rank is killed mid-run', async () => {
    // Arrange: a long run; once rank 0 has logged a step, one rank (a child of mpirun) is SIGKILLed.
    const dir = mkdtempSync(join(tmpdir(), 'strata-mpi-cli-'));
    const job = spawn('mpirun', [...mpiFlags, 'node', ...cli, ...common(join(dir, 'kill'), 100_000), '--distributed', 'mpi'], { env });
    let output = '';
    job.stderr.on('data', (b: Buffer) => (output += b.toString()));
    const ended = new Promise<number | null>((resolve) => job.on('exit', (code) => resolve(code)));
    const deadline = Date.now() + 60_000;
    while (!existsSync(join(dir, 'kill', 'log.jsonl')) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    const ranks = spawnSync('pgrep', ['-P', String(job.pid)], { encoding: 'utf8' }).stdout.trim().split('\n').map(Number);
    const killedAt = Date.now();
    // Act
    process.kill(ranks[ranks.length - 1], 'SIGKILL');
    const code = await Promise.race([ended, new Promise<'hang'>((r) => setTimeout(() => r('hang'), 30_000))]);
    if (code === 'hang') job.kill('SIGKILL');
    // Assert
    expect(code).not.toBe('hang');
    expect(code).not.toBe(0);
    expect(Date.now() - killedAt).toBeLessThan(30_000);
    expect(output).toMatch(/signal 9|Killed/);
  }, 100_000);
});
