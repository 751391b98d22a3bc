#include <string>

#include "activation_grad.h"
#include "adam.h"
#include "bernoulli.h"
#include "compare.h"
#include "dropout.h"
#include "entries.h"
#include "minmax.h"
#include "napi_args.h"
#include "reduce.h"
#include "slice.h"
#include "tile.h"
#include "unary.h"

namespace strata {

namespace {

// Fails the call unless each operand's length is n or 1 (a broadcast scalar).
void check_broadcast(Args& args, int64_t a_length, int64_t b_length, int64_t n, const char* entry) {
  if (args.ok() && ((a_length != n && a_length != 1) || (b_length != n && b_length != 1))) {
    args.fail((std::string(entry) + " operands must have length n or 1").c_str());
  }
}

}  // namespace

// adam(heap, rule, p, m, v, g, pOut, mOut, vOut, size, learningRate, beta1,
//      beta2, epsilon, correction1, correction2); rule 0 = Adam, 1 = Adamax.
napi_value Adam(napi_env env, napi_callback_info info) {
  Args args(env, info, 16, "adam");
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
    args.fail("unknown Adam rule");
  }
  if (args.ok()) adam_update(step, size, p, m, v, g, p_out, m_out, v_out);
  return undefined_value(env);
}

// columnSums(heap, x, out, rows, cols)
napi_value ColumnSums(napi_env env, napi_callback_info info) {
  Args args(env, info, 5, "columnSums");
  args.heap(0);
  const int64_t rows = args.integer(3);
  const int64_t cols = args.integer(4);
  const float* x = args.floats(1, rows * cols);
  float* out = args.floats(2, cols);
  if (args.ok()) column_sums(x, rows, cols, out);
  return undefined_value(env);
}

// activationBiasGrad(heap, dy, y, dz, db, rows, n, activation); activation
// numbers Activation (epilogue.h): linear, relu or elu.
napi_value ActivationBiasGrad(napi_env env, napi_callback_info info) {
  Args args(env, info, 8, "activationBiasGrad");
  args.heap(0);
  const int64_t rows = args.integer(5);
  const int64_t n = args.integer(6);
  const int64_t activation = args.integer(7);
  const float* dy = args.floats(1, rows * n);
  const float* y = args.floats(2, rows * n);
  float* dz = args.floats(3, rows * n);
  float* db = args.floats(4, n);
  if (args.ok() && !activation_bias_grad(dy, y, rows, n, static_cast<Activation>(activation), dz, db)) {
    args.fail_at(7, "the activation must be linear, relu or elu");
  }
  return undefined_value(env);
}

// rowSums(heap, x, out, rows, cols)
napi_value RowSums(napi_env env, napi_callback_info info) {
  Args args(env, info, 5, "rowSums");
  args.heap(0);
  const int64_t rows = args.integer(3);
  const int64_t cols = args.integer(4);
  const float* x = args.floats(1, rows * cols);
  float* out = args.floats(2, rows);
  if (args.ok()) row_sums(x, rows, cols, out);
  return undefined_value(env);
}

// unary(heap, f, x, out, n); f numbers Unary (unary.h).
napi_value UnaryOp(napi_env env, napi_callback_info info) {
  Args args(env, info, 5, "unary");
  args.heap(0);
  const int64_t f = args.integer(1);
  const int64_t n = args.integer(4);
  const float* x = args.floats(2, n);
  float* out = args.floats(3, n);
  if (args.ok() && f > static_cast<int64_t>(Unary::kElu)) args.fail("unknown unary");
  if (args.ok()) unary(static_cast<Unary>(f), x, out, n);
  return undefined_value(env);
}

// minmax(heap, maximum, a, aLength, b, bLength, out, n); lengths are n or 1.
napi_value MinMax(napi_env env, napi_callback_info info) {
  Args args(env, info, 8, "minmax");
  args.heap(0);
  const bool maximum = args.integer(1) != 0;
  const int64_t a_length = args.integer(3);
  const int64_t b_length = args.integer(5);
  const int64_t n = args.integer(7);
  const float* a = args.floats(2, a_length);
  const float* b = args.floats(4, b_length);
  float* out = args.floats(6, n);
  check_broadcast(args, a_length, b_length, n, "minmax");
  if (args.ok()) minmax(maximum, a, a_length, b, b_length, out, n);
  return undefined_value(env);
}

// compare(heap, op, a, aLength, b, bLength, out, n); op numbers Comparison
// (compare.h); a and b float32, out n bytes.
napi_value Compare(napi_env env, napi_callback_info info) {
  Args args(env, info, 8, "compare");
  args.heap(0);
  const int64_t op = args.integer(1);
  const int64_t a_length = args.integer(3);
  const int64_t b_length = args.integer(5);
  const int64_t n = args.integer(7);
  const float* a = args.floats(2, a_length);
  const float* b = args.floats(4, b_length);
  uint8_t* out = args.bytes(6, n);
  check_broadcast(args, a_length, b_length, n, "compare");
  if (args.ok() && (op < 0 || op > static_cast<int64_t>(Comparison::kGreaterEqual))) {
    args.fail_at(1, "unknown comparison");
  }
  if (args.ok()) compare(static_cast<Comparison>(op), a, a_length, b, b_length, out, n);
  return undefined_value(env);
}

// logical(heap, any, a, aLength, b, bLength, out, n); any 1 = or, 0 = and;
// a, b and out bytes.
napi_value Logical(napi_env env, napi_callback_info info) {
  Args args(env, info, 8, "logical");
  args.heap(0);
  const bool any = args.integer(1) != 0;
  const int64_t a_length = args.integer(3);
  const int64_t b_length = args.integer(5);
  const int64_t n = args.integer(7);
  const uint8_t* a = args.bytes(2, a_length);
  const uint8_t* b = args.bytes(4, b_length);
  uint8_t* out = args.bytes(6, n);
  check_broadcast(args, a_length, b_length, n, "logical");
  if (args.ok()) logical(any, a, a_length, b, b_length, out, n);
  return undefined_value(env);
}

// select(heap, condition, t, e, out, n); condition n bytes, t, e, out n floats.
napi_value Select(napi_env env, napi_callback_info info) {
  Args args(env, info, 6, "select");
  args.heap(0);
  const int64_t n = args.integer(5);
  const uint8_t* condition = args.bytes(1, n);
  const float* t = args.floats(2, n);
  const float* e = args.floats(3, n);
  float* out = args.floats(4, n);
  if (args.ok()) select(condition, t, e, out, n);
  return undefined_value(env);
}

// bernoulliLogProb(heap, logits, x, out, n); n floats each.
napi_value BernoulliLogProb(napi_env env, napi_callback_info info) {
  Args args(env, info, 5, "bernoulliLogProb");
  args.heap(0);
  const int64_t n = args.integer(4);
  const float* logits = args.floats(1, n);
  const float* x = args.floats(2, n);
  float* out = args.floats(3, n);
  if (args.ok()) bernoulli_log_prob(logits, x, out, n);
  return undefined_value(env);
}

// bernoulliLogProbGrad(heap, dy, logits, x, dl, n); n floats each.
napi_value BernoulliLogProbGrad(napi_env env, napi_callback_info info) {
  Args args(env, info, 6, "bernoulliLogProbGrad");
  args.heap(0);
  const int64_t n = args.integer(5);
  const float* dy = args.floats(1, n);
  const float* logits = args.floats(2, n);
  const float* x = args.floats(3, n);
  float* dl = args.floats(4, n);
  if (args.ok()) bernoulli_log_prob_grad(dy, logits, x, dl, n);
  return undefined_value(env);
}

// tile(heap, x, out, shape: Int32Array, reps: Int32Array)
napi_value Tile(napi_env env, napi_callback_info info) {
  Args args(env, info, 5, "tile");
  args.heap(0);
  size_t rank = 0;
  const int32_t* shape = args.int32s(3, &rank);
  const int32_t* reps = args.int32s(4, rank);
  if (!args.ok()) return undefined_value(env);
  int64_t in_size = 1, out_size = 1;
  for (size_t d = 0; d < rank; ++d) {
    if (shape[d] < 0 || reps[d] < 0) args.fail("negative tile dimension");
    in_size *= shape[d];
    out_size *= static_cast<int64_t>(shape[d]) * reps[d];
  }
  const float* x = args.floats(1, in_size);
  float* out = args.floats(2, out_size);
  if (args.ok()) tile(x, shape, reps, static_cast<int>(rank), out);
  return undefined_value(env);
}

// slice(heap, x, out, shape, begin, size: Int32Array)
napi_value Slice(napi_env env, napi_callback_info info) {
  Args args(env, info, 6, "slice");
  args.heap(0);
  size_t rank = 0;
  const int32_t* shape = args.int32s(3, &rank);
  const int32_t* begin = args.int32s(4, rank);
  const int32_t* size = args.int32s(5, rank);
  if (!args.ok()) return undefined_value(env);
  int64_t in_size = 1, out_size = 1;
  for (size_t d = 0; d < rank; ++d) {
    if (begin[d] < 0 || size[d] < 0 || begin[d] + size[d] > shape[d]) {
      args.fail("slice out of bounds");
    }
    in_size *= shape[d];
    out_size *= size[d];
  }
  const float* x = args.floats(1, in_size);
  float* out = args.floats(2, out_size);
  if (args.ok()) slice(x, shape, begin, size, static_cast<int>(rank), out);
  return undefined_value(env);
}

// dropout(heap, x, out, n, rate, seed)
napi_value Dropout(napi_env env, napi_callback_info info) {
  Args args(env, info, 6, "dropout");
  args.heap(0);
  const int64_t n = args.integer(3);
  const float* x = args.floats(1, n);
  float* out = args.floats(2, n);
  const double rate = args.number(4);
  const int64_t seed = args.integer(5, true);
  if (args.ok() && !(rate >= 0.0 && rate < 1.0)) args.fail("dropout rate must be in [0, 1)");
  if (args.ok()) dropout(x, out, n, rate, static_cast<uint32_t>(seed));
  return undefined_value(env);
}

}  // namespace strata
