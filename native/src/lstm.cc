#include "lstm.h"

#include <cblas.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <vector>

#include "serial_scope.h"

namespace strata {

namespace {

float sigmoid(float x) { return 1.0f / (1.0f + std::exp(-x)); }

// C [m, n] (+)= A [m, k] op(B) with B [k, n] (or [n, k] transposed), row-major.
void product(int64_t m, int64_t n, int64_t k, const float* a, bool trans_a, const float* b,
             bool trans_b, float beta, float* c) {
  cblas_sgemm(CblasRowMajor, trans_a ? CblasTrans : CblasNoTrans,
              trans_b ? CblasTrans : CblasNoTrans, static_cast<int>(m), static_cast<int>(n),
              static_cast<int>(k), 1.0f, a, static_cast<int>(trans_a ? m : k), b,
              static_cast<int>(trans_b ? k : n), beta, c, static_cast<int>(n));
}

}  // namespace

void lstm_forward(const LstmShape& s, const float* xs, const float* wh, float* hs, float* cs,
                  float* acts) {
  const int64_t n = s.rows, h = s.units, g4 = 4 * h;
  const SerialScope serial(2.0 * static_cast<double>(n * h) * static_cast<double>(g4) < kSerialFlops);
  for (int64_t t = 0; t < s.steps; ++t) {
    float* a = acts + t * n * g4;
    std::memcpy(a, xs + t * n * g4, sizeof(float) * n * g4);
    if (t > 0 && h > 0) product(n, g4, h, hs + (t - 1) * n * h, false, wh, false, 1.0f, a);
    const float* c_prev = t > 0 ? cs + (t - 1) * n * h : nullptr;
    float* c = cs + t * n * h;
    float* hh = hs + t * n * h;
    for (int64_t r = 0; r < n; ++r) {
      float* ar = a + r * g4;
      for (int64_t u = 0; u < h; ++u) {
        const float i = sigmoid(ar[u]), f = sigmoid(ar[h + u]), o = sigmoid(ar[2 * h + u]);
        const float g = std::tanh(ar[3 * h + u]);
        ar[u] = i;
        ar[h + u] = f;
        ar[2 * h + u] = o;
        ar[3 * h + u] = g;
        const float cv = (c_prev != nullptr ? f * c_prev[r * h + u] : 0.0f) + i * g;
        c[r * h + u] = cv;
        hh[r * h + u] = o * std::tanh(cv);
      }
    }
  }
}

void lstm_backward(const LstmShape& s, const float* dhs, const float* wh, const float* hs,
                   const float* cs, const float* acts, float* dxs, float* dwh) {
  const int64_t n = s.rows, h = s.units, g4 = 4 * h;
  std::vector<float> dh(n * h), dc(n * h, 0.0f);
  {
    const SerialScope serial(2.0 * static_cast<double>(n * h) * static_cast<double>(g4) < kSerialFlops);
    for (int64_t t = s.steps - 1; t >= 0; --t) {
      // dh = dL/dh_t: the loss's own gradient plus what step t + 1 sent back.
      std::memcpy(dh.data(), dhs + t * n * h, sizeof(float) * n * h);
      if (t + 1 < s.steps && h > 0) product(n, h, g4, dxs + (t + 1) * n * g4, false, wh, true, 1.0f, dh.data());
      const float* a = acts + t * n * g4;
      const float* c = cs + t * n * h;
      const float* c_prev = t > 0 ? cs + (t - 1) * n * h : nullptr;
      float* dz = dxs + t * n * g4;
      for (int64_t r = 0; r < n; ++r) {
        const float* ar = a + r * g4;
        float* dr = dz + r * g4;
        for (int64_t u = 0; u < h; ++u) {
          const int64_t k = r * h + u;
          const float i = ar[u], f = ar[h + u], o = ar[2 * h + u], g = ar[3 * h + u];
          const float tc = std::tanh(c[k]);
          const float dct = dc[k] + dh[k] * o * (1.0f - tc * tc);
          const float di = dct * g, df = c_prev != nullptr ? dct * c_prev[k] : 0.0f;
          const float dout = dh[k] * tc, dg = dct * i;
          dr[u] = di * i * (1.0f - i);
          dr[h + u] = df * f * (1.0f - f);
          dr[2 * h + u] = dout * o * (1.0f - o);
          dr[3 * h + u] = dg * (1.0f - g * g);
          dc[k] = dct * f;
        }
      }
    }
  }
  // dW_h = sum over t >= 1 of h_{t-1}^T dz_t: one product over all steps.
  if (s.steps > 1 && h > 0 && n > 0) {
    const SerialScope serial(2.0 * static_cast<double>((s.steps - 1) * n * h) * static_cast<double>(g4) < kSerialFlops);
    product(h, g4, (s.steps - 1) * n, hs, true, dxs + n * g4, false, 0.0f, dwh);
  } else {
    std::fill(dwh, dwh + h * g4, 0.0f);
  }
}

}  // namespace strata
