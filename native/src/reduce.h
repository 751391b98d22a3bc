// Sums over leading axes, the reduction tfjs runs for every bias gradient
// (wasm's Sum transposes such inputs first, which costs more than the sum).
#pragma once

#include <cstdint>

namespace strata {

// out[c] = sum over r of x[r * cols + c] (a full sum, cols = 1, is vectorized).
void column_sums(const float* x, int64_t rows, int64_t cols, float* out);

}  // namespace strata
