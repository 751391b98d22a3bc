// Entry points of the text model's kernels: the whole-sequence LSTM and the
// softmax cross-entropy over a vocabulary (lstm.h, softmax_xent.h).
#include "entries.h"
#include "lstm.h"
#include "napi_args.h"
#include "softmax_xent.h"

namespace strata {

// lstm(heap, xs, wh, hs, cs, acts, steps, rows, units)
napi_value Lstm(napi_env env, napi_callback_info info) {
  Args args(env, info, 9, "lstm");
  args.heap(0);
  const LstmShape s{args.integer(6), args.integer(7), args.integer(8)};
  const int64_t cells = s.steps * s.rows * s.units;
  const float* xs = args.floats(1, 4 * cells);
  const float* wh = args.floats(2, 4 * s.units * s.units);
  float* hs = args.floats(3, cells);
  float* cs = args.floats(4, cells);
  float* acts = args.floats(5, 4 * cells);
  if (args.ok()) lstm_forward(s, xs, wh, hs, cs, acts);
  return undefined_value(env);
}

// lstmGrad(heap, dhs, wh, hs, cs, acts, dxs, dwh, steps, rows, units)
napi_value LstmGrad(napi_env env, napi_callback_info info) {
  Args args(env, info, 11, "lstmGrad");
  args.heap(0);
  const LstmShape s{args.integer(8), args.integer(9), args.integer(10)};
  const int64_t cells = s.steps * s.rows * s.units;
  const float* dhs = args.floats(1, cells);
  const float* wh = args.floats(2, 4 * s.units * s.units);
  const float* hs = args.floats(3, cells);
  const float* cs = args.floats(4, cells);
  const float* acts = args.floats(5, 4 * cells);
  float* dxs = args.floats(6, 4 * cells);
  float* dwh = args.floats(7, 4 * s.units * s.units);
  if (args.ok()) lstm_backward(s, dhs, wh, hs, cs, acts, dxs, dwh);
  return undefined_value(env);
}

// softmaxXent(heap, logits, targets, logp, lse, rows, classes)
napi_value SoftmaxXent(napi_env env, napi_callback_info info) {
  Args args(env, info, 7, "softmaxXent");
  args.heap(0);
  const int64_t rows = args.integer(5);
  const int64_t classes = args.integer(6);
  const float* logits = args.floats(1, rows * classes);
  const float* targets = args.floats(2, rows);
  float* logp = args.floats(3, rows);
  float* lse = args.floats(4, rows);
  if (args.ok()) softmax_xent_forward(logits, targets, rows, classes, logp, lse);
  return undefined_value(env);
}

// softmaxXentGrad(heap, logits, targets, lse, dy, dlogits, rows, classes)
napi_value SoftmaxXentGrad(napi_env env, napi_callback_info info) {
  Args args(env, info, 8, "softmaxXentGrad");
  args.heap(0);
  const int64_t rows = args.integer(6);
  const int64_t classes = args.integer(7);
  const float* logits = args.floats(1, rows * classes);
  const float* targets = args.floats(2, rows);
  const float* lse = args.floats(3, rows);
  const float* dy = args.floats(4, rows);
  float* dlogits = args.floats(5, rows * classes);
  if (args.ok()) softmax_xent_backward(logits, targets, lse, dy, rows, classes, dlogits);
  return undefined_value(env);
}

}  // namespace strata
