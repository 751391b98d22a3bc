/**
 * Choosing OpenBLAS's kernel family. Debian's OpenBLAS 0.3.21 does not
 * recognise recent Xeons and falls back to its SSE3 "Prescott" kernels (38
 * GFLOP/s instead of 250 on a 2048^3 sgemm here), so the loader names the
 * family from the CPU flags before the library loads, unless the user set
 * OPENBLAS_CORETYPE.
 */
import { readFileSync } from 'node:fs';

/** The OPENBLAS_CORETYPE matching a /proc/cpuinfo text, if it has AVX2 or AVX-512. */
export function coreTypeFromCpuInfo(cpuinfo: string): string | undefined {
  const line = cpuinfo.split('\n').find((l) => l.startsWith('flags'));
  if (line === undefined) return undefined;
  const flags = new Set(line.split(':')[1]?.trim().split(/\s+/) ?? []);
  if (['avx512f', 'avx512bw', 'avx512dq', 'avx512vl'].every((f) => flags.has(f))) {
    return 'SkylakeX';
  }
  if (flags.has('avx2') && flags.has('fma')) return 'Haswell';
  return undefined;
}

/** The OPENBLAS_CORETYPE for this machine; undefined off Linux x86-64. */
export function chooseCoreType(): string | undefined {
  if (process.platform !== 'linux' || process.arch !== 'x64') return undefined;
  try {
    return coreTypeFromCpuInfo(readFileSync('/proc/cpuinfo', 'utf8'));
  } catch {
    return undefined;
  }
}
