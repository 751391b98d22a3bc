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

// One step of a moving average, ema' = keep ema + take w.
struct EmaStep {
  float keep, take;
};

// keep = decay and take = 1 - decay, each rounded from double as tfjs
// rounds its scalars.
inline EmaStep ema_step(double decay) {
  return {static_cast<float>(decay), static_cast<float>(1.0 - decay)};
}

// out[i] = keep * ema[i] + take * w[i] for every tensor i of the lists (all
// three of one size per i); out may alias ema.
void moving_average(const EmaStep& step, const FloatSpan* ema, const FloatSpan* w,
                    const FloatSpan* out, int64_t count);

// The sum of the squares of every element of every tensor, accumulated in
// double precision, per chunk (chunks.h) and then in chunk order (the same
// result from run to run, whatever the thread count).
double sum_of_squares(const FloatSpan* x, int64_t count);

}  // namespace strata
