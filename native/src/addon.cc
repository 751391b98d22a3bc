// The strata_native addon: N-API entry points over the OpenBLAS kernels.
// Every kernel computes in place inside the ArrayBuffer it is given (the
// tfjs wasm heap), at byte offsets the JavaScript side takes from tensors.
#include <cblas.h>
#include <node_api.h>

#include <string>

#include "adam.h"
#include "conv.h"
#include "gemm.h"
#include "minmax.h"
#include "napi_args.h"
#include "reduce.h"
#include "slice.h"
#include "tile.h"
#include "unary.h"

extern "C" {
void openblas_set_num_threads(int num_threads);
int openblas_get_num_threads(void);
char* openblas_get_config(void);
int openblas_get_parallel(void);
}

namespace strata {
namespace {

napi_value undefined(napi_env env) {
  napi_value value;
  napi_get_undefined(env, &value);
  return value;
}

// gemm(heap, a, b, c, batch, m, n, k, transA, transB, strideA, strideB)
napi_value Gemm(napi_env env, napi_callback_info info) {
  Args args(env, info, 12);
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
  return undefined(env);
}

// biasActivation(heap, c, rows, n, bias, biasLength, activation, alpha,
//                prelu, preluLength); bias and prelu offsets are -1 if absent.
napi_value BiasActivation(napi_env env, napi_callback_info info) {
  Args args(env, info, 10);
  args.heap(0);
  const int64_t rows = args.integer(2);
  const int64_t n = args.integer(3);
  float* c = args.floats(1, rows * n);
  const ColumnVector bias{args.optional_floats(4, args.integer(5)), args.integer(5)};
  const int64_t activation = args.integer(6);
  const float alpha = static_cast<float>(args.number(7));
  const ColumnVector prelu{args.optional_floats(8, args.integer(9)), args.integer(9)};
  if (!args.ok()) return undefined(env);
  if (activation > static_cast<int64_t>(Activation::kElu)) {
    args.fail("strata_native: unknown activation");
  } else if ((bias.data != nullptr && bias.length != n && bias.length != 1) ||
             (bias.data != nullptr && bias.length == 0)) {
    args.fail("strata_native: bias length must be n or 1");
  } else if (static_cast<Activation>(activation) == Activation::kPrelu &&
             (prelu.data == nullptr || (prelu.length != n && prelu.length != 1))) {
    args.fail("strata_native: prelu weights must have length n or 1");
  } else {
    bias_activation(c, rows, n, bias, static_cast<Activation>(activation), alpha, prelu);
  }
  return undefined(env);
}

// A conv kernel: kernel(heap, first, second, out, geometry: Int32Array).
template <void (*Kernel)(const ConvGeometry&, const float*, const float*, float*),
          int64_t (ConvGeometry::*FirstSize)() const, int64_t (ConvGeometry::*SecondSize)() const,
          int64_t (ConvGeometry::*OutSize)() const>
napi_value Conv(napi_env env, napi_callback_info info) {
  Args args(env, info, 5);
  args.heap(0);
  const int32_t* packed = args.int32s(4, ConvGeometry::kPackedLength);
  if (!args.ok()) return undefined(env);
  const ConvGeometry g = ConvGeometry::unpack(packed);
  const float* first = args.floats(1, (g.*FirstSize)());
  const float* second = args.floats(2, (g.*SecondSize)());
  float* out = args.floats(3, (g.*OutSize)());
  if (args.ok()) Kernel(g, first, second, out);
  return undefined(env);
}

// adam(heap, rule, p, m, v, g, pOut, mOut, vOut, size, learningRate, beta1,
//      beta2, epsilon, correction1, correction2); rule 0 = Adam, 1 = Adamax.
napi_value Adam(napi_env env, napi_callback_info info) {
  Args args(env, info, 16);
  args.heap(0);
  const int64_t rule = args.integer(1);
  const int64_t size = args.integer(9);
  const float* p = args.floats(2, size);
  const float* m = args.floats(3, size);
  const float* v = args.floats(4, size);
  const float* g = args.floats(5, size);
  float* p_out = args.floats(6, size);
  float* m_out = args.floats(7, size);
  float* v_out = args.floats(8, size);
  const auto f = [&args](size_t index) { return static_cast<float>(args.number(index)); };
  const AdamStep step{static_cast<AdamRule>(rule), f(10), f(11), f(12), f(13), f(14), f(15)};
  if (args.ok() && rule > static_cast<int64_t>(AdamRule::kAdamax)) {
    args.fail("strata_native: unknown Adam rule");
  }
  if (args.ok()) adam_update(step, size, p, m, v, g, p_out, m_out, v_out);
  return undefined(env);
}

// columnSums(heap, x, out, rows, cols)
napi_value ColumnSums(napi_env env, napi_callback_info info) {
  Args args(env, info, 5);
  args.heap(0);
  const int64_t rows = args.integer(3);
  const int64_t cols = args.integer(4);
  const float* x = args.floats(1, rows * cols);
  float* out = args.floats(2, cols);
  if (args.ok()) column_sums(x, rows, cols, out);
  return undefined(env);
}

// unary(heap, f, x, out, n); f numbers Unary (unary.h).
napi_value UnaryOp(napi_env env, napi_callback_info info) {
  Args args(env, info, 5);
  args.heap(0);
  const int64_t f = args.integer(1);
  const int64_t n = args.integer(4);
  const float* x = args.floats(2, n);
  float* out = args.floats(3, n);
  if (args.ok() && f > static_cast<int64_t>(Unary::kTanh)) args.fail("strata_native: unknown unary");
  if (args.ok()) unary(static_cast<Unary>(f), x, out, n);
  return undefined(env);
}

// minmax(heap, maximum, a, aLength, b, bLength, out, n); lengths are n or 1.
napi_value MinMax(napi_env env, napi_callback_info info) {
  Args args(env, info, 8);
  args.heap(0);
  const bool maximum = args.integer(1) != 0;
  const int64_t a_length = args.integer(3);
  const int64_t b_length = args.integer(5);
  const int64_t n = args.integer(7);
  const float* a = args.floats(2, a_length);
  const float* b = args.floats(4, b_length);
  float* out = args.floats(6, n);
  if (args.ok() && ((a_length != n && a_length != 1) || (b_length != n && b_length != 1))) {
    args.fail("strata_native: minmax operands must have length n or 1");
  }
  if (args.ok()) minmax(maximum, a, a_length, b, b_length, out, n);
  return undefined(env);
}

// tile(heap, x, out, shape: Int32Array, reps: Int32Array)
napi_value Tile(napi_env env, napi_callback_info info) {
  Args args(env, info, 5);
  args.heap(0);
  size_t rank = 0;
  const int32_t* shape = args.int32s(3, &rank);
  const int32_t* reps = args.int32s(4, rank);
  if (!args.ok()) return undefined(env);
  int64_t in_size = 1, out_size = 1;
  for (size_t d = 0; d < rank; ++d) {
    if (shape[d] < 0 || reps[d] < 0) args.fail("strata_native: negative tile dimension");
    in_size *= shape[d];
    out_size *= static_cast<int64_t>(shape[d]) * reps[d];
  }
  const float* x = args.floats(1, in_size);
  float* out = args.floats(2, out_size);
  if (args.ok()) tile(x, shape, reps, static_cast<int>(rank), out);
  return undefined(env);
}

// slice(heap, x, out, shape, begin, size: Int32Array)
napi_value Slice(napi_env env, napi_callback_info info) {
  Args args(env, info, 6);
  args.heap(0);
  size_t rank = 0;
  const int32_t* shape = args.int32s(3, &rank);
  const int32_t* begin = args.int32s(4, rank);
  const int32_t* size = args.int32s(5, rank);
  if (!args.ok()) return undefined(env);
  int64_t in_size = 1, out_size = 1;
  for (size_t d = 0; d < rank; ++d) {
    if (begin[d] < 0 || size[d] < 0 || begin[d] + size[d] > shape[d]) {
      args.fail("strata_native: slice out of bounds");
    }
    in_size *= shape[d];
    out_size *= size[d];
  }
  const float* x = args.floats(1, in_size);
  float* out = args.floats(2, out_size);
  if (args.ok()) slice(x, shape, begin, size, static_cast<int>(rank), out);
  return undefined(env);
}

// setThreads(n): the number of OpenBLAS threads.
napi_value SetThreads(napi_env env, napi_callback_info info) {
  Args args(env, info, 1);
  const int64_t n = args.integer(0);
  if (args.ok() && n < 1) args.fail("strata_native: threads must be at least 1");
  if (args.ok()) openblas_set_num_threads(static_cast<int>(n));
  return undefined(env);
}

// info(): { config, threads, parallel } describing the linked OpenBLAS.
napi_value Info(napi_env env, napi_callback_info) {
  napi_value result, config, threads, parallel;
  napi_create_object(env, &result);
  napi_create_string_utf8(env, openblas_get_config(), NAPI_AUTO_LENGTH, &config);
  napi_create_int32(env, openblas_get_num_threads(), &threads);
  static const char* kModels[] = {"sequential", "pthreads", "openmp"};
  const int model = openblas_get_parallel();
  napi_create_string_utf8(env, model >= 0 && model <= 2 ? kModels[model] : "unknown",
                          NAPI_AUTO_LENGTH, &parallel);
  napi_set_named_property(env, result, "config", config);
  napi_set_named_property(env, result, "threads", threads);
  napi_set_named_property(env, result, "parallel", parallel);
  return result;
}

napi_value Init(napi_env env, napi_value exports) {
  using G = ConvGeometry;
  const napi_property_descriptor methods[] = {
      {"gemm", nullptr, Gemm, nullptr, nullptr, nullptr, napi_enumerable, nullptr},
      {"biasActivation", nullptr, BiasActivation, nullptr, nullptr, nullptr, napi_enumerable,
       nullptr},
      {"conv2d", nullptr,
       Conv<conv2d_forward, &G::input_size, &G::filter_size, &G::output_size>, nullptr,
       nullptr, nullptr, napi_enumerable, nullptr},
      {"conv2dBackpropInput", nullptr,
       Conv<conv2d_backprop_input, &G::output_size, &G::filter_size, &G::input_size>, nullptr,
       nullptr, nullptr, napi_enumerable, nullptr},
      {"conv2dBackpropFilter", nullptr,
       Conv<conv2d_backprop_filter, &G::input_size, &G::output_size, &G::filter_size>, nullptr,
       nullptr, nullptr, napi_enumerable, nullptr},
      {"adam", nullptr, Adam, nullptr, nullptr, nullptr, napi_enumerable, nullptr},
      {"columnSums", nullptr, ColumnSums, nullptr, nullptr, nullptr, napi_enumerable, nullptr},
      {"unary", nullptr, UnaryOp, nullptr, nullptr, nullptr, napi_enumerable, nullptr},
      {"minmax", nullptr, MinMax, nullptr, nullptr, nullptr, napi_enumerable, nullptr},
      {"tile", nullptr, Tile, nullptr, nullptr, nullptr, napi_enumerable, nullptr},
      {"slice", nullptr, Slice, nullptr, nullptr, nullptr, napi_enumerable, nullptr},
      {"setThreads", nullptr, SetThreads, nullptr, nullptr, nullptr, napi_enumerable, nullptr},
      {"info", nullptr, Info, nullptr, nullptr, nullptr, napi_enumerable, nullptr},
  };
  napi_define_properties(env, exports, sizeof(methods) / sizeof(methods[0]), methods);
  return exports;
}

}  // namespace
}  // namespace strata

NAPI_MODULE(NODE_GYP_MODULE_NAME, strata::Init)
