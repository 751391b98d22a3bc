// Running OpenBLAS on the calling thread alone for small products.
#pragma once

#include <omp.h>

namespace strata {

// Products below this many flops run on one thread. Between the kernels of a
// training step the second OpenMP thread sleeps (OMP_WAIT_POLICY=PASSIVE), and
// waking it costs more than it saves on a small product: with caches flushed
// between calls, a 48x512x512 product took 0.50 ms on one thread and 0.51 to
// 0.58 ms on two, while at 100 MFLOP two threads were 1.2 to 1.5x faster.
constexpr double kSerialFlops = 32e6;

// Runs OpenBLAS on the calling thread alone while it lives. OpenBLAS's
// OpenMP build takes its thread count from omp_get_max_threads() at each
// call; Debian's 0.3.21 returns 1 for a count of 1 without changing its own
// (openblas_get_num_threads() stays as set, which conv.cc reads), and the
// next larger product syncs back to the restored count
// (test/backend/native/matmul.test.ts checks the count after such a product).
class SerialScope {
 public:
  explicit SerialScope(bool active) : saved_(active ? omp_get_max_threads() : 0) {
    if (saved_ > 1) omp_set_num_threads(1);
  }
  ~SerialScope() {
    if (saved_ > 1) omp_set_num_threads(saved_);
  }
  SerialScope(const SerialScope&) = delete;
  SerialScope& operator=(const SerialScope&) = delete;

 private:
  int saved_;
};

}  // namespace strata
