#include "dropout.h"

#include "parallel.h"

namespace strata {

namespace {

// splitmix32's finalizer (prng.ts mix32).
uint32_t mix32(uint32_t x) {
  uint32_t z = x + 0x9e3779b9u;
  z = (z ^ (z >> 16)) * 0x85ebca6bu;
  z = (z ^ (z >> 13)) * 0xc2b2ae35u;
  return z ^ (z >> 16);
}

// mulberry32's output for the advanced state a (prng.ts scramble).
uint32_t scramble(uint32_t a) {
  uint32_t t = (a ^ (a >> 15)) * (a | 1u);
  t ^= t + (t ^ (t >> 7)) * (t | 61u);
  return t ^ (t >> 14);
}

}  // namespace

void dropout(const float* x, float* out, int64_t n, double rate, uint32_t seed) {
  const uint32_t start = mix32(seed);
  const float scale = static_cast<float>(1.0 / (1.0 - rate));
  // Draws are independent given their index, so the loop can be split.
#pragma omp parallel for schedule(static) if (n > kParallelFloats)
  for (int64_t i = 0; i < n; ++i) {
    const uint32_t a = start + 0x6d2b79f5u * static_cast<uint32_t>(i + 1);
    const double u = static_cast<double>(scramble(a) >> 8) / 16777216.0;
    out[i] = x[i] * (u < rate ? 0.0f : scale);
  }
}

}  // namespace strata
