// N-API entry points of the multi-tensor updates (multi_tensor.h). Each
// takes the heap and an Int32Array table with one row per tensor.
#include <vector>

#include "entries.h"
#include "multi_tensor.h"
#include "napi_args.h"

namespace strata {

namespace {

// The table at argument `index`, `columns` entries a row; sets `rows`.
const int32_t* table(Args& args, size_t index, size_t columns, int64_t* rows) {
  size_t length = 0;
  const int32_t* t = args.int32s(index, &length);
  if (args.ok() && length % columns != 0) args.fail("strata_native: malformed tensor table");
  *rows = static_cast<int64_t>(length / columns);
  return t;
}

}  // namespace

// movingAverage(heap, decay, table): rows [ema, w, out, size] of byte offsets
// and float counts.
napi_value MovingAverage(napi_env env, napi_callback_info info) {
  Args args(env, info, 3);
  args.heap(0);
  const float decay = static_cast<float>(args.number(1));
  int64_t rows = 0;
  const int32_t* t = table(args, 2, 4, &rows);
  std::vector<FloatSpan> ema, w, out;
  for (int64_t r = 0; args.ok() && r < rows; ++r) {
    const int32_t* row = t + 4 * r;
    const int64_t size = row[3];
    ema.push_back({args.floats_at(row[0], size), size});
    w.push_back({args.floats_at(row[1], size), size});
    out.push_back({args.floats_at(row[2], size), size});
  }
  if (args.ok()) moving_average(decay, ema.data(), w.data(), out.data(), rows);
  return undefined_value(env);
}

// sumOfSquares(heap, table, out): rows [x, size]; writes the float32 sum at out.
napi_value SumOfSquares(napi_env env, napi_callback_info info) {
  Args args(env, info, 3);
  args.heap(0);
  int64_t rows = 0;
  const int32_t* t = table(args, 1, 2, &rows);
  std::vector<FloatSpan> x;
  for (int64_t r = 0; args.ok() && r < rows; ++r) {
    x.push_back({args.floats_at(t[2 * r], t[2 * r + 1]), t[2 * r + 1]});
  }
  float* out = args.floats(2, 1);
  if (args.ok()) *out = static_cast<float>(sum_of_squares(x.data(), rows));
  return undefined_value(env);
}

}  // namespace strata
