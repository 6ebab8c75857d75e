// The p-sweep's runs (core/sweep.h): points in order, each run the Trainer's run of its
// config, its JSON read back unchanged, bad lists refused with a message naming them.
#include <gtest/gtest.h>

#include <cmath>

#include "core/config.h"
#include "core/sweep.h"
#include "core/trace.h"
#include "core/trainer.h"
#include "test_util.h"

namespace dp {
namespace {

Config sweep_base(const char* loss = "bce_with_logits") {
  Config c;
  const std::string sizes = std::string(loss) == "cross_entropy" ? "[2,12,12,2]" : "[2,12,12,1]";
  const std::string err = config_from_json(
      std::string(R"({"data":"moons","noise":0.2,"data_seed":3,"n_train":40,"n_val":30,"sizes":)") +
          sizes + R"(,"activation":"relu","dropout":0.5,"loss":")" + loss +
          R"(","optimizer":{"name":"sgd","lr":0.1,"momentum":0.9},"batch":16,"epochs":4,"seed":11})",
      &c);
  EXPECT_EQ(err, "");
  return c;
}

TEST(Sweep, PointsArePOuterSeedsInner) {
  const Config c = sweep_base();
  const auto pts = sweep_points(c, {0.3, 0.0, 1.0}, 2);
  ASSERT_EQ(pts.size(), 6u);
  const double ps[] = {0.3, 0.3, 0.0, 0.0, 1.0, 1.0};
  const int64_t seeds[] = {11, 12, 11, 12, 11, 12};
  for (size_t i = 0; i < pts.size(); ++i) {
    EXPECT_EQ(pts[i].dropout, ps[i]) << i;
    EXPECT_EQ(pts[i].seed, seeds[i]) << i;
  }
}

TEST(Sweep, ConfigChangesOnlyPAndSeed) {
  const Config c = sweep_base();
  const Config s = sweep_config(c, {0.25, 99});
  EXPECT_EQ(s.dropout, 0.25);
  EXPECT_EQ(s.seed, 99);
  Config back = s;
  back.dropout = c.dropout;
  back.seed = c.seed;
  EXPECT_EQ(config_to_json(back), config_to_json(c));
}

// Each run is exactly what a Trainer does with the same config, bit for bit.
TEST(Sweep, ARunEqualsATrainerRunOfTheSameConfig) {
  for (const char* loss : {"bce_with_logits", "cross_entropy", "mse"}) {
    const Config c = sweep_base(loss);
    for (SweepPoint pt : {SweepPoint{0.0, 11}, SweepPoint{0.4, 12}, SweepPoint{1.0, 11}}) {
      SweepRun r;
      ASSERT_TRUE(run_sweep_point(c, pt, &r));
      Config tc = c;
      tc.dropout = pt.dropout;
      tc.seed = pt.seed;
      Trainer t(tc);
      while (!t.done()) t.step();
      ASSERT_EQ(r.epochs.size(), t.epochs().size());
      for (size_t e = 0; e < r.epochs.size(); ++e) {
        const EpochStats &a = r.epochs[e], &b = t.epochs()[e];
        EXPECT_EQ(a.epoch, b.epoch);
        EXPECT_EQ(testing::float_bits(a.train_loss), testing::float_bits(b.train_loss));
        EXPECT_EQ(testing::float_bits(a.train_loss_eval), testing::float_bits(b.train_loss_eval));
        EXPECT_EQ(testing::float_bits(a.val_loss), testing::float_bits(b.val_loss));
        EXPECT_EQ(testing::float_bits(a.train_acc), testing::float_bits(b.train_acc));
        EXPECT_EQ(testing::float_bits(a.val_acc), testing::float_bits(b.val_acc));
      }
      EXPECT_EQ(r.point.dropout, pt.dropout);
      EXPECT_EQ(r.point.seed, pt.seed);
      EXPECT_EQ(r.diverged, t.diverged());
      // Best and final, found here by a plain scan of the Trainer's epochs.
      int best = 1;
      for (size_t e = 1; e < t.epochs().size(); ++e)
        if (t.epochs()[e].val_loss < t.epochs()[best - 1].val_loss) best = static_cast<int>(e) + 1;
      EXPECT_EQ(r.best_epoch, best);
      EXPECT_EQ(r.best_val_loss, t.epochs()[best - 1].val_loss);
      EXPECT_EQ(r.final_val_loss, t.epochs().back().val_loss);
    }
  }
}

TEST(Sweep, DifferentPGivesDifferentLossesSameInit) {
  const Config c = sweep_base();
  SweepRun a, b;
  ASSERT_TRUE(run_sweep_point(c, {0.0, 11}, &a));
  ASSERT_TRUE(run_sweep_point(c, {0.5, 11}, &b));
  EXPECT_NE(a.epochs[0].train_loss, b.epochs[0].train_loss);
}

TEST(Sweep, CancelledRunLeavesTheResultAlone) {
  const Config c = sweep_base();
  SweepRun r;
  r.best_epoch = 77;
  int asked = 0;
  EXPECT_FALSE(run_sweep_point(c, {0.5, 11}, &r, [&] { return ++asked > 3; }));
  EXPECT_EQ(asked, 4);
  EXPECT_EQ(r.best_epoch, 77);
  EXPECT_TRUE(r.epochs.empty());
}

TEST(Sweep, JsonRoundTripKeepsEveryNumber) {
  for (const char* loss : {"cross_entropy", "mse"}) {
    const Config c = sweep_base(loss);
    SweepRun r;
    ASSERT_TRUE(run_sweep_point(c, {0.3, 12}, &r));
    const std::string text = sweep_run_json(c, r).dump();
    SweepRun back;
    ASSERT_EQ(sweep_run_from_json(text, &back), "");
    EXPECT_EQ(back.point.dropout, 0.3);
    EXPECT_EQ(back.point.seed, 12);
    ASSERT_EQ(back.epochs.size(), r.epochs.size());
    for (size_t e = 0; e < r.epochs.size(); ++e) {
      EXPECT_EQ(back.epochs[e].epoch, r.epochs[e].epoch);
      EXPECT_EQ(testing::float_bits(back.epochs[e].train_loss),
                testing::float_bits(r.epochs[e].train_loss));
      EXPECT_EQ(testing::float_bits(back.epochs[e].train_loss_eval),
                testing::float_bits(r.epochs[e].train_loss_eval));
      EXPECT_EQ(testing::float_bits(back.epochs[e].val_loss),
                testing::float_bits(r.epochs[e].val_loss));
      if (std::string(loss) == "cross_entropy") {
        EXPECT_EQ(back.epochs[e].val_acc, r.epochs[e].val_acc);
        EXPECT_EQ(back.epochs[e].train_acc, r.epochs[e].train_acc);
      } else {
        EXPECT_TRUE(std::isnan(back.epochs[e].val_acc));
      }
    }
    EXPECT_EQ(back.best_epoch, r.best_epoch);
    EXPECT_EQ(back.best_val_loss, r.best_val_loss);
    EXPECT_EQ(back.final_val_loss, r.final_val_loss);
    EXPECT_FALSE(back.diverged);
    EXPECT_EQ(sweep_run_json(c, back).dump(), text);  // the same bytes again
  }
}

TEST(Sweep, JsonOfTheSweepIsRunsInOrder) {
  const Config c = sweep_base();
  std::vector<SweepRun> runs(2);
  ASSERT_TRUE(run_sweep_point(c, {0.0, 11}, &runs[0]));
  ASSERT_TRUE(run_sweep_point(c, {1.0, 11}, &runs[1]));
  const auto j = nlohmann::ordered_json::parse(sweep_json(c, runs));
  ASSERT_EQ(j.size(), 1u);
  ASSERT_EQ(j["runs"].size(), 2u);
  EXPECT_EQ(j["runs"][0]["dropout"], 0.0);
  EXPECT_EQ(j["runs"][1]["dropout"], 1.0);
  EXPECT_EQ(j["runs"][1]["epochs"].size(), 4u);
  EXPECT_EQ(j["runs"][1]["epochs"][0].dump(), epoch_json(runs[1].epochs[0], true).dump());
}

// A diverged run's nulls read back as a diverged run (a worker's answer).
TEST(Sweep, DivergedRunReadsBackDiverged) {
  Config c = sweep_base();  // the Trainer test's diverging config: valid, and it blows up
  c.sizes = {2, 16, 16, 1};
  c.optimizer.lr = 100.0;
  c.optimizer.momentum = 0.99;
  c.epochs = 50;
  ASSERT_EQ(validate(c), "");
  SweepRun r;
  ASSERT_TRUE(run_sweep_point(c, {0.5, 11}, &r));
  ASSERT_TRUE(r.diverged);
  SweepRun back;
  ASSERT_EQ(sweep_run_from_json(sweep_run_json(c, r).dump(), &back), "");
  EXPECT_TRUE(back.diverged);
  // Only the eval loss on the training set non-finite: still diverged.
  const std::string one =
      R"({"dropout":0.5,"seed":1,"epochs":[{"epoch":1,"train_loss":0.5,"train_loss_eval":null,"val_loss":0.5}]})";
  ASSERT_EQ(sweep_run_from_json(one, &back), "");
  EXPECT_TRUE(back.diverged);
  EXPECT_EQ(back.best_epoch, 1);
}

TEST(Sweep, BadRunJsonIsRefused) {
  SweepRun r;
  r.best_epoch = 5;
  EXPECT_EQ(sweep_run_from_json("[1]", &r), "a sweep run is not a JSON object");
  EXPECT_EQ(sweep_run_from_json("{\"dropout\": 0.1", &r), "a sweep run is not a JSON object");
  EXPECT_EQ(sweep_run_from_json(R"({"dropout":0.1,"seed":1})", &r),
            "a sweep run needs dropout, seed and epochs");
  EXPECT_EQ(sweep_run_from_json(R"({"dropout":0.1,"seed":1.5,"epochs":[]})", &r),
            "a sweep run needs dropout, seed and epochs");
  EXPECT_EQ(sweep_run_from_json(R"({"dropout":0.1,"seed":1,"epochs":[{"val_loss":1}]})", &r),
            "a sweep run's epoch record needs an epoch number");
  EXPECT_EQ(r.best_epoch, 5);  // untouched
}

TEST(Sweep, ValidationNamesWhatIsWrong) {
  const Config c = sweep_base();
  EXPECT_EQ(validate_sweep(c, {0.0, 0.5, 1.0}, 1), "");
  EXPECT_EQ(validate_sweep(c, {0.0}, 5), "");
  EXPECT_EQ(validate_sweep(c, {}, 1), "the sweep's p list is empty");
  EXPECT_EQ(validate_sweep(c, {0.1, 1.5}, 1), "p[1] of the sweep must be between 0 and 1");
  EXPECT_EQ(validate_sweep(c, {-0.1}, 1), "p[0] of the sweep must be between 0 and 1");
  EXPECT_EQ(validate_sweep(c, {NAN}, 1), "p[0] of the sweep must be between 0 and 1");
  EXPECT_EQ(validate_sweep(c, {0.5}, 0), "seeds per p must be between 1 and 5, got 0");
  EXPECT_EQ(validate_sweep(c, {0.5}, 6), "seeds per p must be between 1 and 5, got 6");
  EXPECT_EQ(validate_sweep(c, std::vector<double>(102, 0.5), 1),
            "the sweep's p list has 102 values; at most 101");
  EXPECT_EQ(validate_sweep(c, std::vector<double>(101, 0.5), 1), "");
  Config big = c;
  big.seed = 9007199254740992;  // 2^53: one seed fits, two do not
  EXPECT_EQ(validate_sweep(big, {0.5}, 1), "");
  EXPECT_EQ(validate_sweep(big, {0.5}, 2), "seed + seeds - 1 must be at most 2^53");
  Config bad = c;
  bad.epochs = 0;
  EXPECT_NE(validate_sweep(bad, {0.5}, 1).find("epochs"), std::string::npos);
}

}  // namespace
}  // namespace dp
