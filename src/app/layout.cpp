// The three ways the panels of the registry (app/panels.h) are tiled over the window,
// every frame, following its size:
//  - desktop (1280x800 by default, usable down to 800x600): Controls on the left, the
//    top row (Curves beside the square Data view), the bottom row (Masks, Network and
//    PyTorch by weight; below 900 units all but the first share a tab bar);
//  - embed and panels= (grid_layout): just the chosen panels in a grid whose cells are
//    closest to 4:3, the Controls as a left column (or a band on top when narrow);
//  - phone (narrower than kNarrowWidth or shorter than kShortHeight): the Curves on top
//    (the left half in landscape), the other panels as tabs (Controls first).
// Also here: drag-to-scroll for touch screens, where there is no wheel.
#include "app/layout.h"

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "app/panels.h"
#include "app/state.h"
#include "imgui.h"
#include "imgui_internal.h"

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

// A panel as a window of its own at pos, size. A title too long for it gives way to the
// panel's short one (never cut off); the window keeps its identity (###id) either way.
void window(State& s, const PanelInfo& p, const char* title, ImVec2 pos, ImVec2 size) {
  const float room = size.x - 2 * ImGui::GetStyle().FramePadding.x;
  std::string t = ImGui::CalcTextSize(title).x > room ? tr(p.embed_title) : title;
  t += "###";
  t += p.id;
  if (begin_panel(t.c_str(), pos, size)) {
    mark_panel(s, p.id);
    p.draw(s);
  }
  ImGui::End();
}

// Several panels sharing one window as tabs (each tab scrolls on its own when `child`).
// `shared`: panels of one desktop cell; the tab bar takes the title bar's place, each
// tab says its panel's short title, and each panel reports the window as its own.
void tabs(State& s, const char* title, const std::vector<const PanelInfo*>& ps, ImVec2 pos,
          ImVec2 size, bool child, bool shared = false, const PanelInfo* select = nullptr) {
  if (begin_panel(title, pos, size, shared ? ImGuiWindowFlags_NoTitleBar : 0)) {
    mark_panel(s, "tabs");
    if (shared)
      for (const PanelInfo* p : ps) mark_panel(s, p->id);
    if (ImGui::BeginTabBar("##tabs", ImGuiTabBarFlags_FittingPolicyScroll)) {
      for (const PanelInfo* p : ps) {
        const bool open = ImGui::BeginTabItem(tr(shared ? p->embed_title : p->tab), nullptr,
                                              p == select ? ImGuiTabItemFlags_SetSelected : 0);
        mark_widget(s, (std::string("tab.") + p->id).c_str());
        if (!open) continue;
        if (child) ImGui::BeginChild(p->id);
        p->draw(s);
        if (child) ImGui::EndChild();
        ImGui::EndTabItem();
      }
      ImGui::EndTabBar();
    }
  }
  ImGui::End();
}

std::vector<const PanelInfo*> in_slot(Slot slot) {
  std::vector<const PanelInfo*> v;
  for (const PanelInfo& p : panel_registry())
    if (p.slot == slot) v.push_back(&p);
  return v;
}

// Notices where the eye is when no Controls panel shows them (embed layouts): a strip
// along the bottom of the canvas, in front of the panels. Returns its height (last
// frame's, as it sizes itself to its text), which the panels leave free.
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
      ImGui::TextColored(kNoticeColor, "%s", s.notices[i].c_str());
    ImGui::PopTextWrapPos();
    h = ImGui::GetWindowHeight();
  }
  ImGui::End();
  ImGui::PopStyleColor();
  return h;
}

}  // namespace

void desktop_layout(State& s, float W, float H) {
  const float fh = ImGui::GetFontSize();
  // A lesson open widens the left column and takes its upper part.
  const float left = s.lesson.open ? std::floor(std::clamp(W * 0.25f, 290.0f, 360.0f))
                                   : std::floor(std::clamp(W * 0.215f, 262.0f, 300.0f));
  const float R = W - left;
  const float top_h = std::floor(H * 0.56f);
  const float bottom_h = H - top_h;
  float left_y = 0;
  if (s.lesson.open) {
    left_y = std::floor(H * 0.52f);
    window(s, kLessonPanel, tr(kLessonPanel.title), ImVec2(0, 0), ImVec2(left, left_y));
  }
  for (const PanelInfo* p : in_slot(Slot::Left))
    window(s, *p, tr(p->title), ImVec2(0, left_y), ImVec2(left, H - left_y));

  // Top row: a square panel is a square image plus two rows of options; wide ones share
  // the rest. The last panel of a row takes what rounding left.
  std::vector<const PanelInfo*> top = in_slot(Slot::TopWide);
  const std::vector<const PanelInfo*> square = in_slot(Slot::TopSquare);
  const float square_w = std::floor(std::min(top_h - fh * 3.6f, R * 0.42f));
  const float wide_w = std::floor((R - square_w * square.size()) / std::max<size_t>(1, top.size()));
  top.insert(top.end(), square.begin(), square.end());
  float x = left;
  for (size_t i = 0; i < top.size(); ++i) {
    const float w = i + 1 == top.size()               ? left + R - x
                    : top[i]->slot == Slot::TopSquare ? square_w
                                                      : wide_w;
    window(s, *top[i], tr(top[i]->title), ImVec2(x, 0), ImVec2(w, top_h));
    x += w;
  }

  // Bottom row, by weight; a narrow window keeps the first panel and tabs the others.
  const std::vector<const PanelInfo*> bottom = in_slot(Slot::Bottom);
  if (bottom.empty()) return;
  const bool narrow = R < 900;
  float total = 0;
  for (const PanelInfo* p : bottom) total += p->weight;
  x = left;
  if (narrow && bottom.size() > 1) {
    const float first_w = std::floor(R * 0.48f);
    window(s, *bottom[0], tr(bottom[0]->title), ImVec2(x, top_h), ImVec2(first_w, bottom_h));
    std::vector<const PanelInfo*> rest(bottom.begin() + 1, bottom.end());
    std::string title;
    for (const PanelInfo* p : rest) title += (title.empty() ? "" : " | ") + std::string(tr(p->tab));
    tabs(s, (title + "##bottom").c_str(), rest, ImVec2(x + first_w, top_h),
         ImVec2(R - first_w, bottom_h), false);
    return;
  }
  // A panel of weight 0 is a tab beside the one before it (in one window).
  for (size_t i = 0; i < bottom.size();) {
    size_t j = i + 1;
    while (j < bottom.size() && bottom[j]->weight == 0) ++j;
    const float w = j == bottom.size() ? left + R - x : std::floor(R * bottom[i]->weight / total);
    if (j == i + 1) {
      window(s, *bottom[i], tr(bottom[i]->title), ImVec2(x, top_h), ImVec2(w, bottom_h));
    } else {
      std::vector<const PanelInfo*> shared(bottom.begin() + i, bottom.begin() + j);
      std::string title;
      for (const PanelInfo* p : shared) title += (title.empty() ? "" : " | ") + std::string(tr(p->tab));
      tabs(s, (title + "##shared" + shared[0]->id).c_str(), shared, ImVec2(x, top_h),
           ImVec2(w, bottom_h), false, true);
    }
    x += w;
    i = j;
  }
}

void grid_layout(State& s, float W, float H) {
  std::vector<const PanelInfo*> rest;
  for (const std::string& id : s.view.panels)
    if (const PanelInfo* p = find_panel(id); p && p->slot != Slot::Left) rest.push_back(p);
  const int n = static_cast<int>(rest.size());
  // The grid's area: all of the window but the Controls, which take a left column, or
  // a band along the top when the window is too narrow for a column (a phone).
  float x0 = 0, y0 = 0, strip_h = 0;
  const PanelInfo* controls = nullptr;
  for (const PanelInfo* p : in_slot(Slot::Left))
    if (s.view.panel(p->id)) controls = p;
  bool hide_notices = controls != nullptr;  // the Controls show them
  if (s.lesson.open && (n == 0 || W >= 560)) {
    // The lesson panel: the upper part of the Controls' column, or a column of its own.
    const float w = n == 0 ? W : std::floor(std::clamp(W * 0.3f, 240.0f, 340.0f));
    const float h = controls ? std::floor(H * 0.55f) : H;
    window(s, kLessonPanel, tr(kLessonPanel.embed_title), ImVec2(0, 0), ImVec2(w, h));
    if (controls) window(s, *controls, tr(controls->embed_title), ImVec2(0, h), ImVec2(w, H - h));
    if (n == 0) return;
    x0 = w;
    controls = nullptr;
  } else if (s.lesson.open) {
    // Narrow: the lesson is a band along the top instead of the Controls.
    const float h = std::floor(H * 0.45f);
    window(s, kLessonPanel, tr(kLessonPanel.embed_title), ImVec2(0, 0), ImVec2(W, h));
    y0 = h;
    controls = nullptr;
    hide_notices = false;
  }
  if (controls) {
    ImVec2 size(std::floor(std::clamp(W * 0.26f, 205.0f, 280.0f)), H);
    if (n == 0) size.x = W;
    if (n > 0 && W < 560) {
      // As tall as its content was last frame, at most 45% of the window.
      const float want = s.controls_h > 0 ? s.controls_h : H * 0.45f;
      size = ImVec2(W, std::floor(std::min(want, H * 0.45f)));
    }
    if (begin_panel(tr(controls->embed_title), ImVec2(0, 0), size)) {
      mark_panel(s, controls->id);
      controls->draw(s);
      s.controls_h = ImGui::GetCursorPosY() + ImGui::GetStyle().WindowPadding.y;
    }
    ImGui::End();
    if (size.x < W)
      x0 = size.x;
    else
      y0 = size.y;
  } else if (!hide_notices) {
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
  // A row with a wide top panel (the Curves) gets more height: its legend and options
  // take a fixed part.
  std::vector<float> row_y(rows + 1, 0.0f);
  for (int r = 0; r < rows; ++r) {
    bool wide = false;
    for (int i = r * best_cols; i < std::min(n, (r + 1) * best_cols); ++i)
      wide = wide || rest[i]->slot == Slot::TopWide;
    row_y[r + 1] = row_y[r] + (wide && rows > 1 ? 1.3f : 1.0f);
  }
  for (float& y : row_y) y = std::floor(y / row_y[rows] * GH);
  for (int i = 0; i < n; ++i) {
    const int row = i / best_cols;
    const int in_row = std::min(best_cols, n - row * best_cols);  // the last row stretches
    const int col = i % best_cols;
    const float cell_w = std::floor(R / in_row);
    const float w = col == in_row - 1 ? R - col * cell_w : cell_w;
    window(s, *rest[i], tr(rest[i]->embed_title), ImVec2(x0 + col * cell_w, y0 + row_y[row]),
           ImVec2(w, row_y[row + 1] - row_y[row]));
  }
}

void phone_layout(State& s, float W, float H) {
  // Finger-sized targets: buttons and sliders at least kTouchTarget tall on a touch
  // screen, more room between them.
  const float pad_y = std::max(6.0f, (touch_target(s) - ImGui::GetFontSize()) / 2);
  const float pad_x = touch_target(s) > 0 ? 10.0f : 6.0f;  // short tab labels ("Data") too
  ImGui::PushStyleVar(ImGuiStyleVar_FramePadding, ImVec2(pad_x, std::ceil(pad_y)));
  ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, ImVec2(8, 7));
  // Portrait: the wide top panel (Curves) on top, tabs below. Landscape (a phone turned
  // sideways, short): on the left, tabs on the right.
  const bool landscape = W > H * 1.3f;
  const float top_h = landscape ? H : std::floor(std::clamp(H * 0.48f, 180.0f, W * 1.1f));
  const float top_w = landscape ? std::floor(W * 0.5f) : W;
  std::vector<const PanelInfo*> rest;
  const PanelInfo* pinned = nullptr;
  if (s.lesson.open) rest.push_back(&kLessonPanel);  // the first tab while a lesson is open
  for (const PanelInfo& p : panel_registry()) {
    if (!pinned && p.slot == Slot::TopWide)
      pinned = &p;
    else
      rest.push_back(&p);
  }
  if (pinned) {
    if (begin_panel(tr(pinned->embed_title), ImVec2(0, 0), ImVec2(top_w, top_h))) {
      mark_panel(s, pinned->id);
      // The plot's legend and labels are read, not touched: they keep the normal text
      // size, which leaves the plot its height.
      ImGui::SetWindowFontScale(1.0f / s.host->font_scale());
      pinned->draw(s);
    }
    ImGui::End();
  }
  const ImVec2 pos = landscape ? ImVec2(top_w, 0) : ImVec2(0, pinned ? top_h : 0);
  tabs(s, tr(S::app_title), rest, pos, ImVec2(W - pos.x, H - pos.y), true, false,
       s.lesson.select_tab && s.lesson.open ? &kLessonPanel : nullptr);
  s.lesson.select_tab = false;
  ImGui::PopStyleVar(2);
}

void touch_scroll(const State& s) {
  // With a finger there is no wheel: a drag that starts on a panel's empty space (which
  // makes the panel's move handle active; panels do not move) scrolls it instead.
  if (!s.host->touch_input() || !ImGui::IsMouseDown(ImGuiMouseButton_Left)) return;
  ImGuiContext& g = *ImGui::GetCurrentContext();
  ImGuiWindow* w = g.ActiveIdWindow;
  if (!w || g.ActiveId == 0 || g.ActiveId != w->MoveId) return;
  const float dy = ImGui::GetIO().MouseDelta.y;
  if (dy == 0) return;
  // The innermost window that can scroll: the panel's child region, or the panel.
  for (ImGuiWindow* c = w; c; c = c->ParentWindow) {
    if (c->ScrollMax.y > 0) {
      ImGui::SetScrollY(c, std::clamp(c->Scroll.y - dy, 0.0f, c->ScrollMax.y));
      break;
    }
  }
}

}  // namespace app
