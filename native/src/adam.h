// The Adam and Adamax updates fused into one pass over the parameters, as
// tfjs's AdamOptimizer and AdamaxOptimizer compute them in a dozen
// elementwise kernels.
#pragma once

#include <cstdint>

namespace strata {

// The update rule.
enum class AdamRule : int32_t { kAdam = 0, kAdamax = 1 };

// Hyper-parameters of one step. For Adam the corrections are 1 - beta^t; for
// Adamax, learning_rate already includes the decay and 1 - beta1^t, and the
// corrections are unused.
struct AdamStep {
  AdamRule rule;
  float learning_rate, beta1, beta2, epsilon, correction1, correction2;
};

// Adam:   m' = b1 m + (1 - b1) g;  v' = b2 v + (1 - b2) g^2;
//         p' = p - lr (m' / c1) / (sqrt(v' / c2) + eps).
// Adamax: m' = b1 m + (1 - b1) g;  v' = max(b2 v, |g|);  p' = p - lr m' / (v' + eps).
// Outputs may not alias inputs.
void adam_update(const AdamStep& s, int64_t size, const float* p, const float* m, const float* v,
                 const float* g, float* p_out, float* m_out, float* v_out);

}  // namespace strata
