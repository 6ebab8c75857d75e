// The Network panel through what it reports (app::widget_rects): which units it draws of
// a wide layer, and that the ones it shows dropped are the zeros of the current batch's
// mask for the selected sample, as app::snapshot gives the mask (the trainer's own, not
// the panel's drawing code).
#include <gtest/gtest.h>

#include <cstdio>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "app/api.h"
#include "app/app.h"
#include "app_fixture.h"
#include "core/config.h"

namespace {

class NetworkTest : public AppTest {
 protected:
  // Starts paused with the given layer widths, takes `steps` steps, draws a few frames.
  void start_sizes(const char* sizes_json, long steps, float w, float h) {
    start();
    dp::Config c = app::config(*state);
    ASSERT_EQ(dp::config_apply_json(sizes_json, &c), "");
    ASSERT_EQ(app::set_config(*state, c), "");
    ASSERT_EQ(app::step(*state, steps), "");
    width = w;
    height = h;
    for (int i = 0; i < 3; ++i) frame(width, height);
  }

  // The unit numbers (from 1) reported under prefix + "L." for layer L.
  std::set<int> reported(const std::string& prefix, int layer) {
    std::set<int> units;
    const std::string p = prefix + std::to_string(layer) + ".";
    for (const app::WidgetRect& r : app::widget_rects(*state))
      if (r.id.rfind(p, 0) == 0) units.insert(std::stoi(r.id.substr(p.size())));
    return units;
  }

  // Units (from 1) among `drawn` whose mask for `row` of dropout layer `layer` (from 1)
  // is 0, in the snapshot of the last completed batch.
  std::set<int> zeros_of_mask(int layer, int row, const std::set<int>& drawn) {
    const app::Snapshot snap = app::snapshot(*state);
    std::set<int> zeros;
    const app::MaskSnapshot& m = snap.masks.at(static_cast<size_t>(layer - 1));
    EXPECT_LT(row, m.rows);
    for (int u : drawn)
      if (m.kept.at(static_cast<size_t>(row) * m.cols + (u - 1)) == 0) zeros.insert(u);
    return zeros;
  }

  float width = 1280, height = 800;
};

std::set<int> one_to(int n) {
  std::set<int> s;
  for (int i = 1; i <= n; ++i) s.insert(i);
  return s;
}

TEST_F(NetworkTest, AWideLayerShowsItsFirstSixteenUnitsWithTheDroppedOnesOfTheSample) {
  // Tall: room for more than 16 units a column, so the cap is what limits them.
  start_sizes(R"({"sizes": [2, 96, 96, 3]})", 5, 1280, 1800);
  EXPECT_EQ(reported("network.unit.", 0), one_to(2));  // the inputs and outputs as they are
  EXPECT_EQ(reported("network.unit.", 3), one_to(3));
  for (int layer = 1; layer <= 2; ++layer) {
    EXPECT_TRUE(has("network.layer." + std::to_string(layer)));
    const std::set<int> drawn = reported("network.unit.", layer);
    EXPECT_EQ(drawn, one_to(16)) << "layer " << layer;  // the first 16 of 96
    const std::set<int> off = reported("network.dropped.", layer);
    EXPECT_EQ(off, zeros_of_mask(layer, 0, drawn)) << "layer " << layer;
    // p = 0.5 over 16 units: some of each (seed 1 gives both; a mask all 0 or all 1
    // would make the comparison above say little).
    EXPECT_FALSE(off.empty());
    EXPECT_LT(off.size(), drawn.size());
  }
}

TEST_F(NetworkTest, TheSampleSliderSelectsWhichRowOfTheMaskIsShown) {
  start_sizes(R"({"sizes": [2, 96, 96, 3]})", 5, 1280, 1800);
  const int rows = app::snapshot(*state).masks.at(0).rows;
  ASSERT_GT(rows, 1);
  const std::set<int> drawn = reported("network.unit.", 1);
  ASSERT_FALSE(drawn.empty());
  const std::set<int> first = reported("network.dropped.", 1);
  // A press at the slider's right end selects the last sample of the batch.
  app::WidgetRect r;
  ASSERT_TRUE(app::widget_rect(*state, "network.sample", &r));
  const float x = r.x + r.w - 2, y = r.y + r.h / 2;
  frame(width, height, x, y, false);
  frame(width, height, x, y, true);
  frame(width, height, x, y, false);
  frame(width, height);
  for (int layer = 1; layer <= 2; ++layer)
    EXPECT_EQ(reported("network.dropped.", layer), zeros_of_mask(layer, rows - 1, drawn))
        << "layer " << layer;
  // The last sample's mask differs from the first's on the drawn units (for this seed),
  // so the comparison above tells the rows apart.
  EXPECT_NE(zeros_of_mask(1, rows - 1, drawn), first);
}

TEST_F(NetworkTest, AShortPanelDrawsFewerUnitsButNoneSmallerThanEightPixels) {
  for (const auto& [w, h] : std::vector<std::pair<float, float>>{{1280, 800}, {800, 600}}) {
    start_sizes(R"({"sizes": [2, 96, 96, 3]})", 3, w, h);
    if (!has("network.layer.1")) click("tab.network", w, h);  // a tab of the bottom row
    for (int layer = 1; layer <= 2; ++layer) {
      const std::set<int> drawn = reported("network.unit.", layer);
      EXPECT_GE(drawn.size(), 3u) << w << "x" << h;
      EXPECT_LE(drawn.size(), 16u) << w << "x" << h;
      EXPECT_EQ(drawn, one_to(static_cast<int>(drawn.size())));  // the first ones, in order
      char id[48];
      for (int u : drawn) {
        std::snprintf(id, sizeof id, "network.unit.%d.%d", layer, u);
        app::WidgetRect r;
        ASSERT_TRUE(app::widget_rect(*state, id, &r));
        EXPECT_GE(r.w, 8.0f) << id;
        EXPECT_GE(r.h, 8.0f) << id;
      }
      EXPECT_EQ(reported("network.dropped.", layer), zeros_of_mask(layer, 0, drawn));
    }
    app::destroy(state);
    state = nullptr;
  }
}

TEST_F(NetworkTest, ANarrowLayerIsDrawnWhole) {
  start_sizes(R"({"sizes": [2, 8, 12, 3]})", 2, 1280, 800);
  EXPECT_EQ(reported("network.unit.", 1), one_to(8));
  EXPECT_EQ(reported("network.unit.", 2), one_to(12));
  EXPECT_EQ(reported("network.dropped.", 1), zeros_of_mask(1, 0, one_to(8)));
  EXPECT_EQ(reported("network.dropped.", 2), zeros_of_mask(2, 0, one_to(12)));
}

TEST_F(NetworkTest, BeforeTheFirstStepNoUnitIsDropped) {
  start();
  for (int i = 0; i < 3; ++i) frame(1280, 1800);
  EXPECT_EQ(reported("network.unit.", 1), one_to(16));
  EXPECT_TRUE(reported("network.dropped.", 1).empty());
  EXPECT_FALSE(has("network.sample"));
}

}  // namespace
