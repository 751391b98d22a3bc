import { describe, expect, it } from 'vitest';
import { installHint, loadMpi } from '../../src/distributed/binding.js';
import { isWriter, launchedByMpirun, startWorld } from '../../src/distributed/world.js';
import { fakeWorld } from './fake-world.js';

describe('launchedByMpirun', () => {
  it('is false for a plain start and true under mpirun', () => {
    expect(launchedByMpirun({})).toBe(false);
    expect(launchedByMpirun({ OMPI_COMM_WORLD_SIZE: '2' })).toBe(true);
  });
});

describe('startWorld', () => {
  it('refuses a launch without mpirun with one line naming mpirun, before loading anything', () => {
    // Arrange: an environment without mpirun's variables and an addon path that does not exist.
    const start = (): unknown => startWorld({}, '/nonexistent/strata_mpi.node');
    // Act / Assert
    expect(start).toThrow(/not started by mpirun.*mpirun -np N/);
  });

  it('names what to install when the addon is missing', () => {
    expect(() => startWorld({ OMPI_COMM_WORLD_SIZE: '2' }, '/nonexistent/strata_mpi.node')).toThrow(installHint);
    expect(() => loadMpi('/nonexistent/strata_mpi.node')).toThrow(/libopenmpi-dev openmpi-bin.*npm run build:mpi/);
  });
});

describe('isWriter', () => {
  it('is true for rank 0 and for a run without a world, false for other ranks', () => {
    expect(isWriter(undefined)).toBe(true);
    expect(isWriter(fakeWorld(0))).toBe(true);
    expect(isWriter(fakeWorld(1))).toBe(false);
  });
});
