/**
 * The MPI world of a data-parallel run: this process's rank, the number of
 * ranks and the binding, started only inside an mpirun launch (a plain
 * `node` start would make Open MPI run a silent singleton of size 1).
 */
import { loadMpi, type MpiBinding } from './binding.js';

/** The processes of one data-parallel run. */
export interface World {
  /** 0-based rank of this process. */
  readonly rank: number;
  /** Number of ranks N. */
  readonly size: number;
  readonly mpi: MpiBinding;
}

/** The variables by which mpirun (Open MPI, or a PMI/PMIx launcher) marks the processes it starts. */
const LAUNCH_VARIABLES = ['OMPI_COMM_WORLD_SIZE', 'PMIX_RANK', 'PMI_SIZE'] as const;

/** True when `env` says this process was started by mpirun. */
export const launchedByMpirun = (env: NodeJS.ProcessEnv = process.env): boolean => LAUNCH_VARIABLES.some((name) => env[name] !== undefined);

/**
 * Loads the addon and initializes MPI. Throws one line when the process was
 * not started by mpirun (checked first, before anything loads) or when the
 * addon is missing (see loadMpi).
 */
export const startWorld = (env: NodeJS.ProcessEnv = process.env, path?: string): World => {
  if (!launchedByMpirun(env)) {
    throw new Error('--distributed mpi: this process was not started by mpirun (no OMPI_COMM_WORLD_SIZE); launch it as `mpirun -np N npx strata train ... --distributed mpi`');
  }
  const mpi = loadMpi(path);
  const { rank, size } = mpi.init();
  return { rank, size, mpi };
};

/** Ends MPI (after a barrier, so no rank leaves while others still reduce). */
export const endWorld = (world: World): void => {
  world.mpi.barrier();
  world.mpi.finalize();
};

/**
 * True on the process that writes logs, checkpoints and other artifacts:
 * rank 0 of a distributed run, and the single process of a run without one.
 */
export const isWriter = (world: World | undefined): boolean => world === undefined || world.rank === 0;
