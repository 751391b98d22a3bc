/**
 * The machine a benchmark row was measured on: CPU model (from
 * /proc/cpuinfo), core count, Node version, load average, and the thread
 * count of each backend.
 */
import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { getThreadsCount } from '@tensorflow/tfjs-backend-wasm';

/** Facts about the machine, recorded with every result. */
export interface Machine {
  readonly cpu: string;
  readonly cores: number;
  readonly node: string;
  /** 1-minute load average when the run started. */
  readonly load1: number;
}

/** The CPU model of /proc/cpuinfo ('model name'), or os.cpus() when that file is absent. */
export const cpuModel = (): string => {
  try {
    const line = readFileSync('/proc/cpuinfo', 'utf8').split('\n').find((l) => l.startsWith('model name'));
    if (line !== undefined) return line.slice(line.indexOf(':') + 1).trim();
  } catch {
    // not Linux: fall through to os.cpus()
  }
  return cpus()[0]?.model ?? 'unknown';
};

/** The machine now. */
export const machine = (): Machine => ({ cpu: cpuModel(), cores: cpus().length, node: process.version, load1: loadavg()[0] });

/** The backends a row can be measured on; 'native' is wasm with strata's OpenBLAS kernels. */
export type BenchBackend = 'wasm' | 'cpu' | 'native';

/**
 * Threads a backend computes with: the wasm backend's pool (1 in Node
 * without threads), 1 for the JavaScript cpu backend, and wasm's threads
 * plus OpenBLAS's for native (`blasThreads`).
 */
export const threadsOf = (backend: BenchBackend, blasThreads = 0): string => {
  if (backend === 'cpu') return '1';
  const wasm = getThreadsCount();
  return backend === 'wasm' ? String(wasm) : `${wasm} wasm + ${blasThreads} BLAS`;
};
