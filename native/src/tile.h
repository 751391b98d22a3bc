// Tile (also behind tf.broadcastTo) as block copies; wasm's kernel maps every
// output element to its input index one at a time.
#pragma once

#include <cstdint>

namespace strata {

// out = x repeated reps[d] times along each axis d of x's shape (rank axes).
void tile(const float* x, const int32_t* shape, const int32_t* reps, int rank, float* out);

}  // namespace strata
