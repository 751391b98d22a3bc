/**
 * The optional MPI addon (native/mpi, `npm run build:mpi`): its interface
 * and its loader. Like the OpenBLAS kernels it is built only where Open
 * MPI's headers are installed; without it `--distributed mpi` fails with one
 * line naming what to install.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

/** A typed array an MPI collective works on in place. */
export type MpiArray = Float32Array | Float64Array | Int32Array;

/** A reduction of {@link MpiBinding.allReduce}. */
export type MpiOp = 'sum' | 'max' | 'min';

/** The strata_mpi addon (native/mpi/src/mpi_addon.cc), over MPI_COMM_WORLD. */
export interface MpiBinding {
  /** MPI_Init_thread (FUNNELED; idempotent): this process's rank, the number of ranks and the thread level. */
  init(): { readonly rank: number; readonly size: number; readonly threadLevel: number };
  /** MPI_Allreduce in place: afterwards every rank holds the element-wise `op` over ranks. */
  allReduce(array: MpiArray, op: MpiOp): void;
  /** MPI_Bcast in place: afterwards every rank holds rank `root`'s values. */
  broadcast(array: MpiArray, root: number): void;
  /** MPI_Barrier. */
  barrier(): void;
  /** MPI_Abort: ends every rank of the job with exit code `code`; does not return. */
  abort(code: number): never;
  /** MPI_Finalize (idempotent). */
  finalize(): void;
}

/** Where `npm run build:mpi` puts the addon. */
export const defaultMpiPath = fileURLToPath(new URL('../../native/mpi/build/Release/strata_mpi.node', import.meta.url));

/** What to do when the addon is missing: one line. */
export const installHint = 'install Open MPI (apt-get install libopenmpi-dev openmpi-bin), then run `npm run build:mpi`';

const loaded = new Map<string, MpiBinding>();

/**
 * Loads the addon from `path` (default STRATA_MPI_ADDON, else
 * {@link defaultMpiPath}), once per path. Throws one line naming the file and
 * what to install when it is missing or cannot load (e.g. libmpi is absent).
 */
export const loadMpi = (path: string = process.env.STRATA_MPI_ADDON ?? defaultMpiPath): MpiBinding => {
  const cached = loaded.get(path);
  if (cached !== undefined) return cached;
  if (!existsSync(path)) throw new Error(`--distributed mpi: the MPI addon ${path} is not built (${installHint})`);
  let binding: MpiBinding;
  try {
    binding = createRequire(import.meta.url)(path) as MpiBinding;
  } catch (error) {
    throw new Error(`--distributed mpi: the MPI addon ${path} failed to load: ${(error as Error).message.split('\n')[0]} (${installHint})`);
  }
  loaded.set(path, binding);
  return binding;
};

/** True when the addon is built at `path` (default as in {@link loadMpi}). */
export const mpiBuilt = (path: string = process.env.STRATA_MPI_ADDON ?? defaultMpiPath): boolean => existsSync(path);
