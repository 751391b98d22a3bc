// A whole LSTM sequence, forward and backward, in one call each: per time
// step one sgemm for all four gates (h_{t-1} W_h added to the step's input
// projection, which the caller computes for all steps at once) and one
// pass for the gate nonlinearities. Gate order along the 4H axis: input i,
// forget f, output o, candidate g (as src/dsl/nets/lstm.ts splits them);
// the initial state is h_{-1} = c_{-1} = 0. All arrays row-major float32.
#pragma once

#include <cstdint>

namespace strata {

// Sizes of a sequence: steps T, rows N (the batch), units H.
struct LstmShape {
  int64_t steps, rows, units;
};

// xs [T, N, 4H] (x_t W_x + b), wh [H, 4H]. Writes hs [T, N, H], cs [T, N, H]
// and acts [T, N, 4H]: the activated gates sigmoid(i), sigmoid(f),
// sigmoid(o), tanh(g), which lstm_backward reads.
void lstm_forward(const LstmShape& s, const float* xs, const float* wh, float* hs, float* cs,
                  float* acts);

// From dhs [T, N, H] (the gradient of the loss with respect to every h_t)
// and the forward's wh, hs, cs and acts: dxs [T, N, 4H] (the gradient of
// the gates' pre-activations, which is also that of xs) and dwh [H, 4H].
void lstm_backward(const LstmShape& s, const float* dhs, const float* wh, const float* hs,
                   const float* cs, const float* acts, float* dxs, float* dwh);

}  // namespace strata
