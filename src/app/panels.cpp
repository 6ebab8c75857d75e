// The registry of panels, and what the panels share (colours, help markers, the
// diverged-run note).
#include "app/panels.h"

#include <algorithm>
#include <string>

#include "app/state.h"
#include "imgui_internal.h"

namespace app {

const std::vector<PanelInfo>& panel_registry() {
  static const std::vector<PanelInfo> table = {
      {"controls", S::panel_controls_title, S::panel_controls_embed, S::panel_controls_tab,
       panel_controls, Slot::Left, 1.0f},
      {"curves", S::panel_curves_title, S::panel_curves_embed, S::panel_curves_tab, panel_curves,
       Slot::TopWide, 1.0f},
      {"data", S::panel_data_title, S::panel_data_embed, S::panel_data_tab, panel_data,
       Slot::TopSquare, 1.0f},
      {"masks", S::panel_masks_title, S::panel_masks_embed, S::panel_masks_tab, panel_masks,
       Slot::Bottom, 0.34f},
      {"network", S::panel_network_title, S::panel_network_embed, S::panel_network_tab,
       panel_network, Slot::Bottom, 0.297f},
      {"pytorch", S::panel_pytorch_title, S::panel_pytorch_embed, S::panel_pytorch_tab,
       panel_pytorch, Slot::Bottom, 0.363f},
      {"sweep", S::panel_sweep_title, S::panel_sweep_embed, S::panel_sweep_tab, panel_sweep,
       Slot::Bottom, 0.0f},
  };
  return table;
}

const PanelInfo* find_panel(const std::string& id) {
  for (const PanelInfo& p : panel_registry())
    if (id == p.id) return &p;
  return nullptr;
}

std::vector<std::string> panel_ids() {
  std::vector<std::string> ids;
  for (const PanelInfo& p : panel_registry()) ids.push_back(p.id);
  return ids;
}

const float kClassColors[4][3] = {
    {0.22f, 0.52f, 0.98f},  // blue
    {0.98f, 0.56f, 0.18f},  // orange
    {0.30f, 0.80f, 0.42f},  // green
    {0.82f, 0.38f, 0.85f},  // violet
};

ImU32 class_color(int k, float alpha) {
  // Classes past the four of the 2-D data (the digits' ten) take further colours.
  static const float more[6][3] = {{0.90f, 0.30f, 0.30f}, {0.95f, 0.85f, 0.25f},
                                   {0.40f, 0.85f, 0.90f}, {0.65f, 0.45f, 0.30f},
                                   {0.75f, 0.75f, 0.78f}, {0.55f, 0.95f, 0.55f}};
  const float* c = k < 4 ? kClassColors[std::max(k, 0)] : more[(k - 4) % 6];
  return ImGui::ColorConvertFloat4ToU32(ImVec4(c[0], c[1], c[2], alpha));
}

ImU32 kept_shade_color(float t) {
  const Rgb8 c = kept_rgb(t);  // the Masks grid's ramp
  return IM_COL32(c.r, c.g, c.b, 255);
}

float touch_target(const State& s) { return s.host->touch_input() ? kTouchTarget : 0.0f; }

bool diverged_note(const State& s) {
  if (!run_of(s).diverged()) return false;
  ImGui::PushTextWrapPos(0);
  ImGui::TextColored(kErrorColor, "%s", tr(S::diverged_panel));
  ImGui::PopTextWrapPos();
  return true;
}

void no_twin_note(State& s, const char* id) {
  ImGui::PushTextWrapPos(0);
  ImGui::TextDisabled("%s", tr(S::twin_none));
  ImGui::PopTextWrapPos();
  mark_widget(s, id);
}

// "(?)" after the last item: hovering the glyph shows `text` as a tooltip; a click or a
// tap on it opens the text in a popup that stays until the next click or tap (a touch
// screen has no hover). The glyph is a button the size of its text, so that its press
// is its own (a press on plain text would start a drag of the panel).
void help_marker(State& s, const char* id, const char* text) {
  const ImVec2 size = ImGui::CalcTextSize("(?)");
  ImGui::SameLine();
  if (ImGui::GetContentRegionAvail().x < size.x) ImGui::NewLine();  // never cut off
  ImGui::PushID(text);
  ImGuiWindow* window = ImGui::GetCurrentWindow();
  const float baseline = window->DC.CurrLineTextBaseOffset;  // text beside a frame sits lower
  const ImVec2 pos = ImGui::GetCursorScreenPos();
  const bool clicked = ImGui::InvisibleButton("##help", ImVec2(size.x, baseline + size.y));
  mark_widget(s, id);
  const bool hovered = ImGui::IsItemHovered();
  ImGui::GetWindowDrawList()->AddText(
      ImVec2(pos.x, pos.y + baseline),
      ImGui::GetColorU32(hovered ? ImGuiCol_Text : ImGuiCol_TextDisabled), "(?)");
  // A click while the popup is open closes it (a click outside a popup does), and the
  // glyph under the popup's shadow does not take that click: a second tap toggles it off.
  if (clicked) ImGui::OpenPopup("##help_text");
  // The text, reported as "<id>.open" (the popup) or "<id>.tooltip" for tests.
  auto body = [&](const char* what) {
    ImGui::PushTextWrapPos(ImGui::GetFontSize() * 28.0f);
    ImGui::TextUnformatted(text);
    ImGui::PopTextWrapPos();
    mark_widget(s, (std::string(id) + what).c_str());
  };
  if (ImGui::BeginPopup("##help_text")) {
    body(".open");
    ImGui::EndPopup();
  } else if (hovered) {
    ImGui::BeginTooltip();
    body(".tooltip");
    ImGui::EndTooltip();
  }
  ImGui::PopID();
}

void same_line_if_fits(const char* label) {
  const ImGuiStyle& st = ImGui::GetStyle();
  const float w =
      ImGui::GetFrameHeight() + st.ItemInnerSpacing.x + ImGui::CalcTextSize(label, nullptr, true).x;
  const float line_end = ImGui::GetItemRectMax().x + st.ItemSpacing.x + w;
  if (line_end <= ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x) ImGui::SameLine();
}

void item_tooltip(const char* text) {
  if (!ImGui::IsItemHovered()) return;
  ImGui::BeginTooltip();
  ImGui::PushTextWrapPos(ImGui::GetFontSize() * 28.0f);
  ImGui::TextUnformatted(text);
  ImGui::PopTextWrapPos();
  ImGui::EndTooltip();
}

}  // namespace app
