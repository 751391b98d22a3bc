#include "activation_grad.h"

#include <algorithm>
#include <cmath>

namespace strata {

namespace {

// dz = dy * d(y) row by row, adding each row of dz into db.
template <typename Derivative>
void rows_of(const float* dy, const float* y, int64_t rows, int64_t n, float* dz, float* db,
             Derivative d) {
  std::fill(db, db + n, 0.0f);
  for (int64_t r = 0; r < rows; ++r) {
    const float* dy_row = dy + r * n;
    const float* y_row = y + r * n;
    float* dz_row = dz + r * n;
#pragma omp simd
    for (int64_t j = 0; j < n; ++j) {
      const float g = dy_row[j] * d(y_row[j]);
      dz_row[j] = g;
      db[j] += g;
    }
  }
}

}  // namespace

bool activation_bias_grad(const float* dy, const float* y, int64_t rows, int64_t n,
                          Activation activation, float* dz, float* db) {
  switch (activation) {
    case Activation::kLinear:
      rows_of(dy, y, rows, n, dz, db, [](float) { return 1.0f; });
      return true;
    case Activation::kRelu:
      // 1 where y > 0, else 0, plus NaN where y is NaN (Step passes it on): two
      // selects the compiler turns into blends (a branch on random signs costs 5x).
      rows_of(dy, y, rows, n, dz, db, [](float v) {
        const float step = v > 0.0f ? 1.0f : 0.0f;
        const float nan = std::isunordered(v, v) ? v : 0.0f;
        return step + nan;
      });
      return true;
    case Activation::kElu:
      rows_of(dy, y, rows, n, dz, db, [](float v) { return v >= 0.0f ? 1.0f : v + 1.0f; });
      return true;
    default:
      return false;
  }
}

}  // namespace strata
