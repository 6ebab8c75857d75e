// Masks: for each Dropout layer, the current minibatch's mask as a grid (rows =
// samples of the batch, columns = units). Dropped cells are dark red; kept cells are
// shaded by what Dropout passed on (activation * 1/(1-p)). A new grid every step; it
// holds still while paused.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "app/panels.h"
#include "app/state.h"
#include "imgui.h"

namespace app {

static void kept_rgb(float t, uint8_t* rgb) {  // t in [0, 1]: scaled activation / batch max
  t = std::clamp(t, 0.0f, 1.0f);
  const float a[3] = {38, 78, 92}, b[3] = {250, 220, 90};
  for (int k = 0; k < 3; ++k) rgb[k] = static_cast<uint8_t>(a[k] + (b[k] - a[k]) * t);
}

static ImU32 kept_shade(float t) {
  uint8_t c[3];
  kept_rgb(t, c);
  return IM_COL32(c[0], c[1], c[2], 255);
}

// The grid of one layer as an image: one texel per (sample, unit).
static void mask_image(const std::vector<uint8_t>& mask, const std::vector<float>& out, int rows,
                       int cols, float vmax, std::vector<uint8_t>* rgba) {
  rgba->resize(static_cast<size_t>(rows) * cols * 4);
  const ImVec4 dropped = ImGui::ColorConvertU32ToFloat4(kDroppedColor);
  for (size_t i = 0; i < static_cast<size_t>(rows) * cols; ++i) {
    uint8_t* px = &(*rgba)[i * 4];
    if (mask[i]) {
      kept_rgb(std::fabs(out[i]) / vmax, px);
    } else {
      px[0] = static_cast<uint8_t>(dropped.x * 255);
      px[1] = static_cast<uint8_t>(dropped.y * 255);
      px[2] = static_cast<uint8_t>(dropped.z * 255);
    }
    px[3] = 255;
  }
}

void panel_masks(State& s) {
  const dp::Trainer& run = run_of(s);
  if (diverged_note(s)) return;
  const BatchView& v = s.batch;
  if (run.model().num_dropout() == 0) {
    ImGui::TextWrapped("%s", tr(S::masks_no_layer));
    return;
  }
  if (v.rows == 0 || v.step == 0) {
    ImGui::TextWrapped("%s", tr(S::masks_empty));
    return;
  }
  const int rows = v.shown_rows();  // drawn
  ImGui::Text(tr(S::masks_header), v.step, v.rows, v.p);
  help_marker(tr(S::masks_help));
  if (rows < v.rows) ImGui::TextDisabled(tr(S::masks_rows_shown), rows, v.rows);
  // Legend.
  ImDrawList* dl = ImGui::GetWindowDrawList();
  {
    ImVec2 c = ImGui::GetCursorScreenPos();
    float h = ImGui::GetFontSize();
    dl->AddRectFilled(c, ImVec2(c.x + h, c.y + h), kDroppedColor);
    ImGui::Dummy(ImVec2(h, h));
    ImGui::SameLine();
    ImGui::TextUnformatted(tr(S::masks_dropped));
    ImGui::SameLine(0, ImGui::GetStyle().ItemSpacing.x +
                           ImGui::CalcTextSize("   ").x);  // a gap between the two keys
    c = ImGui::GetCursorScreenPos();
    for (int i = 0; i < 24; ++i)
      dl->AddRectFilled(ImVec2(c.x + i * 3, c.y), ImVec2(c.x + i * 3 + 3, c.y + h),
                        kept_shade(i / 23.0f));
    ImGui::Dummy(ImVec2(72, h));
    ImGui::SameLine();
    ImGui::TextUnformatted(tr(S::masks_kept));
  }

  const int L = static_cast<int>(v.layers.size());
  const float fh = ImGui::GetFontSize();
  const bool upload =
      s.mask_images_version != v.step || static_cast<int>(s.mask_images.size()) != L;
  if (static_cast<int>(s.mask_images.size()) != L) {
    s.mask_images.assign(L, Image{});
    for (int l = 0; l < L; ++l) s.mask_images[l].id = static_cast<uint64_t>(l + 1);
  }
  s.mask_images_version = v.step;
  const ImU32 gap_color = ImGui::GetColorU32(ImGuiCol_WindowBg);
  const float avail_h = ImGui::GetContentRegionAvail().y;
  const float per_layer = avail_h / L - fh * 1.6f;
  for (int l = 0; l < L; ++l) {
    const BatchView::Layer& layer = v.layers[l];
    const int cols = layer.cols;
    if (layer.kept.empty()) continue;
    const long cells = static_cast<long>(v.rows) * cols;
    ImGui::Text(tr(S::masks_layer), l + 1, layer.dropped, cells, 100.0 * layer.dropped / cells);
    ImVec2 origin = ImGui::GetCursorScreenPos();
    float w = ImGui::GetContentRegionAvail().x;
    float cw = w / cols;
    float ch = std::clamp(per_layer / rows, 2.0f, fh * 1.5f);
    Image& img = s.mask_images[l];
    if (upload) {
      mask_image(layer.kept, layer.out, rows, cols, layer.vmax, &img.rgba);
      img.w = cols;
      img.h = rows;
      ++img.version;
    }
    ImVec2 end(origin.x + cw * cols, origin.y + ch * rows);
    if (ImTextureID tex = s.host->texture(img)) dl->AddImage(tex, origin, end);
    // Cell borders when the cells are large enough to have them.
    if (cw >= 4)
      for (int c = 1; c < cols; ++c)
        dl->AddLine(ImVec2(origin.x + c * cw - 0.5f, origin.y),
                    ImVec2(origin.x + c * cw - 0.5f, end.y), gap_color, 1.0f);
    if (ch >= 4)
      for (int r = 1; r < rows; ++r)
        dl->AddLine(ImVec2(origin.x, origin.y + r * ch - 0.5f),
                    ImVec2(end.x, origin.y + r * ch - 0.5f), gap_color, 1.0f);
    ImGui::PushID(l);
    ImGui::InvisibleButton("##grid", ImVec2(w, std::max(1.0f, ch * rows)));
    mark_widget(s, ("masks.layer." + std::to_string(l + 1)).c_str());
    if (ImGui::IsItemHovered()) {
      ImVec2 mp = ImGui::GetIO().MousePos;
      int c = std::clamp(static_cast<int>((mp.x - origin.x) / cw), 0, cols - 1);
      int r = std::clamp(static_cast<int>((mp.y - origin.y) / ch), 0, rows - 1);
      size_t i = static_cast<size_t>(r) * cols + c;
      if (layer.kept[i]) {
        ImGui::SetTooltip(tr(S::masks_cell_kept), r + 1, c + 1, layer.in[i], layer.out[i]);
      } else {
        ImGui::SetTooltip(tr(S::masks_cell_dropped), r + 1, c + 1, layer.in[i]);
      }
    }
    ImGui::PopID();
  }
}

}  // namespace app
