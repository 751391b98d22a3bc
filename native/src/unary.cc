// Compiled with -ffast-math (binding.gyp) so that GCC calls libmvec's vector
// variants; libmvec keeps IEEE results for infinities, NaN and out-of-range
// arguments. target_clones picks AVX-512, AVX2 or SSE at load time.
#include "unary.h"

#include <cmath>

#include "parallel.h"

namespace strata {

namespace {

#define STRATA_CLONES __attribute__((target_clones("avx512f", "avx2", "default")))

STRATA_CLONES void exp_all(const float* x, float* out, int64_t n) {
#pragma omp simd
  for (int64_t i = 0; i < n; ++i) out[i] = std::exp(x[i]);
}

STRATA_CLONES void log_all(const float* x, float* out, int64_t n) {
#pragma omp simd
  for (int64_t i = 0; i < n; ++i) out[i] = std::log(x[i]);
}

STRATA_CLONES void log1p_all(const float* x, float* out, int64_t n) {
#pragma omp simd
  for (int64_t i = 0; i < n; ++i) out[i] = std::log1p(x[i]);
}

STRATA_CLONES void tanh_all(const float* x, float* out, int64_t n) {
#pragma omp simd
  for (int64_t i = 0; i < n; ++i) out[i] = std::tanh(x[i]);
}

// tfjs: threshold = log(float32 epsilon) + 2.
STRATA_CLONES void softplus_all(const float* x, float* out, int64_t n) {
  const float threshold = std::log(1.1920928955078125e-7f) + 2.0f;
#pragma omp simd
  for (int64_t i = 0; i < n; ++i) {
    const float v = x[i];
    const float e = std::exp(v);
    out[i] = v > -threshold ? v : (v < threshold ? e : std::log1p(e));
  }
}

// tfjs: x for x >= 0, exp(x) - 1 below.
STRATA_CLONES void elu_all(const float* x, float* out, int64_t n) {
#pragma omp simd
  for (int64_t i = 0; i < n; ++i) out[i] = x[i] < 0.0f ? std::exp(x[i]) - 1.0f : x[i];
}

void unary_run(Unary f, const float* x, float* out, int64_t n) {
  switch (f) {
    case Unary::kExp: exp_all(x, out, n); break;
    case Unary::kLog: log_all(x, out, n); break;
    case Unary::kLog1p: log1p_all(x, out, n); break;
    case Unary::kSoftplus: softplus_all(x, out, n); break;
    case Unary::kTanh: tanh_all(x, out, n); break;
    case Unary::kElu: elu_all(x, out, n); break;
  }
}

}  // namespace

void unary(Unary f, const float* x, float* out, int64_t n) {
  // Each thread runs the cloned (vectorized) loop on its own share.
  split_evenly(n, n, [&](int64_t first, int64_t last) {
    unary_run(f, x + first, out + first, last - first);
  });
}

}  // namespace strata
