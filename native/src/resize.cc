#include "resize.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <vector>

namespace strata {

namespace {

// Below this many output elements a resize runs on one thread.
constexpr int64_t kParallelElements = 1 << 16;

// The input index nearest to each of `out_size` output indices along one
// axis, in double precision as tfjs computes it.
std::vector<int64_t> nearest(int64_t in_size, int64_t out_size, bool align_corners,
                             bool half_pixel_centers) {
  const bool aligned = align_corners && out_size > 1;
  const double ratio = static_cast<double>(aligned ? in_size - 1 : in_size) /
                       static_cast<double>(aligned ? out_size - 1 : out_size);
  std::vector<int64_t> source(out_size);
  for (int64_t i = 0; i < out_size; ++i) {
    const double position = half_pixel_centers ? ratio * (i + 0.5) : ratio * i;
    const double rounded = align_corners ? std::round(position) : std::floor(position);
    const int64_t index = std::min(in_size - 1, static_cast<int64_t>(rounded));
    source[i] = half_pixel_centers ? std::max<int64_t>(0, index) : index;
  }
  return source;
}

}  // namespace

void resize_nearest(const float* x, const ResizeGeometry& g, float* out) {
  const std::vector<int64_t> rows =
      nearest(g.in_height, g.out_height, g.align_corners, g.half_pixel_centers);
  const std::vector<int64_t> cols =
      nearest(g.in_width, g.out_width, g.align_corners, g.half_pixel_centers);
  const int64_t c = g.channels;
  const int64_t out_row = g.out_width * c;
  const size_t pixel_bytes = static_cast<size_t>(c) * sizeof(float);
  const size_t row_bytes = static_cast<size_t>(out_row) * sizeof(float);
#pragma omp parallel for if (g.batch > 1 && g.batch * g.out_height * out_row > kParallelElements) \
    schedule(static)
  for (int64_t b = 0; b < g.batch; ++b) {
    for (int64_t r = 0; r < g.out_height; ++r) {
      float* dst = out + (b * g.out_height + r) * out_row;
      if (r > 0 && rows[r] == rows[r - 1]) {
        std::memcpy(dst, dst - out_row, row_bytes);
        continue;
      }
      const float* src = x + (b * g.in_height + rows[r]) * g.in_width * c;
      for (int64_t j = 0; j < g.out_width; ++j) {
        std::memcpy(dst + j * c, src + cols[j] * c, pixel_bytes);
      }
    }
  }
}

void resize_nearest_grad(const float* dy, const ResizeGeometry& g, float* dx) {
  const std::vector<int64_t> rows = nearest(g.in_height, g.out_height, g.align_corners, false);
  const std::vector<int64_t> cols = nearest(g.in_width, g.out_width, g.align_corners, false);
  const int64_t c = g.channels;
  const int64_t image = g.in_height * g.in_width * c;
#pragma omp parallel for if (g.batch > 1 && g.batch * g.out_height * g.out_width * c > \
                             kParallelElements) schedule(static)
  for (int64_t b = 0; b < g.batch; ++b) {
    float* dx_b = dx + b * image;
    std::fill(dx_b, dx_b + image, 0.0f);
    const float* src = dy + b * g.out_height * g.out_width * c;
    for (int64_t r = 0; r < g.out_height; ++r) {
      float* dst_row = dx_b + rows[r] * g.in_width * c;
      for (int64_t j = 0; j < g.out_width; ++j, src += c) {
        float* dst = dst_row + cols[j] * c;
#pragma omp simd
        for (int64_t k = 0; k < c; ++k) dst[k] += src[k];
      }
    }
  }
}

}  // namespace strata
