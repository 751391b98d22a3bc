#include "conv.h"
#include "entries.h"
#include "epilogue.h"
#include "gemm.h"
#include "napi_args.h"

namespace strata {

// gemm(heap, a, b, c, batch, m, n, k, transA, transB, strideA, strideB)
napi_value Gemm(napi_env env, napi_callback_info info) {
  Args args(env, info, 12, "gemm");
  args.heap(0);
  GemmShape s{args.integer(4), args.integer(5),      args.integer(6),
              args.integer(7), args.integer(8) != 0, args.integer(9) != 0,
              args.integer(10), args.integer(11)};
  const int64_t last_a = s.stride_a * (s.batch - 1) + s.m * s.k;
  const int64_t last_b = s.stride_b * (s.batch - 1) + s.k * s.n;
  const float* a = args.floats(1, s.batch == 0 ? 0 : last_a);
  const float* b = args.floats(2, s.batch == 0 ? 0 : last_b);
  float* c = args.floats(3, s.batch * s.m * s.n);
  if (args.ok()) batched_gemm(s, a, b, c);
  return undefined_value(env);
}

// biasActivation(heap, c, rows, n, bias, biasLength, activation, alpha,
//                prelu, preluLength); bias and prelu offsets are -1 if absent.
napi_value BiasActivation(napi_env env, napi_callback_info info) {
  Args args(env, info, 10, "biasActivation");
  args.heap(0);
  const int64_t rows = args.integer(2);
  const int64_t n = args.integer(3);
  float* c = args.floats(1, rows * n);
  const ColumnVector bias{args.optional_floats(4, args.integer(5)), args.integer(5)};
  const int64_t activation = args.integer(6);
  const float alpha = static_cast<float>(args.number(7));
  const ColumnVector prelu{args.optional_floats(8, args.integer(9)), args.integer(9)};
  if (!args.ok()) return undefined_value(env);
  if (activation > static_cast<int64_t>(Activation::kElu)) {
    args.fail("unknown activation");
  } else if ((bias.data != nullptr && bias.length != n && bias.length != 1) ||
             (bias.data != nullptr && bias.length == 0)) {
    args.fail("bias length must be n or 1");
  } else if (static_cast<Activation>(activation) == Activation::kPrelu &&
             (prelu.data == nullptr || (prelu.length != n && prelu.length != 1))) {
    args.fail("prelu weights must have length n or 1");
  } else {
    bias_activation(c, rows, n, bias, static_cast<Activation>(activation), alpha, prelu);
  }
  return undefined_value(env);
}

namespace {

// A conv kernel `name`: kernel(heap, first, second, out, geometry: Int32Array).
template <void (*Kernel)(const ConvGeometry&, const float*, const float*, float*),
          int64_t (ConvGeometry::*FirstSize)() const, int64_t (ConvGeometry::*SecondSize)() const,
          int64_t (ConvGeometry::*OutSize)() const>
napi_value Conv(napi_env env, napi_callback_info info, const char* name) {
  Args args(env, info, 5, name);
  args.heap(0);
  const int32_t* packed = args.int32s(4, ConvGeometry::kPackedLength);
  if (!args.ok()) return undefined_value(env);
  const ConvGeometry g = ConvGeometry::unpack(packed);
  const float* first = args.floats(1, (g.*FirstSize)());
  const float* second = args.floats(2, (g.*SecondSize)());
  float* out = args.floats(3, (g.*OutSize)());
  if (args.ok()) Kernel(g, first, second, out);
  return undefined_value(env);
}

}  // namespace

// conv2d(heap, x, w, y, geometry)
napi_value Conv2d(napi_env env, napi_callback_info info) {
  using G = ConvGeometry;
  return Conv<conv2d_forward, &G::input_size, &G::filter_size, &G::output_size>(env, info, "conv2d");
}

// conv2dBackpropInput(heap, dy, w, dx, geometry)
napi_value Conv2dBackpropInput(napi_env env, napi_callback_info info) {
  using G = ConvGeometry;
  return Conv<conv2d_backprop_input, &G::output_size, &G::filter_size, &G::input_size>(env, info, "conv2dBackpropInput");
}

// conv2dBackpropFilter(heap, x, dy, dw, geometry)
napi_value Conv2dBackpropFilter(napi_env env, napi_callback_info info) {
  using G = ConvGeometry;
  return Conv<conv2d_backprop_filter, &G::input_size, &G::output_size, &G::filter_size>(env, info, "conv2dBackpropFilter");
}

}  // namespace strata
