// When work is worth a second OpenMP thread.
#pragma once

#include <cstdint>

namespace strata {

// Fewer floats than this are not worth waking a second thread for.
constexpr int64_t kParallelFloats = int64_t{1} << 16;

}  // namespace strata
