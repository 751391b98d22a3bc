// Matrix products through OpenBLAS sgemm, and the fused bias + activation
// epilogue that follows them in tfjs's _FusedMatMul and FusedConv2D.
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

// Activations, numbered as the JavaScript side numbers them.
enum class Activation : int32_t {
  kLinear = 0,
  kRelu = 1,
  kRelu6 = 2,
  kPrelu = 3,
  kLeakyRelu = 4,
  kSigmoid = 5,
  kElu = 6,
};

// Per-column vectors broadcast over the rows of the output (length n or 1).
struct ColumnVector {
  const float* data;
  int64_t length;
  float at(int64_t column) const { return data[length == 1 ? 0 : column]; }
};

// Adds `bias` (when data is non-null) and applies `activation` in place to
// the rows x n matrix `c`; `alpha` is the leaky-relu slope and `prelu` the
// per-column prelu slopes.
void bias_activation(float* c, int64_t rows, int64_t n, ColumnVector bias,
                     Activation activation, float alpha, ColumnVector prelu);

}  // namespace strata
