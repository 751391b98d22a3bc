// N-API entry points of the multi-tensor updates (multi_tensor.h). Each
// takes the heap and a Float64Array table with one row per tensor (byte
// offsets can pass 2^31 in a 4 GiB wasm heap).
#include <vector>

#include "entries.h"
#include "multi_tensor.h"
#include "napi_args.h"

namespace strata {

namespace {

// The table at argument `index`, `columns` entries a row; sets `rows`.
const double* table(Args& args, size_t index, size_t columns, int64_t* rows) {
  size_t length = 0;
  const double* t = args.float64s(index, &length);
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
  const double* t = table(args, 2, 4, &rows);
  std::vector<FloatSpan> ema, w, out;
  for (int64_t r = 0; args.ok() && r < rows; ++r) {
    const double* row = t + 4 * r;
    const auto at = [&row](int column) { return static_cast<int64_t>(row[column]); };
    const int64_t size = at(3);
    ema.push_back({args.floats_at(at(0), size), size});
    w.push_back({args.floats_at(at(1), size), size});
    out.push_back({args.floats_at(at(2), size), size});
  }
  if (args.ok()) moving_average(decay, ema.data(), w.data(), out.data(), rows);
  return undefined_value(env);
}

// sumOfSquares(heap, table, out): rows [x, size]; writes the float32 sum at out.
napi_value SumOfSquares(napi_env env, napi_callback_info info) {
  Args args(env, info, 3);
  args.heap(0);
  int64_t rows = 0;
  const double* t = table(args, 1, 2, &rows);
  std::vector<FloatSpan> x;
  for (int64_t r = 0; args.ok() && r < rows; ++r) {
    const int64_t offset = static_cast<int64_t>(t[2 * r]), size = static_cast<int64_t>(t[2 * r + 1]);
    x.push_back({args.floats_at(offset, size), size});
  }
  float* out = args.floats(2, 1);
  if (args.ok()) *out = static_cast<float>(sum_of_squares(x.data(), rows));
  return undefined_value(env);
}

}  // namespace strata
