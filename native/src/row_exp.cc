// Compiled with -ffast-math (binding.gyp) so that GCC calls libmvec's vector
// expf; target_clones picks AVX-512, AVX2 or SSE at load time.
#include "row_exp.h"

#include <cmath>

namespace strata {

#define STRATA_ROW_CLONES __attribute__((target_clones("avx512f", "avx2", "default")))

STRATA_ROW_CLONES float exp_sum(const float* x, float shift, int64_t n) {
  float sum = 0.0f;
#pragma omp simd reduction(+ : sum)
  for (int64_t i = 0; i < n; ++i) sum += std::exp(x[i] - shift);
  return sum;
}

STRATA_ROW_CLONES void scaled_negative_exp(const float* x, float shift, float scale, float* out,
                                           int64_t n) {
#pragma omp simd
  for (int64_t i = 0; i < n; ++i) out[i] = -scale * std::exp(x[i] - shift);
}

}  // namespace strata
