#include "adam.h"

#include <algorithm>
#include <cmath>
#include <vector>

#include "chunks.h"

namespace strata {

namespace {

// The element step of each rule: updates m and v, returns the change of p.
struct AdamElement {
  float keep1, take1, keep2, take2, inv_c1, inv_c2, lr, eps;
  explicit AdamElement(const AdamStep& s)
      : keep1(s.beta1), take1(1.0f - s.beta1), keep2(s.beta2), take2(1.0f - s.beta2),
        inv_c1(1.0f / s.correction1), inv_c2(1.0f / s.correction2), lr(s.learning_rate),
        eps(s.epsilon) {}
  float operator()(float g, float& m, float& v) const {
    m = keep1 * m + take1 * g;
    v = keep2 * v + take2 * g * g;
    return lr * (m * inv_c1) / (std::sqrt(v * inv_c2) + eps);
  }
};

struct AdamaxElement {
  float keep1, take1, beta2, lr, eps;
  explicit AdamaxElement(const AdamStep& s)
      : keep1(s.beta1), take1(1.0f - s.beta1), beta2(s.beta2), lr(s.learning_rate), eps(s.epsilon) {}
  float operator()(float g, float& m, float& v) const {
    m = keep1 * m + take1 * g;
    v = std::max(beta2 * v, std::fabs(g));
    return lr * m / (v + eps);
  }
};

template <typename Element>
void update(const Element& e, int64_t size, const float* p, const float* m, const float* v,
            const float* g, float* p_out, float* m_out, float* v_out) {
#pragma omp parallel for simd if (size > kParallelFloats) schedule(static)
  for (int64_t i = 0; i < size; ++i) {
    float mi = m[i], vi = v[i];
    const float change = e(g[i], mi, vi);
    m_out[i] = mi;
    v_out[i] = vi;
    p_out[i] = p[i] - change;
  }
}

// Elements [begin, end) of one slot, in place.
template <typename Element>
void slot_in_place(const Element& e, float grad_scale, const EmaStep& ema, const AdamSlot& s,
                   int64_t begin, int64_t end) {
  float* __restrict p = s.p;
  float* __restrict m = s.m;
  float* __restrict v = s.v;
  const float* __restrict g = s.g;
  float* __restrict avg = s.ema;
  if (avg == nullptr) {
#pragma omp simd
    for (int64_t i = begin; i < end; ++i) p[i] -= e(grad_scale * g[i], m[i], v[i]);
    return;
  }
#pragma omp simd
  for (int64_t i = begin; i < end; ++i) {
    const float next = p[i] - e(grad_scale * g[i], m[i], v[i]);
    p[i] = next;
    avg[i] = ema.keep * avg[i] + ema.take * next;
  }
}

// Every slot, in chunks that the threads take as they go.
template <typename Element>
void in_place(const Element& e, float grad_scale, const EmaStep& ema, const AdamSlot* slots,
              int64_t count) {
  const std::vector<Chunk> chunks = chunks_of(count, [slots](int64_t t) { return slots[t].size; });
  for_each_chunk(chunks, [&](int64_t, const Chunk& c) {
    slot_in_place(e, grad_scale, ema, slots[c.tensor], c.begin, c.end);
  });
}

}  // namespace

void adam_update(const AdamStep& s, int64_t size, const float* p, const float* m, const float* v,
                 const float* g, float* p_out, float* m_out, float* v_out) {
  if (s.rule == AdamRule::kAdamax) {
    update(AdamaxElement(s), size, p, m, v, g, p_out, m_out, v_out);
  } else {
    update(AdamElement(s), size, p, m, v, g, p_out, m_out, v_out);
  }
}

void adam_in_place(const AdamStep& s, float grad_scale, const EmaStep& ema, const AdamSlot* slots,
                   int64_t count) {
  if (s.rule == AdamRule::kAdamax) {
    in_place(AdamaxElement(s), grad_scale, ema, slots, count);
  } else {
    in_place(AdamElement(s), grad_scale, ema, slots, count);
  }
}

}  // namespace strata
