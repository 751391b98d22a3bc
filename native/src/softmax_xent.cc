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

// Floats per block of the single pass: a block's maximum is taken, then its
// exponentials summed while it is still in L1, so each row is read from
// memory once.
constexpr int64_t kBlock = 2048;

// log sum exp(x) in one pass over blocks, rescaling the running sum when a
// block raises the maximum; NaN if any x is NaN, +inf if any is +inf, -inf
// for a row of -inf.
float log_sum_exp(const float* x, int64_t n) {
  float m = -kInf, sum = 0.0f;
  for (int64_t b = 0; b < n; b += kBlock) {
    const int64_t len = std::min(kBlock, n - b);
    float block_max = -kInf;
    bool nan = false;
    for (int64_t i = 0; i < len; ++i) {
      block_max = x[b + i] > block_max ? x[b + i] : block_max;
      nan = nan || x[b + i] != x[b + i];
    }
    if (nan) return std::numeric_limits<float>::quiet_NaN();
    if (block_max == kInf) return kInf;
    if (block_max == -kInf) continue;
    if (block_max > m) {
      sum = m == -kInf ? 0.0f : sum * std::exp(m - block_max);
      m = block_max;
    }
    sum += exp_sum(x + b, m, len);
  }
  return m == -kInf ? m : m + std::log(sum);
}

}  // namespace

void softmax_xent_forward(const float* logits, const float* targets, int64_t rows,
                          int64_t classes, float pad, float* logp, float* lse) {
  split_evenly(rows, rows * classes, [&](int64_t first, int64_t last) {
    for (int64_t r = first; r < last; ++r) {
      if (targets[r] == pad) {
        logp[r] = 0.0f;
        lse[r] = 0.0f;
        continue;
      }
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
                           const float* dy, int64_t rows, int64_t classes, float pad,
                           float* dlogits) {
  split_evenly(rows, rows * classes, [&](int64_t first, int64_t last) {
    for (int64_t r = first; r < last; ++r) {
      float* out = dlogits + r * classes;
      const int64_t t = target_of(targets[r], classes);
      if (targets[r] == pad || t < 0 || lse[r] == -kInf || logits[r * classes + t] == -kInf) {
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
