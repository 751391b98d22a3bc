// The epilogue of tfjs's _FusedMatMul and FusedConv2D: bias and activation
// over the rows of a product's output, in place (epilogue.cc).
#pragma once

#include <cstdint>

namespace strata {

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
// the rows x n matrix `c`; `alpha` is the leaky-relu slope and `slopes` the
// per-column prelu slopes.
void bias_activation(float* c, int64_t rows, int64_t n, ColumnVector bias,
                     Activation activation, float alpha, ColumnVector slopes);

}  // namespace strata
