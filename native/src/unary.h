// Elementwise transcendentals, vectorized through glibc's libmvec (wasm runs
// them one scalar call at a time: exp over 1M floats takes 13 ms there).
#pragma once

#include <cstdint>

namespace strata {

// The functions, numbered as the JavaScript side numbers them.
enum class Unary : int32_t { kExp = 0, kLog = 1, kLog1p = 2, kSoftplus = 3, kTanh = 4, kElu = 5 };

// out[i] = f(x[i]) for i < n, split over OpenMP threads when n is large;
// softplus follows tfjs (x beyond +-(log eps + 2) is x or exp(x)).
void unary(Unary f, const float* x, float* out, int64_t n);

}  // namespace strata
