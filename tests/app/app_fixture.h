// What the app tests share: a Host made up here (a clock that advances one frame per
// frame, files and the clipboard recorded, textures that are just numbers) and a fixture
// that draws frames of Dear ImGui without a window or GPU, and moves and presses the
// pointer where the app reports its widgets.
#pragma once
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "app/api.h"
#include "app/app.h"
#include "core/config.h"
#include "core/sweep.h"
#include "data/builtin_digits.h"
#include "imgui.h"

// A machine without a window: a clock that advances one frame per frame, files and the
// clipboard recorded, textures that are just numbers.
struct FakeMachine {
  double t = 0;
  std::vector<std::pair<std::string, std::string>> saved;  // name, text
  std::vector<std::string> copied;
  std::vector<std::pair<std::string, std::string>> remembered;  // key, value
  bool touch = false;                                           // a finger is the pointer
  int textures = 0, heatmaps = 0;
  // The sweep's workers: the jobs handed over, run here (the core's run_sweep_point) a few
  // per poll; with sweep_workers false the machine has none (the app runs the points).
  bool sweep_workers = true;
  int sweep_per_poll = 2;
  int sweep_starts = 0, sweep_cancels = 0;
  std::string sweep_config;
  std::vector<app::SweepJob> sweep_jobs;
  app::Host host;

  explicit FakeMachine(bool web) {
    host.web = web;
    host.now = [this] { return t; };
    host.page_url = [] { return std::string("http://127.0.0.1:8000/"); };
    host.fetch_data = [](const std::string&) { return dp::load_builtin_digits().empty(); };
    host.copy = [this](const std::string& text, const std::string&) { copied.push_back(text); };
    host.save_text = [this](const std::string& name, const std::string&, const std::string& text,
                            std::string* where) {
      saved.emplace_back(name, text);
      *where = name;
      return std::string();
    };
    host.save_view_png = [](const std::string&) {};
    host.open_config = [](const std::string&, std::string*, std::string* where) {
      *where = "/nowhere/dropout-playground-config.json";
      return false;
    };
    host.remember = [this](const std::string& key, const std::string& value) {
      remembered.emplace_back(key, value);
    };
    host.start_sweep = [this](const std::string& config, const std::vector<app::SweepJob>& jobs) {
      ++sweep_starts;
      if (!sweep_workers) return false;
      sweep_config = config;
      sweep_jobs = jobs;
      return true;
    };
    host.poll_sweep = [this] {
      std::vector<app::SweepAnswer> out;
      dp::Config base;
      if (sweep_jobs.empty() || !dp::config_from_json(sweep_config, &base).empty()) return out;
      for (int k = 0; k < sweep_per_poll && !sweep_jobs.empty(); ++k) {
        const app::SweepJob j = sweep_jobs.front();
        sweep_jobs.erase(sweep_jobs.begin());
        dp::SweepRun run;
        dp::run_sweep_point(base, {j.dropout, j.seed}, &run);
        out.push_back({j.index, dp::sweep_run_json(base, run).dump(), ""});
      }
      return out;
    };
    host.cancel_sweep = [this] {
      ++sweep_cancels;
      sweep_jobs.clear();
    };
    host.touch_input = [this] { return touch; };
    host.font_scale = [] { return 1.0f; };
    host.texture = [this](const app::Image&) {
      return reinterpret_cast<ImTextureID>(static_cast<intptr_t>(++textures));
    };
    host.heatmap = [this](const app::HeatmapScene& s, int, int, float, std::string*) {
      ++heatmaps;
      return s.grid > 0 ? reinterpret_cast<ImTextureID>(static_cast<intptr_t>(7)) : ImTextureID{};
    };
  }
};

class AppTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;
    unsigned char* px;
    int w, h;
    io.Fonts->GetTexDataAsRGBA32(&px, &w, &h);
    io.Fonts->SetTexID(reinterpret_cast<ImTextureID>(static_cast<intptr_t>(1)));
  }
  void TearDown() override {
    app::set_language("en");  // a process-wide setting: the next test starts in English
    if (state) app::destroy(state);
    ImGui::DestroyContext();
  }

  void start(bool web = false, bool paused = true) {
    app::LaunchOptions o;
    o.paused = paused;
    start_with(o, web);
  }
  void start_with(const app::LaunchOptions& o, bool web = false, bool touch = false) {
    machine = std::make_unique<FakeMachine>(web);
    machine->touch = touch;
    std::string err;
    state = app::create(machine->host, o, &err);
    ASSERT_NE(state, nullptr) << err;
  }

  // One frame at width x height; the pointer at (x, y), the left button down or not.
  void frame(float width = 1280, float height = 800, float x = -1e9f, float y = -1e9f,
             bool down = false) {
    ImGuiIO& io = ImGui::GetIO();
    io.DisplaySize = ImVec2(width, height);
    io.DeltaTime = 1.0f / 60;
    io.MousePos = ImVec2(x, y);
    io.MouseDown[0] = down;
    machine->t += 1.0 / 60;
    ImGui::NewFrame();
    app::frame(*state);
    ImGui::Render();
  }

  // Scrolls the panel that holds `anchor` (a widget it shows now) with the mouse wheel until
  // `id` is drawn in view, as a user scrolls down to it. True when it is.
  bool scroll_to(const std::string& id, const std::string& anchor, float width = 1280, float height = 800) {
    app::WidgetRect a;
    if (!app::widget_rect(*state, anchor, &a)) return false;
    for (int i = 0; i < 40 && !has(id); ++i) {
      ImGui::GetIO().MouseWheel = -1.0f;
      frame(width, height, a.x + a.w / 2, a.y + a.h / 2, false);
    }
    frame(width, height);
    return has(id);
  }

  bool has(const std::string& id) {
    app::WidgetRect r;
    return app::widget_rect(*state, id, &r);
  }

  // A click on the widget where the app last reported it: move, press, release.
  void click(const std::string& id, float width = 1280, float height = 800) {
    app::WidgetRect r;
    ASSERT_TRUE(app::widget_rect(*state, id, &r)) << id;
    const float x = r.x + r.w / 2, y = r.y + r.h / 2;
    frame(width, height, x, y, false);
    frame(width, height, x, y, true);
    frame(width, height, x, y, false);
  }  // Clicks the text field reported under id, selects its text (Ctrl+A) and types over it.
  void type_into(const std::string& id, const char* text) {
    ImGuiIO& io = ImGui::GetIO();
    io.KeyMap[ImGuiKey_A] = 'A';
    click(id);
    io.KeyCtrl = true;
    io.KeysDown['A'] = true;
    frame();
    io.KeysDown['A'] = false;
    io.KeyCtrl = false;
    frame();
    for (const char* c = text; *c; ++c) io.AddInputCharacter(*c);
    frame();
    frame();
  }


  std::unique_ptr<FakeMachine> machine;
  app::State* state = nullptr;
};
