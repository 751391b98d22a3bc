// log softmax(logits)[target] per row, and its gradient, over a
// [rows, classes] matrix of logits (a vocabulary), without a [rows, classes]
// array of probabilities: the forward reads each row once (its maximum and
// sum of exponentials) and keeps one log-sum-exp per row; the backward
// writes the gradient of the logits in one pass from those.
#pragma once

#include <cstdint>

namespace strata {

// For each row r: lse[r] = log sum_v exp(logits[r, v]) (-inf for a row of
// -inf, +inf when a logit is +inf, NaN when one is NaN) and logp[r] =
// logits[r, t] - lse[r] for t = targets[r] an integer in [0, classes);
// logp[r] = -inf for any other target, and for a target logit of -inf.
// Rows whose target equals `pad` (NaN: none does) are skipped, their logits
// never read: logp[r] = 0 and lse[r] = 0.
void softmax_xent_forward(const float* logits, const float* targets, int64_t rows,
                          int64_t classes, float pad, float* logp, float* lse);

// dlogits[r, v] = dy[r] ([v = t] - exp(logits[r, v] - lse[r])) for a valid
// target t and a finite lse[r]; 0 for rows with an invalid target or an
// lse of -inf (their value is a constant -inf) or a target equal to `pad`
// (their value is a constant 0); NaN for the rest.
void softmax_xent_backward(const float* logits, const float* targets, const float* lse,
                           const float* dy, int64_t rows, int64_t classes, float pad,
                           float* dlogits);

}  // namespace strata
