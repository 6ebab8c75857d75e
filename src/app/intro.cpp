// The start card of a first visit: three short steps (Play, watch the twin's validation
// loss turn up, try p = 0.8) in a card over the Curves, where the lesson happens. The
// run waits, paused, until the student presses Play (here or in Controls); the card's
// Play or Close dismisses it for good (Host::remember). "What to look for", at the top
// of Controls, keeps the same advice at hand afterwards.
#include <algorithm>
#include <string>

#include "app/api.h"
#include "app/panels.h"
#include "app/state.h"
#include "imgui.h"
#include "imgui_internal.h"

namespace app {

void dismiss_intro(State& s) {
  if (!s.intro) return;
  s.intro = false;
  s.host->remember(kIntroKey, "seen");
}

void intro_card(State& s) {
  if (!s.intro) return;
  // Over the Curves when they show (any layout); else in the middle of the window.
  const ImVec2 D = ImGui::GetIO().DisplaySize;
  WidgetRect area{"", 0, 0, D.x, D.y};
  for (const WidgetRect& w : s.widgets_next)
    if (w.id == "panel.curves") area = w;
  const float fh = ImGui::GetFontSize();
  const float w = std::min(area.w - 2 * fh, fh * 32);
  ImGui::SetNextWindowPos(ImVec2(area.x + area.w / 2, area.y + std::min(area.h * 0.12f, 4 * fh)),
                          ImGuiCond_Always, ImVec2(0.5f, 0));
  ImGui::SetNextWindowSize(ImVec2(w, 0), ImGuiCond_Always);
  ImGui::PushStyleColor(ImGuiCol_WindowBg, ImVec4(0.13f, 0.16f, 0.24f, 0.97f));
  ImGui::PushStyleColor(ImGuiCol_Border, ImVec4(0.55f, 0.75f, 1.0f, 0.9f));
  ImGui::PushStyleVar(ImGuiStyleVar_WindowBorderSize, 2.0f);
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(fh, fh * 0.8f));
  const ImGuiWindowFlags flags =
      ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
      ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoFocusOnAppearing;
  if (ImGui::Begin("##intro", nullptr, flags)) {
    ImGui::BringWindowToDisplayFront(ImGui::GetCurrentWindow());
    mark_panel(s, "intro");
    ImGui::PushTextWrapPos(0);
    ImGui::TextColored(ImVec4(0.55f, 0.75f, 1.0f, 1.0f), "%s", tr(S::intro_title));
    ImGui::Spacing();
    ImGui::TextUnformatted(tr(S::intro_step_play));
    ImGui::TextUnformatted(tr(S::intro_step_watch));
    ImGui::TextUnformatted(tr(S::intro_step_try));
    ImGui::TextDisabled("%s", tr(S::intro_later));
    ImGui::PopTextWrapPos();
    ImGui::Spacing();
    const float bh = std::max(fh * 1.8f, touch_target(s));
    if (ImGui::Button(tr(S::intro_play), ImVec2(fh * 7, bh))) {
      dismiss_intro(s);
      play(s);
    }
    mark_widget(s, "intro.play");
    ImGui::SameLine();
    if (ImGui::Button(tr(S::intro_close), ImVec2(fh * 7, bh))) dismiss_intro(s);
    mark_widget(s, "intro.close");
  }
  ImGui::End();
  ImGui::PopStyleVar(2);
  ImGui::PopStyleColor(2);
}

}  // namespace app
