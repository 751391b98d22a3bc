// Slice as copies of contiguous runs; wasm's kernel is slow for the many
// small slices tfjs's Tile gradient takes (one per repetition).
#pragma once

#include <cstdint>

namespace strata {

// out = x[begin[d] : begin[d] + size[d]] along each of the rank axes of shape.
void slice(const float* x, const int32_t* shape, const int32_t* begin, const int32_t* size,
           int rank, float* out);

}  // namespace strata
