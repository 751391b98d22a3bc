#include "tile.h"

#include <cstring>
#include <vector>

namespace strata {

namespace {

struct Tiler {
  const int32_t* shape;
  const int32_t* reps;
  int rank;
  std::vector<int64_t> in_inner, out_inner;  // floats per step along each axis

  // Writes the tiled block of axes d.. from src into dst.
  void run(int d, const float* src, float* dst) const {
    const int64_t n = shape[d];
    if (d == rank - 1) {
      for (int64_t i = 0; i < n; ++i) dst[i] = src[i];
    } else {
      for (int64_t i = 0; i < n; ++i) run(d + 1, src + i * in_inner[d], dst + i * out_inner[d]);
    }
    const int64_t block = n * out_inner[d];
    for (int64_t r = 1; r < reps[d]; ++r) {
      std::memcpy(dst + r * block, dst, static_cast<size_t>(block) * sizeof(float));
    }
  }
};

}  // namespace

void tile(const float* x, const int32_t* shape, const int32_t* reps, int rank, float* out) {
  if (rank == 0) {
    out[0] = x[0];
    return;
  }
  Tiler t{shape, reps, rank, std::vector<int64_t>(rank, 1), std::vector<int64_t>(rank, 1)};
  for (int d = rank - 2; d >= 0; --d) {
    t.in_inner[d] = t.in_inner[d + 1] * shape[d + 1];
    t.out_inner[d] = t.out_inner[d + 1] * shape[d + 1] * reps[d + 1];
  }
  for (int d = 0; d < rank; ++d) {
    if (shape[d] == 0 || reps[d] == 0) return;
  }
  t.run(0, x, out);
}

}  // namespace strata
