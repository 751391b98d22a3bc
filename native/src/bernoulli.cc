#include "bernoulli.h"

#include <algorithm>
#include <limits>

#include "epilogue.h"
#include "unary.h"

namespace strata {

namespace {

inline bool in_support(float x) { return x == 0.0f || x == 1.0f; }

}  // namespace

void bernoulli_log_prob(const float* logits, const float* x, float* out, int64_t n) {
  // out = softplus(l) first (vectorized through libmvec), then the rest in place.
  unary(Unary::kSoftplus, logits, out, n);
  const float minus_inf = -std::numeric_limits<float>::infinity();
#pragma omp simd
  for (int64_t i = 0; i < n; ++i) {
    const float xi = x[i];
    const float value = xi * logits[i] - out[i];
    out[i] = in_support(xi) ? value : minus_inf;
  }
}

void bernoulli_log_prob_grad(const float* dy, const float* logits, const float* x, float* dl,
                             int64_t n) {
  // dl = sigmoid(l) first (the fused matmul's epilogue, vectorized), then the rest in place.
  std::copy(logits, logits + n, dl);
  bias_activation(dl, 1, n, ColumnVector{nullptr, 0}, Activation::kSigmoid, 0.0f, ColumnVector{nullptr, 0});
#pragma omp simd
  for (int64_t i = 0; i < n; ++i) {
    const float xi = x[i];
    const float g = dy[i];
    const float value = g * xi - g * dl[i];
    // Off the support dy * 0, as tfjs's Select gradient: 0, or NaN where dy is not finite.
    dl[i] = in_support(xi) ? value : g * 0.0f;
  }
}

}  // namespace strata
