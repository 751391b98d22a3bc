// The backward pass of the fused affine layer's epilogue (src/ops/affine.ts):
// the activation's derivative read off the layer's output, and the bias
// gradient, in one pass over dy (activation_grad.cc).
#pragma once

#include <cstdint>

#include "epilogue.h"

namespace strata {

// For the rows x n matrices dy and y = act(z):
//   dz = dy * act'(z), with act'(z) from y: relu 1 where y > 0, else 0 (NaN
//   where y is NaN, as tfjs's Step); elu 1 where y >= 0, else y + 1 (as
//   tfjs's EluGrad); linear 1;
//   db[j] = sum over rows of dz[r, j].
// dz may alias dy. Returns false for an activation other than linear, relu
// or elu.
bool activation_bias_grad(const float* dy, const float* y, int64_t rows, int64_t n,
                          Activation activation, float* dz, float* db);

}  // namespace strata
