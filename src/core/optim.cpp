// torch.optim's single-tensor CPU updates (torch/optim/sgd.py, adam.py, adamw.py,
// rmsprop.py), element by element in float32 with the Python-side scalars (bias
// corrections, step size) computed in double first, as torch does.
#include "core/optim.h"
#include "core/messages.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <initializer_list>
#include <stdexcept>

#include "core/bits.h"
#include "core/names.h"
#include "core/simd.h"

namespace dp {

void Optimizer::step(const std::vector<ParamRef>& params) {
  begin_step();
  for (size_t k = 0; k < params.size(); ++k) update(params[k], k);
}

namespace {

// beta ** step by repeated squaring: exact enough and the same bits everywhere
// (std::pow may differ between libms).
double int_pow(double base, long e) {
  double r = 1.0;
  while (e > 0) {
    if (e & 1) r *= base;
    base *= base;
    e >>= 1;
  }
  return r;
}

// Per-parameter state buffers of one size per parameter tensor, zero-initialised.
std::vector<std::vector<float>> zeros_like(const std::vector<ParamRef>& params) {
  std::vector<std::vector<float>> b;
  for (const ParamRef& p : params) b.emplace_back(p.size, 0.0f);
  return b;
}

using Buffers = std::vector<std::vector<float>>;
Buffers concat(std::initializer_list<const Buffers*> kinds) {
  Buffers all;
  for (const Buffers* b : kinds) all.insert(all.end(), b->begin(), b->end());
  return all;
}

// ---- SGD ----

// d_p = grad (+ weight_decay * param); with momentum: buf = d_p on the first step, then
// buf * momentum + d_p (dampening 0), and the step is buf, or d_p + momentum * buf
// (nesterov); param += -lr * step.
template <bool kDecay, bool kMomentum, bool kNesterov, bool kFirst>
void sgd_loop(float* __restrict w, const float* __restrict g, float* __restrict buf, size_t n,
              float lr, float wd, float mom) {
  for (size_t i = 0; i < n; ++i) {
    const float d = kDecay ? g[i] + wd * w[i] : g[i];
    float step = d;
    if (kMomentum) {
      const float b = kFirst ? d : buf[i] * mom + d;
      buf[i] = b;
      step = kNesterov ? d + mom * b : b;
    }
    w[i] = w[i] + (-lr) * step;
  }
}

class Sgd final : public Optimizer {
 public:
  Sgd(const OptimizerConfig& c, const std::vector<ParamRef>& ps)
      : Optimizer(c), buf_(zeros_like(ps)) {}

 private:
  void update(const ParamRef& p, size_t k) override {
    const float lr = static_cast<float>(cfg_.lr), wd = static_cast<float>(cfg_.weight_decay);
    const float mom = static_cast<float>(cfg_.momentum);
    const bool decay = cfg_.weight_decay != 0.0, momentum = cfg_.momentum != 0.0;
    // One specialised loop per case, so each vectorizes without branches.
    using Loop = void (*)(float*, const float*, float*, size_t, float, float, float);
    static const Loop loops[2][2][2][2] = {{{{sgd_loop<0, 0, 0, 0>, sgd_loop<0, 0, 0, 1>},
                                             {sgd_loop<0, 0, 1, 0>, sgd_loop<0, 0, 1, 1>}},
                                            {{sgd_loop<0, 1, 0, 0>, sgd_loop<0, 1, 0, 1>},
                                             {sgd_loop<0, 1, 1, 0>, sgd_loop<0, 1, 1, 1>}}},
                                           {{{sgd_loop<1, 0, 0, 0>, sgd_loop<1, 0, 0, 1>},
                                             {sgd_loop<1, 0, 1, 0>, sgd_loop<1, 0, 1, 1>}},
                                            {{sgd_loop<1, 1, 0, 0>, sgd_loop<1, 1, 0, 1>},
                                             {sgd_loop<1, 1, 1, 0>, sgd_loop<1, 1, 1, 1>}}}};
    const Loop loop = loops[decay][momentum][cfg_.nesterov][step_ == 1];
    loop(p.value, p.grad, buf_[k].data(), p.size, lr, wd, mom);
  }
  std::vector<std::vector<float>> state() const override { return buf_; }
  std::vector<std::vector<float>> buf_;  // momentum buffers
};

std::string sgd_check(const OptimizerConfig& o) {
  if (o.nesterov && !(o.momentum > 0.0))
    return say(Msg::nesterov);
  return "";
}

// ---- Adam and AdamW ----

// The scalars of one Adam(W) step, as torch computes them (double, then float).
struct AdamStep {
  float step_size, bc2_sqrt, b1, b2, one_b1, one_b2, eps, wd, decay;
  double inv_bc2_sqrt;  // 1 / bc2_sqrt in double, 0 when the division must stay (below)
};

// sqrt(exp_avg_sq) / bc2_sqrt without a division: (float)(s * (double)(1 / c)) is the
// correctly rounded float s / c for float s >= 0 and c in [2^-60, 1]. The product has a
// relative error below 2^-51, while s / c, a ratio of two 24-bit numbers, is never a
// float midpoint (its odd part would need 25 bits) and lies at least 2^-49 of itself from
// every one (s - c * midpoint is a nonzero multiple of the midpoint's unit times c's);
// no value is subnormal and none overflows (s <= 2^64). Square roots and divisions share
// one unit per core, and this took a third of Adam's time there.
static double inverse_for_division(float c) {
  return c >= 0x1p-60f && c <= 1.0f ? 1.0 / static_cast<double>(c) : 0.0;
}

// Subnormal floats (0 < |x| < 2^-126): on Intel cores a multiply, divide or square root
// that reads or yields one takes a microcode assist (~30 ns here, natively and in the WASM
// engine alike; additions, comparisons and conversions take none), and a vector takes it
// when any lane does. Adam's exp_avg of a weight whose gradient stays 0 (a dead ReLU
// unit's, or one dropped for the whole batch) decays into them and then sticks (m * 0.9
// rounds back to m from 4 * 2^-149 down): one element in nine on the default config, where
// this took 60 % of the training time. So a tiny exp_avg never reaches the vector
// multiplies: either the element provably keeps its exp_avg and weight (a stuck exp_avg
// and no gradient), or it is redone after the vector loop with exp_avg's operations in
// double. Both give the float operations' bits: in double no value is subnormal, a product
// of two floats is exact, and a quotient rounded to double then to float is the correctly
// rounded float quotient (53 >= 2 * 24 + 2 bits, subnormal results included).
// (Other tiny values, far rarer, take the float path as they are: slower, the same bits.)
struct ExactInDouble {
  // 1.0, read through a volatile: x * one is x, but the optimizer cannot see it, so it
  // cannot turn (float)((double)a * (double)b) back into the float multiply. With a
  // loop-invariant a first, a * one is computed once.
  double one;
  float mul(float a, float b) const { return static_cast<float>(a * one * b); }
  float div(float a, float b) const { return static_cast<float>(a / (b * one)); }
};
static volatile double kOne = 1.0;

// An exp_avg this small (and not 0) goes apart: from it up, exp_avg * beta1, exp_avg / denom
// and the step stay normal for usual hyperparameters (lr of 1e-4 or more) unless denom
// exceeds 2^11 or a sum cancels. The bound only moves time, never a bit.
constexpr float kTinyExpAvg = 0x1p-100f;

// Bit masks instead of branches or bools, so that the loop below vectorizes.
static inline uint32_t mask_of(bool b) { return b ? ~0u : 0u; }
// All ones when 1 <= |x|'s bits <= k: a signed comparison after adding 2^31 - 1 (0 wraps
// to the top, 1 to the bottom).
static inline uint32_t bits_in(float x, uint32_t k) {
  return mask_of(static_cast<int32_t>((bits_of(x) & 0x7fffffffu) + 0x7fffffffu) <
                 static_cast<int32_t>(0x80000000u + k));
}
static inline float pick(uint32_t mask, float if_set, float if_clear) {
  return float_from_bits((bits_of(if_set) & mask) | (bits_of(if_clear) & ~mask));
}

// When an exp_avg stays put: with the gradient (after weight decay) ±0 and exp_avg m = ±k
// 2^-149 for 1 <= k <= stuck, m * beta1 rounds back to m, so exp_avg is m again; and with
// denom >= eps and |weight| >= still, the step -step_size * (m / denom) is at most an
// eighth of the weight's distance to its neighbours, so the weight stays too.
struct StuckExpAvg {
  uint32_t stuck = 0;
  float still = INFINITY;
};
static StuckExpAvg stuck_exp_avg(const AdamStep& s, const ExactInDouble& x) {
  StuckExpAvg r;
  while (r.stuck < 64 && x.mul(s.b1, float_from_bits(r.stuck + 1)) == float_from_bits(r.stuck + 1)) ++r.stuck;
  if (r.stuck == 0 || !(s.eps > 0.0f)) return r;
  // Bounds of |m / denom| and of |step| once rounded (relative error 2^-24 or, subnormal,
  // absolute 2^-150), then the smallest weight whose neighbours are 8 times that away (a
  // float's neighbours are at least 2^-24 of it away, toward 0 too).
  const double q = r.stuck * 0x1p-149 / s.eps * (1 + 0x1p-20) + 0x1p-149;
  const double step = std::fabs(static_cast<double>(s.step_size)) * q * (1 + 0x1p-20) + 0x1p-149;
  const double still = step * 0x1p27;
  if (still < 0x1p127) r.still = static_cast<float>(still);
  return r;
}

// One tensor's update, element by element: (AdamW) param *= 1 - lr * weight_decay, or
// (Adam) grad += weight_decay * param; exp_avg = exp_avg * beta1 + (1 - beta1) * grad;
// exp_avg_sq = exp_avg_sq * beta2 + (1 - beta2) * grad^2; denom = sqrt(exp_avg_sq) /
// sqrt(bc2) + eps; param += -step_size * (exp_avg / denom). Each case is its own loop
// so that it vectorizes (sqrt and / are exactly rounded IEEE operations, the same bits
// in any lane). A tiny exp_avg is replaced by 0 here; when it is not stuck, the element
// keeps exp_avg and weight and is marked in `redo` for adam_exp_avg.
template <bool kDecoupled, bool kDecay, bool kInverse>
static inline __attribute__((always_inline)) void adam_loop(
    float* __restrict w, const float* __restrict g, float* __restrict m, float* __restrict v,
    uint32_t* __restrict redo, size_t n, const AdamStep& s, const StuckExpAvg& st) {
  const float step_size = s.step_size, bc2_sqrt = s.bc2_sqrt, b1 = s.b1, b2 = s.b2;
  const double inv_bc2_sqrt = s.inv_bc2_sqrt;
  const float one_b1 = s.one_b1, one_b2 = s.one_b2, eps = s.eps, wd = s.wd, decay = s.decay;
  const uint32_t stuck = st.stuck, tiny = bits_of(kTinyExpAvg) - 1u;
  const float still = st.still;
  for (size_t i = 0; i < n; ++i) {
    const float m0 = m[i];
    const uint32_t tiny_m = bits_in(m0, tiny);
    float gi = g[i];
    float wi = w[i];
    if (kDecoupled) wi = wi * decay;
    if (kDecay) gi = gi + wd * wi;
    const float mi = pick(tiny_m, 0.0f, m0) * b1 + one_b1 * gi;
    const float vi = v[i] * b2 + one_b2 * (gi * gi);
    const float root = std::sqrt(vi);
    const float denom = (kInverse ? static_cast<float>(root * inv_bc2_sqrt) : root / bc2_sqrt) + eps;
    const float wn = wi + (-step_size) * (mi / denom);
    // A stuck exp_avg: mi above is one_b1 * ±0, so wn is wi, the update's result.
    const uint32_t kept = bits_in(m0, stuck) & mask_of(gi == 0.0f) &
                          mask_of(std::fabs(wi) >= still) & mask_of(denom >= eps);
    const uint32_t r = tiny_m & ~kept;
    m[i] = pick(tiny_m, m0, mi);
    v[i] = vi;
    w[i] = pick(r, w[i], wn);
    redo[i] = r;
  }
}

// Element i marked by adam_loop: the update with exp_avg's operations in double (exp_avg_sq
// is stored already).
template <bool kDecoupled, bool kDecay>
static inline void adam_exp_avg(float* w, const float* g, float* m, const float* v, size_t i,
                                const AdamStep& s, const ExactInDouble& x) {
  float gi = g[i];
  float wi = w[i];
  if (kDecoupled) wi = wi * s.decay;
  if (kDecay) gi = gi + s.wd * wi;
  const float mi = x.mul(s.b1, m[i]) + s.one_b1 * gi;
  const float denom = std::sqrt(v[i]) / s.bc2_sqrt + s.eps;
  m[i] = mi;
  w[i] = wi + x.mul(-s.step_size, x.div(mi, denom));
}

// The update of one tensor: adam_loop, then the marked elements (4 marks tested at a
// time). Inlined into adam_update, to be part of its clones.
template <bool kDecoupled, bool kDecay>
static inline __attribute__((always_inline)) void adam_tensor(float* w, const float* g, float* m,
                                                              float* v, uint32_t* redo, size_t n,
                                                              const AdamStep& step) {
  const AdamStep s = step;  // a copy, which the stores below cannot alias
  const ExactInDouble x{kOne};
  if (s.inv_bc2_sqrt != 0.0)
    adam_loop<kDecoupled, kDecay, true>(w, g, m, v, redo, n, s, stuck_exp_avg(s, x));
  else
    adam_loop<kDecoupled, kDecay, false>(w, g, m, v, redo, n, s, stuck_exp_avg(s, x));
  size_t i0 = 0;
  for (; i0 + 4 <= n; i0 += 4) {
    uint64_t marks[2];
    std::memcpy(marks, redo + i0, sizeof marks);
    if ((marks[0] | marks[1]) == 0) continue;
    for (size_t i = i0; i < i0 + 4; ++i)
      if (redo[i]) adam_exp_avg<kDecoupled, kDecay>(w, g, m, v, i, s, x);
  }
  for (; i0 < n; ++i0)
    if (redo[i0]) adam_exp_avg<kDecoupled, kDecay>(w, g, m, v, i0, s, x);
}

DP_SIMD_CLONES
static void adam_update(bool decoupled, bool decay, float* w, const float* g, float* m, float* v,
                        uint32_t* redo, size_t n, const AdamStep& s) {
  if (decoupled)
    adam_tensor<true, false>(w, g, m, v, redo, n, s);
  else if (decay)
    adam_tensor<false, true>(w, g, m, v, redo, n, s);
  else
    adam_tensor<false, false>(w, g, m, v, redo, n, s);
}

template <bool kDecoupled>
class AdamFamily final : public Optimizer {
 public:
  AdamFamily(const OptimizerConfig& c, const std::vector<ParamRef>& ps)
      : Optimizer(c), m_(zeros_like(ps)), v_(zeros_like(ps)) {}

 private:
  void update(const ParamRef& p, size_t k) override {
    const double bc1 = 1.0 - int_pow(cfg_.beta1, step_);
    const double bc2 = 1.0 - int_pow(cfg_.beta2, step_);
    AdamStep s;
    s.step_size = static_cast<float>(cfg_.lr / bc1);
    s.bc2_sqrt = static_cast<float>(std::sqrt(bc2));
    s.inv_bc2_sqrt = inverse_for_division(s.bc2_sqrt);
    s.b1 = static_cast<float>(cfg_.beta1);
    s.b2 = static_cast<float>(cfg_.beta2);
    s.one_b1 = static_cast<float>(1.0 - cfg_.beta1);
    s.one_b2 = static_cast<float>(1.0 - cfg_.beta2);
    s.eps = static_cast<float>(cfg_.eps);
    s.wd = static_cast<float>(cfg_.weight_decay);
    s.decay = static_cast<float>(1.0 - cfg_.lr * cfg_.weight_decay);  // AdamW
    if (redo_.size() < p.size) redo_.resize(p.size);
    adam_update(kDecoupled, !kDecoupled && cfg_.weight_decay != 0.0, p.value, p.grad, m_[k].data(),
                v_[k].data(), redo_.data(), p.size, s);
  }
  std::vector<std::vector<float>> state() const override { return concat({&m_, &v_}); }
  std::vector<std::vector<float>> m_, v_;  // exp_avg, exp_avg_sq
  std::vector<uint32_t> redo_;             // adam_loop's marks
};

// ---- RMSprop ----

// grad (+ weight_decay * param); square_avg = square_avg * alpha + (1 - alpha) * grad^2;
// centered: grad_avg = grad_avg * alpha + (1 - alpha) * grad, avg = sqrt(square_avg -
// grad_avg^2), else avg = sqrt(square_avg); avg += eps; with momentum: buf = buf *
// momentum + grad / avg, param += -lr * buf; else param += -lr * (grad / avg).
class RmsProp final : public Optimizer {
 public:
  RmsProp(const OptimizerConfig& c, const std::vector<ParamRef>& ps)
      : Optimizer(c),
        square_avg_(zeros_like(ps)),
        grad_avg_(zeros_like(ps)),
        buf_(zeros_like(ps)) {}

 private:
  void update(const ParamRef& p, size_t k) override {
    const float lr = static_cast<float>(cfg_.lr), wd = static_cast<float>(cfg_.weight_decay);
    const float alpha = static_cast<float>(cfg_.alpha),
                one_alpha = static_cast<float>(1.0 - cfg_.alpha);
    const float eps = static_cast<float>(cfg_.eps), mom = static_cast<float>(cfg_.momentum);
    {
      float* w = p.value;
      const float* g = p.grad;
      float* sq = square_avg_[k].data();
      float* ga = grad_avg_[k].data();
      float* buf = buf_[k].data();
      for (size_t i = 0; i < p.size; ++i) {
        const float gi = cfg_.weight_decay != 0.0 ? g[i] + wd * w[i] : g[i];
        sq[i] = sq[i] * alpha + one_alpha * gi * gi;
        float avg;
        if (cfg_.centered) {
          ga[i] = ga[i] * alpha + one_alpha * gi;
          avg = std::sqrt(sq[i] + (-1.0f) * ga[i] * ga[i]);
        } else {
          avg = std::sqrt(sq[i]);
        }
        avg = avg + eps;
        if (cfg_.momentum > 0.0) {
          buf[i] = buf[i] * mom + gi / avg;
          w[i] = w[i] + (-lr) * buf[i];
        } else {
          w[i] = w[i] + (-lr) * (gi / avg);
        }
      }
    }
  }
  std::vector<std::vector<float>> state() const override {
    return concat({&square_avg_, &grad_avg_, &buf_});
  }
  std::vector<std::vector<float>> square_avg_, grad_avg_, buf_;
};

template <class T>
std::unique_ptr<Optimizer> make(const OptimizerConfig& c, const std::vector<ParamRef>& ps) {
  return std::make_unique<T>(c, ps);
}

}  // namespace

const std::vector<OptimizerInfo>& optimizers() {
  static const std::vector<OptimizerInfo> table = {
      {"sgd", "SGD", {"lr", "momentum", "weight_decay", "nesterov"}, 0.0, sgd_check, make<Sgd>},
      {"adam",
       "Adam",
       {"lr", "betas", "eps", "weight_decay"},
       0.0,
       nullptr,
       make<AdamFamily<false>>},
      {"adamw",
       "AdamW",
       {"lr", "betas", "eps", "weight_decay"},
       0.01,
       nullptr,
       make<AdamFamily<true>>},
      {"rmsprop",
       "RMSprop",
       {"lr", "alpha", "eps", "weight_decay", "momentum", "centered"},
       0.0,
       nullptr,
       make<RmsProp>},
  };
  return table;
}

const OptimizerInfo* find_optimizer(const std::string& name) {
  return find_by_name(optimizers(), name);
}

const std::vector<std::string>& optimizer_names() {
  static const std::vector<std::string> names = names_of(optimizers());
  return names;
}

bool optimizer_takes(const OptimizerInfo& o, const std::string& param) {
  return std::find(o.params.begin(), o.params.end(), param) != o.params.end();
}

std::unique_ptr<Optimizer> make_optimizer(const OptimizerConfig& cfg,
                                          const std::vector<ParamRef>& params) {
  const OptimizerInfo* o = find_optimizer(cfg.name);
  if (!o) throw std::invalid_argument("unknown optimizer '" + cfg.name + "'");
  return o->make(cfg, params);
}

}  // namespace dp
