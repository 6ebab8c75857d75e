// The phone layout (issue 4: usable on a 390x844 screen with touch): below
// kNarrowWidth (or kShortHeight) the side-by-side tiling leaves every panel too thin,
// so the Curves take the top of the screen (the left half in landscape) and the other
// panels share the rest as tabs (Controls first).
// Also here: drag-to-scroll for touch screens, where there is no wheel.
#include <algorithm>
#include <cmath>

#include "app/app.h"
#include "app/panels.h"
#include "app/state.h"
#include "imgui.h"
#include "imgui_internal.h"
#include "platform/platform.h"

namespace app {
namespace {

constexpr ImGuiWindowFlags kFlags = ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize |
                                    ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_NoSavedSettings |
                                    ImGuiWindowFlags_NoBackground;

bool begin_at(const char* title, ImVec2 pos, ImVec2 size) {
  ImGui::SetNextWindowPos(pos, ImGuiCond_Always);
  ImGui::SetNextWindowSize(size, ImGuiCond_Always);
  return ImGui::Begin(title, nullptr, kFlags);
}

}  // namespace

void narrow_layout(State& s, float W, float H) {
  // Finger-sized targets: taller buttons and sliders, more room between them.
  ImGui::PushStyleVar(ImGuiStyleVar_FramePadding, ImVec2(6, 6));
  ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, ImVec2(8, 7));
  // Portrait: Curves on top, tabs below. Landscape (a phone turned sideways, short):
  // Curves on the left, tabs on the right.
  const bool landscape = W > H * 1.3f;
  const float curves_h = landscape ? H : std::floor(std::clamp(H * 0.42f, 180.0f, W * 0.95f));
  const float curves_w = landscape ? std::floor(W * 0.5f) : W;
  if (begin_at("Curves: loss per epoch (dashed: p=0 twin)", ImVec2(0, 0),
               ImVec2(curves_w, curves_h))) {
    // The plot's legend and labels are read, not touched: they keep the normal text
    // size, which leaves the plot its height.
    ImGui::SetWindowFontScale(1.0f / platform::font_scale());
    panel_curves(s);
  }
  ImGui::End();

  const ImVec2 tabs_pos = landscape ? ImVec2(curves_w, 0) : ImVec2(0, curves_h);
  if (begin_at("Dropout Playground", tabs_pos, ImVec2(W - tabs_pos.x, H - tabs_pos.y))) {
    if (ImGui::BeginTabBar("##narrow", ImGuiTabBarFlags_FittingPolicyScroll)) {
      struct Tab {
        const char* name;
        void (*draw)(State&);
      };
      const Tab tabs[] = {{"Controls", panel_controls},
                          {"Data", panel_data},
                          {"Masks", panel_masks},
                          {"Network", panel_network},
                          {"PyTorch", panel_pytorch}};
      for (const Tab& t : tabs) {
        if (ImGui::BeginTabItem(t.name)) {
          ImGui::BeginChild(t.name);  // each tab scrolls on its own
          t.draw(s);
          ImGui::EndChild();
          ImGui::EndTabItem();
        }
      }
      ImGui::EndTabBar();
    }
  }
  ImGui::End();
  ImGui::PopStyleVar(2);
}

void touch_scroll() {
  // With a finger there is no wheel: a drag that starts on a panel's empty space (which
  // makes the panel's move handle active; panels do not move) scrolls it instead.
  if (!platform::touch_input() || !ImGui::IsMouseDown(ImGuiMouseButton_Left)) return;
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
