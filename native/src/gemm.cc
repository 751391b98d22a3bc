#include "gemm.h"

#include <cblas.h>

#include <algorithm>
#include <cmath>

namespace strata {

void batched_gemm(const GemmShape& s, const float* a, const float* b, float* c) {
  if (s.m == 0 || s.n == 0) return;
  if (s.k == 0) {
    std::fill(c, c + s.batch * s.m * s.n, 0.0f);
    return;
  }
  const int lda = static_cast<int>(s.trans_a ? s.m : s.k);
  const int ldb = static_cast<int>(s.trans_b ? s.k : s.n);
  for (int64_t i = 0; i < s.batch; ++i) {
    cblas_sgemm(CblasRowMajor, s.trans_a ? CblasTrans : CblasNoTrans,
                s.trans_b ? CblasTrans : CblasNoTrans, static_cast<int>(s.m),
                static_cast<int>(s.n), static_cast<int>(s.k), 1.0f, a + i * s.stride_a, lda,
                b + i * s.stride_b, ldb, 0.0f, c + i * s.m * s.n, static_cast<int>(s.n));
  }
}

namespace {

template <typename F>
void map_rows(float* c, int64_t rows, int64_t n, ColumnVector bias, F f) {
  for (int64_t r = 0; r < rows; ++r) {
    float* row = c + r * n;
    if (bias.data != nullptr) {
      for (int64_t j = 0; j < n; ++j) row[j] = f(row[j] + bias.at(j), j);
    } else {
      for (int64_t j = 0; j < n; ++j) row[j] = f(row[j], j);
    }
  }
}

}  // namespace

void bias_activation(float* c, int64_t rows, int64_t n, ColumnVector bias,
                     Activation activation, float alpha, ColumnVector prelu) {
  switch (activation) {
    case Activation::kLinear:
      map_rows(c, rows, n, bias, [](float v, int64_t) { return v; });
      break;
    case Activation::kRelu:
      map_rows(c, rows, n, bias, [](float v, int64_t) { return std::max(v, 0.0f); });
      break;
    case Activation::kRelu6:
      map_rows(c, rows, n, bias,
               [](float v, int64_t) { return std::min(std::max(v, 0.0f), 6.0f); });
      break;
    case Activation::kPrelu:
      map_rows(c, rows, n, bias,
               [prelu](float v, int64_t j) { return v < 0 ? v * prelu.at(j) : v; });
      break;
    case Activation::kLeakyRelu:
      map_rows(c, rows, n, bias, [alpha](float v, int64_t) { return v < 0 ? v * alpha : v; });
      break;
    case Activation::kSigmoid:
      map_rows(c, rows, n, bias, [](float v, int64_t) { return 1.0f / (1.0f + std::exp(-v)); });
      break;
    case Activation::kElu:
      map_rows(c, rows, n, bias, [](float v, int64_t) { return v < 0 ? std::expm1(v) : v; });
      break;
  }
}

}  // namespace strata
