// The Curves as a student reads them: each run's best epoch marked where the run's own
// numbers say it is, a legend with room for the plain names, a readout under the mouse
// and, on a touch screen, under a held finger; a chart that does not jump when the lines
// above and below it fill in.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "app/api.h"
#include "app/app.h"
#include "app_fixture.h"
#include "imgui.h"

namespace {

// The epoch (1-based) of the lowest (or highest) finite value, found here from the
// snapshot's numbers.
int best_epoch(const std::vector<dp::EpochStats>& curve, bool accuracy) {
  int best = -1;
  float v = 0;
  for (const dp::EpochStats& e : curve) {
    const float x = accuracy ? e.val_acc : e.val_loss;
    if (!std::isfinite(x)) continue;
    if (best < 0 || (accuracy ? x > v : x < v)) {
      best = e.epoch;
      v = x;
    }
  }
  return best;
}

float centre_x(const app::WidgetRect& r) { return r.x + r.w / 2; }

class CurvesTest : public AppTest {
 protected:
  // The default config (the spiral, p = 0.5), trained `epochs` epochs before the first frame.
  void start_trained(int epochs, bool touch = false) {
    machine = std::make_unique<FakeMachine>(false);
    if (touch) machine->host.touch_input = [] { return true; };  // a finger is the pointer
    app::LaunchOptions o;
    o.paused = true;
    o.train_epochs = epochs;
    std::string err;
    state = app::create(machine->host, o, &err);
    ASSERT_NE(state, nullptr) << err;
  }
  app::WidgetRect rect(const std::string& id) {
    app::WidgetRect r;
    EXPECT_TRUE(app::widget_rect(*state, id, &r)) << id;
    return r;
  }
  // Where epoch e is on the x axis of the chart (0 to config.epochs across "curves.plot").
  float x_of(double epoch) {
    const app::WidgetRect plot = rect("curves.plot");
    return plot.x + static_cast<float>(epoch / app::config(*state).epochs) * plot.w;
  }
  // The readout's epoch is the one nearest the pointer, which Dear ImGui puts on whole
  // pixels: within an epoch (or a pixel) of where the pointer was put.
  float pointer_tolerance() { return std::max(1.0f, x_of(1) - x_of(0)) + 0.01f; }
  // The text the last frame drew in the windows whose names start with `window` (the
  // Curves panel: "Curves"; the readout: "##Tooltip"), read back from the font atlas
  // coordinates of its glyphs, in the order drawn. Spaces draw nothing, so they are not in
  // it; a glyph clipped at a window's edge does not read back either.
  static std::string drawn_text(const std::string& window) {
    const ImFont* font = ImGui::GetIO().Fonts->Fonts[0];
    std::map<std::pair<float, float>, const ImFontGlyph*> by_uv;
    for (const ImFontGlyph& g : font->Glyphs)
      if (g.Visible) by_uv[{g.U0, g.V0}] = &g;
    std::string text;
    const ImDrawData* dd = ImGui::GetDrawData();
    for (int l = 0; dd && l < dd->CmdListsCount; ++l) {
      const ImDrawList* dl = dd->CmdLists[l];
      if (!dl->_OwnerName || std::string(dl->_OwnerName).rfind(window, 0) != 0) continue;
      const ImVector<ImDrawVert>& v = dl->VtxBuffer;
      for (int i = 0; i + 3 < v.Size;) {
        auto it = by_uv.find({v[i].uv.x, v[i].uv.y});
        if (it != by_uv.end() && v[i + 2].uv.x == it->second->U1 &&
            v[i + 2].uv.y == it->second->V1) {
          text += static_cast<char>(it->second->Codepoint);
          i += 4;
        } else {
          ++i;
        }
      }
    }
    return text;
  }
  static std::string no_spaces(std::string t) {
    t.erase(std::remove(t.begin(), t.end(), ' '), t.end());
    return t;
  }
  static bool shows(const std::string& drawn, const std::string& words) {
    return drawn.find(no_spaces(words)) != std::string::npos;
  }
  // Both runs' best epochs marked at those epochs, the run's and the twin's in their order.
  void expect_best_markers(bool accuracy) {
    const app::Snapshot snap = app::snapshot(*state);
    const int run = best_epoch(snap.curves, accuracy), twin = best_epoch(snap.baseline, accuracy);
    ASSERT_GT(run, 0);
    ASSERT_GT(twin, 0);
    ASSERT_NE(run, twin) << "the config should give the two runs different best epochs";
    ASSERT_TRUE(has("curves.best.run"));
    ASSERT_TRUE(has("curves.best.twin"));
    const float xr = centre_x(rect("curves.best.run")), xt = centre_x(rect("curves.best.twin"));
    EXPECT_EQ(run < twin, xr < xt);
    EXPECT_NEAR(xr, x_of(run), 1.0f);
    EXPECT_NEAR(xt, x_of(twin), 1.0f);
    // Their tags, and the early-stopping line with each run's best value and epoch.
    const std::string drawn = drawn_text("Curves");
    EXPECT_TRUE(shows(drawn, "best @" + std::to_string(run))) << drawn;
    EXPECT_TRUE(shows(drawn, "best @" + std::to_string(twin))) << drawn;
    auto value = [&](const std::vector<dp::EpochStats>& c, int epoch) {
      const dp::EpochStats& e = c[static_cast<size_t>(epoch - 1)];
      char b[32];
      std::snprintf(b, sizeof b, "%.3f @%d", accuracy ? e.val_acc : e.val_loss, epoch);
      return std::string(b);
    };
    EXPECT_TRUE(shows(drawn, "Early stopping:")) << drawn;
    EXPECT_TRUE(
        shows(drawn, std::string(accuracy ? "p=0.50 best val accuracy " : "p=0.50 best val loss ") +
                         value(snap.curves, run)))
        << drawn;
    EXPECT_TRUE(shows(drawn, "p=0 twin " + value(snap.baseline, twin))) << drawn;
  }
};

TEST_F(CurvesTest, BothRunsBestEpochsAreMarkedWhereTheirValidationLossIsLowest) {
  start_trained(60);
  for (int i = 0; i < 3; ++i) frame();
  expect_best_markers(false);
  EXPECT_TRUE(has("curves.early_stop"));
}

TEST_F(CurvesTest, TheAccuracyViewMarksEachRunsHighestValidationAccuracy) {
  start_trained(60);
  for (int i = 0; i < 3; ++i) frame();
  click("curves.accuracy");
  for (int i = 0; i < 2; ++i) frame();
  expect_best_markers(true);
}

TEST_F(CurvesTest, NoEpochNoBestMarker) {
  start_trained(0);
  for (int i = 0; i < 3; ++i) frame();
  EXPECT_TRUE(has("curves.plot"));
  EXPECT_FALSE(has("curves.best.run"));
  EXPECT_FALSE(has("curves.best.twin"));
  EXPECT_FALSE(has("curves.early_stop"));
}

// The legend: a key of runs (colour) and one of metrics (line style), each entry with room
// for its plain name, on one line or wrapped, inside the panel (never clipped).
TEST_F(CurvesTest, TheLegendHasRoomForThePlainNamesAndStaysInsideThePanel) {
  start_trained(10);
  const float fh = ImGui::GetFontSize();
  struct Case {
    float w, h;
  };
  for (Case c : {Case{800, 600}, Case{1280, 800}, Case{1920, 1080}}) {
    for (int i = 0; i < 3; ++i) frame(c.w, c.h);
    const app::WidgetRect panel = rect("panel.curves");
    const std::vector<std::pair<std::string, std::string>> names = {
        {"curves.legend.val", "validation loss"},
        {"curves.legend.train_eval", "training loss (dropout off, eval mode)"},
        {"curves.legend.train_mode", "training loss (dropout on)"}};
    const std::string drawn = drawn_text("Curves");
    for (const auto& [id, name] : names) {
      SCOPED_TRACE(id + " at " + std::to_string(int(c.w)));
      EXPECT_TRUE(shows(drawn, name)) << drawn;
      const app::WidgetRect r = rect(id);
      const float text_w = ImGui::CalcTextSize(name.c_str()).x;
      EXPECT_TRUE(r.w >= text_w || r.h >= 2 * fh - 1) << r.w << " x " << r.h;
      EXPECT_GE(r.x, panel.x);
      EXPECT_LE(r.x + r.w, panel.x + panel.w);
    }
    // The metrics come after (below) the run key when there is one.
    if (has("curves.legend.run")) {
      EXPECT_TRUE(has("curves.legend.twin"));
      EXPECT_GT(rect("curves.legend.val").y, rect("curves.legend.run").y);
    }
  }
  // The run key where there is room for it.
  frame(1280, 800);
  frame(1280, 800);
  EXPECT_TRUE(has("curves.legend.run"));
  EXPECT_TRUE(shows(drawn_text("Curves"), "with dropout p=0.50"));
  EXPECT_TRUE(shows(drawn_text("Curves"), "p=0 twin"));
  // The accuracy view names the accuracies, not the losses.
  click("curves.accuracy");
  frame();
  frame();
  EXPECT_TRUE(has("curves.legend.val_acc"));
  EXPECT_TRUE(has("curves.legend.train_acc"));
  EXPECT_FALSE(has("curves.legend.train_mode"));
  const std::string acc_text = drawn_text("Curves");
  EXPECT_TRUE(shows(acc_text, "validation accuracy")) << acc_text;
  EXPECT_TRUE(shows(acc_text, "training accuracy (dropout off, eval mode)")) << acc_text;
  EXPECT_FALSE(shows(acc_text, "train acc")) << acc_text;
  const float w = ImGui::CalcTextSize("training accuracy (dropout off, eval mode)").x;
  EXPECT_GE(rect("curves.legend.train_acc").w, w);
}

TEST_F(CurvesTest, TheMouseOverTheChartShowsTheReadoutOfTheEpochUnderIt) {
  start_trained(40);
  for (int i = 0; i < 3; ++i) frame();
  const app::WidgetRect plot = rect("curves.plot");
  const float y = plot.y + plot.h / 2;
  for (int i = 0; i < 3; ++i) frame(1280, 800, x_of(20), y, false);
  ASSERT_TRUE(has("curves.readout"));
  EXPECT_NEAR(centre_x(rect("curves.cursor")), x_of(20), pointer_tolerance());
  // Wide enough for the readout's longest plain name.
  EXPECT_GE(rect("curves.readout").w,
            ImGui::CalcTextSize("training accuracy (dropout off, eval mode)").x);
  for (int i = 0; i < 2; ++i) frame(1280, 800, -1e9f, -1e9f, false);
  EXPECT_FALSE(has("curves.readout"));
}

// The readout's rows say what each number is, in the legend's plain names.
TEST_F(CurvesTest, TheReadoutNamesItsRowsPlainly) {
  start_trained(40);
  for (int i = 0; i < 3; ++i) frame();
  const app::WidgetRect plot = rect("curves.plot");
  for (int i = 0; i < 3; ++i) frame(1280, 800, x_of(20), plot.y + plot.h / 2, false);
  ASSERT_TRUE(has("curves.readout"));
  const std::string text = drawn_text("##Tooltip");
  for (const char* name : {"epoch 20", "p=0.50", "p=0 twin", "validation loss",
                           "training loss (dropout off, eval mode)", "training loss (dropout on)",
                           "validation accuracy", "training accuracy (dropout off, eval mode)"})
    EXPECT_TRUE(shows(text, name)) << name << " not in " << text;
  EXPECT_FALSE(shows(text, "train acc")) << text;
}

// A phone: press and hold on the chart shows the readout, it follows the finger, the panel
// stays where it is, and lifting the finger hides it.
TEST_F(CurvesTest, OnATouchScreenAHeldFingerShowsTheReadoutAndItFollows) {
  start_trained(40, /*touch=*/true);
  const float W = 390, H = 760;  // a phone, portrait: the phone layout
  for (int i = 0; i < 3; ++i) frame(W, H);
  const app::WidgetRect plot = rect("curves.plot");
  const float y = plot.y + plot.h / 2;
  // The finger on the chart but not (yet) down: nothing.
  frame(W, H, x_of(10), y, false);
  frame(W, H, x_of(10), y, false);
  EXPECT_FALSE(has("curves.readout"));
  for (int i = 0; i < 3; ++i) frame(W, H, x_of(10), y, true);
  ASSERT_TRUE(has("curves.readout"));
  EXPECT_NEAR(centre_x(rect("curves.cursor")), x_of(10), pointer_tolerance());
  // Not under the finger: the readout is above or below it.
  const app::WidgetRect ro = rect("curves.readout");
  EXPECT_TRUE(ro.y + ro.h <= y || ro.y >= y) << ro.y << " " << ro.h << " finger at " << y;
  // On the screen (its names wrap on a phone).
  EXPECT_GE(ro.x, 0);
  EXPECT_LE(ro.x + ro.w, W);
  // Dragging the held finger across (and down) the chart: the readout follows it, the
  // chart does not move (the panel does not scroll).
  for (int i = 0; i < 4; ++i) frame(W, H, x_of(30), y + plot.h / 10 * (i + 1), true);
  ASSERT_TRUE(has("curves.readout"));
  EXPECT_NEAR(centre_x(rect("curves.cursor")), x_of(30), pointer_tolerance());
  const app::WidgetRect after = rect("curves.plot");
  EXPECT_EQ(after.y, plot.y);
  EXPECT_EQ(after.h, plot.h);
  // The finger lifts: the readout goes.
  frame(W, H, x_of(30), y, false);
  frame(W, H, x_of(30), y, false);
  EXPECT_FALSE(has("curves.readout"));
}

// The gap line above and the early-stopping line below the chart appear with the first
// epoch; they keep the height they will need, so the chart stays where it was.
TEST_F(CurvesTest, TheChartDoesNotMoveWhenTheFirstEpochFillsTheLinesAroundIt) {
  struct Case {
    float w, h;
  };
  for (Case c : {Case{800, 600}, Case{1280, 800}}) {
    SCOPED_TRACE(std::to_string(int(c.w)));
    start_trained(0);
    for (int i = 0; i < 3; ++i) frame(c.w, c.h);
    EXPECT_FALSE(has("curves.early_stop"));
    const app::WidgetRect before = rect("curves.plot");
    ASSERT_EQ(app::step(*state, app::snapshot(*state).batches_per_epoch), "");
    for (int i = 0; i < 3; ++i) frame(c.w, c.h);
    ASSERT_GE(app::position(*state).epoch, 1);
    EXPECT_TRUE(has("curves.early_stop"));
    const app::WidgetRect after = rect("curves.plot");
    EXPECT_EQ(after.y, before.y);
    EXPECT_EQ(after.h, before.h);
    app::destroy(state);
    state = nullptr;
  }
}

}  // namespace
