// The fused matmul epilogue: bias and activation over the output rows, in
// place. Compiled like unary.cc (-ffast-math, binding.gyp) so that the ELU
// and sigmoid loops vectorize with libmvec's exp; target_clones picks
// AVX-512, AVX2 or SSE at load time. Rows are split over OpenMP threads
// when the matrix is large.

#include <algorithm>
#include <cmath>

#include "epilogue.h"
#include "parallel.h"

namespace strata {

namespace {

#define STRATA_CLONES __attribute__((target_clones("avx512f", "avx2", "default")))

// Applies f(value + bias[j], j) to every element of the rows x n matrix c.
template <typename F>
inline void map_rows(float* c, int64_t rows, int64_t n, ColumnVector bias, F f) {
  for (int64_t r = 0; r < rows; ++r) {
    float* row = c + r * n;
    if (bias.data != nullptr) {
#pragma omp simd
      for (int64_t j = 0; j < n; ++j) row[j] = f(row[j] + bias.at(j), j);
    } else {
#pragma omp simd
      for (int64_t j = 0; j < n; ++j) row[j] = f(row[j], j);
    }
  }
}

// One thread's rows; cloned per instruction set (outside any OpenMP region,
// whose outlined body would not be).
// exp(v) - 1 for v < 0 is ELU as tfjs computes it.
STRATA_CLONES void epilogue_rows(float* c, int64_t rows, int64_t n, ColumnVector bias,
                                 Activation activation, float alpha, ColumnVector slopes) {
  switch (activation) {
    case Activation::kLinear:
      map_rows(c, rows, n, bias, [](float v, int64_t) { return v; });
      break;
    case Activation::kRelu:
      map_rows(c, rows, n, bias, [](float v, int64_t) { return v > 0.0f ? v : 0.0f; });
      break;
    case Activation::kRelu6:
      map_rows(c, rows, n, bias, [](float v, int64_t) { return std::min(std::max(v, 0.0f), 6.0f); });
      break;
    case Activation::kPrelu:
      map_rows(c, rows, n, bias, [slopes](float v, int64_t j) { return v < 0.0f ? v * slopes.at(j) : v; });
      break;
    case Activation::kLeakyRelu:
      map_rows(c, rows, n, bias, [alpha](float v, int64_t) { return v < 0.0f ? v * alpha : v; });
      break;
    case Activation::kSigmoid:
      // exp of -|v| only, so nothing overflows: 1 / (1 + exp(-v)) took exp(100) = inf
      // into a fast-math division and returned NaN for v <= -100.
      map_rows(c, rows, n, bias, [](float v, int64_t) {
        const float e = std::exp(-std::fabs(v));
        const float r = 1.0f / (1.0f + e);
        return v >= 0.0f ? r : e * r;
      });
      break;
    case Activation::kElu:
      map_rows(c, rows, n, bias, [](float v, int64_t) { return v < 0.0f ? std::exp(v) - 1.0f : v; });
      break;
  }
}

}  // namespace

void bias_activation(float* c, int64_t rows, int64_t n, ColumnVector bias,
                     Activation activation, float alpha, ColumnVector slopes) {
  split_evenly(rows, rows * n, [&](int64_t first, int64_t last) {
    epilogue_rows(c + first * n, last - first, n, bias, activation, alpha, slopes);
  });
}

}  // namespace strata
