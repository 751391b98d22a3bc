#include "multi_tensor.h"

#include <cstddef>
#include <vector>

#include "chunks.h"

namespace strata {

void moving_average(const EmaStep& step, const FloatSpan* ema, const FloatSpan* w,
                    const FloatSpan* out, int64_t count) {
  const float keep = step.keep, take = step.take;
  const std::vector<Chunk> chunks = chunks_of(count, [w](int64_t t) { return w[t].size; });
  for_each_chunk(chunks, [&](int64_t, const Chunk& c) {
    const float* e = ema[c.tensor].data;
    const float* x = w[c.tensor].data;
    float* o = out[c.tensor].data;
#pragma omp simd
    for (int64_t j = c.begin; j < c.end; ++j) o[j] = keep * e[j] + take * x[j];
  });
}

double sum_of_squares(const FloatSpan* x, int64_t count) {
  const std::vector<Chunk> chunks = chunks_of(count, [x](int64_t t) { return x[t].size; });
  std::vector<double> per_chunk(chunks.size(), 0.0);
  for_each_chunk(chunks, [&](int64_t i, const Chunk& c) {
    const float* v = x[c.tensor].data;
    double part = 0.0;
#pragma omp simd reduction(+ : part)
    for (int64_t j = c.begin; j < c.end; ++j) part += static_cast<double>(v[j]) * v[j];
    per_chunk[static_cast<size_t>(i)] = part;
  });
  double total = 0.0;
  for (const double part : per_chunk) total += part;
  return total;
}

}  // namespace strata
