#include "gemm.h"

#include <cblas.h>

#include <algorithm>

#include "serial_scope.h"

namespace strata {

void batched_gemm(const GemmShape& s, const float* a, const float* b, float* c) {
  if (s.m == 0 || s.n == 0) return;
  if (s.k == 0) {
    std::fill(c, c + s.batch * s.m * s.n, 0.0f);
    return;
  }
  const SerialScope serial(2.0 * static_cast<double>(s.batch * s.m) * static_cast<double>(s.n * s.k) < kSerialFlops);
  const int lda = static_cast<int>(s.trans_a ? s.m : s.k);
  const int ldb = static_cast<int>(s.trans_b ? s.k : s.n);
  for (int64_t i = 0; i < s.batch; ++i) {
    cblas_sgemm(CblasRowMajor, s.trans_a ? CblasTrans : CblasNoTrans,
                s.trans_b ? CblasTrans : CblasNoTrans, static_cast<int>(s.m),
                static_cast<int>(s.n), static_cast<int>(s.k), 1.0f, a + i * s.stride_a, lda,
                b + i * s.stride_b, ldb, 0.0f, c + i * s.m * s.n, static_cast<int>(s.n));
  }
}

}  // namespace strata
