// The Bernoulli log-likelihood of binary data under logits, elementwise, and
// its gradient, each in one kernel (bernoulli.cc; src/ops/bernoulli-log-prob.ts
// is the op): what the DSL's Bernoulli likelihood computes from nine tfjs
// kernels forward (x l, softplus, the support check and a select) and as
// many backward.
#pragma once

#include <cstdint>

namespace strata {

// out[i] = x[i] l[i] - softplus(l[i]) where x[i] is 0 or 1, -inf elsewhere
// (NaN included); softplus as tfjs computes it (unary.h).
void bernoulli_log_prob(const float* logits, const float* x, float* out, int64_t n);

// dl[i] = dy[i] x[i] - dy[i] sigmoid(l[i]) where x[i] is 0 or 1, dy[i] * 0
// elsewhere (0, or NaN where dy is not finite): the gradient of
// bernoulli_log_prob in l, as tfjs's gradients of the composed kernels give it.
void bernoulli_log_prob_grad(const float* dy, const float* logits, const float* x, float* dl,
                             int64_t n);

}  // namespace strata
