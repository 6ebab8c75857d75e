// app_frame: one bounded slice of training, then the panels tiled over the window.
// The layout follows the window size every frame (1280x800 by default, usable down
// to 800x600): Controls on the left; Curves and the Data view on top; Masks, Network
// and PyTorch below (Network and PyTorch share a tab bar when the window is narrow).
// Embed mode (?embed=1) and panels= tile just the chosen panels (grid_layout).
#include "app/app.h"

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "app/api.h"
#include "app/heatmap.h"
#include "app/image_texture.h"
#include "app/panels.h"
#include "app/state.h"
#include "core/config.h"
#include "imgui.h"
#include "imgui_internal.h"
#include "nlohmann/json.hpp"
#include "platform/platform.h"

namespace app {
namespace {

constexpr ImGuiWindowFlags kPanelFlags =
    ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoCollapse |
    ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoBackground;

bool begin_panel(const char* title, ImVec2 pos, ImVec2 size, ImGuiWindowFlags extra = 0) {
  ImGui::SetNextWindowPos(pos, ImGuiCond_Always);
  ImGui::SetNextWindowSize(size, ImGuiCond_Always);
  return ImGui::Begin(title, nullptr, kPanelFlags | extra);
}

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

State* create(const LaunchOptions& options, std::string* error) {
  apply_style();
  auto s = std::make_unique<State>();
  if (!options.config_json.empty()) {
    // The same path as window.playground.setConfig.
    nlohmann::json r = nlohmann::json::parse(api_set_config(*s, options.config_json));
    if (!r.value("ok", false)) {
      *error = "--set: " + r.value("error", std::string("invalid config"));
      return nullptr;
    }
    s->notices.clear();
  }
  for (int e = 0; e < options.train_epochs && !s->twin->run.done(); ++e) step_epoch(*s);
  s->running = !options.paused && !s->twin->run.done();
  s->max_speed = options.max_speed;
  return s.release();
}

void destroy(State* s) { delete s; }

double last_train_seconds(const State& s) { return s.last_train_s; }

void gl_context_restored(State& s) {
  s.heatmap.reset();  // made again, with new GL names, by the data view
  s.mask_images.clear();
  s.mask_images_version = -1;
}

namespace {

// Notices where the eye is when no Controls panel shows them (embed layouts): a
// strip along the bottom of the canvas, in front of the panels. Returns its height
// (last frame's, as it sizes itself to its text), which the panels leave free.
float notice_strip(const State& s, float W, float H) {
  if (s.notices.empty()) return 0;
  ImGui::SetNextWindowPos(ImVec2(0, H), ImGuiCond_Always, ImVec2(0, 1));
  ImGui::SetNextWindowSize(ImVec2(W, 0), ImGuiCond_Always);
  ImGui::PushStyleColor(ImGuiCol_WindowBg, ImVec4(0.17f, 0.15f, 0.08f, 1.0f));
  const ImGuiWindowFlags flags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                                 ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoInputs |
                                 ImGuiWindowFlags_AlwaysAutoResize |
                                 ImGuiWindowFlags_NoFocusOnAppearing;
  float h = 0;
  if (ImGui::Begin("##notices", nullptr, flags)) {
    // Windows stack by age and the panels may be newer: bring the strip to the front.
    ImGui::BringWindowToDisplayFront(ImGui::GetCurrentWindow());
    ImGui::PushTextWrapPos(W - 16);
    for (size_t i = s.notices.size() > 3 ? s.notices.size() - 3 : 0; i < s.notices.size(); ++i)
      ImGui::TextColored(ImVec4(1.0f, 0.85f, 0.45f, 1.0f), "%s", s.notices[i].c_str());
    ImGui::PopTextWrapPos();
    h = ImGui::GetWindowHeight();
  }
  ImGui::End();
  ImGui::PopStyleColor();
  return h;
}

const char* panel_title(const std::string& name, bool embed) {
  if (name == "curves")
    return embed ? "Curves (solid: p, dashed: p=0 twin)"
                 : "Curves: loss per epoch (solid: dropout p, dashed: p=0 twin)";
  if (name == "data") return embed ? "Data view" : "Data view: the model's prediction";
  if (name == "masks") return "Masks: the current minibatch";
  if (name == "network") return "Network";
  if (name == "pytorch") return "PyTorch: nn.Dropout";
  return embed ? "Controls" : "Dropout Playground - Controls";
}

void draw_panel(State& s, const std::string& name) {
  if (name == "controls") panel_controls(s);
  if (name == "curves") panel_curves(s);
  if (name == "data") panel_data(s);
  if (name == "masks") panel_masks(s);
  if (name == "network") panel_network(s);
  if (name == "pytorch") panel_pytorch(s);
}

// Embed mode and panels=: the chosen panels tiled in a grid (Controls, if shown, as
// a left column), the grid's shape picked so the cells are closest to 4:3.
void grid_layout(State& s, float W, float H) {
  std::vector<std::string> rest;
  for (const std::string& p : s.view.panels)
    if (p != "controls") rest.push_back(p);
  const int n = static_cast<int>(rest.size());
  // The grid's area: all of the window but the Controls, which take a left column, or
  // a band along the top when the window is too narrow for a column (a phone).
  float x0 = 0, y0 = 0, strip_h = 0;
  if (s.view.panel("controls")) {
    ImVec2 size(std::floor(std::clamp(W * 0.26f, 205.0f, 280.0f)), H);
    if (n == 0) size.x = W;
    if (n > 0 && W < 560) {
      // As tall as its content was last frame, at most 45% of the window.
      const float want = s.controls_h > 0 ? s.controls_h : H * 0.45f;
      size = ImVec2(W, std::floor(std::min(want, H * 0.45f)));
    }
    if (begin_panel(panel_title("controls", s.view.embed), ImVec2(0, 0), size)) {
      panel_controls(s);
      s.controls_h = ImGui::GetCursorPosY() + ImGui::GetStyle().WindowPadding.y;
    }
    ImGui::End();
    if (size.x < W) {
      x0 = size.x;
    } else {
      y0 = size.y;
    }
  } else {
    strip_h = std::floor(notice_strip(s, W, H));
  }
  if (n == 0) return;
  const float R = W - x0, GH = H - y0 - strip_h;
  int best_cols = 1;
  float best = 1e9f;
  for (int cols = 1; cols <= n; ++cols) {
    const int rows = (n + cols - 1) / cols;
    const float aspect = (R / cols) / (GH / rows);
    const float cost = std::fabs(std::log(aspect / 1.33f));
    if (cost < best) best = cost, best_cols = cols;
  }
  const int rows = (n + best_cols - 1) / best_cols;
  // A row with the Curves gets more height: its legend and options take a fixed part.
  std::vector<float> row_y(rows + 1, 0.0f);
  for (int r = 0; r < rows; ++r) {
    bool curves = false;
    for (int i = r * best_cols; i < std::min(n, (r + 1) * best_cols); ++i)
      curves = curves || rest[i] == "curves";
    row_y[r + 1] = row_y[r] + (curves && rows > 1 ? 1.3f : 1.0f);
  }
  for (float& y : row_y) y = std::floor(y / row_y[rows] * GH);
  for (int i = 0; i < n; ++i) {
    const int row = i / best_cols;
    const int in_row = std::min(best_cols, n - row * best_cols);  // the last row stretches
    const int col = i % best_cols;
    const float cell_w = std::floor(R / in_row);
    const float w = col == in_row - 1 ? R - col * cell_w : cell_w;
    if (begin_panel(panel_title(rest[i], s.view.embed), ImVec2(x0 + col * cell_w, y0 + row_y[row]),
                    ImVec2(w, row_y[row + 1] - row_y[row])))
      draw_panel(s, rest[i]);
    ImGui::End();
  }
}

}  // namespace

void frame(State& s) {
  train_slice(s, platform::now_seconds());
  ++s.frames;

  const ImVec2 D = ImGui::GetIO().DisplaySize;
  const float fh = ImGui::GetFontSize();
  const float W = std::max(D.x, 400.0f), H = std::max(D.y, 300.0f);
  const float left = std::floor(std::clamp(W * 0.215f, 262.0f, 300.0f));
  const float R = W - left;
  const float top_h = std::floor(H * 0.56f);
  // The data view is a square image plus two rows of options.
  const float data_w = std::floor(std::min(top_h - fh * 3.6f, R * 0.42f));
  const float curves_w = R - data_w;
  const float bottom_h = H - top_h;
  touch_scroll();
  if (!s.view.full_layout()) {
    grid_layout(s, W, H);
    return;
  }
  if (D.x < kNarrowWidth || D.y < kShortHeight) {  // a phone: app/layout_narrow.cpp
    narrow_layout(s, D.x, D.y);
    return;
  }

  if (begin_panel("Dropout Playground - Controls", ImVec2(0, 0), ImVec2(left, H)))
    panel_controls(s);
  ImGui::End();

  if (begin_panel("Curves: loss per epoch (solid: dropout p, dashed: p=0 twin)", ImVec2(left, 0),
                  ImVec2(curves_w, top_h)))
    panel_curves(s);
  ImGui::End();

  if (begin_panel("Data view: the model's prediction", ImVec2(left + curves_w, 0),
                  ImVec2(data_w, top_h)))
    panel_data(s);
  ImGui::End();

  const bool wide = R >= 900;
  const float masks_w = std::floor(wide ? R * 0.34f : R * 0.48f);
  if (begin_panel("Masks: the current minibatch", ImVec2(left, top_h), ImVec2(masks_w, bottom_h)))
    panel_masks(s);
  ImGui::End();

  const float rest = R - masks_w;
  if (wide) {
    const float net_w = std::floor(rest * 0.45f);
    if (begin_panel("Network", ImVec2(left + masks_w, top_h), ImVec2(net_w, bottom_h)))
      panel_network(s);
    ImGui::End();
    if (begin_panel("PyTorch: nn.Dropout", ImVec2(left + masks_w + net_w, top_h),
                    ImVec2(rest - net_w, bottom_h)))
      panel_pytorch(s);
    ImGui::End();
  } else {
    if (begin_panel("Network | PyTorch", ImVec2(left + masks_w, top_h), ImVec2(rest, bottom_h))) {
      if (ImGui::BeginTabBar("##tabs")) {
        if (ImGui::BeginTabItem("Network")) {
          panel_network(s);
          ImGui::EndTabItem();
        }
        if (ImGui::BeginTabItem("PyTorch")) {
          panel_pytorch(s);
          ImGui::EndTabItem();
        }
        ImGui::EndTabBar();
      }
    }
    ImGui::End();
  }
}

}  // namespace app
