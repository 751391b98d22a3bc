// N-API entry points of the multi-tensor updates (multi_tensor.h). Each
// takes the heap and a Float64Array table with one row per tensor (byte
// offsets can pass 2^31 in a 4 GiB wasm heap).
#include <vector>

#include "adam.h"
#include "entries.h"
#include "multi_tensor.h"
#include "napi_args.h"

namespace strata {

namespace {

// Entry `column` of a table row as an integer offset or count: finite,
// whole and in [0, 2^53]; fails the call otherwise.
int64_t entry(Args& args, const double* row, int column) {
  const double v = row[column];
  if (!(v >= 0.0 && v <= 9007199254740992.0 && v == static_cast<double>(static_cast<int64_t>(v)))) {
    args.fail("a tensor table entry is not a whole number in [0, 2^53]");
    return 0;
  }
  return static_cast<int64_t>(v);
}

// The table at argument `index`, `columns` entries a row; sets `rows`.
const double* table(Args& args, size_t index, size_t columns, int64_t* rows) {
  size_t length = 0;
  const double* t = args.float64s(index, &length);
  if (args.ok() && length % columns != 0) args.fail("malformed tensor table");
  *rows = static_cast<int64_t>(length / columns);
  return t;
}

}  // namespace

// movingAverage(heap, decay, table): rows [ema, w, out, size] of byte offsets
// and float counts.
napi_value MovingAverage(napi_env env, napi_callback_info info) {
  Args args(env, info, 3, "movingAverage");
  args.heap(0);
  const double decay = args.number(1);
  int64_t rows = 0;
  const double* t = table(args, 2, 4, &rows);
  std::vector<FloatSpan> ema, w, out;
  for (int64_t r = 0; args.ok() && r < rows; ++r) {
    const double* row = t + 4 * r;
    const int64_t size = entry(args, row, 3);
    ema.push_back({args.floats_at(entry(args, row, 0), size), size});
    w.push_back({args.floats_at(entry(args, row, 1), size), size});
    out.push_back({args.floats_at(entry(args, row, 2), size), size});
  }
  if (args.ok()) {
    moving_average(ema_step(decay), ema.data(), w.data(), out.data(), rows);
  }
  return undefined_value(env);
}

// adamInPlace(heap, rule, learningRate, beta1, beta2, epsilon, correction1,
//             correction2, gradScale, emaDecay, table): rows [p, m, v, g, ema,
//             hasEma, size]; rule 0 = Adam, 1 = Adamax; ema is read only
//             where hasEma is 1.
napi_value AdamInPlace(napi_env env, napi_callback_info info) {
  Args args(env, info, 11, "adamInPlace");
  args.heap(0);
  const int64_t rule = args.integer(1);
  const auto f = [&args](size_t index) { return static_cast<float>(args.number(index)); };
  const AdamStep step{static_cast<AdamRule>(rule), f(2), f(3), f(4), f(5), f(6), f(7)};
  const float grad_scale = f(8);
  const double decay = args.number(9);
  if (args.ok() && rule > static_cast<int64_t>(AdamRule::kAdamax)) args.fail("unknown Adam rule");
  int64_t rows = 0;
  const double* t = table(args, 10, 7, &rows);
  std::vector<AdamSlot> slots;
  for (int64_t r = 0; args.ok() && r < rows; ++r) {
    const double* row = t + 7 * r;
    const int64_t size = entry(args, row, 6);
    const int64_t has_ema = entry(args, row, 5);
    if (args.ok() && has_ema > 1) args.fail("hasEma must be 0 or 1");
    slots.push_back({args.floats_at(entry(args, row, 0), size), args.floats_at(entry(args, row, 1), size),
                     args.floats_at(entry(args, row, 2), size), args.floats_at(entry(args, row, 3), size),
                     has_ema == 1 ? args.floats_at(entry(args, row, 4), size) : nullptr, size});
  }
  if (args.ok()) {
    adam_in_place(step, grad_scale, ema_step(decay), slots.data(), rows);
  }
  return undefined_value(env);
}

// sumOfSquares(heap, table, out): rows [x, size]; writes the float32 sum at out.
napi_value SumOfSquares(napi_env env, napi_callback_info info) {
  Args args(env, info, 3, "sumOfSquares");
  args.heap(0);
  int64_t rows = 0;
  const double* t = table(args, 1, 2, &rows);
  std::vector<FloatSpan> x;
  for (int64_t r = 0; args.ok() && r < rows; ++r) {
    const int64_t size = entry(args, t + 2 * r, 1);
    x.push_back({args.floats_at(entry(args, t + 2 * r, 0), size), size});
  }
  float* out = args.floats(2, 1);
  if (args.ok()) *out = static_cast<float>(sum_of_squares(x.data(), rows));
  return undefined_value(env);
}

}  // namespace strata
