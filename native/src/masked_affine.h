// y = x w + b on the rows of x whose mask is not 0 and exactly 0 on the
// others, and its gradients, without multiplying a masked-out row: the text
// model's output layer, where the rows of PAD targets (about 44% of the
// positions of Brown sentences) need no logits. The kept rows are gathered
// into one compact matrix and multiplied by one OpenBLAS sgemm each way.
// Measured against one sgemm per run of consecutive kept rows (a
// sentence's tokens before its PAD; 48 runs of a 1,968 x 64 x 20,004
// product, 59% kept), which needs no copies but packs w again for every
// run: forward 53 against 67 ms, backward 96 against 116 ms (2 threads).
#pragma once

#include <cstdint>

namespace strata {

// x [rows, in], w [in, out], b [out], mask [rows], y [rows, out].
struct MaskedAffineShape {
  int64_t rows, in, out;
};

// The number of rows with mask[r] != 0 (NaN counts as kept).
int64_t masked_affine_kept(const float* mask, int64_t rows);

// y[r] = x[r] w + b where mask[r] != 0, y[r] = 0 elsewhere. The product
// is computed into y's first rows and each row moved down to its place,
// so it needs no scratch; the bias is added as one rounding of (x w) + b
// when in fits one OpenBLAS K block, as an sgemm then a bias pass gives.
void masked_affine_forward(const MaskedAffineShape& s, const float* x, const float* w,
                           const float* b, const float* mask, float* y);

// dx[r] = dy[r] w^T where mask[r] != 0 (0 elsewhere), dw = sum over kept
// rows of x[r]^T dy[r] and db = sum over kept rows of dy[r] (0 when no row
// is kept). `scratch` holds kept x out floats (the kept rows of dy,
// gathered once for both products; nullptr when none is kept).
void masked_affine_backward(const MaskedAffineShape& s, const float* dy, const float* x,
                            const float* w, const float* mask, float* scratch, float* dx,
                            float* dw, float* db);

}  // namespace strata
