#include "minmax.h"

#include <cmath>
#include <limits>

namespace strata {

namespace {

template <bool kMaximum>
inline float pick(float x, float y) {
  const float chosen = (kMaximum ? x > y : x < y) ? x : y;
  return x != x || y != y ? std::numeric_limits<float>::quiet_NaN() : chosen;
}

template <bool kMaximum>
void run(const float* a, int64_t a_step, const float* b, int64_t b_step, float* out, int64_t n) {
  for (int64_t i = 0; i < n; ++i) out[i] = pick<kMaximum>(a[i * a_step], b[i * b_step]);
}

}  // namespace

void minmax(bool maximum, const float* a, int64_t a_length, const float* b, int64_t b_length,
            float* out, int64_t n) {
  const int64_t a_step = a_length == 1 ? 0 : 1;
  const int64_t b_step = b_length == 1 ? 0 : 1;
  if (maximum) {
    run<true>(a, a_step, b, b_step, out, n);
  } else {
    run<false>(a, a_step, b, b_step, out, n);
  }
}

}  // namespace strata
