#include "slice.h"

#include <cstring>
#include <vector>

namespace strata {

void slice(const float* x, const int32_t* shape, const int32_t* begin, const int32_t* size,
           int rank, float* out) {
  // Trailing axes taken whole merge into one contiguous run.
  int last = rank - 1;
  int64_t run = 1;
  while (last > 0 && begin[last] == 0 && size[last] == shape[last]) run *= shape[last--];
  int64_t total = 1;
  for (int d = 0; d < rank; ++d) total *= size[d];
  if (rank == 0 || total == 0) {
    if (rank == 0) out[0] = x[0];
    return;
  }
  run *= size[last];
  std::vector<int64_t> stride(rank, 1);
  for (int d = rank - 2; d >= 0; --d) stride[d] = stride[d + 1] * shape[d + 1];
  std::vector<int64_t> index(last + 1, 0);  // position within the slice, axes 0..last-1
  const size_t bytes = static_cast<size_t>(run) * sizeof(float);
  for (int64_t written = 0; written < total; written += run) {
    int64_t offset = 0;
    for (int d = 0; d <= last; ++d) offset += (begin[d] + index[d]) * stride[d];
    std::memcpy(out + written, x + offset, bytes);
    for (int d = last - 1; d >= 0; --d) {
      if (++index[d] < size[d]) break;
      index[d] = 0;
    }
  }
}

}  // namespace strata
