#include "conv.h"

#include <cblas.h>

#include <algorithm>
#include <cstring>
#include <vector>

namespace strata {

ConvGeometry ConvGeometry::unpack(const int32_t* p) {
  return ConvGeometry{p[0], p[1], p[2],  p[3],  p[4],  p[5],  p[6], p[7],
                      p[8], p[9], p[10], p[11], p[12], p[13], p[14]};
}

namespace {

// Target floats of one im2col block (1 MiB, to stay in cache).
constexpr int64_t kBlockFloats = int64_t{1} << 18;

// Fewer rows than this make the per-block products too thin for sgemm.
constexpr int64_t kMinBlockRows = 512;

// Rows of the output (one per output pixel) are processed in blocks whose
// column matrix fits the bound; the workspace is reused across calls.
struct Blocks {
  int64_t rows, depth, per_block;
  std::vector<float>& workspace;

  Blocks(const ConvGeometry& g, std::vector<float>& ws)
      : rows(g.batch * g.out_h * g.out_w),
        depth(g.filter_h * g.filter_w * g.in_c),
        per_block(std::max<int64_t>(kMinBlockRows, kBlockFloats / std::max<int64_t>(1, depth))),
        workspace(ws) {
    workspace.resize(static_cast<size_t>(std::min(rows, per_block) * depth));
  }
};

std::vector<float>& workspace() {
  static std::vector<float> ws;
  return ws;
}

// A 1x1 filter with unit strides and no padding reads the input as it is.
bool is_pointwise(const ConvGeometry& g) {
  return g.filter_h == 1 && g.filter_w == 1 && g.stride_h == 1 && g.stride_w == 1 &&
         g.pad_top == 0 && g.pad_left == 0 && g.out_h == g.in_h && g.out_w == g.in_w;
}

// Visits the filter taps of output row `row`: f(tap, input pixel or nullptr
// when the tap falls in the padding).
template <typename X, typename F>
void for_each_tap(const ConvGeometry& g, X* x, int64_t row, F f) {
  const int64_t ox = row % g.out_w;
  const int64_t oy = (row / g.out_w) % g.out_h;
  const int64_t n = row / (g.out_w * g.out_h);
  X* image = x + n * g.in_h * g.in_w * g.in_c;
  for (int64_t ky = 0; ky < g.filter_h; ++ky) {
    const int64_t iy = oy * g.stride_h - g.pad_top + ky * g.dilation_h;
    for (int64_t kx = 0; kx < g.filter_w; ++kx) {
      const int64_t ix = ox * g.stride_w - g.pad_left + kx * g.dilation_w;
      const bool inside = iy >= 0 && iy < g.in_h && ix >= 0 && ix < g.in_w;
      f(ky * g.filter_w + kx, inside ? image + (iy * g.in_w + ix) * g.in_c : nullptr);
    }
  }
}

// Copies one tap's channels; few channels (a first layer) are copied inline
// because a library call per tap would cost more than the copy.
void copy_channels(float* out, const float* src, int64_t channels) {
  if (channels < 8) {
    for (int64_t c = 0; c < channels; ++c) out[c] = src == nullptr ? 0.0f : src[c];
  } else if (src != nullptr) {
    std::memcpy(out, src, static_cast<size_t>(channels) * sizeof(float));
  } else {
    std::memset(out, 0, static_cast<size_t>(channels) * sizeof(float));
  }
}

void im2col(const ConvGeometry& g, const float* x, int64_t first, int64_t count, float* cols) {
  for (int64_t r = 0; r < count; ++r) {
    float* dst = cols + r * g.filter_h * g.filter_w * g.in_c;
    for_each_tap(g, x, first + r, [&](int64_t tap, const float* src) {
      copy_channels(dst + tap * g.in_c, src, g.in_c);
    });
  }
}

void col2im_add(const ConvGeometry& g, const float* cols, int64_t first, int64_t count,
                float* dx) {
  for (int64_t r = 0; r < count; ++r) {
    const float* src = cols + r * g.filter_h * g.filter_w * g.in_c;
    for_each_tap(g, dx, first + r, [&](int64_t tap, float* out) {
      if (out == nullptr) return;
      const float* in = src + tap * g.in_c;
      for (int64_t c = 0; c < g.in_c; ++c) out[c] += in[c];
    });
  }
}

int i(int64_t v) { return static_cast<int>(v); }

// True when some dimension is zero: the result is then all zeros (or empty).
bool is_empty(const ConvGeometry& g) {
  return g.output_size() == 0 || g.filter_size() == 0 || g.input_size() == 0;
}

}  // namespace

void conv2d_forward(const ConvGeometry& g, const float* x, const float* w, float* y) {
  if (is_empty(g)) {
    std::fill(y, y + g.output_size(), 0.0f);
    return;
  }
  if (is_pointwise(g)) {
    const int64_t rows = g.batch * g.in_h * g.in_w;
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, i(rows), i(g.out_c), i(g.in_c), 1.0f,
                x, i(g.in_c), w, i(g.out_c), 0.0f, y, i(g.out_c));
    return;
  }
  Blocks b(g, workspace());
  for (int64_t first = 0; first < b.rows; first += b.per_block) {
    const int64_t count = std::min(b.per_block, b.rows - first);
    im2col(g, x, first, count, b.workspace.data());
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, i(count), i(g.out_c), i(b.depth),
                1.0f, b.workspace.data(), i(b.depth), w, i(g.out_c), 0.0f,
                y + first * g.out_c, i(g.out_c));
  }
}

void conv2d_backprop_input(const ConvGeometry& g, const float* dy, const float* w, float* dx) {
  if (is_empty(g)) {
    std::fill(dx, dx + g.input_size(), 0.0f);
    return;
  }
  if (is_pointwise(g)) {
    const int64_t rows = g.batch * g.in_h * g.in_w;
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, i(rows), i(g.in_c), i(g.out_c), 1.0f,
                dy, i(g.out_c), w, i(g.out_c), 0.0f, dx, i(g.in_c));
    return;
  }
  std::fill(dx, dx + g.input_size(), 0.0f);
  Blocks b(g, workspace());
  for (int64_t first = 0; first < b.rows; first += b.per_block) {
    const int64_t count = std::min(b.per_block, b.rows - first);
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, i(count), i(b.depth), i(g.out_c), 1.0f,
                dy + first * g.out_c, i(g.out_c), w, i(g.out_c), 0.0f, b.workspace.data(),
                i(b.depth));
    col2im_add(g, b.workspace.data(), first, count, dx);
  }
}

void conv2d_backprop_filter(const ConvGeometry& g, const float* x, const float* dy, float* dw) {
  if (is_empty(g)) {
    std::fill(dw, dw + g.filter_size(), 0.0f);
    return;
  }
  if (is_pointwise(g)) {
    const int64_t rows = g.batch * g.in_h * g.in_w;
    cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, i(g.in_c), i(g.out_c), i(rows), 1.0f, x,
                i(g.in_c), dy, i(g.out_c), 0.0f, dw, i(g.out_c));
    return;
  }
  Blocks b(g, workspace());
  for (int64_t first = 0; first < b.rows; first += b.per_block) {
    const int64_t count = std::min(b.per_block, b.rows - first);
    im2col(g, x, first, count, b.workspace.data());
    cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, i(b.depth), i(g.out_c), i(count), 1.0f,
                b.workspace.data(), i(b.depth), dy + first * g.out_c, i(g.out_c),
                first == 0 ? 0.0f : 1.0f, dw, i(g.out_c));
  }
}

}  // namespace strata
