// The app through its public headers only (app/app.h, app/api.h), as the platform sees it,
// with the made-up Host of app_fixture.h: Dear ImGui runs without a window or GPU, frames
// are drawn, and the pointer is moved and pressed where the app reports its widgets.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "app/api.h"
#include "app/app.h"
#include "app_fixture.h"
#include "core/config.h"
#include "imgui.h"

namespace {

TEST_F(AppTest, TheDesktopLayoutShowsEveryPanelOfTheRegistry) {
  start();
  for (int i = 0; i < 3; ++i) frame();
  const app::Snapshot s = app::snapshot(*state);
  ASSERT_EQ(s.view.panels.size(), 7u);  // controls curves data masks network pytorch sweep
  for (const std::string& id : s.view.panels) EXPECT_TRUE(has("panel." + id)) << id;
  for (const char* id : {"run.play", "run.step", "run.epoch", "field.dropout", "seed.reseed",
                         "export.csv", "export.script", "curves.log_y", "data.plane", "pytorch.x"})
    EXPECT_TRUE(has(id)) << id;
  EXPECT_FALSE(has("seed.share"));  // Share copies a page address: browser only
  EXPECT_GT(machine->heatmaps, 0);
}

TEST_F(AppTest, ClickingStepDoesExactlyOneStep) {
  start();
  for (int i = 0; i < 3; ++i) frame();
  EXPECT_EQ(app::snapshot(*state).step, 0);
  click("run.step");
  frame();  // the queued step runs in the next frame's training slice
  EXPECT_EQ(app::snapshot(*state).step, 1);
  EXPECT_FALSE(app::snapshot(*state).running);
  for (int i = 0; i < 5; ++i) frame();
  EXPECT_EQ(app::snapshot(*state).step, 1);  // exactly one
  EXPECT_FALSE(app::busy(*state));
  click("run.play");
  EXPECT_TRUE(app::snapshot(*state).running);
}

TEST_F(AppTest, TheCurvesCsvButtonSavesTheExportedText) {
  start();
  app::step(*state, 30);
  for (int i = 0; i < 3; ++i) frame();
  click("export.csv");
  ASSERT_EQ(machine->saved.size(), 1u);
  EXPECT_EQ(machine->saved[0].first, "dropout-playground-curves.csv");
  EXPECT_EQ(machine->saved[0].second, app::export_csv(*state));
  EXPECT_EQ(machine->saved[0].second.rfind("epoch,dropout,train_loss", 0), 0u);
}

// The notebook buttons: the run's saves its notebook; the Sweep panel's stays disabled
// until a sweep has run, and exporting one before is an error; a mid-run change of p is
// replayed at its step.
TEST_F(AppTest, TheNotebookButtonSavesTheRunsNotebook) {
  start();
  app::step(*state, 30);
  dp::Config next = app::config(*state);
  next.dropout = 0.2;
  ASSERT_EQ(app::set_config(*state, next), "");
  app::step(*state, 6);
  for (int i = 0; i < 3; ++i) frame();
  click("export.notebook");
  ASSERT_EQ(machine->saved.size(), 1u);
  EXPECT_EQ(machine->saved[0].first, "dropout_playground_run.ipynb");
  const std::string& text = machine->saved[0].second;
  EXPECT_EQ(text, app::export_notebook(*state, "run").text);
  EXPECT_NE(text.find("\"nbformat\": 4"), std::string::npos);
  EXPECT_NE(text.find("SCHEDULE = {30: ([0.2, 0.2], 0.01)}"), std::string::npos);
  EXPECT_NE(text.find("twin_history"), std::string::npos);
  EXPECT_EQ(app::export_notebook(*state, "sweep").error, "No sweep to export yet: run one in the Sweep panel first.");
  EXPECT_NE(app::export_notebook(*state, "mc").text.find("STOP_AFTER = 36"), std::string::npos);
  EXPECT_NE(app::export_notebook(*state, "movie").error.find("'movie'"), std::string::npos);
}

TEST_F(AppTest, AnImportThatFindsNoFileIsANoticeNamingThePath) {
  start();
  for (int i = 0; i < 3; ++i) frame();
  const dp::Config before = app::config(*state);
  click("export.import");
  const app::Snapshot s = app::snapshot(*state);
  ASSERT_FALSE(s.notices.empty());
  EXPECT_NE(s.notices.back().find("/nowhere/dropout-playground-config.json"), std::string::npos)
      << s.notices.back();
  EXPECT_EQ(dp::config_to_json(s.config), dp::config_to_json(before));
}

TEST_F(AppTest, TheControlsOfferWhatTheOptimizerTakes) {
  start();
  for (int i = 0; i < 3; ++i) frame(1280, 1600);  // tall: the Optimizer section is in view
  EXPECT_FALSE(has("field.optimizer.alpha"));     // adam takes betas and eps, no alpha
  EXPECT_FALSE(has("field.optimizer.momentum"));
  dp::Config next = app::config(*state);
  ASSERT_EQ(dp::config_apply_json(R"({"optimizer": {"name": "rmsprop", "momentum": 0.5}})", &next),
            "");
  ASSERT_EQ(app::set_config(*state, next), "");
  for (int i = 0; i < 3; ++i) frame(1280, 1600);  // tall: the Optimizer section is in view
  EXPECT_TRUE(has("field.optimizer.alpha"));
  EXPECT_TRUE(has("field.optimizer.momentum"));
  EXPECT_TRUE(has("field.optimizer.centered"));
  EXPECT_FALSE(has("field.optimizer.nesterov"));  // SGD's only
  click("field.optimizer.centered", 1280, 1600);
  EXPECT_TRUE(app::config(*state).optimizer.centered);
  EXPECT_NE(app::snapshot(*state).notices.back().find("centered"),
            std::string::npos);  // "Restarted: ..."
}

TEST_F(AppTest, ThePhoneLayoutPinsTheCurvesAndTabsTheRest) {
  start();
  for (int i = 0; i < 3; ++i) frame(390, 844);
  EXPECT_TRUE(has("panel.curves"));
  EXPECT_TRUE(has("panel.tabs"));
  for (const char* tab : {"tab.controls", "tab.data", "tab.masks", "tab.network", "tab.pytorch"})
    EXPECT_TRUE(has(tab)) << tab;
  EXPECT_FALSE(has("tab.curves"));
  click("run.step", 390, 844);  // the Controls tab is open first
  frame(390, 844);
  EXPECT_EQ(app::snapshot(*state).step, 1);
}

TEST_F(AppTest, EmbedShowsOnlyTheChosenPanelsAndControls) {
  start(true);
  const app::QueryResult r =
      app::apply_query(*state, "embed=1&panels=curves,masks&controls=dropout,share,nope", {});
  EXPECT_EQ(r.error, "");
  ASSERT_EQ(r.notices.size(), 1u);
  EXPECT_NE(r.notices[0].find("nope"), std::string::npos);
  for (int i = 0; i < 3; ++i) frame(900, 600);
  EXPECT_TRUE(has("panel.controls"));
  EXPECT_TRUE(has("panel.curves"));
  EXPECT_TRUE(has("panel.masks"));
  EXPECT_FALSE(has("panel.data"));
  EXPECT_TRUE(has("field.dropout"));
  EXPECT_FALSE(has("run.step"));
  click("seed.share", 900, 600);
  ASSERT_EQ(machine->copied.size(), 1u);
  EXPECT_EQ(machine->copied[0], app::share_url(*state));
  EXPECT_EQ(machine->copied[0].rfind("http://127.0.0.1:8000/?dataset=spiral&", 0), 0u)
      << machine->copied[0];
}

TEST_F(AppTest, AChangeOfOneLayersPIsMarkedWithEveryLayersP) {
  start();
  app::step(*state, 12 * 2);
  dp::Config next = app::config(*state);
  next.dropout_layers = {0.5, 0.2};  // hidden layer 1 only
  ASSERT_EQ(app::set_config(*state, next), "");
  app::step(*state, 12);
  next.dropout_layers = {};  // every layer 0.5 again
  next.dropout = 0.5;
  ASSERT_EQ(app::set_config(*state, next), "");
  app::step(*state, 1);
  const app::Snapshot s = app::snapshot(*state);
  ASSERT_EQ(s.p_changes.size(), 2u);
  EXPECT_DOUBLE_EQ(s.p_changes[0].epoch, 2.0);
  EXPECT_EQ(s.p_changes[0].tag, "p->0.50,0.20");
  EXPECT_DOUBLE_EQ(s.p_changes[1].epoch, 3.0);
  EXPECT_EQ(s.p_changes[1].tag, "p->0.50");
}

TEST_F(AppTest, PChangeMarksComeFromTheSchedule) {
  start();
  app::step(*state, 12 * 3);
  dp::Config next = app::config(*state);
  next.dropout = 0.2;
  ASSERT_EQ(app::set_config(*state, next), "");
  app::step(*state, 2);
  next.dropout = 0.3;  // within half an epoch: the same mark
  ASSERT_EQ(app::set_config(*state, next), "");
  app::step(*state, 24);
  next.optimizer.lr = 0.02;  // the learning rate: no mark
  ASSERT_EQ(app::set_config(*state, next), "");
  const app::Snapshot s = app::snapshot(*state);
  ASSERT_EQ(s.p_changes.size(), 1u);
  EXPECT_DOUBLE_EQ(s.p_changes[0].epoch, 3.0);
  EXPECT_EQ(s.p_changes[0].from, 0.5);
  EXPECT_EQ(s.p_changes[0].to, 0.3);
  // The exported script replays every change, at its step.
  const std::string script = app::export_torch_script(*state);
  EXPECT_NE(script.find("SCHEDULE = {36: ([0.2, 0.2], 0.01), 38: ([0.3, 0.3], 0.01), 62: ([0.3, 0.3], 0.02)}"),
            std::string::npos);
}

}  // namespace
