#include "entries.h"
#include "napi_args.h"
#include "resize.h"
#include "strided_copy.h"

namespace strata {

namespace {

// Reads the shapes and flags of a resize from arguments 3..10: batch,
// inHeight, inWidth, channels, outHeight, outWidth, alignCorners, then
// halfPixelCenters unless it is the gradient's.
ResizeGeometry resize_geometry(Args& args, bool gradient) {
  ResizeGeometry g{args.integer(3), args.integer(4), args.integer(5), args.integer(6),
                   args.integer(7), args.integer(8), args.integer(9) != 0,
                   !gradient && args.integer(10) != 0};
  if (args.ok() && (g.in_height == 0 || g.in_width == 0)) {
    args.fail("images of zero height or width");
  }
  return g;
}

}  // namespace

// stridedCopy(heap, src, srcStride, dst, dstStride, rows, width); strides and
// width count 4-byte elements (float32 or int32).
napi_value StridedCopy(napi_env env, napi_callback_info info) {
  Args args(env, info, 7, "stridedCopy");
  args.heap(0);
  const int64_t src_stride = args.integer(2);
  const int64_t dst_stride = args.integer(4);
  const int64_t rows = args.integer(5);
  const int64_t width = args.integer(6);
  if (args.ok() && rows > 1 && (src_stride < width || dst_stride < width)) {
    args.fail("stridedCopy needs strides of at least the width");
  }
  const auto extent = [&](int64_t stride) { return rows == 0 ? 0 : (rows - 1) * stride + width; };
  const float* src = args.floats(1, extent(src_stride));
  float* dst = args.floats(3, extent(dst_stride));
  if (args.ok()) strided_copy(src, src_stride, dst, dst_stride, rows, width);
  return undefined_value(env);
}

// resizeNearestNeighbor(heap, x, out, batch, inHeight, inWidth, channels,
// outHeight, outWidth, alignCorners, halfPixelCenters)
napi_value ResizeNearestNeighbor(napi_env env, napi_callback_info info) {
  Args args(env, info, 11, "resizeNearestNeighbor");
  args.heap(0);
  const ResizeGeometry g = resize_geometry(args, false);
  const float* x = args.floats(1, g.batch * g.in_height * g.in_width * g.channels);
  float* out = args.floats(2, g.batch * g.out_height * g.out_width * g.channels);
  if (args.ok()) resize_nearest(x, g, out);
  return undefined_value(env);
}

// resizeNearestNeighborGrad(heap, dy, dx, batch, inHeight, inWidth, channels,
// outHeight, outWidth, alignCorners): dx is [batch, inHeight, inWidth,
// channels], dy [batch, outHeight, outWidth, channels].
napi_value ResizeNearestNeighborGrad(napi_env env, napi_callback_info info) {
  Args args(env, info, 10, "resizeNearestNeighborGrad");
  args.heap(0);
  const ResizeGeometry g = resize_geometry(args, true);
  const float* dy = args.floats(1, g.batch * g.out_height * g.out_width * g.channels);
  float* dx = args.floats(2, g.batch * g.in_height * g.in_width * g.channels);
  if (args.ok()) resize_nearest_grad(dy, g, dx);
  return undefined_value(env);
}

}  // namespace strata
