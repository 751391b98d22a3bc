// Matrix products through OpenBLAS sgemm (the fused bias + activation that
// follows them in tfjs's _FusedMatMul and FusedConv2D is epilogue.h).
#pragma once

#include <cstdint>

namespace strata {

// Shape of a batched product C[b] = op(A[b]) * op(B[b]); all row-major.
// A batch stride of 0 broadcasts that operand over the batch.
struct GemmShape {
  int64_t batch, m, n, k;
  bool trans_a, trans_b;
  int64_t stride_a, stride_b;
};

// Runs the batched product; C is contiguous [batch, m, n].
void batched_gemm(const GemmShape& shape, const float* a, const float* b, float* c);

}  // namespace strata
