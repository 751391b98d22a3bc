// Running OpenBLAS on the calling thread alone for small products.
#pragma once

#include <omp.h>

extern "C" {
int openblas_get_parallel(void);
int openblas_get_num_threads(void);
void openblas_set_num_threads(int num_threads);
}

namespace strata {

// Products below this many flops run on one thread. Between the kernels of a
// training step the second OpenMP thread sleeps (OMP_WAIT_POLICY=PASSIVE), and
// waking it costs more than it saves on a small product: with caches flushed
// between calls, a 48x512x512 product took 0.50 ms on one thread and 0.51 to
// 0.58 ms on two, while at 100 MFLOP two threads were 1.2 to 1.5x faster.
constexpr double kSerialFlops = 32e6;

// Runs OpenBLAS on the calling thread alone while it lives, for either of
// Debian's threaded builds (openblas_get_parallel(): 1 pthreads, 2 OpenMP).
// OpenBLAS's OpenMP build takes its thread count from omp_get_max_threads()
// at each call; Debian's 0.3.21 returns 1 for a count of 1 without changing
// its own (openblas_get_num_threads() stays as set, which conv.cc reads),
// and the next larger product syncs back to the restored count
// (test/backend/native/matmul.test.ts checks the count after such a
// product). Its pthreads build ignores OpenMP's count, so there the scope
// sets OpenBLAS's own count to 1 and restores it. Inside an OpenMP parallel
// region of the addon (conv.cc's blocks) the scope makes every thread's
// sgemm serial on both builds: the OpenMP build runs nested calls serially
// anyway, and the pthreads build would otherwise share its thread pool
// between the region's threads (oversubscribed, and the products' bits
// would depend on how the pool was split at that moment).
class SerialScope {
 public:
  explicit SerialScope(bool active) {
    if (!active) return;
    if (openblas_get_parallel() == 1) {
      blas_saved_ = openblas_get_num_threads();
      if (blas_saved_ > 1) openblas_set_num_threads(1);
    } else {
      omp_saved_ = omp_get_max_threads();
      if (omp_saved_ > 1) omp_set_num_threads(1);
    }
  }
  ~SerialScope() {
    if (blas_saved_ > 1) openblas_set_num_threads(blas_saved_);
    if (omp_saved_ > 1) omp_set_num_threads(omp_saved_);
  }
  SerialScope(const SerialScope&) = delete;
  SerialScope& operator=(const SerialScope&) = delete;

 private:
  int blas_saved_ = 0;
  int omp_saved_ = 0;
};

}  // namespace strata
