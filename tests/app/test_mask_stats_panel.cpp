// The Masks panel's "What they add up to" view: the app counts the run's masks after every
// completed step (app::step's batches one by one, Step epoch's frames), not the p = 0
// twin's; the view reports its four pictures and their "(?)"s; a restart starts over.
#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "app/api.h"
#include "app/app.h"
#include "app_fixture.h"
#include "core/config.h"

namespace {

// Rows of the first `steps` batches: batches of cfg.batch rows, the last of each epoch
// shorter when n_train is not a multiple of it.
long rows_of_steps(const dp::Config& c, long steps) {
  const long per_epoch = (c.n_train + c.batch - 1) / c.batch;
  long rows = 0;
  for (long k = 0; k < steps; ++k) {
    const long b = k % per_epoch;
    rows += std::min<long>(c.batch, c.n_train - b * c.batch);
  }
  return rows;
}

class MaskStatsPanel : public AppTest {};

TEST_F(MaskStatsPanel, CountsEveryStepOfTheRunAndShowsTheViews) {
  start();
  const dp::Config c = app::config(*state);
  ASSERT_EQ(c.sizes, (std::vector<int>{2, 96, 96, 3}));  // the default: 192 dropout units
  ASSERT_EQ(c.n_train, 90);
  ASSERT_EQ(c.batch, 8);
  ASSERT_GT(c.dropout, 0.2);
  for (int i = 0; i < 3; ++i) frame();
  // 30 steps in one call: 2 epochs of 12 batches and 6 of the third, each one counted.
  ASSERT_EQ(app::step(*state, 30), "");
  const dp::MaskStats& ms = app::mask_stats(*state);
  EXPECT_EQ(ms.rows_seen(), rows_of_steps(c, 30));
  EXPECT_EQ(ms.epoch(), 2);
  EXPECT_EQ(ms.epoch_rows(), 6 * 8);
  ASSERT_EQ(ms.layers().size(), 2u);
  EXPECT_EQ(ms.total_units(), 192);
  EXPECT_EQ(ms.layers()[0].drops.size(), 6u);
  // 192 units: two rows with the same mask are all but impossible.
  EXPECT_EQ(ms.distinct(), ms.rows_seen());
  EXPECT_FALSE(ms.capped());
  // The run's masks (p), not the twin's (nothing dropped): the keep rate over all cells of
  // the epoch is 1-p within 5 standard deviations.
  for (const dp::MaskStats::Layer& L : ms.layers()) {
    long kept = 0;
    for (long k : L.kept) kept += k;
    const double n = static_cast<double>(ms.epoch_rows()) * L.units;
    const double q = 1 - c.dropout;
    EXPECT_NEAR(kept / n, q, 5 * std::sqrt(q * (1 - q) / n));
  }

  // Step epoch: the frames' training slices finish the epoch, a step at a time.
  click("run.epoch");
  for (int i = 0; i < 60 && app::busy(*state); ++i) frame();
  EXPECT_EQ(app::snapshot(*state).step, 36);
  EXPECT_EQ(ms.rows_seen(), rows_of_steps(c, 36));
  EXPECT_EQ(ms.epoch(), 2);
  EXPECT_EQ(ms.epoch_rows(), c.n_train);  // the whole epoch
  EXPECT_EQ(ms.history_size(), 36);

  // The view: its four pictures and their help.
  EXPECT_TRUE(has("masks.view.stats"));
  EXPECT_FALSE(has("masks.keep_rate"));
  click("masks.view.stats");
  frame();
  for (const char* id : {"masks.keep_rate", "masks.dropped_hist", "masks.thinned", "masks.history",
                         "masks.keep_rate.help", "masks.dropped_hist.help", "masks.thinned.help",
                         "masks.history.help", "masks.stats.layer", "masks.history.unit"})
    EXPECT_TRUE(has(id)) << id;
  EXPECT_FALSE(has("masks.layer.1"));  // the batch's grids are the other view
  // The help says what the band is.
  app::WidgetRect r;
  ASSERT_TRUE(app::widget_rect(*state, "masks.keep_rate.help", &r));
  frame(1280, 800, r.x + r.w / 2, r.y + r.h / 2);
  frame(1280, 800, r.x + r.w / 2, r.y + r.h / 2);
  EXPECT_TRUE(has("masks.keep_rate.help.tooltip"));
  // The histogram counts the epoch's full batches: 11 of 8 rows (90 = 11 x 8 + 2).
  const dp::MaskStats::Histogram h = ms.dropped_histogram(0, 40);
  long batches = 0;
  for (long k : h.observed) batches += k;
  EXPECT_EQ(batches, 11);
  EXPECT_EQ(h.cells, 8 * 96);
  double expected = 0;
  for (double e : h.expected) expected += e;
  EXPECT_NEAR(expected, 11, 0.01);  // the binomial's mass, nearly all inside the range

  // A restart starts the counts over.
  app::restart(*state);
  frame();
  frame();  // the widgets are the last frame's
  EXPECT_EQ(ms.rows_seen(), 0);
  EXPECT_EQ(ms.distinct(), 0);
  EXPECT_FALSE(has("masks.keep_rate"));  // nothing counted yet: a line saying so
  ASSERT_EQ(app::step(*state, 1), "");
  EXPECT_EQ(ms.rows_seen(), 8);
}

TEST_F(MaskStatsPanel, FewUnitsRepeatTheirThinnedNetworks) {
  start();
  dp::Config c = app::config(*state);
  c.sizes = {2, 3, 3};  // one dropout layer of 3 units: 8 thinned networks at most
  c.loss = "cross_entropy";
  ASSERT_EQ(app::set_config(*state, c), "");
  ASSERT_EQ(app::step(*state, 24), "");
  for (int i = 0; i < 3; ++i) frame();
  const dp::MaskStats& ms = app::mask_stats(*state);
  EXPECT_EQ(ms.rows_seen(), 2 * c.n_train);
  // All 8: 180 rows at p = 0.5 miss a given mask with odds 0.875^180, about 4e-11.
  EXPECT_EQ(ms.distinct(), 8);
  click("masks.view.stats");
  frame();
  EXPECT_TRUE(has("masks.thinned"));
  EXPECT_FALSE(has("masks.stats.layer"));  // one layer: nothing to choose
}

}  // namespace
