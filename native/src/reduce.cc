#include "reduce.h"

#include <algorithm>

#include "parallel.h"

namespace strata {

void column_sums(const float* x, int64_t rows, int64_t cols, float* out) {
  if (cols == 1) {
    float total = 0.0f;
#pragma omp simd reduction(+ : total)
    for (int64_t r = 0; r < rows; ++r) total += x[r];
    out[0] = total;
    return;
  }
  std::fill(out, out + cols, 0.0f);
  for (int64_t r = 0; r < rows; ++r) {
    const float* row = x + r * cols;
#pragma omp simd
    for (int64_t c = 0; c < cols; ++c) out[c] += row[c];
  }
}

void row_sums(const float* x, int64_t rows, int64_t cols, float* out) {
  split_evenly(rows, rows * cols, [&](int64_t first, int64_t last) {
    for (int64_t r = first; r < last; ++r) {
      const float* row = x + r * cols;
      float total = 0.0f;
#pragma omp simd reduction(+ : total)
      for (int64_t c = 0; c < cols; ++c) total += row[c];
      out[r] = total;
    }
  });
}

}  // namespace strata
