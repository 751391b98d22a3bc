#include "strided_copy.h"

#include <cstring>

namespace strata {

namespace {

// Below this many elements a copy runs on one thread.
constexpr int64_t kParallelElements = 1 << 18;

}  // namespace

void strided_copy(const float* src, int64_t src_stride, float* dst, int64_t dst_stride,
                  int64_t rows, int64_t width) {
  if (rows == 0 || width == 0) return;
  if (src_stride == width && dst_stride == width) {
    std::memcpy(dst, src, static_cast<size_t>(rows * width) * sizeof(float));
    return;
  }
  const size_t bytes = static_cast<size_t>(width) * sizeof(float);
#pragma omp parallel for if (rows > 1 && rows * width > kParallelElements) schedule(static)
  for (int64_t r = 0; r < rows; ++r) std::memcpy(dst + r * dst_stride, src + r * src_stride, bytes);
}

}  // namespace strata
