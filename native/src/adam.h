// The Adam update fused into one pass over the parameters, as tfjs's
// AdamOptimizer computes it in a dozen elementwise kernels.
#pragma once

#include <cstdint>

namespace strata {

// Hyper-parameters of one step; corrections are 1 - beta^t.
struct AdamStep {
  float learning_rate, beta1, beta2, epsilon, correction1, correction2;
};

// m' = b1 m + (1 - b1) g;  v' = b2 v + (1 - b2) g^2;
// p' = p - lr (m' / c1) / (sqrt(v' / c2) + eps)   (outputs may not alias inputs).
void adam_update(const AdamStep& s, int64_t size, const float* p, const float* m, const float* v,
                 const float* g, float* p_out, float* m_out, float* v_out);

}  // namespace strata
