/**
 * A World without MPI for unit tests: this rank and one simulated peer
 * whose arrays `peer` derives from this rank's, combined as MPI would.
 */
import type { MpiArray, MpiOp } from '../../src/distributed/binding.js';
import type { World } from '../../src/distributed/world.js';

const combine: Record<MpiOp, (a: number, b: number) => number> = { sum: (a, b) => a + b, max: Math.max, min: Math.min };

/** A two-rank world; `peer(array)` is the other rank's copy of `array` (default: the same values). */
export const fakeWorld = (rank = 0, peer: (array: MpiArray) => MpiArray = (a) => a.slice()): World => ({
  rank,
  size: 2,
  mpi: {
    init: () => ({ rank, size: 2, threadLevel: 1 }),
    allReduce: (array, op) => {
      const other = peer(array);
      array.forEach((v, i) => {
        array[i] = combine[op](v, other[i]);
      });
    },
    broadcast: (array, root) => {
      if (root !== rank) array.set(peer(array) as never);
    },
    barrier: () => undefined,
    abort: (code) => {
      throw new Error(`abort ${code}`);
    },
    finalize: () => undefined,
  },
});
