import { describe, expect, it } from 'vitest';
import { coreTypeFromCpuInfo } from '../../../src/backend/native/coretype.js';

const cpuinfo = (flags: string): string => `processor\t: 0\nflags\t\t: ${flags}\n`;

describe('choosing the OpenBLAS core type', () => {
  it('picks SkylakeX kernels for AVX-512 machines', () => {
    expect(coreTypeFromCpuInfo(cpuinfo('fpu sse avx2 fma avx512f avx512dq avx512bw avx512vl')))
      .toBe('SkylakeX');
  });

  it('picks Haswell kernels for AVX2 machines', () => {
    expect(coreTypeFromCpuInfo(cpuinfo('fpu sse avx avx2 fma'))).toBe('Haswell');
  });

  it('leaves older machines and unknown formats to OpenBLAS', () => {
    expect(coreTypeFromCpuInfo(cpuinfo('fpu sse sse2 avx'))).toBeUndefined();
    expect(coreTypeFromCpuInfo('no flags here')).toBeUndefined();
  });
});
