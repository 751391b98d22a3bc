// Strided block copies: Concat and SplitV move one contiguous block per outer
// index between a part and the whole (wasm's SplitV takes 5 ms to halve a
// [48, 14, 14, 112] map along channels).
#pragma once

#include <cstdint>

namespace strata {

// Copies `rows` runs of `width` 4-byte elements from src to dst; run r starts
// at src + r * src_stride and at dst + r * dst_stride (strides >= width).
void strided_copy(const float* src, int64_t src_stride, float* dst, int64_t dst_stride,
                  int64_t rows, int64_t width);

}  // namespace strata
