// Masks: for each Dropout layer, the current minibatch's mask as a grid (rows =
// samples of the batch, columns = units). Dropped cells are dark red; kept cells are
// shaded by what Dropout passed on (activation * 1/(1-p)). A new grid every step; it
// holds still while paused.
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "app/panels.h"
#include "app/state.h"
#include "imgui.h"

namespace app {

static ImU32 kept_shade(float t) {  // t in [0, 1]: scaled activation / batch max
  t = std::clamp(t, 0.0f, 1.0f);
  const float a[3] = {38, 78, 92}, b[3] = {250, 220, 90};
  return IM_COL32(static_cast<int>(a[0] + (b[0] - a[0]) * t),
                  static_cast<int>(a[1] + (b[1] - a[1]) * t),
                  static_cast<int>(a[2] + (b[2] - a[2]) * t), 255);
}

void panel_masks(State& s) {
  const dp::Trainer& run = s.twin->run;
  const dp::Mlp& m = run.model();
  const int rows = m.batch_rows();
  if (m.num_dropout() == 0) {
    ImGui::TextWrapped("This model has no hidden layer, so no Dropout layer.");
    return;
  }
  if (rows == 0 || run.steps() == 0) {
    ImGui::TextWrapped("No minibatch yet: press Play or Step to see the first masks.");
    return;
  }
  ImGui::Text("step %ld: %d samples, p = %.2f", run.steps(), rows, m.batch_p());
  help_marker(
      "Each row is one sample of the current minibatch, each column one unit of the layer. "
      "Dark red: dropped (the unit outputs 0 for this sample). Teal to yellow: kept, shaded by "
      "the value Dropout passes on (activation x 1/(1-p)). A fresh mask is drawn every step.");
  // Legend.
  ImDrawList* dl = ImGui::GetWindowDrawList();
  {
    ImVec2 c = ImGui::GetCursorScreenPos();
    float h = ImGui::GetFontSize();
    dl->AddRectFilled(c, ImVec2(c.x + h, c.y + h), kDroppedColor);
    ImGui::Dummy(ImVec2(h, h));
    ImGui::SameLine();
    ImGui::TextUnformatted("dropped   ");
    ImGui::SameLine();
    c = ImGui::GetCursorScreenPos();
    for (int i = 0; i < 24; ++i)
      dl->AddRectFilled(ImVec2(c.x + i * 3, c.y), ImVec2(c.x + i * 3 + 3, c.y + h),
                        kept_shade(i / 23.0f));
    ImGui::Dummy(ImVec2(72, h));
    ImGui::SameLine();
    ImGui::TextUnformatted("kept (small->large)");
  }

  const int L = m.num_dropout();
  const float fh = ImGui::GetFontSize();
  const float avail_h = ImGui::GetContentRegionAvail().y;
  const float per_layer = avail_h / L - fh * 1.6f;
  for (int l = 0; l < L; ++l) {
    const int cols = m.sizes()[l + 1];
    const std::vector<uint8_t>& mask = m.mask(l);
    const std::vector<float>& out = m.dropout_output(l);
    const std::vector<float>& in = m.dropout_input(l);
    if (mask.size() < static_cast<size_t>(rows) * cols) continue;
    int dropped = 0;
    float vmax = 1e-12f;
    for (size_t i = 0; i < static_cast<size_t>(rows) * cols; ++i) {
      dropped += mask[i] ? 0 : 1;
      if (mask[i]) vmax = std::max(vmax, std::fabs(out[i]));
    }
    ImGui::Text("Dropout %d (%d units): %d of %d dropped (%.0f%%)", l + 1, cols, dropped,
                rows * cols, 100.0 * dropped / (rows * cols));
    ImVec2 origin = ImGui::GetCursorScreenPos();
    float w = ImGui::GetContentRegionAvail().x;
    float cw = w / cols;
    float ch = std::clamp(per_layer / rows, 2.0f, fh * 1.5f);
    float gapx = cw >= 4 ? 1.0f : 0.0f, gapy = ch >= 4 ? 1.0f : 0.0f;
    for (int r = 0; r < rows; ++r) {
      for (int c = 0; c < cols; ++c) {
        size_t i = static_cast<size_t>(r) * cols + c;
        ImU32 col = mask[i] ? kept_shade(std::fabs(out[i]) / vmax) : kDroppedColor;
        ImVec2 a(origin.x + c * cw, origin.y + r * ch);
        dl->AddRectFilled(a, ImVec2(a.x + cw - gapx, a.y + ch - gapy), col);
      }
    }
    ImGui::PushID(l);
    ImGui::InvisibleButton("##grid", ImVec2(w, std::max(1.0f, ch * rows)));
    if (ImGui::IsItemHovered()) {
      ImVec2 mp = ImGui::GetIO().MousePos;
      int c = std::clamp(static_cast<int>((mp.x - origin.x) / cw), 0, cols - 1);
      int r = std::clamp(static_cast<int>((mp.y - origin.y) / ch), 0, rows - 1);
      size_t i = static_cast<size_t>(r) * cols + c;
      if (mask[i]) {
        ImGui::SetTooltip("sample %d, unit %d: kept\nactivation %.4f -> output %.4f", r + 1, c + 1,
                          in[i], out[i]);
      } else {
        ImGui::SetTooltip("sample %d, unit %d: dropped\nactivation %.4f -> output 0", r + 1, c + 1,
                          in[i]);
      }
    }
    ImGui::PopID();
  }
}

}  // namespace app
