// Updates over a list of tensors in one call: what a training step does to
// every parameter after the gradients (a moving average of the weights, the
// global gradient norm) as one kernel per step instead of several per
// variable.
#pragma once

#include <cstdint>

namespace strata {

// One tensor of a list: `size` floats at `data`.
struct FloatSpan {
  float* data;
  int64_t size;
};

// out[i] = decay * ema[i] + (1 - decay) * w[i] for every tensor i of the
// lists (all three of one size per i); out may alias ema.
void moving_average(float decay, const FloatSpan* ema, const FloatSpan* w, const FloatSpan* out,
                    int64_t count);

// The sum of the squares of every element of every tensor, accumulated in
// double precision.
double sum_of_squares(const FloatSpan* x, int64_t count);

}  // namespace strata
