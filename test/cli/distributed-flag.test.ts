/**
 * `--distributed mpi` refused with one line and exit 2 where it cannot run:
 * a process not started by mpirun, or an MPI addon that is not built.
 */
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { strataWith, type CliResult } from './run-cli.js';

/** `strata ...argv` on the cpu backend with `env` added. */
const strata = (env: Record<string, string>, ...argv: string[]): Promise<CliResult> => strataWith({ env: { STRATA_BACKEND: 'cpu', ...env } })(...argv);

describe('--distributed mpi where MPI cannot run', () => {
  it.each([
    ['strata train without mpirun', {}, ['train', '--steps', '1', '--batch', '4'], /^strata train: --distributed mpi: this process was not started by mpirun .*launch it as `mpirun -np N/],
    ['strata eval without mpirun', {}, ['eval', 'runs/none'], /^strata eval: --distributed mpi: this process was not started by mpirun/],
    ['strata train without the addon', { OMPI_COMM_WORLD_SIZE: '2', STRATA_MPI_ADDON: '/nonexistent/strata_mpi.node' }, ['train', '--steps', '1'], /^strata train: --distributed mpi: the MPI addon \/nonexistent\/strata_mpi.node is not built \(install Open MPI \(apt-get install libopenmpi-dev openmpi-bin\), then run `npm run build:mpi`\)$/],
  ])('%s: one line, exit 2, nothing written', async (_, env, argv, message) => {
    // Arrange
    const out = join(mkdtempSync(join(tmpdir(), 'strata-dist-')), 'run');
    // Act
    const r = await strata(env, ...argv, '--distributed', 'mpi', ...(argv[0] === 'train' ? ['--out', out] : []));
    // Assert
    expect(r.code).toBe(2);
    expect(r.err).toHaveLength(1);
    expect(r.err[0]).toMatch(message);
    expect(existsSync(out)).toBe(false);
  });

  it('lists --distributed and --sync-every in strata train --help', async () => {
    // Act
    const r = await strata({}, 'train', '--help');
    // Assert
    expect(r.out.join('\n')).toMatch(/--distributed .*mpirun -np N/);
    expect(r.out.join('\n')).toMatch(/--sync-every .*default 100/);
  });
});
