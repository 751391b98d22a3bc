// Sums over leading axes, the reduction tfjs runs for every bias gradient
// (wasm's Sum transposes such inputs first, which costs more than the sum),
// and over trailing axes.
#pragma once

#include <cstdint>

namespace strata {

// out[c] = sum over r of x[r * cols + c] (a full sum, cols = 1, is vectorized).
void column_sums(const float* x, int64_t rows, int64_t cols, float* out);

// out[r] = sum over c of x[r * cols + c]: a sum over trailing axes, such as a
// likelihood summed over its event (wasm's Sum over the last axis takes 1.3 ms
// per million floats); rows split over OpenMP threads when large.
void row_sums(const float* x, int64_t rows, int64_t cols, float* out);

}  // namespace strata
