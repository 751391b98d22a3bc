// The N-API entry points of the kernels. Each takes the wasm heap (an
// ArrayBuffer) first and computes in place at byte offsets inside it; the
// argument lists are documented where each is defined.
#pragma once

#include <node_api.h>

namespace strata {

// Products and convolutions (linalg_entries.cc).
napi_value Gemm(napi_env env, napi_callback_info info);
napi_value BiasActivation(napi_env env, napi_callback_info info);
napi_value Conv2d(napi_env env, napi_callback_info info);
napi_value Conv2dBackpropInput(napi_env env, napi_callback_info info);
napi_value Conv2dBackpropFilter(napi_env env, napi_callback_info info);

// Optimizer steps, reductions, elementwise ops and copies (array_entries.cc).
napi_value Adam(napi_env env, napi_callback_info info);
napi_value ColumnSums(napi_env env, napi_callback_info info);
napi_value UnaryOp(napi_env env, napi_callback_info info);
napi_value MinMax(napi_env env, napi_callback_info info);
napi_value Tile(napi_env env, napi_callback_info info);
napi_value Slice(napi_env env, napi_callback_info info);
napi_value Dropout(napi_env env, napi_callback_info info);

// Updates over lists of tensors (multi_tensor_entries.cc).
napi_value MovingAverage(napi_env env, napi_callback_info info);
napi_value AdamInPlace(napi_env env, napi_callback_info info);
napi_value SumOfSquares(napi_env env, napi_callback_info info);

// Strided block copies and nearest-neighbour resizing (layout_entries.cc).
napi_value StridedCopy(napi_env env, napi_callback_info info);
napi_value ResizeNearestNeighbor(napi_env env, napi_callback_info info);
napi_value ResizeNearestNeighborGrad(napi_env env, napi_callback_info info);

}  // namespace strata
