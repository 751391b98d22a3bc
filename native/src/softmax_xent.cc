#include "softmax_xent.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "parallel.h"
#include "row_exp.h"

namespace strata {

namespace {

constexpr float kInf = std::numeric_limits<float>::infinity();

// The target class of a row, or -1 when it is not an integer in [0, classes).
int64_t target_of(float t, int64_t classes) {
  if (!(t >= 0.0f && t < static_cast<float>(classes)) || t != std::floor(t)) return -1;
  return static_cast<int64_t>(t);
}

float log_sum_exp(const float* x, int64_t n) {
  float m = -kInf;
  bool nan = false;
  for (int64_t i = 0; i < n; ++i) {
    m = x[i] > m ? x[i] : m;
    nan = nan || std::isnan(x[i]);
  }
  if (nan) return std::numeric_limits<float>::quiet_NaN();
  if (std::isinf(m)) return m;  // all -inf, or some +inf
  return m + std::log(exp_sum(x, m, n));
}

}  // namespace

void softmax_xent_forward(const float* logits, const float* targets, int64_t rows,
                          int64_t classes, float* logp, float* lse) {
  split_evenly(rows, rows * classes, [&](int64_t first, int64_t last) {
    for (int64_t r = first; r < last; ++r) {
      const float* x = logits + r * classes;
      lse[r] = log_sum_exp(x, classes);
      const int64_t t = target_of(targets[r], classes);
      if (t < 0 || x[t] == -kInf) {
        logp[r] = -kInf;
      } else {
        logp[r] = x[t] - lse[r];
      }
    }
  });
}

void softmax_xent_backward(const float* logits, const float* targets, const float* lse,
                           const float* dy, int64_t rows, int64_t classes, float* dlogits) {
  split_evenly(rows, rows * classes, [&](int64_t first, int64_t last) {
    for (int64_t r = first; r < last; ++r) {
      float* out = dlogits + r * classes;
      const int64_t t = target_of(targets[r], classes);
      if (t < 0 || lse[r] == -kInf || logits[r * classes + t] == -kInf) {
        std::fill(out, out + classes, 0.0f);
      } else if (!std::isfinite(lse[r])) {
        std::fill(out, out + classes, std::numeric_limits<float>::quiet_NaN());
      } else {
        scaled_negative_exp(logits + r * classes, lse[r], dy[r], out, classes);
        out[t] += dy[r];
      }
    }
  });
}

}  // namespace strata
