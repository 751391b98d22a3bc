// The N-API entry points of the addon, declared once: STRATA_ENTRIES lists
// each as X(jsName, CName). This header declares the C functions, addon.cc
// exports them under their JavaScript names, and
// test/backend/native/entries.test.ts checks the list against the
// NativeAddon interface of src/backend/native/addon.ts (names and argument
// counts). Each kernel entry takes the wasm heap (an ArrayBuffer) first and
// computes in place at byte offsets inside it; the argument lists are
// documented where each is defined.
#pragma once

#include <node_api.h>

// Products and convolutions (linalg_entries.cc); optimizer steps,
// reductions, elementwise ops and copies (array_entries.cc); updates over
// lists of tensors (multi_tensor_entries.cc); strided block copies and
// nearest-neighbour resizing (layout_entries.cc); the text model's LSTM and
// softmax cross-entropy and the masked output layer (sequence_entries.cc); OpenBLAS settings (addon.cc).
#define STRATA_ENTRIES(X)                                  \
  X(gemm, Gemm)                                            \
  X(biasActivation, BiasActivation)                        \
  X(conv2d, Conv2d)                                        \
  X(conv2dBackpropInput, Conv2dBackpropInput)              \
  X(conv2dBackpropFilter, Conv2dBackpropFilter)            \
  X(adam, Adam)                                            \
  X(columnSums, ColumnSums)                                \
  X(rowSums, RowSums)                                      \
  X(activationBiasGrad, ActivationBiasGrad)                \
  X(unary, UnaryOp)                                        \
  X(minmax, MinMax)                                        \
  X(compare, Compare)                                      \
  X(logical, Logical)                                      \
  X(select, Select)                                        \
  X(bernoulliLogProb, BernoulliLogProb)                    \
  X(bernoulliLogProbGrad, BernoulliLogProbGrad)            \
  X(tile, Tile)                                            \
  X(slice, Slice)                                          \
  X(dropout, Dropout)                                      \
  X(movingAverage, MovingAverage)                          \
  X(adamInPlace, AdamInPlace)                              \
  X(sumOfSquares, SumOfSquares)                            \
  X(stridedCopy, StridedCopy)                              \
  X(resizeNearestNeighbor, ResizeNearestNeighbor)          \
  X(resizeNearestNeighborGrad, ResizeNearestNeighborGrad)  \
  X(lstm, Lstm)                                            \
  X(lstmGrad, LstmGrad)                                    \
  X(softmaxXent, SoftmaxXent)                              \
  X(softmaxXentGrad, SoftmaxXentGrad)                      \
  X(maskedAffine, MaskedAffine)                            \
  X(maskedAffineGrad, MaskedAffineGrad)                    \
  X(setThreads, SetThreads)                                \
  X(info, Info)

namespace strata {

#define STRATA_DECLARE_ENTRY(js, c) napi_value c(napi_env env, napi_callback_info info);
STRATA_ENTRIES(STRATA_DECLARE_ENTRY)
#undef STRATA_DECLARE_ENTRY

}  // namespace strata
