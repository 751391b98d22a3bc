// Entry points of the text model's kernels: the whole-sequence LSTM, the
// softmax cross-entropy over a vocabulary and the output layer that skips
// masked rows (lstm.h, softmax_xent.h, masked_affine.h).
#include "entries.h"
#include "lstm.h"
#include "masked_affine.h"
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

// softmaxXent(heap, logits, targets, logp, lse, rows, classes, pad); pad NaN for none
napi_value SoftmaxXent(napi_env env, napi_callback_info info) {
  Args args(env, info, 8, "softmaxXent");
  args.heap(0);
  const int64_t rows = args.integer(5);
  const int64_t classes = args.integer(6);
  const float* logits = args.floats(1, rows * classes);
  const float* targets = args.floats(2, rows);
  float* logp = args.floats(3, rows);
  float* lse = args.floats(4, rows);
  const float pad = static_cast<float>(args.number(7));
  if (args.ok()) softmax_xent_forward(logits, targets, rows, classes, pad, logp, lse);
  return undefined_value(env);
}

// softmaxXentGrad(heap, logits, targets, lse, dy, dlogits, rows, classes, pad); pad NaN for none
napi_value SoftmaxXentGrad(napi_env env, napi_callback_info info) {
  Args args(env, info, 9, "softmaxXentGrad");
  args.heap(0);
  const int64_t rows = args.integer(6);
  const int64_t classes = args.integer(7);
  const float* logits = args.floats(1, rows * classes);
  const float* targets = args.floats(2, rows);
  const float* lse = args.floats(3, rows);
  const float* dy = args.floats(4, rows);
  float* dlogits = args.floats(5, rows * classes);
  const float pad = static_cast<float>(args.number(8));
  if (args.ok()) softmax_xent_backward(logits, targets, lse, dy, rows, classes, pad, dlogits);
  return undefined_value(env);
}

// maskedAffine(heap, x, w, b, mask, y, rows, in, out)
napi_value MaskedAffine(napi_env env, napi_callback_info info) {
  Args args(env, info, 9, "maskedAffine");
  args.heap(0);
  const MaskedAffineShape s{args.integer(6), args.integer(7), args.integer(8)};
  const float* x = args.floats(1, s.rows * s.in);
  const float* w = args.floats(2, s.in * s.out);
  const float* b = args.floats(3, s.out);
  const float* mask = args.floats(4, s.rows);
  float* y = args.floats(5, s.rows * s.out);
  if (args.ok()) masked_affine_forward(s, x, w, b, mask, y);
  return undefined_value(env);
}

// maskedAffineGrad(heap, dy, x, w, mask, scratch, dx, dw, db, rows, in, out);
// scratch holds kept x out floats (kept: the rows whose mask is not 0), -1 when none is kept
napi_value MaskedAffineGrad(napi_env env, napi_callback_info info) {
  Args args(env, info, 12, "maskedAffineGrad");
  args.heap(0);
  const MaskedAffineShape s{args.integer(9), args.integer(10), args.integer(11)};
  const float* dy = args.floats(1, s.rows * s.out);
  const float* x = args.floats(2, s.rows * s.in);
  const float* w = args.floats(3, s.in * s.out);
  const float* mask = args.floats(4, s.rows);
  const int64_t kept = mask == nullptr ? 0 : masked_affine_kept(mask, s.rows);
  float* scratch = args.optional_floats(5, kept * s.out);
  float* dx = args.floats(6, s.rows * s.in);
  float* dw = args.floats(7, s.in * s.out);
  float* db = args.floats(8, s.out);
  if (args.ok() && kept > 0 && s.out > 0 && scratch == nullptr) args.fail_at(5, "expected a scratch of kept x out floats");
  if (args.ok()) masked_affine_backward(s, dy, x, w, mask, scratch, dx, dw, db);
  return undefined_value(env);
}

}  // namespace strata
