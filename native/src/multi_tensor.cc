#include "multi_tensor.h"

#include <omp.h>

#include <cstddef>
#include <vector>

namespace strata {

namespace {

// Lists smaller than this are not worth waking a second thread for.
constexpr int64_t kParallelFloats = int64_t{1} << 15;

int64_t total_size(const FloatSpan* x, int64_t count) {
  int64_t total = 0;
  for (int64_t i = 0; i < count; ++i) total += x[i].size;
  return total;
}

// Calls f(t, begin, end) for this thread's share of every tensor t: each
// tensor is split evenly over the threads of the enclosing parallel region.
template <typename F>
void for_my_share(const FloatSpan* x, int64_t count, F f) {
  const int64_t threads = omp_get_num_threads(), me = omp_get_thread_num();
  for (int64_t t = 0; t < count; ++t) {
    const int64_t n = x[t].size;
    f(t, n * me / threads, n * (me + 1) / threads);
  }
}

}  // namespace

void moving_average(float keep, float take, const FloatSpan* ema, const FloatSpan* w,
                    const FloatSpan* out, int64_t count) {
#pragma omp parallel if (total_size(w, count) > kParallelFloats)
  for_my_share(w, count, [&](int64_t t, int64_t begin, int64_t end) {
    const float* e = ema[t].data;
    const float* x = w[t].data;
    float* o = out[t].data;
#pragma omp simd
    for (int64_t j = begin; j < end; ++j) o[j] = keep * e[j] + take * x[j];
  });
}

double sum_of_squares(const FloatSpan* x, int64_t count) {
  std::vector<double> per_thread(static_cast<size_t>(omp_get_max_threads()), 0.0);
#pragma omp parallel if (total_size(x, count) > kParallelFloats)
  {
    double& mine = per_thread[static_cast<size_t>(omp_get_thread_num())];
    for_my_share(x, count, [&](int64_t t, int64_t begin, int64_t end) {
      const float* v = x[t].data;
      double part = 0.0;
#pragma omp simd reduction(+ : part)
      for (int64_t j = begin; j < end; ++j) part += static_cast<double>(v[j]) * v[j];
      mine += part;
    });
  }
  double total = 0.0;
  for (const double part : per_thread) total += part;
  return total;
}

}  // namespace strata
