// torch.optim's single-tensor CPU updates (torch/optim/sgd.py, adam.py, adamw.py),
// element by element in float32 with the Python-side scalars (bias corrections,
// step size) computed in double first, as torch does.
#include "core/optim.h"

#include <cmath>

namespace dp {

// beta ** step by repeated squaring: exact enough and the same bits everywhere
// (std::pow may differ between libms).
static double int_pow(double base, long e) {
  double r = 1.0;
  while (e > 0) {
    if (e & 1) r *= base;
    base *= base;
    e >>= 1;
  }
  return r;
}

// d_p = grad (+ weight_decay * param); with momentum: buf = d_p on the first step, then
// buf * momentum + d_p (dampening 0), and the step is buf, or d_p + momentum * buf
// (nesterov); param += -lr * step.
template <bool kDecay, bool kMomentum, bool kNesterov, bool kFirst>
static void sgd_loop(float* __restrict w, const float* __restrict g, float* __restrict buf, size_t n,
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

Optimizer::Optimizer(const OptimizerConfig& cfg, const std::vector<ParamRef>& params) : cfg_(cfg) {
  kind_ = cfg.name == "sgd" ? Kind::Sgd : cfg.name == "adamw" ? Kind::AdamW : Kind::Adam;
  for (const ParamRef& p : params) {
    buf1_.emplace_back(p.size, 0.0f);
    if (kind_ != Kind::Sgd) buf2_.emplace_back(p.size, 0.0f);
  }
}

void Optimizer::step(const std::vector<ParamRef>& params) {
  ++step_;
  const float lr = static_cast<float>(cfg_.lr);
  const float wd = static_cast<float>(cfg_.weight_decay);
  if (kind_ == Kind::Sgd) {
    const float mom = static_cast<float>(cfg_.momentum);
    const bool decay = cfg_.weight_decay != 0.0, momentum = cfg_.momentum != 0.0;
    // One specialised loop per case, so each vectorizes without branches.
    using Loop = void (*)(float*, const float*, float*, size_t, float, float, float);
    static const Loop loops[2][2][2][2] = {
        {{{sgd_loop<0, 0, 0, 0>, sgd_loop<0, 0, 0, 1>}, {sgd_loop<0, 0, 1, 0>, sgd_loop<0, 0, 1, 1>}},
         {{sgd_loop<0, 1, 0, 0>, sgd_loop<0, 1, 0, 1>}, {sgd_loop<0, 1, 1, 0>, sgd_loop<0, 1, 1, 1>}}},
        {{{sgd_loop<1, 0, 0, 0>, sgd_loop<1, 0, 0, 1>}, {sgd_loop<1, 0, 1, 0>, sgd_loop<1, 0, 1, 1>}},
         {{sgd_loop<1, 1, 0, 0>, sgd_loop<1, 1, 0, 1>}, {sgd_loop<1, 1, 1, 0>, sgd_loop<1, 1, 1, 1>}}}};
    const Loop loop = loops[decay][momentum][cfg_.nesterov][step_ == 1];
    for (size_t k = 0; k < params.size(); ++k)
      loop(params[k].value, params[k].grad, buf1_[k].data(), params[k].size, lr, wd, mom);
    return;
  }
  const double bc1 = 1.0 - int_pow(cfg_.beta1, step_);
  const double bc2 = 1.0 - int_pow(cfg_.beta2, step_);
  const float step_size = static_cast<float>(cfg_.lr / bc1);
  const float bc2_sqrt = static_cast<float>(std::sqrt(bc2));
  const float b1 = static_cast<float>(cfg_.beta1), b2 = static_cast<float>(cfg_.beta2);
  const float one_b1 = static_cast<float>(1.0 - cfg_.beta1), one_b2 = static_cast<float>(1.0 - cfg_.beta2);
  const float eps = static_cast<float>(cfg_.eps);
  const float decay = static_cast<float>(1.0 - cfg_.lr * cfg_.weight_decay);  // AdamW
  for (size_t k = 0; k < params.size(); ++k) {
    float* w = params[k].value;
    const float* g = params[k].grad;
    float* m = buf1_[k].data();
    float* v = buf2_[k].data();
    for (size_t i = 0; i < params[k].size; ++i) {
      float gi = g[i];
      if (kind_ == Kind::AdamW) {
        w[i] = w[i] * decay;
      } else if (cfg_.weight_decay != 0.0) {
        gi = gi + wd * w[i];
      }
      m[i] = m[i] * b1 + one_b1 * gi;
      v[i] = v[i] * b2 + one_b2 * (gi * gi);
      const float denom = std::sqrt(v[i]) / bc2_sqrt + eps;
      w[i] = w[i] + (-step_size) * (m[i] / denom);
    }
  }
}

}  // namespace dp
