/**
 * Data-parallel training under a real `mpirun -np 2` (Open MPI), against one
 * process with the whole global batch. Skipped, with the reason in its
 * title, when mpirun or the MPI addon (`npm run build:mpi`) is absent.
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultMpiPath, mpiBuilt } from '../../src/distributed/binding.js';

/** Float tolerance: the rank-mean of two shard means vs the mean over the whole batch differ by float32 rounding only. */
const TOLERANCE = 1e-5;
const SCRIPT = 'test/distributed/fixtures/train-ranks.ts';
const env = { ...process.env, OMP_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1' };

const skipReason = ((): string | undefined => {
  if (spawnSync('mpirun', ['--version']).error !== undefined) return 'mpirun is not installed (apt-get install openmpi-bin)';
  if (!mpiBuilt()) return `the MPI addon ${defaultMpiPath} is not built (npm run build:mpi)`;
  return undefined;
})();

const rootFlags = process.getuid?.() === 0 ? ['--allow-run-as-root'] : [];
const mpirun = (args: readonly string[], timeout = 90_000): SpawnSyncReturns<string> =>
  spawnSync('mpirun', [...rootFlags, '--oversubscribe', '-np', '2', 'node', '--import', 'tsx', SCRIPT, '--ranks', ...args], { env, encoding: 'utf8', timeout });
const single = (args: readonly string[]): SpawnSyncReturns<string> =>
  spawnSync('node', ['--import', 'tsx', SCRIPT, '--single', ...args], { env, encoding: 'utf8', timeout: 90_000 });

interface RunResult {
  readonly losses: number[];
  readonly gradNorms: number[];
  readonly hash: number;
  readonly weights: Record<string, number[]>;
  readonly floor: { readonly lambda: number; readonly shardMeans: number[]; readonly globalMean: number };
}
const read = (prefix: string, rank: number): RunResult => JSON.parse(readFileSync(`${prefix}.${rank}.json`, 'utf8')) as RunResult;

describe.skipIf(skipReason !== undefined)(`training under mpirun -np 2${skipReason === undefined ? '' : ` (skipped: ${skipReason})`}`, () => {
  it('matches one process with the doubled batch, and the ranks end bit-identical', () => {
    // Arrange: per-rank batch 8 on the wasm backend (in-place all-reduce in the heap), 4 steps;
    // each rank starts from different parameters, so only the broadcast makes them equal.
    const dir = mkdtempSync(join(tmpdir(), 'strata-mpi-'));
    const common = ['--batch', '8', '--steps', '4', '--backend', 'wasm'];
    // Act
    const ranks = mpirun([...common, '--out', join(dir, 'ranks')]);
    const one = single([...common, '--ranks-n', '2', '--out', join(dir, 'single')]);
    // Assert
    expect(ranks.status, ranks.stderr).toBe(0);
    expect(one.status, one.stderr).toBe(0);
    const [r0, r1, s] = [read(join(dir, 'ranks'), 0), read(join(dir, 'ranks'), 1), read(join(dir, 'single'), 0)];
    expect(r0.weights).toEqual(r1.weights);
    expect(r0.hash).toBe(r1.hash);
    expect(r0.losses).toEqual(r1.losses);
    r0.losses.forEach((loss, i) => expect(Math.abs(loss - s.losses[i])).toBeLessThanOrEqual(TOLERANCE * Math.abs(s.losses[i])));
    r0.gradNorms.forEach((norm, i) => expect(Math.abs(norm - s.gradNorms[i])).toBeLessThanOrEqual(TOLERANCE * s.gradNorms[i]));
    expect(r0.losses[3]).toBeLessThan(r0.losses[0]);
    for (const [name, values] of Object.entries(s.weights)) {
      const gap = Math.max(...values.map((v, i) => Math.abs(v - r0.weights[name][i])));
      expect(gap, name).toBeLessThanOrEqual(TOLERANCE);
    }
  });

  it('floors the global batch mean KL with free bits over the batch: the ranks match one process where one shard alone is below lambda', () => {
    // Arrange: lambda lies between the lower shard's mean KL and the global mean at step 1 (the fixture writes them).
    const dir = mkdtempSync(join(tmpdir(), 'strata-mpi-'));
    const common = ['--batch', '8', '--steps', '3', '--backend', 'wasm', '--objective', 'free-bits'];
    // Act
    const ranks = mpirun([...common, '--out', join(dir, 'ranks')]);
    const one = single([...common, '--ranks-n', '2', '--out', join(dir, 'single')]);
    // Assert
    expect(ranks.status, ranks.stderr).toBe(0);
    expect(one.status, one.stderr).toBe(0);
    const [r0, r1, s] = [read(join(dir, 'ranks'), 0), read(join(dir, 'ranks'), 1), read(join(dir, 'single'), 0)];
    const { lambda, shardMeans, globalMean } = s.floor;
    expect(Math.min(...shardMeans)).toBeLessThan(lambda);
    expect(Math.max(...shardMeans)).toBeGreaterThan(lambda);
    expect(globalMean).toBeGreaterThan(lambda);
    expect(r0.hash).toBe(r1.hash);
    r0.losses.forEach((loss, i) => expect(Math.abs(loss - s.losses[i])).toBeLessThanOrEqual(TOLERANCE * Math.abs(s.losses[i])));
    r0.gradNorms.forEach((norm, i) => expect(Math.abs(norm - s.gradNorms[i])).toBeLessThanOrEqual(TOLERANCE * s.gradNorms[i]));
  });

  it('ends with an error, not a hang, when a rank is killed mid-run', () => {
    // Arrange: rank 1 is SIGKILLed at step 3 of 200; rank 0 then waits in an all-reduce.
    const dir = mkdtempSync(join(tmpdir(), 'strata-mpi-'));
    const started = Date.now();
    // Act
    const run = mpirun(['--batch', '4', '--steps', '200', '--kill-rank', '1', '--kill-step', '3', '--out', join(dir, 'kill')], 60_000);
    // Assert: mpirun itself ended the job (not the spawn timeout) with a non-zero status, well within the bound.
    expect(run.error).toBeUndefined();
    expect(run.status).not.toBe(0);
    expect(run.stdout + run.stderr).toMatch(/rank 1.*signal 9|signal 9.*rank 1|Killed/s);
    expect(Date.now() - started).toBeLessThan(60_000);
  });
});
