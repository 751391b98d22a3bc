#include "reduce.h"

#include <algorithm>

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

}  // namespace strata
