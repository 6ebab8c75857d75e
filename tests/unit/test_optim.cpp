// Optimizer steps against values computed by hand from torch.optim's formulas.
#include <gtest/gtest.h>

#include <cmath>
#include <stdexcept>

#include "core/optim.h"

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
