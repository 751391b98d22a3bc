// Elementwise comparisons, logical and / or, and select (where), which
// wasm's kernels run 10-20 times slower than an add (0.6 ms for an Equal
// over 100k floats); a Bernoulli likelihood's support check is three of
// them over every pixel (compare.cc). Booleans are bytes 0 / 1, as the wasm
// backend stores them.
#pragma once

#include <cstdint>

namespace strata {

// The comparisons, numbered as the JavaScript side numbers them.
enum class Comparison : int32_t {
  kEqual = 0,
  kNotEqual = 1,
  kLess = 2,
  kLessEqual = 3,
  kGreater = 4,
  kGreaterEqual = 5,
};

// out[i] = a[i] op b[i] for i < n as IEEE compares (NaN is unequal to
// everything, NotEqual true); an operand of length 1 is broadcast.
void compare(Comparison op, const float* a, int64_t a_length, const float* b, int64_t b_length,
             uint8_t* out, int64_t n);

// out[i] = a[i] or (any) / and (!any) b[i] over booleans (any non-zero byte
// is true), 0 / 1; an operand of length 1 is broadcast.
void logical(bool any, const uint8_t* a, int64_t a_length, const uint8_t* b, int64_t b_length,
             uint8_t* out, int64_t n);

// out[i] = condition[i] != 0 ? t[i] : e[i] for i < n.
void select(const uint8_t* condition, const float* t, const float* e, float* out, int64_t n);

}  // namespace strata
