// Inverted dropout with the mask drawn from strata's seeded stream
// (src/random/prng.ts: mulberry32 seeded through splitmix32, the 24 high bits
// of each number as a uniform in [0, 1)), so the native kernel and the
// JavaScript path give the same mask for the same seed.
#pragma once

#include <cstdint>

namespace strata {

// out[i] = x[i] * (u_i < rate ? 0 : 1 / (1 - rate)) (a product, so -0 and NaN
// come out as the JavaScript path's), u_i the i-th uniform of the stream of
// `seed`; out may alias x.
void dropout(const float* x, float* out, int64_t n, double rate, uint32_t seed);

}  // namespace strata
