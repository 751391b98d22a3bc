// When work is worth a second OpenMP thread, and an even split over threads.
#pragma once

#include <omp.h>

#include <cstdint>

namespace strata {

// Fewer floats than this are not worth waking a second thread for.
constexpr int64_t kParallelFloats = int64_t{1} << 16;

// Calls f(first, last) once for [0, count) when `floats` (the work) is at
// most kParallelFloats, else once per thread of a parallel region for an
// even share of [0, count).
template <typename F>
void split_evenly(int64_t count, int64_t floats, F f) {
  if (floats <= kParallelFloats) {
    f(int64_t{0}, count);
    return;
  }
#pragma omp parallel
  {
    const int64_t threads = omp_get_num_threads(), me = omp_get_thread_num();
    f(count * me / threads, count * (me + 1) / threads);
  }
}

}  // namespace strata
