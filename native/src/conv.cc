#include "conv.h"

#include <cblas.h>

#include <algorithm>
#include <cstring>
#include <memory>
#include <vector>

#include "serial_scope.h"

namespace strata {

ConvGeometry ConvGeometry::unpack(const int32_t* p) {
  return ConvGeometry{p[0], p[1], p[2],  p[3],  p[4],  p[5],  p[6], p[7],
                      p[8], p[9], p[10], p[11], p[12], p[13], p[14]};
}

namespace {

// Target floats of one im2col block (1 MiB, to stay in a core's cache); a
// block holds at least one whole image, so one image's column matrix is the
// bound when it is larger.
constexpr int64_t kBlockFloats = int64_t{1} << 18;

// Fewer rows than this make the per-block products too thin for sgemm.
constexpr int64_t kMinBlockRows = 512;

// The output rows (one per output pixel) split into blocks of whole images
// whose column matrices fit the bound. Blocks run in parallel, one OpenMP
// thread each with its own workspace and a single-threaded sgemm (a
// SerialScope around the region, for OpenBLAS's OpenMP and pthreads builds
// alike): im2col and col2im are then
// parallel too, and blocks of whole images never write the same input pixel.
struct Blocks {
  int64_t images_per_block, rows_per_image, count, depth, threads;

  explicit Blocks(const ConvGeometry& g)
      : rows_per_image(g.out_h * g.out_w), depth(g.filter_h * g.filter_w * g.in_c) {
    const int64_t rows = std::max<int64_t>(kMinBlockRows, kBlockFloats / std::max<int64_t>(1, depth));
    images_per_block = std::max<int64_t>(1, std::min(g.batch, rows / std::max<int64_t>(1, rows_per_image)));
    count = (g.batch + images_per_block - 1) / images_per_block;
    threads = std::max(1, std::min<int>(openblas_get_num_threads(), static_cast<int>(count)));
  }

  int64_t first_row(int64_t block) const { return block * images_per_block * rows_per_image; }
  int64_t rows_of(const ConvGeometry& g, int64_t block) const {
    return (std::min(g.batch, (block + 1) * images_per_block) - block * images_per_block) * rows_per_image;
  }
  size_t workspace_floats() const { return static_cast<size_t>(images_per_block * rows_per_image * depth); }
};

// A thread's im2col workspace, kept across calls (OpenMP's threads persist)
// and grown to the largest block seen.
float* thread_workspace(size_t floats) {
  thread_local std::vector<float> ws;
  if (ws.size() < floats) ws.resize(floats);
  return ws.data();
}

// Runs f(block, workspace) for every block, in parallel when there are
// blocks for more than one thread. Threads take blocks as they go: on a
// shared host a thread that loses its core leaves its blocks to the other.
template <typename F>
void for_each_block(const Blocks& b, F f) {
  const SerialScope serial(b.threads > 1);
#pragma omp parallel for num_threads(b.threads) schedule(dynamic, 1) if (b.threads > 1)
  for (int64_t block = 0; block < b.count; ++block) f(block, thread_workspace(b.workspace_floats()));
}

// Groups of blocks whose filter gradients are summed separately: each group
// sums its blocks in order on one thread and the groups are then added in
// order, so the result is the same on any number of threads while threads
// still take groups as they go. Four groups keep two threads balanced (and
// cap the filter gradient at four threads).
constexpr int64_t kFilterGroups = 4;

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
  const Blocks b(g);
  for_each_block(b, [&](int64_t block, float* cols) {
    const int64_t first = b.first_row(block), count = b.rows_of(g, block);
    im2col(g, x, first, count, cols);
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, i(count), i(g.out_c), i(b.depth),
                1.0f, cols, i(b.depth), w, i(g.out_c), 0.0f, y + first * g.out_c, i(g.out_c));
  });
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
  const Blocks b(g);
  const int64_t image = g.in_h * g.in_w * g.in_c;
  for_each_block(b, [&](int64_t block, float* cols) {
    const int64_t first = b.first_row(block), count = b.rows_of(g, block);
    float* dx_block = dx + block * b.images_per_block * image;
    std::fill(dx_block, dx_block + count / b.rows_per_image * image, 0.0f);
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, i(count), i(b.depth), i(g.out_c), 1.0f,
                dy + first * g.out_c, i(g.out_c), w, i(g.out_c), 0.0f, cols, i(b.depth));
    col2im_add(g, cols, first, count, dx);
  });
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
  // Group 0 sums into dw, every other group into its own buffer.
  const Blocks b(g);
  const int64_t size = g.filter_size();
  const int64_t groups = std::min(kFilterGroups, b.count);
  // Uninitialized: the first product of each group overwrites its buffer.
  std::vector<std::unique_ptr<float[]>> partial(static_cast<size_t>(groups - 1));
  for (auto& part : partial) part.reset(new float[static_cast<size_t>(size)]);
  const SerialScope serial(b.threads > 1);
#pragma omp parallel for num_threads(b.threads) schedule(dynamic, 1) if (b.threads > 1)
  for (int64_t group = 0; group < groups; ++group) {
    float* cols = thread_workspace(b.workspace_floats());
    float* out = group == 0 ? dw : partial[static_cast<size_t>(group - 1)].get();
    const int64_t first_block = group * b.count / groups, end_block = (group + 1) * b.count / groups;
    for (int64_t block = first_block; block < end_block; ++block) {
      const int64_t first = b.first_row(block), count = b.rows_of(g, block);
      im2col(g, x, first, count, cols);
      cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, i(b.depth), i(g.out_c), i(count), 1.0f,
                  cols, i(b.depth), dy + first * g.out_c, i(g.out_c),
                  block == first_block ? 0.0f : 1.0f, out, i(g.out_c));
    }
  }
  for (const auto& part : partial) {
    const float* p = part.get();
#pragma omp simd
    for (int64_t j = 0; j < size; ++j) dw[j] += p[j];
  }
}

}  // namespace strata
