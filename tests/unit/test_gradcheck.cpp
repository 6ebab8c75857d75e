// Finite-difference checks of every gradient: each activation through the whole
// MLP (Linear, activation, Dropout with a fixed mask), and each loss's dlogits.
#include <gtest/gtest.h>

#include <cmath>

#include "core/loss.h"
#include "core/mlp.h"

namespace dp {
namespace {

// Mean loss of the MLP on a fixed batch; the dropout mask is fixed by reseeding the
// generator identically for every evaluation.
double batch_loss(Mlp& m, const std::vector<float>& x, const std::vector<float>& y, int rows,
                  LossKind k, double p, std::vector<float>* dlogits) {
  Generator g(2024);
  const float* out = m.forward(x.data(), rows, p, true, g);
  return loss_forward(k, out, y.data(), rows, m.sizes().back(),
                      dlogits ? dlogits->data() : nullptr);
}

struct Case {
  Activation act;
  LossKind loss;
  int out;
};

class MlpGradcheck : public ::testing::TestWithParam<Case> {};

TEST_P(MlpGradcheck, ParameterGradientsMatchFiniteDifferences) {
  const Case c = GetParam();
  const int rows = 6;
  Generator init(7);
  Mlp m({3, 5, 4, c.out}, c.act, init);
  std::vector<float> x(rows * 3), y(rows);
  Generator data(99);
  for (float& v : x) v = data.uniform_float(-1.5f, 1.5f);
  for (int r = 0; r < rows; ++r)
    y[r] = c.loss == LossKind::CrossEntropy    ? static_cast<float>(r % c.out)
           : c.loss == LossKind::BceWithLogits ? static_cast<float>(r % 2)
                                               : data.uniform_float(-1, 1);
  const double p = 0.3;
  std::vector<float> dlogits(rows * c.out);
  batch_loss(m, x, y, rows, c.loss, p, &dlogits);
  m.backward(dlogits.data());
  // Copy the analytic gradients before probing.
  std::vector<std::vector<float>> grads;
  for (const ParamRef& pr : m.params()) grads.emplace_back(pr.grad, pr.grad + pr.size);
  // Dropout must have dropped something, or the check would not cover its backward.
  int dropped = 0;
  for (uint8_t v : m.mask(0)) dropped += v == 0;
  EXPECT_GT(dropped, 0);

  const float h = 1e-3f;
  auto params = m.params();
  int checked = 0;
  for (size_t k = 0; k < params.size(); ++k) {
    for (size_t i = 0; i < params[k].size; ++i) {
      float* w = params[k].value + i;
      const float orig = *w;
      *w = orig + h;
      m.sync_transposed();
      const double lp = batch_loss(m, x, y, rows, c.loss, p, nullptr);
      *w = orig - h;
      m.sync_transposed();
      const double lm = batch_loss(m, x, y, rows, c.loss, p, nullptr);
      *w = orig;
      m.sync_transposed();
      const double numeric = (lp - lm) / (2.0 * h);
      EXPECT_NEAR(grads[k][i], numeric, 2e-3 + 2e-2 * std::fabs(numeric))
          << "param " << k << " index " << i;
      ++checked;
    }
  }
  EXPECT_GT(checked, 40);
}

INSTANTIATE_TEST_SUITE_P(AllActivationsAndLosses, MlpGradcheck,
                         ::testing::Values(Case{Activation::Tanh, LossKind::Mse, 1},
                                           Case{Activation::Sigmoid, LossKind::BceWithLogits, 1},
                                           Case{Activation::Relu, LossKind::CrossEntropy, 3},
                                           Case{Activation::Tanh, LossKind::CrossEntropy, 4},
                                           Case{Activation::Sigmoid, LossKind::Mse, 1},
                                           Case{Activation::Relu, LossKind::BceWithLogits, 1}));

TEST(LossGradcheck, DlogitsMatchFiniteDifferencesInDouble) {
  for (LossKind k : {LossKind::BceWithLogits, LossKind::Mse, LossKind::CrossEntropy}) {
    const int rows = 5, cols = k == LossKind::CrossEntropy ? 3 : 1;
    std::vector<float> z(rows * cols), y(rows), d(rows * cols);
    Generator g(5);
    for (float& v : z) v = g.uniform_float(-3, 3);
    for (int r = 0; r < rows; ++r)
      y[r] = k == LossKind::Mse ? g.uniform_float(-1, 1)
                                : static_cast<float>(r % (cols == 1 ? 2 : cols));
    loss_forward(k, z.data(), y.data(), rows, cols, d.data());
    for (size_t i = 0; i < z.size(); ++i) {
      const float orig = z[i], h = 1e-2f;
      z[i] = orig + h;
      const double lp = loss_forward(k, z.data(), y.data(), rows, cols, nullptr);
      z[i] = orig - h;
      const double lm = loss_forward(k, z.data(), y.data(), rows, cols, nullptr);
      z[i] = orig;
      EXPECT_NEAR(d[i], (lp - lm) / (2 * h), 1e-3) << loss_name(k) << " " << i;
    }
  }
}

TEST(Loss, ValuesMatchTheirDefinitions) {
  // bce_with_logits(0, y) = log 2 for any y; mse; cross_entropy of equal logits = log C.
  std::vector<float> z{0.0f, 0.0f}, y{0.0f, 1.0f};
  EXPECT_FLOAT_EQ(loss_forward(LossKind::BceWithLogits, z.data(), y.data(), 2, 1, nullptr),
                  std::log(2.0f));
  std::vector<float> a{1.0f, -2.0f}, t{0.5f, 0.0f};
  EXPECT_FLOAT_EQ(loss_forward(LossKind::Mse, a.data(), t.data(), 2, 1, nullptr),
                  (0.25f + 4.0f) / 2);
  std::vector<float> l(6, 0.7f), c{2.0f, 0.0f};
  EXPECT_FLOAT_EQ(loss_forward(LossKind::CrossEntropy, l.data(), c.data(), 2, 3, nullptr),
                  std::log(3.0f));
  // Extreme logits stay finite (stable formulas).
  std::vector<float> big{100.0f, -100.0f}, yb{0.0f, 1.0f};
  EXPECT_NEAR(loss_forward(LossKind::BceWithLogits, big.data(), yb.data(), 2, 1, nullptr), 100.0,
              1e-4);
  std::vector<float> ce_big{1000.0f, 0.0f, -1000.0f}, cy{1.0f};
  EXPECT_NEAR(loss_forward(LossKind::CrossEntropy, ce_big.data(), cy.data(), 1, 3, nullptr), 1000.0,
              1e-3);
}

TEST(Loss, AccuracyRules) {
  std::vector<float> z{0.5f, -0.1f, 0.0f}, y{1.0f, 0.0f, 1.0f};  // logit 0 predicts class 0
  EXPECT_FLOAT_EQ(accuracy(LossKind::BceWithLogits, z.data(), y.data(), 3, 1), 2.0f / 3.0f);
  std::vector<float> l{1, 3, 3, 0, 0, 0}, c{1.0f, 0.0f};  // ties: the first maximum
  EXPECT_FLOAT_EQ(accuracy(LossKind::CrossEntropy, l.data(), c.data(), 2, 3), 1.0f);
}

}  // namespace
}  // namespace dp
