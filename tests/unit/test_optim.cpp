// Optimizer steps against values computed by hand from torch.optim's formulas.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <random>
#include <stdexcept>

#include "core/bits.h"
#include "core/optim.h"
#include "test_util.h"

namespace dp {
namespace {

// One scalar parameter with a constant gradient, stepped n times; returns the trajectory.
std::vector<float> trajectory(OptimizerConfig c, float w0, float g, int n) {
  float w = w0, grad = g;
  std::vector<ParamRef> ps{{&w, &grad, 1}};
  auto opt = make_optimizer(c, ps);
  std::vector<float> out;
  for (int i = 0; i < n; ++i) {
    opt->step(ps);
    out.push_back(w);
  }
  return out;
}

OptimizerConfig make(const std::string& name, double lr) {
  OptimizerConfig c;
  c.name = name;
  c.lr = lr;
  return c;
}

TEST(Optim, PlainSgd) {
  auto t = trajectory(make("sgd", 0.1), 1.0f, 0.5f, 2);
  EXPECT_FLOAT_EQ(t[0], 0.95f);
  EXPECT_FLOAT_EQ(t[1], 0.90f);
}

TEST(Optim, SgdMomentumStartsTheBufferAtTheGradient) {
  OptimizerConfig c = make("sgd", 0.1);
  c.momentum = 0.9;
  auto t = trajectory(c, 1.0f, 0.5f, 3);
  EXPECT_FLOAT_EQ(t[0], 1.0f - 0.1f * 0.5f);   // buf = 0.5
  EXPECT_FLOAT_EQ(t[1], t[0] - 0.1f * 0.95f);  // buf = 0.9*0.5 + 0.5
  EXPECT_FLOAT_EQ(t[2], t[1] - 0.1f * (0.9f * 0.95f + 0.5f));
}

TEST(Optim, SgdNesterov) {
  OptimizerConfig c = make("sgd", 0.1);
  c.momentum = 0.9;
  c.nesterov = true;
  auto t = trajectory(c, 1.0f, 0.5f, 2);
  EXPECT_FLOAT_EQ(t[0], 1.0f - 0.1f * (0.5f + 0.9f * 0.5f));
  EXPECT_FLOAT_EQ(t[1], t[0] - 0.1f * (0.5f + 0.9f * 0.95f));
}

TEST(Optim, SgdWeightDecayAddsToTheGradient) {
  OptimizerConfig c = make("sgd", 0.1);
  c.weight_decay = 0.01;
  auto t = trajectory(c, 2.0f, 0.5f, 1);
  EXPECT_FLOAT_EQ(t[0], 2.0f - 0.1f * (0.5f + 0.01f * 2.0f));
}

TEST(Optim, AdamFirstStepsAreBiasCorrected) {
  auto t = trajectory(make("adam", 0.01), 1.0f, 0.5f, 2);
  // Step 1: m = 0.05, v = 0.00025; m/(1-0.9) = 0.5, sqrt(v/(1-0.999)) = 0.5.
  EXPECT_NEAR(t[0], 1.0 - 0.01 * 0.5 / (0.5 + 1e-8), 1e-7);
  // Step 2: constant gradient: the step is still ~lr.
  EXPECT_NEAR(t[1], t[0] - 0.01 * 0.5 / (0.5 + 1e-8), 1e-6);
}

TEST(Optim, AdamL2VersusAdamWDecoupledDecay) {
  OptimizerConfig a = make("adam", 0.01), w = make("adamw", 0.01);
  a.weight_decay = w.weight_decay = 0.1;
  // Adam: g' = 0.5 + 0.1 * 2 = 0.7; a normalized step of ~lr.
  EXPECT_NEAR(trajectory(a, 2.0f, 0.5f, 1)[0], 2.0 - 0.01, 1e-6);
  // AdamW: w *= 1 - lr * wd first, then the normalized step of ~lr.
  EXPECT_NEAR(trajectory(w, 2.0f, 0.5f, 1)[0], 2.0 * (1 - 0.001) - 0.01, 1e-6);
}

// torch's Adam(W) step on plain float operations, one element at a time, for the
// optimizer's own update to match bit for bit.
struct AdamReference {
  AdamReference(const OptimizerConfig& cfg, bool adamw) : c(cfg), decoupled(adamw) {}
  OptimizerConfig c;
  bool decoupled;
  long t = 0;
  std::vector<std::vector<float>> m, v;

  static double int_pow(double base, long e) {  // as the optimizer: repeated squaring
    double r = 1.0;
    for (; e > 0; e >>= 1, base *= base)
      if (e & 1) r *= base;
    return r;
  }
  void step(std::vector<std::vector<float>>& w, const std::vector<std::vector<float>>& g) {
    ++t;
    const float step_size = static_cast<float>(c.lr / (1.0 - int_pow(c.beta1, t)));
    const float bc2_sqrt = static_cast<float>(std::sqrt(1.0 - int_pow(c.beta2, t)));
    const float b1 = static_cast<float>(c.beta1), b2 = static_cast<float>(c.beta2);
    const float one_b1 = static_cast<float>(1.0 - c.beta1),
                one_b2 = static_cast<float>(1.0 - c.beta2);
    const float eps = static_cast<float>(c.eps), wd = static_cast<float>(c.weight_decay);
    const float decay = static_cast<float>(1.0 - c.lr * c.weight_decay);
    for (size_t k = 0; k < w.size(); ++k) {
      m.resize(w.size());
      v.resize(w.size());
      m[k].resize(w[k].size(), 0.0f);
      v[k].resize(w[k].size(), 0.0f);
      for (size_t i = 0; i < w[k].size(); ++i) {
        float gi = g[k][i], wi = w[k][i];
        if (decoupled)
          wi = wi * decay;
        else if (c.weight_decay != 0.0)
          gi = gi + wd * wi;
        m[k][i] = m[k][i] * b1 + one_b1 * gi;
        v[k][i] = v[k][i] * b2 + one_b2 * (gi * gi);
        const float denom = std::sqrt(v[k][i]) / bc2_sqrt + eps;
        w[k][i] = wi + (-step_size) * (m[k][i] / denom);
      }
    }
  }
};

using testing::float_bits;

// A float of any sign and of binary exponent e (-149 .. 127; below -126 a subnormal).
float random_float(std::mt19937& r, int e) {
  const uint32_t sign = (r() & 1u) << 31;
  if (e < -126) return float_from_bits(sign | (r() & ((1u << (e + 150)) - 1u)) | (1u << (e + 149)));
  return float_from_bits(sign | (static_cast<uint32_t>(e + 127) << 23) | (r() & 0x7fffffu));
}

// Gradients, exp_avg and exp_avg_sq with subnormal values, which the optimizer handles
// apart: exp_avg decays to a subnormal after a few gradients and sticks there (the weight
// then stays, or moves by a step computed in double), now and then a subnormal gradient
// moves it on; weights from 2^-140 up, around the size below which such a step still
// moves them. Every step must give the bits of the plain float formulas, in the weights
// and in the optimizer's state.
TEST(Optim, AdamMatchesThePlainFloatFormulasWithSubnormals) {
  OptimizerConfig adam = make("adam", 0.01), adam_l2 = make("adam", 0.05),
                  adamw = make("adamw", 0.01);
  OptimizerConfig betas = make("adam", 0.3);
  adam_l2.weight_decay = 0.01;
  adamw.weight_decay = 0.1;
  betas.beta1 = 0.5;
  betas.beta2 = 0.9999;
  betas.eps = 1e-6;
  auto expect_bits = [](const std::vector<std::vector<float>>& a,
                        const std::vector<std::vector<float>>& b, int t, const char* what) {
    ASSERT_EQ(a.size(), b.size());
    for (size_t k = 0; k < a.size(); ++k)
      for (size_t i = 0; i < a[k].size(); ++i)
        ASSERT_EQ(float_bits(a[k][i]), float_bits(b[k][i]))
            << what << ", step " << t << ", tensor " << k << ", element " << i << ": " << a[k][i]
            << " instead of " << b[k][i];
  };
  for (const OptimizerConfig& c : {adam, adam_l2, adamw, betas}) {
    SCOPED_TRACE(c.name + " weight_decay " + std::to_string(c.weight_decay));
    std::mt19937 r(7);
    const std::vector<size_t> sizes = {1, 3, 8, 13, 250, 1500};
    std::vector<std::vector<float>> w, g;
    std::vector<std::vector<int>> kind;
    for (size_t n : sizes) {
      std::vector<float> wk(n);
      std::vector<int> kk(n);
      for (size_t i = 0; i < n; ++i) {
        kk[i] = static_cast<int>(r() % 7);
        switch (r() % 4) {
          case 0:
            wk[i] = 0.0f;
            break;
          case 1:
            wk[i] = random_float(r, -140 + static_cast<int>(r() % 80));
            break;
          case 2:
            wk[i] = random_float(r, -110 + static_cast<int>(r() % 20));
            break;
          default:
            wk[i] = random_float(r, -3);
            break;
        }
      }
      w.push_back(wk);
      g.emplace_back(n, 0.0f);
      kind.push_back(kk);
    }
    std::vector<std::vector<float>> w_ref = w;
    std::vector<ParamRef> ps;
    for (size_t k = 0; k < w.size(); ++k) ps.push_back({w[k].data(), g[k].data(), w[k].size()});
    auto opt = make_optimizer(c, ps);
    AdamReference ref(c, c.name == "adamw");
    for (int t = 1; t <= 300; ++t) {
      for (size_t k = 0; k < g.size(); ++k)
        for (size_t i = 0; i < g[k].size(); ++i) {
          float& gi = g[k][i];
          switch (kind[k][i]) {
            case 0:  // tiny gradients at first, then 0: exp_avg soon sticks
              gi = t <= 3 ? random_float(r, -140 + static_cast<int>(r() % 30)) : 0.0f;
              break;
            case 1:  // as 0, then a subnormal gradient now and then
              gi =
                  t <= 3 || t % 25 == 0 ? random_float(r, -149 + static_cast<int>(r() % 30)) : 0.0f;
              break;
            case 2:  // tiny gradients, down to subnormal ones
              gi = r() % 3 == 0 ? 0.0f : random_float(r, -149 + static_cast<int>(r() % 100));
              break;
            case 3:  // ordinary gradients
              gi = random_float(r, -12 + static_cast<int>(r() % 10));
              break;
            case 4:  // one gradient now and then
              gi = r() % 20 == 0 ? random_float(r, -30 + static_cast<int>(r() % 30)) : 0.0f;
              break;
            case 5:  // small gradients at first, then 0: exp_avg decays
              gi = t <= 3 ? random_float(r, -60 + static_cast<int>(r() % 40)) : 0.0f;
              break;
            default:  // never a gradient
              gi = r() % 2 ? 0.0f : -0.0f;
              break;
          }
        }
      opt->step(ps);
      ref.step(w_ref, g);
      expect_bits(w, w_ref, t, "weight");
      std::vector<std::vector<float>> state = ref.m;
      state.insert(state.end(), ref.v.begin(), ref.v.end());
      expect_bits(opt->state(), state, t, "exp_avg, exp_avg_sq");
      if (::testing::Test::HasFatalFailure()) return;
    }
  }
}

TEST(Optim, LrChangeAppliesToTheNextStep) {
  float w = 1.0f, g = 1.0f;
  std::vector<ParamRef> ps{{&w, &g, 1}};
  auto opt = make_optimizer(make("sgd", 0.1), ps);
  opt->step(ps);
  opt->set_lr(0.5);
  opt->step(ps);
  EXPECT_FLOAT_EQ(w, 1.0f - 0.1f - 0.5f);
}

TEST(Optim, RmspropDividesByTheRootMeanSquare) {
  OptimizerConfig c = make("rmsprop", 0.01);
  auto t = trajectory(c, 1.0f, 0.5f, 2);
  // Step 1: square_avg = 0.01 * 0.25 = 0.0025, avg = 0.05 + 1e-8: step 0.01 * 0.5 / 0.05 = 0.1.
  EXPECT_NEAR(t[0], 1.0 - 0.01 * 0.5 / (0.05 + 1e-8), 1e-6);
  // Step 2: square_avg = 0.99 * 0.0025 + 0.0025 = 0.004975.
  EXPECT_NEAR(t[1], t[0] - 0.01 * 0.5 / (std::sqrt(0.004975) + 1e-8), 1e-6);
}

TEST(Optim, RmspropCenteredMomentumAndDecay) {
  OptimizerConfig c = make("rmsprop", 0.01);
  c.centered = true;
  c.momentum = 0.9;
  c.weight_decay = 0.1;
  c.alpha = 0.9;
  auto t = trajectory(c, 2.0f, 0.5f, 2);
  // Step 1: g = 0.5 + 0.1 * 2 = 0.7; square_avg = 0.1 * 0.49 = 0.049; grad_avg = 0.07;
  // avg = sqrt(0.049 - 0.0049) = sqrt(0.0441) = 0.21; buf = 0.7 / 0.21 = 3.3333.
  const double buf1 = 0.7 / (0.21 + 1e-8);
  EXPECT_NEAR(t[0], 2.0 - 0.01 * buf1, 1e-5);
  // Step 2: g = 0.5 + 0.1 * t0; square_avg = 0.9 * 0.049 + 0.1 g^2; grad_avg = 0.9 * 0.07 + 0.1 g.
  const double g = 0.5 + 0.1 * t[0], sq = 0.9 * 0.049 + 0.1 * g * g, ga = 0.9 * 0.07 + 0.1 * g;
  const double buf2 = 0.9 * buf1 + g / (std::sqrt(sq - ga * ga) + 1e-8);
  EXPECT_NEAR(t[1], t[0] - 0.01 * buf2, 1e-5);
}

TEST(Optim, UnknownNamesAreErrorsNotAdam) {
  float w = 1.0f, g = 1.0f;
  std::vector<ParamRef> ps{{&w, &g, 1}};
  EXPECT_THROW(make_optimizer(make("lbfgs", 0.1), ps), std::invalid_argument);
  EXPECT_EQ(find_optimizer("Adam"), nullptr);
  ASSERT_NE(find_optimizer("rmsprop"), nullptr);
  EXPECT_STREQ(find_optimizer("rmsprop")->torch_class, "RMSprop");
}

}  // namespace
}  // namespace dp
