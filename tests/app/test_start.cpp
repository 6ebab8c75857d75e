// The first minutes of a student: the start card of a first visit (paused until Play,
// dismissed for good), "What to look for" first in Controls, status lines that never
// move the widgets below them, and finger-sized buttons on a touch screen.
#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "app/api.h"
#include "app/app.h"
#include "app_fixture.h"

namespace {

app::LaunchOptions first_visit() {
  app::LaunchOptions o;
  o.intro = true;
  o.paused = true;  // what the platform asks for a first visit without paused=
  return o;
}

bool remembered_seen(const FakeMachine& m) {
  for (const auto& [key, value] : m.remembered)
    if (key == app::kIntroKey && value == "seen") return true;
  return false;
}

// A first visit, then a click on `id`: the card goes and is remembered as seen. Returns
// whether the run then plays.
class StartCard : public AppTest {
 protected:
  bool dismiss_with(const std::string& id) {
    start_with(first_visit());
    for (int i = 0; i < 3; ++i) frame();
    click(id);
    frame();
    frame();
    EXPECT_FALSE(has("panel.intro")) << id;
    EXPECT_TRUE(remembered_seen(*machine)) << id;
    return app::status(*state).running;
  }
};

TEST_F(AppTest, AFirstVisitShowsTheStartCardOverTheCurvesAndWaits) {
  start_with(first_visit());
  for (int i = 0; i < 3; ++i) frame();
  app::WidgetRect card, curves;
  ASSERT_TRUE(app::widget_rect(*state, "panel.intro", &card));
  ASSERT_TRUE(app::widget_rect(*state, "panel.curves", &curves));
  // Inside the Curves panel, where the lesson happens.
  EXPECT_GE(card.x, curves.x);
  EXPECT_LE(card.x + card.w, curves.x + curves.w);
  EXPECT_GE(card.y, curves.y);
  EXPECT_LE(card.y + card.h, curves.y + curves.h);
  EXPECT_TRUE(has("intro.play"));
  EXPECT_TRUE(has("intro.close"));
  for (int i = 0; i < 30; ++i) frame();
  EXPECT_FALSE(app::status(*state).running);
  EXPECT_EQ(app::position(*state).step, 0);
}

TEST_F(StartCard, TheCardsPlayStartsTheRunAndTheCardIsRememberedAsSeen) {
  EXPECT_TRUE(dismiss_with("intro.play"));
}

TEST_F(StartCard, CloseDismissesTheCardWithoutPlaying) {
  EXPECT_FALSE(dismiss_with("intro.close"));
}

TEST_F(StartCard, PlayInControlsAlsoDismissesTheCard) { EXPECT_TRUE(dismiss_with("run.play")); }

TEST_F(AppTest, AReturningVisitorGetsNoCard) {
  start(false, false);
  for (int i = 0; i < 3; ++i) frame();
  EXPECT_FALSE(has("panel.intro"));
  EXPECT_TRUE(machine->remembered.empty());
}

TEST_F(AppTest, WhatToLookForIsTheFirstThingInControls) {
  start();
  for (int i = 0; i < 3; ++i) frame();
  app::WidgetRect help, play;
  ASSERT_TRUE(app::widget_rect(*state, "help.section", &help));
  ASSERT_TRUE(app::widget_rect(*state, "run.play", &play));
  EXPECT_LT(help.y, play.y);
  for (const app::WidgetRect& w : app::widget_rects(*state)) {
    if (w.id.rfind("panel.", 0) != 0 && w.x < play.x + play.w && w.id != "help.section") {
      EXPECT_GE(w.y, help.y) << w.id;
    }
  }
}

// The rectangles of the widgets of the Controls (not the panels themselves), by id.
std::map<std::string, app::WidgetRect> controls_widgets(const app::State& s) {
  app::WidgetRect controls;
  std::map<std::string, app::WidgetRect> out;
  if (!app::widget_rect(s, "panel.controls", &controls)) return out;
  for (const app::WidgetRect& w : app::widget_rects(s))
    if (w.id.rfind("panel.", 0) != 0 && w.x >= controls.x && w.x < controls.x + controls.w)
      out[w.id] = w;
  return out;
}

TEST_F(AppTest, NothingInControlsMovesWhenTheRunFinishes) {
  app::LaunchOptions o;
  o.config_json = R"({"epochs": 3})";
  start_with(o);
  for (int i = 0; i < 3; ++i) frame();
  const auto before = controls_widgets(*state);
  ASSERT_GT(before.size(), 10u);
  ASSERT_TRUE(before.count("run.play"));
  app::play(*state);
  for (int i = 0; i < 2000 && !app::status(*state).done; ++i) frame();
  ASSERT_TRUE(app::status(*state).done);
  for (int i = 0; i < 3; ++i) frame();
  // The run said so ("Finished 3 epochs..."): a notice is showing.
  ASSERT_FALSE(app::snapshot(*state).notices.empty());
  const auto after = controls_widgets(*state);
  ASSERT_EQ(after.size(), before.size());
  for (const auto& [id, a] : before) {
    ASSERT_TRUE(after.count(id)) << id;
    const app::WidgetRect& b = after.at(id);
    EXPECT_EQ(a.x, b.x) << id;
    EXPECT_EQ(a.y, b.y) << id;
    EXPECT_EQ(a.w, b.w) << id;
    EXPECT_EQ(a.h, b.h) << id;
  }
}

TEST_F(AppTest, OnATouchPhoneEveryButtonOfTheControlsIsFingerSized) {
  app::LaunchOptions o;
  o.paused = true;
  start_with(o, true, true);
  for (int i = 0; i < 3; ++i) frame(390, 844);
  click("tab.controls", 390, 844);
  for (int i = 0; i < 3; ++i) frame(390, 844);
  int buttons = 0;
  for (const app::WidgetRect& w : app::widget_rects(*state)) {
    const bool button = w.id.rfind("run.", 0) == 0 || w.id.rfind("dropout.restart.", 0) == 0 ||
                        w.id.rfind("seed.", 0) == 0 || w.id.rfind("tab.", 0) == 0;
    if (!button || w.id == "run.notices") continue;
    ++buttons;
    EXPECT_GE(w.w, app::kTouchTarget) << w.id;
    EXPECT_GE(w.h, app::kTouchTarget) << w.id;
  }
  EXPECT_GE(buttons, 8);  // play, step, epoch, max speed, 4 restarts, reseed, restart...
}

}  // namespace
