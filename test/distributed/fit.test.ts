/**
 * `fit({ distributed: 'mpi' })` (src/train/fit.ts): one line outside
 * mpirun; under a real `mpirun -np 2` the ranks end with the same weights,
 * rank 0 alone logs, and both equal one process with the same global batch.
 * The mpirun test is skipped, with the reason, without mpirun or the addon.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { defaultMpiPath, mpiBuilt } from '../../src/distributed/binding.js';
import { fit } from '../../src/train/fit.js';
import { tinySpec } from '../train/fixtures.js';

/** Float tolerance (float32 rounding of the rank-mean of shard means against one mean), relative on losses, absolute on weights. */
const TOLERANCE = 1e-5;
const SCRIPT = 'test/distributed/fixtures/fit-ranks.ts';
const env = { ...process.env, OMP_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1' };
const skipReason = ((): string | undefined => {
  if (spawnSync('mpirun', ['--version']).error !== undefined) return 'mpirun is not installed (apt-get install openmpi-bin)';
  if (!mpiBuilt()) return `the MPI addon ${defaultMpiPath} is not built (npm run build:mpi)`;
  return undefined;
})();
const mpiFlags = [...(process.getuid?.() === 0 ? ['--allow-run-as-root'] : []), '--oversubscribe', '-np', '2'];
interface Result { losses: number[]; weights: number[]; left?: string }
const read = (dir: string, rank: number): Result => JSON.parse(readFileSync(join(dir, `result.${rank}.json`), 'utf8')) as Result;

describe('fit({ distributed: "mpi" })', () => {
  it('outside mpirun is a Left naming how to launch it, before any work', async () => {
    // Act
    const result = await fit(tinySpec, { data: 'mnist-dyn', config: { steps: 1, batchSize: 4 }, distributed: 'mpi' });
    // Assert
    expect(E.isLeft(result) && result.left).toMatch(/^fit: --distributed mpi: this process was not started by mpirun .*mpirun -np N/);
  });

  it.skipIf(skipReason !== undefined)(`under mpirun -np 2 equals one process with the same global batch${skipReason === undefined ? '' : ` (skipped: ${skipReason})`}`, () => {
    // Arrange
    const root = mkdtempSync(join(tmpdir(), 'strata-mpi-fit-'));
    const [ranks, one] = [join(root, 'ranks'), join(root, 'one')];
    mkdirSync(ranks);
    mkdirSync(one);
    // Act
    const spread = spawnSync('mpirun', [...mpiFlags, 'node', '--import', 'tsx', SCRIPT, '--out', ranks, '--distributed'], { env, encoding: 'utf8', timeout: 90_000 });
    const single = spawnSync('node', ['--import', 'tsx', SCRIPT, '--out', one], { env, encoding: 'utf8', timeout: 90_000 });
    // Assert
    expect(spread.status, spread.stderr).toBe(0);
    expect(single.status, single.stderr).toBe(0);
    const [r0, r1, s] = [read(ranks, 0), read(ranks, 1), read(one, 0)];
    expect([r0.left, r1.left, s.left]).toEqual([undefined, undefined, undefined]);
    expect(r1.weights).toEqual(r0.weights);
    expect(r1.losses).toEqual([]);
    expect(r0.losses).toHaveLength(3);
    r0.losses.forEach((loss, i) => expect(Math.abs(loss - s.losses[i])).toBeLessThanOrEqual(TOLERANCE * Math.abs(s.losses[i])));
    expect(Math.max(...r0.weights.map((w, i) => Math.abs(w - s.weights[i])))).toBeLessThanOrEqual(TOLERANCE);
  });
});
