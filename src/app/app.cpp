// The app's life cycle and frame: one bounded slice of training, then the panels in the
// layout that fits the window (app/layout.cpp); and what the platform reports from
// outside, shown as notices.
#include "app/app.h"

#include <algorithm>
#include <memory>

#include "app/api.h"
#include "app/layout.h"
#include "app/lessons.h"
#include "app/panels.h"
#include "app/state.h"
#include "app/strings.h"
#include "core/config.h"
#include "imgui.h"

namespace app {
namespace {

void apply_style() {
  ImGui::StyleColorsDark();
  ImGuiStyle& st = ImGui::GetStyle();
  st.WindowRounding = 0;
  st.FrameRounding = 3;
  st.GrabRounding = 3;
  st.WindowBorderSize = 1;
  st.WindowPadding = ImVec2(8, 6);
  st.ItemSpacing = ImVec2(6, 5);
  st.Colors[ImGuiCol_WindowBg] = ImVec4(0.10f, 0.10f, 0.12f, 1.0f);
  st.Colors[ImGuiCol_TitleBg] = ImVec4(0.16f, 0.18f, 0.24f, 1.0f);
  st.Colors[ImGuiCol_TitleBgActive] = ImVec4(0.20f, 0.25f, 0.36f, 1.0f);
}

}  // namespace

State* create(const Host& host, const LaunchOptions& options, std::string* error) {
  apply_style();
  auto s = std::make_unique<State>();
  s->host = &host;
  if (!options.lang.empty() && !set_language(options.lang)) {
    *error = "--lang: " + trf(S::view_bad_lang, options.lang.c_str());
    return nullptr;
  }
  if (!options.config_json.empty()) {
    // The same path as window.playground.setConfig.
    dp::Config next = s->cfg;
    std::string err = dp::config_apply_json(options.config_json, &next);
    if (err.empty()) err = set_config(*s, next);
    if (!err.empty()) {
      *error = "--set: " + err;
      return nullptr;
    }
    s->notices.clear();
  }
  for (size_t a = 0; a < options.lessons_done.size();) {
    size_t b = options.lessons_done.find(',', a);
    if (b == std::string::npos) b = options.lessons_done.size();
    const std::string id = options.lessons_done.substr(a, b - a);
    if (find_lesson(id) >= 0) s->lesson.completed.push_back(id);
    a = b + 1;
  }
  if (!options.lesson.empty()) {
    const std::string err = open_lesson(*s, options.lesson, 0);
    if (!err.empty()) {
      *error = "--lesson: " + err;
      return nullptr;
    }
  }
  if (options.train_epochs > 0)
    step_batches(*s, static_cast<long>(options.train_epochs) * run_of(*s).batches_per_epoch());
  s->running = !options.paused && !run_of(*s).done() && !(current_lesson(*s) && current_lesson(*s)->paused);
  s->max_speed = options.max_speed;
  s->intro = options.intro;
  return s.release();
}

void destroy(State* s) { delete s; }

double last_train_seconds(const State& s) { return s.last_train_s; }

void frame(State& s) {
  const double start = s.host->now();
  train_slice(s, start);
  sweep_slice(s, kMaxSpeedBudget);  // the workers' answers, or a slice of a point (as max speed)
  lesson_tick(s);
  ++s.frames;
  s.widgets.swap(s.widgets_next);  // last frame's rectangles answer queries during this one
  s.widgets_next.clear();
  const ImVec2 D = ImGui::GetIO().DisplaySize;
  touch_scroll(s);
  s.phone = s.view.full_layout() && (D.x < kNarrowWidth || D.y < kShortHeight);
  if (!s.view.full_layout())
    grid_layout(s, std::max(D.x, 400.0f), std::max(D.y, 300.0f));
  else if (s.phone)
    phone_layout(s, D.x, D.y);
  else
    desktop_layout(s, D.x, D.y);
  intro_card(s);
  lesson_highlights(s);
  // The app's own work this frame (training, pictures, the panels' geometry): what no
  // config may let grow (status() reports the largest since it was last asked).
  s.max_frame_work_s = std::max(s.max_frame_work_s, s.host->now() - start);
}

void copy_result(State& s, const std::string& what, bool ok, const std::string& why) {
  add_notice(s, ok ? trf(S::notice_copied, what.c_str())
                   : trf(S::notice_copy_refused, what.c_str(), why.c_str()));
}

void file_saved(State& s, const std::string& where, bool ok, const std::string& why) {
  if (!ok)
    add_notice(s, trf(S::notice_save_failed, where.c_str(), why.c_str()));
  else
    add_notice(s, trf(s.host->web ? S::notice_downloaded : S::notice_saved, where.c_str()));
}

void import_file(State& s, const std::string& name, const std::string& text) {
  const bool csv = name.size() >= 4 && (name.compare(name.size() - 4, 4, ".csv") == 0 ||
                                        name.compare(name.size() - 4, 4, ".CSV") == 0);
  if (csv) {
    import_data(s, name, text);  // its own notices
    return;
  }
  const std::string err = import_config(s, text);
  if (!err.empty()) add_notice(s, trf(S::notice_import_failed, name.c_str(), err.c_str()));
}

void import_read_failed(State& s, const std::string& name, const std::string& why) {
  add_notice(s, trf(S::notice_import_unreadable, name.c_str(), why.c_str()));
}

void graphics_restored(State& s) {
  s.mask_images_version = -1;  // the platform dropped its textures: upload again
  s.heatmap.invalidate();
  add_notice(s, tr(S::notice_graphics_restored));
}

void page_visible(State& s, bool visible) {
  if (visible) s.last_frame = -1.0;  // the clock restarts: no catching up on the hidden time
}

bool widget_rect(const State& s, const std::string& id, WidgetRect* out) {
  for (const WidgetRect& w : s.widgets)
    if (w.id == id) return *out = w, true;
  return false;
}

const std::vector<WidgetRect>& widget_rects(const State& s) { return s.widgets; }

bool text_field_at(const State& s, float x, float y) {
  for (const WidgetRect& w : s.widgets)
    if (w.text && x >= w.x && x <= w.x + w.w && y >= w.y && y <= w.y + w.h) return true;
  return false;
}

}  // namespace app
