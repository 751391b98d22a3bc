#include "masked_affine.h"

#include <cblas.h>
#include <omp.h>

#include <algorithm>
#include <cstring>
#include <vector>

#include "parallel.h"

namespace strata {

namespace {

// The indices of the kept rows, in order.
std::vector<int64_t> kept_rows(const float* mask, int64_t rows) {
  std::vector<int64_t> kept;
  for (int64_t r = 0; r < rows; ++r) {
    if (mask[r] != 0.0f) kept.push_back(r);
  }
  return kept;
}

// The kept rows of x [rows, in], compact [kept, in].
std::vector<float> gather(const float* x, const std::vector<int64_t>& kept, int64_t in) {
  std::vector<float> out(kept.size() * in);
  for (size_t i = 0; i < kept.size(); ++i) {
    std::copy(x + kept[i] * in, x + (kept[i] + 1) * in, out.data() + i * in);
  }
  return out;
}

int as_int(int64_t v) { return static_cast<int>(v); }

}  // namespace

int64_t masked_affine_kept(const float* mask, int64_t rows) {
  int64_t kept = 0;
  for (int64_t r = 0; r < rows; ++r) kept += mask[r] != 0.0f ? 1 : 0;
  return kept;
}

void masked_affine_forward(const MaskedAffineShape& s, const float* x, const float* w,
                           const float* b, const float* mask, float* y) {
  const std::vector<int64_t> kept = kept_rows(mask, s.rows);
  const int64_t m = static_cast<int64_t>(kept.size());
  // The first m rows start as the bias and the compact product is added (beta 1).
  split_evenly(m, m * s.out, [&](int64_t first, int64_t last) {
    for (int64_t i = first; i < last; ++i) std::copy(b, b + s.out, y + i * s.out);
  });
  if (m > 0 && s.in > 0 && s.out > 0) {
    const std::vector<float> xc = gather(x, kept, s.in);
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, as_int(m), as_int(s.out), as_int(s.in),
                1.0f, xc.data(), as_int(s.in), w, as_int(s.out), 1.0f, y, as_int(s.out));
  }
  // Row i belongs at kept[i] >= i: moving the last first never overwrites a row not yet moved.
  for (int64_t i = m - 1; i >= 0; --i) {
    if (kept[i] != i) std::memcpy(y + kept[i] * s.out, y + i * s.out, sizeof(float) * s.out);
  }
  split_evenly(s.rows, s.rows * s.out, [&](int64_t first, int64_t last) {
    for (int64_t r = first; r < last; ++r) {
      if (mask[r] == 0.0f) std::fill(y + r * s.out, y + (r + 1) * s.out, 0.0f);
    }
  });
}

void masked_affine_backward(const MaskedAffineShape& s, const float* dy, const float* x,
                            const float* w, const float* mask, float* scratch, float* dx,
                            float* dw, float* db) {
  const std::vector<int64_t> kept = kept_rows(mask, s.rows);
  const int64_t m = static_cast<int64_t>(kept.size());
  std::fill(dx, dx + s.rows * s.in, 0.0f);
  std::fill(db, db + s.out, 0.0f);
  if (m == 0 || s.out == 0) {
    std::fill(dw, dw + s.in * s.out, 0.0f);
    return;
  }
  // Gather the kept rows of dy, each thread summing the rows it copies for db
  // (added in thread order, so the sum does not depend on timing).
  const int64_t threads = omp_get_max_threads();
  std::vector<float> partial(threads * s.out, 0.0f);
  split_evenly(m, m * s.out, [&](int64_t first, int64_t last) {
    float* sums = partial.data() + omp_get_thread_num() * s.out;
    for (int64_t i = first; i < last; ++i) {
      const float* row = dy + kept[i] * s.out;
      float* to = scratch + i * s.out;
      for (int64_t c = 0; c < s.out; ++c) {
        to[c] = row[c];
        sums[c] += row[c];
      }
    }
  });
  for (int64_t t = 0; t < threads; ++t) {
    for (int64_t c = 0; c < s.out; ++c) db[c] += partial[t * s.out + c];
  }
  if (s.in == 0) return;
  std::vector<float> dxc(m * s.in);
  cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, as_int(m), as_int(s.in), as_int(s.out), 1.0f,
              scratch, as_int(s.out), w, as_int(s.out), 0.0f, dxc.data(), as_int(s.in));
  for (int64_t i = 0; i < m; ++i) {
    std::copy(dxc.data() + i * s.in, dxc.data() + (i + 1) * s.in, dx + kept[i] * s.in);
  }
  const std::vector<float> xc = gather(x, kept, s.in);
  cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, as_int(s.in), as_int(s.out), as_int(m), 1.0f,
              xc.data(), as_int(s.in), scratch, as_int(s.out), 0.0f, dw, as_int(s.out));
}

}  // namespace strata
