// The exponentials of a softmax row, vectorized: compiled with -ffast-math
// in binding.gyp's strata_unary library (as unary.cc, so that GCC calls
// libmvec's vector expf, which keeps IEEE results for infinities). Callers
// pass a finite shift and handle rows whose maximum is infinite themselves.
#pragma once

#include <cstdint>

namespace strata {

// sum over i < n of exp(x[i] - shift); exp(-inf - shift) = 0.
float exp_sum(const float* x, float shift, int64_t n);

// out[i] = -scale * exp(x[i] - shift) for i < n: the softmax part of the
// gradient of log softmax(x)[target] times scale, with shift the row's
// log-sum-exp.
void scaled_negative_exp(const float* x, float shift, float scale, float* out, int64_t n);

}  // namespace strata
