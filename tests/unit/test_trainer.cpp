// The trainer against the reference traces recorded with real PyTorch 2.11
// (tests/reference/torch-2.11-public.json): init, permutation and masks equal;
// first-step loss and gradients within 1e-5 relative; per-epoch losses within
// 1e-4 relative; final parameters within 1e-4 absolute.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "core/trace.h"
#include "core/trainer.h"
#include "test_util.h"

namespace dp {
namespace {

using nlohmann::json;

Config config_of(const json& trace, bool with_xy) {
  json c = trace["config"];
  if (with_xy) {
    c["x"] = trace["x"];
    c["y"] = trace["y"];
  }
  Config cfg;
  const std::string err = config_from_json(c.dump(), &cfg);
  EXPECT_EQ(err, "");
  return cfg;
}

void expect_close(double got, double want, double rel, double abs_floor, const std::string& what) {
  EXPECT_LE(std::fabs(got - want), rel * std::fabs(want) + abs_floor)
      << what << ": got " << got << " want " << want;
}

class TorchTrace : public ::testing::TestWithParam<int> {};

TEST_P(TorchTrace, TrainerReproducesTorch) {
  const json& tr = testing::torch_reference()["traces"][GetParam()];
  const std::string name = tr["config"]["name"];
  Trainer t(config_of(tr, true));
  while (!t.done()) t.step();

  // Init: bit-exact.
  ASSERT_EQ(t.init_params().size(), tr["init_params"].size());
  for (size_t k = 0; k < t.init_params().size(); ++k) {
    const auto want = testing::as_floats(tr["init_params"][k]);
    ASSERT_EQ(want.size(), t.init_params()[k].size());
    for (size_t i = 0; i < want.size(); ++i)
      ASSERT_EQ(testing::float_bits(t.init_params()[k][i]), testing::float_bits(want[i]))
          << name << " param " << k;
  }
  // Permutation and masks: equal.
  const FirstStep& f = t.first_step();
  ASSERT_EQ(f.grads.size(), tr["first_step_grads"].size()) << name;
  ASSERT_EQ(t.params().size(), tr["final_params"].size()) << name;
  ASSERT_EQ(f.perm.size(), tr["first_perm"].size());
  for (size_t i = 0; i < f.perm.size(); ++i)
    ASSERT_EQ(f.perm[i], tr["first_perm"][i].get<int>()) << name;
  ASSERT_EQ(f.masks.size(), tr["first_step_masks"].size()) << name;
  for (size_t l = 0; l < f.masks.size(); ++l) {
    const json& m = tr["first_step_masks"][l];
    ASSERT_FALSE(m.empty()) << name;
    const size_t units = m[0].size();
    ASSERT_EQ(f.masks[l].size(), m.size() * units) << name << " layer " << l;
    for (size_t r = 0; r < m.size(); ++r)
      for (size_t u = 0; u < units; ++u)
        ASSERT_EQ(f.masks[l][r * units + u], m[r][u].get<int>())
            << name << " layer " << l << " row " << r << " unit " << u;
  }
  // First step: loss and gradients within 1e-5 relative.
  expect_close(t.step_losses()[0], tr["step_losses"][0].get<double>(), 1e-5, 0.0,
               name + " step-0 loss");
  for (size_t k = 0; k < f.grads.size(); ++k) {
    const auto want = testing::as_floats(tr["first_step_grads"][k]);
    float scale = 0;
    for (float w : want) scale = std::max(scale, std::fabs(w));
    for (size_t i = 0; i < want.size(); ++i)
      expect_close(f.grads[k][i], want[i], 1e-5, 1e-6 * scale, name + " grad " + std::to_string(k));
  }
  // Per-epoch losses: within 1e-4 relative.
  const json& E = tr["epochs"];
  ASSERT_EQ(t.epochs().size(), E.size());
  for (size_t e = 0; e < E.size(); ++e) {
    expect_close(t.epochs()[e].train_loss_eval, E[e]["train_loss_eval"].get<double>(), 1e-4, 0.0,
                 name + " train_loss_eval");
    expect_close(t.epochs()[e].val_loss, E[e]["val_loss"].get<double>(), 1e-4, 0.0,
                 name + " val_loss");
    if (E[e].contains("val_acc")) {
      // Accuracy is a count: allow one sample to flip at a decision boundary.
      EXPECT_NEAR(t.epochs()[e].val_acc, E[e]["val_acc"].get<double>(),
                  1.0 / t.config().n_val + 1e-9)
          << name;
      EXPECT_NEAR(t.epochs()[e].train_acc, E[e]["train_acc"].get<double>(),
                  1.0 / t.config().n_train + 1e-9)
          << name;
    }
  }
  // Every step's loss too.
  ASSERT_EQ(t.step_losses().size(), tr["step_losses"].size());
  for (size_t s = 0; s < t.step_losses().size(); ++s)
    expect_close(t.step_losses()[s], tr["step_losses"][s].get<double>(), 1e-4, 1e-7,
                 name + " step loss " + std::to_string(s));
  // Final parameters: within 1e-4 absolute.
  const auto fin = t.params();
  for (size_t k = 0; k < fin.size(); ++k) {
    const auto want = testing::as_floats(tr["final_params"][k]);
    for (size_t i = 0; i < want.size(); ++i)
      EXPECT_NEAR(fin[k][i], want[i], 1e-4) << name << " final param " << k;
  }
}

TEST_P(TorchTrace, GeneratedDataEqualsTheReference) {
  // Without x/y the trainer generates the data itself: the same rows as the reference program.
  const json& tr = testing::torch_reference()["traces"][GetParam()];
  Trainer t(config_of(tr, false));
  const auto want_x = tr["x"];
  ASSERT_EQ(static_cast<size_t>(t.data().n_train + t.data().n_val), want_x.size());
  for (size_t r = 0; r < want_x.size(); ++r)
    for (size_t k = 0; k < want_x[r].size(); ++k)
      ASSERT_EQ(t.data().x[r * want_x[r].size() + k],
                static_cast<float>(want_x[r][k].get<double>()))
          << r;
  ASSERT_EQ(t.data().y.size(), tr["y"].size());
  for (size_t r = 0; r < tr["y"].size(); ++r)
    ASSERT_EQ(t.data().y[r], static_cast<float>(tr["y"][r].get<double>())) << r;
}

// The public reference file holds two traces (moons_relu_sgdm, sine_tanh_adam); more
// configurations are checked against the live PyTorch by tests/parity.
INSTANTIATE_TEST_SUITE_P(Shared, TorchTrace, ::testing::Range(0, 2));

TEST(TorchReference, HasTheExpectedTraces) {
  EXPECT_EQ(testing::torch_reference()["traces"].size(), 2u);
}

Config small_config() {
  Config c;
  const std::string err =
      config_from_json(R"({"data":"moons","noise":0.2,"data_seed":3,"n_train":40,"n_val":30,
    "sizes":[2,16,16,1],"activation":"relu","dropout":0.5,"loss":"bce_with_logits",
    "optimizer":{"name":"sgd","lr":0.1,"momentum":0.9},"batch":16,"epochs":5,"seed":11})",
                       &c);
  EXPECT_EQ(err, "");
  return c;
}

TEST(Trainer, StepsAndEpochsAdvanceAsTheCanonicalProgram) {
  Trainer t(small_config());
  EXPECT_EQ(t.batches_per_epoch(), 3);  // 16 + 16 + 8: the last partial batch is kept
  EXPECT_FALSE(t.step());
  EXPECT_FALSE(t.step());
  EXPECT_TRUE(t.step());
  EXPECT_EQ(t.epoch(), 1);
  EXPECT_EQ(t.steps(), 3);
  EXPECT_EQ(t.model().batch_rows(), 8);
  t.step_epoch();
  EXPECT_EQ(t.epoch(), 2);
  while (!t.done()) t.step();
  EXPECT_EQ(t.epoch(), 5);
  EXPECT_FALSE(t.step());
  EXPECT_EQ(t.steps(), 15);
}

TEST(Trainer, SameSeedSameRunDifferentSeedDifferentRun) {
  Config c = small_config();
  Trainer a(c), b(c);
  while (!a.done()) {
    a.step();
    b.step();
  }
  EXPECT_EQ(trace_json(a), trace_json(b));
  c.seed = 12;
  Trainer d(c);
  while (!d.done()) d.step();
  EXPECT_NE(a.step_losses(), d.step_losses());
}

TEST(Trainer, ChangingDropoutTakesEffectFromTheNextBatch) {
  Config c = small_config();
  Trainer a(c), b(c);
  a.step();
  b.step();
  b.set_dropout(0.0);
  a.step();
  b.step();
  EXPECT_EQ(a.step_losses()[0], b.step_losses()[0]);
  EXPECT_NE(a.step_losses()[1], b.step_losses()[1]);
  // With p = 0 the batch's masks keep everything; at p = 0.5 some are dropped.
  ASSERT_EQ(b.model().mask(0).size(), static_cast<size_t>(b.model().batch_rows()) * 16);
  for (uint8_t m : b.model().mask(0)) EXPECT_EQ(m, 1);
  EXPECT_LT(std::count(a.model().mask(0).begin(), a.model().mask(0).end(), 1),
            16 * a.model().batch_rows());
  ASSERT_EQ(b.schedule().size(), 1u);
  EXPECT_EQ(b.schedule()[0].step, 1);
  EXPECT_EQ(b.schedule()[0].dropout, 0.0);
}

TEST(Trainer, TwinBaselineIsTheSameConfigWithoutDropout) {
  Config c = small_config();
  TwinTrainer twin(c);
  Config c0 = c;
  c0.dropout = 0.0;
  Trainer alone(c0);
  while (!twin.run.done()) twin.step();
  while (!alone.done()) alone.step();
  EXPECT_EQ(twin.baseline().step_losses(), alone.step_losses());
  EXPECT_EQ(twin.baseline().init_params(), twin.run.init_params());  // same seed, same init
  EXPECT_NE(twin.baseline().step_losses(), twin.run.step_losses());
}

TEST(Trainer, DivergenceIsFlagged) {
  Config c = small_config();
  c.optimizer.lr = 100.0;
  c.optimizer.momentum = 0.99;
  c.epochs = 50;
  Trainer t(c);
  while (!t.done() && !t.diverged()) t.step();
  EXPECT_TRUE(t.diverged());
  Trainer calm(small_config());  // the control: a sane learning rate does not diverge
  while (!calm.done()) calm.step();
  EXPECT_FALSE(calm.diverged());
}

TEST(Trainer, EpochTrainLossIsTheMeanOfItsBatchLosses) {
  Trainer t(small_config());
  t.step_epoch();
  const auto& s = t.step_losses();
  EXPECT_FLOAT_EQ(t.epochs()[0].train_loss, (s[0] + s[1] + s[2]) / 3.0f);
}

// Sliced steps (the UI's frames) give exactly the bits of whole steps (the CLI), for
// every slice size: one unit of work at a time, uneven slices, and whole steps.
TEST(Trainer, SlicedStepsGiveTheSameBitsAsWholeSteps) {
  Config c = small_config();
  c.sizes = {2, 24, 16, 1};
  c.batch = 13;  // 40 rows: 13 + 13 + 13 + 1
  Trainer whole(c);
  while (!whole.done()) whole.step();
  for (double slice : {1.0, 37.0, 500.0, 1e9}) {
    Trainer sliced(c);
    long slices = 0, steps = 0;
    while (!sliced.done()) {
      double budget = slice * (1 + slices % 3);
      const long before = sliced.steps();
      const size_t epochs = sliced.epochs().size();
      const bool stepped = sliced.advance(budget);
      // A step (with its epoch-end evaluation) counts exactly when it completes.
      ASSERT_EQ(sliced.steps(), before + (stepped ? 1 : 0));
      ASSERT_TRUE(stepped || sliced.epochs().size() == epochs);
      if (stepped) ++steps;
      ++slices;
      ASSERT_LT(slices, 10000000);
    }
    EXPECT_EQ(steps, whole.steps()) << slice;
    EXPECT_EQ(trace_json(sliced), trace_json(whole)) << "slice " << slice;
    if (slice == 1.0) {
      EXPECT_GT(slices, 100 * steps);  // really cut into many pieces
    }
  }
}

// Between slices the run looks like its last completed step, and a change of p made
// while a step is under way applies from the next batch, as the schedule says.
TEST(Trainer, AChangeDuringAStepAppliesFromTheNextBatch) {
  const Config c = small_config();
  Trainer a(c), b(c);
  a.step();
  double budget = 50;
  ASSERT_FALSE(a.advance(budget));  // the second step is under way
  EXPECT_TRUE(a.step_under_way());
  EXPECT_EQ(a.steps(), 1);
  EXPECT_EQ(a.params(), [&] {
    Trainer t(c);
    t.step();
    return t.params();
  }());
  a.set_dropout(0.0);
  a.set_lr(0.05);
  ASSERT_EQ(a.schedule().size(), 1u);
  EXPECT_EQ(a.schedule()[0].step, 2);
  while (a.steps() < 3) a.step();
  b.step();
  b.step();
  b.set_dropout(0.0);
  b.set_lr(0.05);
  b.step();
  EXPECT_EQ(trace_json(a), trace_json(b));
}

TEST(Trainer, TwinAdvanceMatchesTwinStep) {
  const Config c = small_config();
  TwinTrainer whole(c), sliced(c);
  while (!whole.run.done()) whole.step();
  long steps = 0;
  while (!sliced.run.done()) {
    double budget = 211;
    if (sliced.advance(budget)) ++steps;
  }
  EXPECT_EQ(steps, whole.run.steps());
  EXPECT_EQ(trace_json(sliced.run), trace_json(whole.run));
  // Whole steps after a slice: the step under way is completed first, then whole ones.
  TwinTrainer mixed(c);
  double budget = 300;
  mixed.advance(budget);
  ASSERT_TRUE(mixed.step_under_way());
  mixed.finish_step();
  EXPECT_FALSE(mixed.step_under_way());
  EXPECT_EQ(mixed.run.steps(), 1);
  while (!mixed.run.done()) mixed.step();
  EXPECT_EQ(trace_json(mixed.run), trace_json(whole.run));
  EXPECT_EQ(mixed.baseline().step_losses(), whole.baseline().step_losses());
  EXPECT_EQ(sliced.baseline().step_losses(), whole.baseline().step_losses());
  EXPECT_EQ(sliced.baseline().epochs().size(), whole.baseline().epochs().size());
}

}  // namespace
}  // namespace dp
