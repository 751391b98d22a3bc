#include "adam.h"

#include <algorithm>
#include <cmath>

namespace strata {

namespace {

void adam(const AdamStep& s, int64_t size, const float* p, const float* m, const float* v,
          const float* g, float* p_out, float* m_out, float* v_out) {
  const float keep1 = s.beta1, take1 = 1.0f - s.beta1;
  const float keep2 = s.beta2, take2 = 1.0f - s.beta2;
  const float inv_c1 = 1.0f / s.correction1, inv_c2 = 1.0f / s.correction2;
#pragma omp parallel for simd if (size > (1 << 16)) schedule(static)
  for (int64_t i = 0; i < size; ++i) {
    const float gi = g[i];
    const float mi = keep1 * m[i] + take1 * gi;
    const float vi = keep2 * v[i] + take2 * gi * gi;
    m_out[i] = mi;
    v_out[i] = vi;
    p_out[i] = p[i] - s.learning_rate * (mi * inv_c1) / (std::sqrt(vi * inv_c2) + s.epsilon);
  }
}

void adamax(const AdamStep& s, int64_t size, const float* p, const float* m, const float* v,
            const float* g, float* p_out, float* m_out, float* v_out) {
  const float keep1 = s.beta1, take1 = 1.0f - s.beta1;
#pragma omp parallel for simd if (size > (1 << 16)) schedule(static)
  for (int64_t i = 0; i < size; ++i) {
    const float gi = g[i];
    const float mi = keep1 * m[i] + take1 * gi;
    const float vi = std::max(s.beta2 * v[i], std::fabs(gi));
    m_out[i] = mi;
    v_out[i] = vi;
    p_out[i] = p[i] - s.learning_rate * mi / (vi + s.epsilon);
  }
}

}  // namespace

void adam_update(const AdamStep& s, int64_t size, const float* p, const float* m, const float* v,
                 const float* g, float* p_out, float* m_out, float* v_out) {
  if (s.rule == AdamRule::kAdamax) {
    adamax(s, size, p, m, v, g, p_out, m_out, v_out);
  } else {
    adam(s, size, p, m, v, g, p_out, m_out, v_out);
  }
}

}  // namespace strata
