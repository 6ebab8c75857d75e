// torch.optim's single-tensor CPU updates (torch/optim/sgd.py, adam.py, adamw.py,
// rmsprop.py), element by element in float32 with the Python-side scalars (bias
// corrections, step size) computed in double first, as torch does.
#include "core/optim.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

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
  std::vector<std::vector<float>> buf_;  // momentum buffers
};

std::string sgd_check(const OptimizerConfig& o) {
  if (o.nesterov && !(o.momentum > 0.0))
    return "optimizer.nesterov needs optimizer sgd with momentum > 0";
  return "";
}

// ---- Adam and AdamW ----

// The scalars of one Adam(W) step, as torch computes them (double, then float).
struct AdamStep {
  float step_size, bc2_sqrt, b1, b2, one_b1, one_b2, eps, wd, decay;
};

// One tensor's update, element by element: (AdamW) param *= 1 - lr * weight_decay, or
// (Adam) grad += weight_decay * param; exp_avg = exp_avg * beta1 + (1 - beta1) * grad;
// exp_avg_sq = exp_avg_sq * beta2 + (1 - beta2) * grad^2; denom = sqrt(exp_avg_sq) /
// sqrt(bc2) + eps; param += -step_size * (exp_avg / denom). Each case is its own loop
// so that it vectorizes (sqrt and / are exactly rounded IEEE operations, the same bits
// in any lane).
template <bool kDecoupled, bool kDecay>
static inline void adam_loop(float* __restrict w, const float* __restrict g,
                             float* __restrict m, float* __restrict v, size_t n,
                             const AdamStep& s) {
  const float step_size = s.step_size, bc2_sqrt = s.bc2_sqrt, b1 = s.b1, b2 = s.b2;
  const float one_b1 = s.one_b1, one_b2 = s.one_b2, eps = s.eps, wd = s.wd, decay = s.decay;
  for (size_t i = 0; i < n; ++i) {
    float gi = g[i];
    float wi = w[i];
    if (kDecoupled) wi = wi * decay;
    if (kDecay) gi = gi + wd * wi;
    const float mi = m[i] * b1 + one_b1 * gi;
    const float vi = v[i] * b2 + one_b2 * (gi * gi);
    m[i] = mi;
    v[i] = vi;
    const float denom = std::sqrt(vi) / bc2_sqrt + eps;
    w[i] = wi + (-step_size) * (mi / denom);
  }
}

DP_SIMD_CLONES
static void adam_update(bool decoupled, bool decay, float* w, const float* g, float* m,
                        float* v, size_t n, const AdamStep& s) {
  if (decoupled)
    adam_loop<true, false>(w, g, m, v, n, s);
  else if (decay)
    adam_loop<false, true>(w, g, m, v, n, s);
  else
    adam_loop<false, false>(w, g, m, v, n, s);
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
    s.b1 = static_cast<float>(cfg_.beta1);
    s.b2 = static_cast<float>(cfg_.beta2);
    s.one_b1 = static_cast<float>(1.0 - cfg_.beta1);
    s.one_b2 = static_cast<float>(1.0 - cfg_.beta2);
    s.eps = static_cast<float>(cfg_.eps);
    s.wd = static_cast<float>(cfg_.weight_decay);
    s.decay = static_cast<float>(1.0 - cfg_.lr * cfg_.weight_decay);  // AdamW
    adam_update(kDecoupled, !kDecoupled && cfg_.weight_decay != 0.0, p.value, p.grad,
                m_[k].data(), v_[k].data(), p.size, s);
  }
  std::vector<std::vector<float>> m_, v_;  // exp_avg, exp_avg_sq
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
