// The Sweep panel: its button hands the points to the Host's workers and collects their
// answers; the runs it shows are the core's standalone runs (the ones `playground-cli
// sweep` prints), whether workers or the frames ran them; progress, Cancel, the CSV, a
// click on the plot that sets p, the best p's mark, a bad p list.
#include <cmath>
#include <sstream>
#include <string>
#include <vector>

#include "app_fixture.h"
#include "core/sweep.h"
#include "core/trainer.h"

namespace {

class SweepTest : public AppTest {
 protected:
  void start_small(bool workers = true, int epochs = 4) {
    start();
    machine->sweep_workers = workers;
    dp::Config next = app::config(*state);
    ASSERT_EQ(dp::config_apply_json("{\"epochs\":" + std::to_string(epochs) + "}", &next), "");
    ASSERT_EQ(app::set_config(*state, next), "");
    for (int i = 0; i < 3; ++i) frame();
    click("tab.sweep");
    frame();
    frame();
  }
  app::Status sweep_until_done(int max_frames = 2000) {
    app::Status st = app::status(*state);
    for (int i = 0; i < max_frames && st.sweep_running; ++i) {
      frame();
      st = app::status(*state);
    }
    return st;
  }
  // The runs of the results JSON, by their own text.
  std::vector<std::string> run_texts() {
    const nlohmann::ordered_json j = nlohmann::ordered_json::parse(app::sweep_results(*state));
    std::vector<std::string> out;
    for (const auto& r : j["runs"]) out.push_back(r.dump());
    return out;
  }
};

// The reference: the point's run by a Trainer of its own, epoch by epoch.
std::vector<dp::EpochStats> trained(const dp::Config& base, double p, int64_t seed) {
  dp::Config c = base;
  c.dropout = p;
  c.seed = seed;
  dp::Trainer t(c);
  while (!t.done()) t.step();
  return t.epochs();
}

TEST_F(SweepTest, ThePanelIsATabBesidePyTorchWithItsWidgets) {
  start_small();
  for (const char* id : {"sweep.p", "sweep.seeds", "sweep.run", "sweep.cancel", "sweep.csv",
                         "sweep.progress", "sweep.plot", "sweep.help"})
    EXPECT_TRUE(has(id)) << id;
  EXPECT_TRUE(has("tab.pytorch"));
  EXPECT_FALSE(has("sweep.best"));  // no runs yet
}

TEST_F(SweepTest, TheButtonSweepsTheDefaultListWithThreeSeedsOnTheWorkers) {
  start_small();
  const dp::Config base = app::config(*state);
  click("sweep.run");
  ASSERT_EQ(machine->sweep_starts, 1);
  ASSERT_EQ(machine->sweep_jobs.size() + app::status(*state).sweep_done, 30u);
  // The config handed over is the config in force.
  dp::Config sent;
  ASSERT_EQ(dp::config_from_json(machine->sweep_config, &sent), "");
  EXPECT_EQ(dp::config_to_json(sent), dp::config_to_json(base));
  const app::Status st = sweep_until_done();
  EXPECT_FALSE(st.sweep_running);
  EXPECT_EQ(st.sweep_done, 30);
  EXPECT_EQ(st.sweep_total, 30);
  const nlohmann::ordered_json j = nlohmann::ordered_json::parse(app::sweep_results(*state));
  ASSERT_EQ(j["runs"].size(), 30u);
  const double ps[] = {0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9};
  for (int i = 0; i < 30; ++i) {
    const auto& r = j["runs"][i];
    EXPECT_EQ(r["dropout"].get<double>(), ps[i / 3]) << i;
    EXPECT_EQ(r["seed"].get<int64_t>(), base.seed + i % 3) << i;
  }
  // Two runs checked against their own Trainers, epoch by epoch, bit for bit.
  for (int i : {0, 17}) {
    const std::vector<dp::EpochStats> ref = trained(base, ps[i / 3], base.seed + i % 3);
    const auto& eps = j["runs"][i]["epochs"];
    ASSERT_EQ(eps.size(), ref.size());
    for (size_t e = 0; e < ref.size(); ++e) {
      EXPECT_EQ(static_cast<float>(eps[e]["val_loss"].get<double>()), ref[e].val_loss) << i << " " << e;
      EXPECT_EQ(static_cast<float>(eps[e]["train_loss"].get<double>()), ref[e].train_loss) << i << " " << e;
    }
  }
}

TEST_F(SweepTest, ProgressCountsTheAnswersAsTheyArrive) {
  start_small();
  machine->sweep_per_poll = 1;
  click("sweep.run");  // the release's frame starts it: each frame after polls one answer
  EXPECT_EQ(app::status(*state).sweep_done, 0);
  EXPECT_EQ(app::status(*state).sweep_total, 30);
  frame();
  EXPECT_EQ(app::status(*state).sweep_done, 1);
  frame();
  EXPECT_EQ(app::status(*state).sweep_done, 2);
  EXPECT_TRUE(app::status(*state).sweep_running);
  EXPECT_TRUE(app::busy(*state));  // frames keep coming while it runs
}

TEST_F(SweepTest, CancelStopsTheWorkersAndKeepsTheRunsDone) {
  start_small();
  machine->sweep_per_poll = 1;
  click("sweep.run");
  click("sweep.cancel");
  EXPECT_EQ(machine->sweep_cancels, 1);
  const app::Status st = app::status(*state);
  EXPECT_FALSE(st.sweep_running);
  EXPECT_LT(st.sweep_done, 30);
  EXPECT_GT(st.sweep_done, 0);
  for (int i = 0; i < 5; ++i) frame();
  EXPECT_EQ(app::status(*state).sweep_done, st.sweep_done);  // nothing arrives after
  EXPECT_EQ(run_texts().size(), static_cast<size_t>(st.sweep_done));
}

TEST_F(SweepTest, WithoutWorkersTheFramesRunTheSameRuns) {
  start_small(true, 40);  // long enough runs to take several frames
  ASSERT_EQ(app::sweep(*state, {0, 0.5}, 2), "");
  sweep_until_done();
  const std::vector<std::string> on_workers = run_texts();
  ASSERT_EQ(on_workers.size(), 4u);

  machine->sweep_workers = false;
  ASSERT_EQ(app::sweep(*state, {0, 0.5}, 2), "");
  frame();
  EXPECT_TRUE(app::status(*state).sweep_running);
  const app::Status st = sweep_until_done();
  EXPECT_EQ(st.sweep_done, 4);
  EXPECT_EQ(run_texts(), on_workers);  // the same text, bit for bit
}

TEST_F(SweepTest, TheCsvHasOneLinePerRun) {
  start_small();
  ASSERT_EQ(app::sweep(*state, {0.2, 0.6}, 1), "");
  sweep_until_done();
  frame();
  click("sweep.csv");
  ASSERT_EQ(machine->saved.size(), 1u);
  EXPECT_EQ(machine->saved[0].first, "dropout-playground-sweep.csv");
  std::istringstream in(machine->saved[0].second);
  std::string header, l1, l2, extra;
  std::getline(in, header);
  std::getline(in, l1);
  std::getline(in, l2);
  EXPECT_FALSE(std::getline(in, extra));
  EXPECT_EQ(header.rfind("dropout,seed,best_epoch,best_val_loss,final_val_loss", 0), 0u) << header;
  const dp::Config base = app::config(*state);
  const std::vector<dp::EpochStats> ref = trained(base, 0.6, base.seed);
  char want[64];
  std::snprintf(want, sizeof want, ",%.9g,", static_cast<double>(ref.back().val_loss));
  EXPECT_EQ(l2.rfind("0.6," + std::to_string(base.seed) + ",", 0), 0u) << l2;
  EXPECT_NE(l2.find(want), std::string::npos) << l2 << " wants " << want;
}

TEST_F(SweepTest, TheBestPIsMarkedWhereTheMeanFinalValLossIsLowest) {
  start_small(true, 6);
  ASSERT_EQ(app::sweep(*state, {0, 0.3, 0.6, 0.9}, 2), "");
  sweep_until_done();
  frame();
  const dp::Config base = app::config(*state);
  const double ps[] = {0, 0.3, 0.6, 0.9};
  int best = -1;
  double best_v = 0;
  for (int i = 0; i < 4; ++i) {
    const double v = (trained(base, ps[i], base.seed).back().val_loss +
                      static_cast<double>(trained(base, ps[i], base.seed + 1).back().val_loss)) / 2;
    if (best < 0 || v < best_v) best = i, best_v = v;
  }
  app::WidgetRect plot, mark, cur;
  ASSERT_TRUE(app::widget_rect(*state, "sweep.plot", &plot));
  ASSERT_TRUE(app::widget_rect(*state, "sweep.best", &mark));
  ASSERT_TRUE(app::widget_rect(*state, "sweep.current", &cur));
  // p runs from 0 - pad to 0.9 + pad over the plot's width: the mark is over its p.
  const double pad = std::max(0.02, 0.9 * 0.04);
  const double x = plot.x + (ps[best] + pad) / (0.9 + 2 * pad) * plot.w;
  EXPECT_NEAR(mark.x + mark.w / 2, x, 2.0) << "best p " << ps[best];
  const double xc = plot.x + (base.dropout + pad) / (0.9 + 2 * pad) * plot.w;
  EXPECT_NEAR(cur.x + cur.w / 2, xc, 2.0);
}

TEST_F(SweepTest, AClickOnThePlotSetsPAndRestarts) {
  start_small();
  ASSERT_EQ(app::sweep(*state, {0, 0.3, 0.6}, 1), "");
  sweep_until_done();
  ASSERT_EQ(app::step(*state, 20), "");
  frame();
  app::WidgetRect plot;
  ASSERT_TRUE(app::widget_rect(*state, "sweep.plot", &plot));
  const double pad = std::max(0.02, 0.6 * 0.04);
  const float x = static_cast<float>(plot.x + (0.3 + pad) / (0.6 + 2 * pad) * plot.w);
  const float y = plot.y + plot.h / 2;
  frame(1280, 800, x, y, false);
  frame(1280, 800, x, y, true);
  frame(1280, 800, x, y, false);
  EXPECT_EQ(app::config(*state).dropout, 0.3);
  EXPECT_EQ(app::position(*state).step, 0);  // restarted
}

TEST_F(SweepTest, ATypedPListIsSwept) {
  start_small();
  type_into("sweep.p", "0.25, 0.75");
  click("sweep.run");
  ASSERT_EQ(machine->sweep_starts, 1);
  const app::Status st = sweep_until_done();
  EXPECT_EQ(st.sweep_total, 6);  // two p, three seeds
  const nlohmann::ordered_json j = nlohmann::ordered_json::parse(app::sweep_results(*state));
  EXPECT_EQ(j["runs"][0]["dropout"].get<double>(), 0.25);
  EXPECT_EQ(j["runs"][5]["dropout"].get<double>(), 0.75);
}

TEST_F(SweepTest, ABadPListIsANoticeAndNothingStarts) {
  start_small();
  type_into("sweep.p", "0, 0.2, abc");
  click("sweep.run");
  EXPECT_EQ(machine->sweep_starts, 0);
  frame();
  const app::Snapshot snap = app::snapshot(*state);
  ASSERT_FALSE(snap.notices.empty());
  EXPECT_NE(snap.notices.back().find("abc"), std::string::npos) << snap.notices.back();
  EXPECT_NE(app::sweep(*state, {0, 1.5}, 1), "");
  EXPECT_NE(app::sweep(*state, {0.5}, 6), "");
  EXPECT_EQ(machine->sweep_starts, 0);
}

}  // namespace
