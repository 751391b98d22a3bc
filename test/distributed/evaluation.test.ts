/**
 * `strata eval RUN --distributed mpi` under a real `mpirun -np 2`: the test
 * batches dealt over the ranks with their one-process seeds and the sums
 * reduced give one process's eval.json. Skipped, with the reason in its
 * title, when mpirun or the MPI addon is absent.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultMpiPath, mpiBuilt } from '../../src/distributed/binding.js';
import { evalShard } from '../../src/distributed/evaluation.js';
import { fakeWorld } from './fake-world.js';

/** Relative tolerance: the sums are float64 sums of float32 values taken in another order. */
const TOLERANCE = 1e-9;
const env = { ...process.env, OMP_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1', STRATA_NATIVE_THREADS: '1' };
const skipReason = ((): string | undefined => {
  if (spawnSync('mpirun', ['--version']).error !== undefined) return 'mpirun is not installed (apt-get install openmpi-bin)';
  if (!mpiBuilt()) return `the MPI addon ${defaultMpiPath} is not built (npm run build:mpi)`;
  return undefined;
})();
const mpiFlags = [...(process.getuid?.() === 0 ? ['--allow-run-as-root'] : []), '--oversubscribe', '-np', '2'];
const strata = ['--import', 'tsx', 'src/cli/main.ts'];

interface EvalJson { examples: number; l1: number; lk: number; kl: Record<string, number>; activeUnits: Record<string, { active: number; total: number }> }

describe('evalShard', () => {
  it('deals batch i to rank i mod N and sums vectors over the ranks', () => {
    // Arrange: rank 1 of 2; the simulated peer holds [10, 20].
    const shard = evalShard(fakeWorld(1, () => Float64Array.of(10, 20)));
    // Act
    const kept = [0, 1, 2, 3, 4].filter((i) => shard.keep(i));
    const summed = shard.sum(Float64Array.of(1, 2));
    // Assert
    expect(kept).toEqual([1, 3]);
    expect(Array.from(summed)).toEqual([11, 22]);
  });
});

describe.skipIf(skipReason !== undefined)(`strata eval --distributed mpi under mpirun -np 2${skipReason === undefined ? '' : ` (skipped: ${skipReason})`}`, () => {
  it('equals one process\'s evaluation: examples, L_1, L_K (same importance samples), KL and active units', () => {
    // Arrange: a 2-step run; 5 test batches of 20 (an odd count: rank 0 takes 3, rank 1 takes 2); L_K's samples are noisy.
    const run = join(mkdtempSync(join(tmpdir(), 'strata-mpi-eval-')), 'run');
    const trained = spawnSync('node', [...strata, 'train', '--spec', 'test/distributed/fixtures/noise-free.json', '--steps', '2', '--batch', '8', '--backend', 'cpu', '--out', run], { env, encoding: 'utf8', timeout: 90_000 });
    expect(trained.status, trained.stderr).toBe(0);
    const flags = ['eval', run, '--k', '20', '--limit', '100', '--batch', '20', '--backend', 'cpu'];
    // Act
    const one = spawnSync('node', [...strata, ...flags], { env, encoding: 'utf8', timeout: 90_000 });
    const single = JSON.parse(readFileSync(join(run, 'eval.json'), 'utf8')) as EvalJson;
    rmSync(join(run, 'eval.json'));
    const ranks = spawnSync('mpirun', [...mpiFlags, 'node', ...strata, ...flags, '--distributed', 'mpi'], { env, encoding: 'utf8', timeout: 90_000 });
    const spread = JSON.parse(readFileSync(join(run, 'eval.json'), 'utf8')) as EvalJson;
    // Assert
    expect(one.status, one.stderr).toBe(0);
    expect(ranks.status, ranks.stderr).toBe(0);
    expect(ranks.stdout.match(/^L_1 /gm)).toHaveLength(1); // rank 0 alone prints
    expect(spread.examples).toBe(100);
    expect(spread.activeUnits).toEqual(single.activeUnits);
    for (const [name, a, b] of [['l1', spread.l1, single.l1], ['lk', spread.lk, single.lk], ['kl z', spread.kl.z, single.kl.z]] as const) {
      expect(Math.abs(a - b), name).toBeLessThanOrEqual(TOLERANCE * Math.abs(b));
    }
  });
});
