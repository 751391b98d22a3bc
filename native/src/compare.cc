#include "compare.h"

namespace strata {

namespace {

// out[i] = f(a[i], b[i]) for i < n; an operand of length 1 is broadcast (both, if both are).
template <typename T, typename F>
void pairwise(const T* a, int64_t a_length, const T* b, int64_t b_length, uint8_t* out, int64_t n,
              F f) {
  if (a_length == n && b_length == n) {
#pragma omp simd
    for (int64_t i = 0; i < n; ++i) out[i] = f(a[i], b[i]);
  } else if (a_length == n) {
    const T y = b[0];
#pragma omp simd
    for (int64_t i = 0; i < n; ++i) out[i] = f(a[i], y);
  } else if (b_length == n) {
    const T x = a[0];
#pragma omp simd
    for (int64_t i = 0; i < n; ++i) out[i] = f(x, b[i]);
  } else {
    const uint8_t value = f(a[0], b[0]);
    for (int64_t i = 0; i < n; ++i) out[i] = value;
  }
}

}  // namespace

void compare(Comparison op, const float* a, int64_t a_length, const float* b, int64_t b_length,
             uint8_t* out, int64_t n) {
  switch (op) {
    case Comparison::kEqual:
      pairwise(a, a_length, b, b_length, out, n, [](float x, float y) -> uint8_t { return x == y; });
      break;
    case Comparison::kNotEqual:
      pairwise(a, a_length, b, b_length, out, n, [](float x, float y) -> uint8_t { return x != y; });
      break;
    case Comparison::kLess:
      pairwise(a, a_length, b, b_length, out, n, [](float x, float y) -> uint8_t { return x < y; });
      break;
    case Comparison::kLessEqual:
      pairwise(a, a_length, b, b_length, out, n, [](float x, float y) -> uint8_t { return x <= y; });
      break;
    case Comparison::kGreater:
      pairwise(a, a_length, b, b_length, out, n, [](float x, float y) -> uint8_t { return x > y; });
      break;
    case Comparison::kGreaterEqual:
      pairwise(a, a_length, b, b_length, out, n, [](float x, float y) -> uint8_t { return x >= y; });
      break;
  }
}

void logical(bool any, const uint8_t* a, int64_t a_length, const uint8_t* b, int64_t b_length,
             uint8_t* out, int64_t n) {
  if (any) {
    pairwise(a, a_length, b, b_length, out, n,
             [](uint8_t x, uint8_t y) -> uint8_t { return (x | y) != 0; });
  } else {
    pairwise(a, a_length, b, b_length, out, n,
             [](uint8_t x, uint8_t y) -> uint8_t { return x != 0 && y != 0; });
  }
}

void select(const uint8_t* condition, const float* t, const float* e, float* out, int64_t n) {
#pragma omp simd
  for (int64_t i = 0; i < n; ++i) {
    // Both loaded unconditionally, so the choice is a blend.
    const float yes = t[i];
    const float no = e[i];
    out[i] = condition[i] != 0 ? yes : no;
  }
}

}  // namespace strata
