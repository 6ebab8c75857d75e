// nn.Dropout's semantics: modes, edge values of p, the scale's float arithmetic,
// signed zeros, the error message, the keep rate, and backward = grad * mask * scale.
#include <gtest/gtest.h>

#include <cmath>

#include "core/dropout.h"
#include "test_util.h"

namespace dp {
namespace {

struct DropRun {
  std::vector<float> out;
  std::vector<uint8_t> mask;
  uint32_t next_draw;  // the generator's next output: tells how many draws were made
};

DropRun run_dropout(const std::vector<float>& x, double p, bool training, uint64_t seed = 0) {
  Generator g(seed);
  DropRun r{std::vector<float>(x.size()), std::vector<uint8_t>(x.size()), 0};
  dropout_forward(x.data(), r.out.data(), r.mask.data(), x.size(), p, training, g);
  r.next_draw = g.random();
  return r;
}

uint32_t first_draw(uint64_t seed, int skip) {
  Generator g(seed);
  for (int i = 0; i < skip; ++i) g.random();
  return g.random();
}

TEST(Dropout, EvalIsIdentityWithoutDraws) {
  const std::vector<float> x{1.5f, -2.0f, 0.0f, INFINITY};
  DropRun r = run_dropout(x, 0.5, false, 9);
  for (size_t i = 0; i < x.size(); ++i)
    EXPECT_EQ(testing::float_bits(r.out[i]), testing::float_bits(x[i]));
  EXPECT_EQ(r.next_draw, first_draw(9, 0));
}

TEST(Dropout, PZeroIsIdentityWithoutDraws) {
  const std::vector<float> x{1.5f, -2.0f};
  DropRun r = run_dropout(x, 0.0, true, 9);
  EXPECT_EQ(r.out, x);
  EXPECT_EQ(r.next_draw, first_draw(9, 0));
}

TEST(Dropout, EmptyInputDrawsNothing) {
  DropRun r = run_dropout({}, 0.5, true, 9);
  EXPECT_TRUE(r.out.empty());
  EXPECT_EQ(r.next_draw, first_draw(9, 0));
}

TEST(Dropout, POneMultipliesByZeroWithoutDraws) {
  const std::vector<float> x{3.0f, -2.0f, INFINITY, 0.0f};
  DropRun r = run_dropout(x, 1.0, true, 9);
  EXPECT_EQ(r.out[0], 0.0f);
  EXPECT_FALSE(std::signbit(r.out[0]));
  EXPECT_TRUE(std::signbit(r.out[1]));  // -2 * 0 = -0
  EXPECT_TRUE(std::isnan(r.out[2]));    // inf * 0 = NaN
  EXPECT_EQ(r.next_draw, first_draw(9, 0));
}

TEST(Dropout, TwoEngineOutputsPerElement) {
  DropRun r = run_dropout(std::vector<float>(5, 1.0f), 0.5, true, 9);
  EXPECT_EQ(r.next_draw, first_draw(9, 10));
}

TEST(Dropout, DroppedNegativeIsNegativeZeroAndInfIsNan) {
  // Real PyTorch, torch.manual_seed(0); nn.Dropout(0.5)(torch.tensor([1., 2., 3., 4.]))
  // prints tensor([0., 0., 6., 0.]) (tests/reference: prims, seed 0): elements 0, 1 and 3
  // are dropped, 2 is kept. The mask depends on the seed and p only, so the same draws
  // drop -3 (giving -0) and inf (giving NaN) and keep the second inf (scaled: inf).
  DropRun r = run_dropout({-3.0f, INFINITY, INFINITY, 2.0f}, 0.5, true, 0);
  EXPECT_EQ(r.mask, (std::vector<uint8_t>{0, 0, 1, 0}));
  EXPECT_EQ(r.out[0], 0.0f);
  EXPECT_TRUE(std::signbit(r.out[0]));
  EXPECT_TRUE(std::isnan(r.out[1]));
  EXPECT_EQ(r.out[2], INFINITY);
  EXPECT_EQ(testing::float_bits(r.out[3]), testing::float_bits(0.0f));
}

TEST(Dropout, ScaleIsAFloat32Division) {
  // p = 0.15: 1.0f / (float)0.85 = 0x1.2d2d2cp+0, one ulp from (float)(1 / 0.85).
  EXPECT_EQ(dropout_scale(0.15), std::ldexp(float(0x12d2d2c), -24));
  EXPECT_NE(dropout_scale(0.15), static_cast<float>(1.0 / 0.85));
  EXPECT_EQ(dropout_scale(0.5), 2.0f);
  EXPECT_EQ(dropout_scale(0.0), 1.0f);
  EXPECT_EQ(dropout_scale(1.0), 0.0f);
}

TEST(Dropout, KeptValuesAreScaled) {
  // Real PyTorch: torch.manual_seed(7); nn.Dropout(0.3)(torch.tensor([1., -2., 3.5, 4., 0.25, 6.]))
  // prints tensor([ 1.4286, -2.8571,  0.0000,  5.7143,  0.0000,  0.0000]): kept, kept,
  // dropped, kept, dropped, dropped, and the kept ones times 1.0f / (float)0.7.
  DropRun r = run_dropout({1.0f, -2.0f, 3.5f, 4.0f, 0.25f, 6.0f}, 0.3, true, 7);
  const float s = 1.0f / static_cast<float>(0.7);
  EXPECT_EQ(r.mask, (std::vector<uint8_t>{1, 1, 0, 1, 0, 0}));
  EXPECT_EQ(r.out, (std::vector<float>{1.0f * s, -2.0f * s, 0.0f, 4.0f * s, 0.0f, 0.0f}));
  EXPECT_NEAR(r.out[0], 1.4286f, 5e-5f);
  EXPECT_NEAR(r.out[3], 5.7143f, 5e-5f);
}

TEST(Dropout, RejectsBadProbabilityWithTorchMessage) {
  EXPECT_EQ(dropout_check(1.5), "dropout probability has to be between 0 and 1, but got 1.5");
  EXPECT_EQ(dropout_check(-0.1), "dropout probability has to be between 0 and 1, but got -0.1");
  EXPECT_EQ(dropout_check(NAN), "dropout probability has to be between 0 and 1, but got nan");
  EXPECT_EQ(dropout_check(2.0), "dropout probability has to be between 0 and 1, but got 2.0");
  EXPECT_EQ(dropout_check(0.0), "");
  EXPECT_EQ(dropout_check(1.0), "");
  EXPECT_EQ(dropout_check(0.5), "");
}

TEST(Dropout, KeepRateIsOneMinusP) {
  // 200k Bernoulli(1 - p) draws: the kept fraction is within 5 standard deviations.
  for (double p : {0.1, 0.5, 0.8, 0.95}) {
    const size_t n = 200000;
    DropRun r = run_dropout(std::vector<float>(n, 1.0f), p, true, 123);
    size_t kept = 0;
    for (uint8_t m : r.mask) kept += m;
    const double rate = static_cast<double>(kept) / n;
    const double sd = std::sqrt(p * (1 - p) / n);
    EXPECT_NEAR(rate, 1.0 - p, 5 * sd) << "p " << p;
    // The mean of the output stays ~1: inverted dropout keeps the expectation.
    double sum = 0;
    for (float v : r.out) sum += v;
    EXPECT_NEAR(sum / n, 1.0, 5 * sd / (1 - p)) << "p " << p;
  }
}

TEST(Dropout, BackwardIsGradTimesMaskTimesScale) {
  const std::vector<float> x(64, 1.0f);
  DropRun r = run_dropout(x, 0.4, true, 77);
  std::vector<float> g(64), dx(64);
  for (int i = 0; i < 64; ++i) g[i] = 0.25f * (i - 30);
  dropout_backward(g.data(), r.mask.data(), dx.data(), 64, 0.4, true);
  const float s = dropout_scale(0.4);
  int kept = 0;
  for (int i = 0; i < 64; ++i) {
    EXPECT_EQ(dx[i], g[i] * (r.mask[i] ? s : 0.0f));
    kept += r.mask[i];
  }
  EXPECT_GT(kept, 0);
  EXPECT_LT(kept, 64);
  // Eval / p = 0: identity.
  dropout_backward(g.data(), r.mask.data(), dx.data(), 64, 0.4, false);
  EXPECT_EQ(dx, g);
  // p = 1: everything is multiplied by 0.
  dropout_backward(g.data(), r.mask.data(), dx.data(), 64, 1.0, true);
  for (float v : dx) EXPECT_EQ(v, 0.0f);
}

}  // namespace
}  // namespace dp
