// Masks: for each Dropout layer, the current minibatch's mask as a grid (rows =
// samples of the batch, top to bottom; columns = units of the layer, left to right).
// Dropped cells are neutral grey; kept cells are shaded by what Dropout passed on
// (activation * 1/(1-p)) along the blue -> yellow ramp of app/mask_colors.h. A new grid
// every step; it holds still while paused. Cells stay at least kMinCellWidth px wide:
// a wider layer shows a window of its units, paged with < and >.
//
// A second view counts the masks of every batch so far (app/panel_mask_stats.cpp).
//
// Reported for tests: "masks.view.batch" / "masks.view.stats" (the two views),
// "masks.help" (the (?)), "masks.layer.L" (layer L's grid),
// "masks.cell.L" (the grid's top-left cell), "masks.units" (the line naming the units
// drawn, when not all are) and its buttons "masks.units.prev" / "masks.units.next".
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "app/mask_colors.h"
#include "app/panels.h"
#include "app/state.h"
#include "imgui.h"

namespace app {
namespace {

constexpr float kMinCellWidth = 5.0f;  // px: narrower cells are not told apart

// The grid of one layer as an image: one texel per (sample, unit), every unit (the
// panel shows a window of them through the texture coordinates).
void mask_image(const std::vector<uint8_t>& mask, const std::vector<float>& out, int rows, int cols,
                float vmax, std::vector<uint8_t>* rgba) {
  rgba->resize(static_cast<size_t>(rows) * cols * 4);
  for (size_t i = 0; i < static_cast<size_t>(rows) * cols; ++i) {
    uint8_t* px = &(*rgba)[i * 4];
    const Rgb8 c = mask[i] ? kept_rgb(vmax > 0 ? std::fabs(out[i]) / vmax : 0.0f) : kMaskDroppedRgb;
    px[0] = c.r;
    px[1] = c.g;
    px[2] = c.b;
    px[3] = 255;
  }
}

// Text turned a quarter clockwise (it reads downward), its first letter at `top`.
void vertical_text(ImDrawList* dl, ImVec2 top, ImU32 color, const char* text) {
  const int first = dl->VtxBuffer.Size;
  dl->AddText(top, color, text);
  const float fh = ImGui::GetFontSize();
  // (x, y) -> (top.x + fh - (y - top.y), top.y + (x - top.x)): the glyphs' tops face right.
  for (int i = first; i < dl->VtxBuffer.Size; ++i) {
    ImVec2& v = dl->VtxBuffer[i].pos;
    const ImVec2 d(v.x - top.x, v.y - top.y);
    v = ImVec2(top.x + fh - d.y, top.y + d.x);
  }
}

}  // namespace

void panel_masks(State& s) {
  const dp::Trainer& run = run_of(s);
  if (diverged_note(s)) return;
  const BatchView& v = s.batch;
  if (run.model().num_dropout() == 0) {
    ImGui::TextWrapped("%s", tr(S::masks_no_layer));
    return;
  }
  // This batch | What they add up to (app/panel_mask_stats.cpp).
  ImGui::RadioButton(tr(S::masks_view_batch), &s.masks_view, 0);
  mark_widget(s, "masks.view.batch");
  item_tooltip(tr(S::masks_view_tip));
  same_line_if_fits(tr(S::masks_view_stats));
  ImGui::RadioButton(tr(S::masks_view_stats), &s.masks_view, 1);
  mark_widget(s, "masks.view.stats");
  item_tooltip(tr(S::masks_view_tip));
  if (s.masks_view == 1) {
    mask_stats_view(s);
    return;
  }
  if (v.rows == 0 || v.step == 0) {
    ImGui::TextWrapped("%s", tr(S::masks_empty));
    return;
  }
  const int rows = v.shown_rows();  // drawn
  ImGui::Text(tr(S::masks_header), v.step, v.rows, v.p);
  help_marker(s, "masks.help", tr(S::masks_help));
  ImGui::PushTextWrapPos(0);
  if (rows < v.rows) ImGui::TextDisabled(tr(S::masks_rows_shown), rows, v.rows);
  ImGui::PopTextWrapPos();
  // Legend.
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const float fh = ImGui::GetFontSize();
  {
    ImVec2 c = ImGui::GetCursorScreenPos();
    dl->AddRectFilled(c, ImVec2(c.x + fh, c.y + fh), kDroppedColor);
    ImGui::Dummy(ImVec2(fh, fh));
    ImGui::SameLine();
    ImGui::TextUnformatted(tr(S::masks_dropped));
    // A gap between the two keys, or the second key on a line of its own when narrow.
    const float gap = ImGui::GetStyle().ItemSpacing.x + ImGui::CalcTextSize("   ").x;
    const float key_w =
        72 + ImGui::GetStyle().ItemSpacing.x + ImGui::CalcTextSize(tr(S::masks_kept)).x;
    if (ImGui::GetItemRectMax().x + gap + key_w <=
        ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x)
      ImGui::SameLine(0, gap);
    c = ImGui::GetCursorScreenPos();
    for (int i = 0; i < 24; ++i)
      dl->AddRectFilled(ImVec2(c.x + i * 3, c.y), ImVec2(c.x + i * 3 + 3, c.y + fh),
                        kept_shade_color(i / 23.0f));
    ImGui::Dummy(ImVec2(72, fh));
    ImGui::SameLine();
    ImGui::TextUnformatted(tr(S::masks_kept));
  }

  const int L = static_cast<int>(v.layers.size());
  // The grids share their width: a gutter for the samples' label on the left, then cells
  // of at least kMinCellWidth px. A layer with more units than fit shows `fit` of them,
  // from the same first unit in every layer (paged with < and >).
  const float gutter = fh + 2;
  const float grid_w = std::max(1.0f, ImGui::GetContentRegionAvail().x - gutter);
  const int fit = std::max(1, static_cast<int>(grid_w / kMinCellWidth));
  int widest = 0, wide_cols = 0;  // the widest layer; the width of those that do not fit
  bool mixed = false;             // layers too wide to fit, of different widths
  for (const BatchView::Layer& layer : v.layers) {
    widest = std::max(widest, layer.cols);
    if (layer.cols <= fit) continue;
    mixed = mixed || (wide_cols && layer.cols != wide_cols);
    wide_cols = layer.cols;
  }
  ImGuiStorage* store = ImGui::GetStateStorage();
  const ImGuiID first_key = ImGui::GetID("##first_unit");
  int first = std::clamp(store->GetInt(first_key, 0), 0, std::max(0, widest - fit));
  if (widest > fit) {
    const int last = std::min(first + fit, widest);
    ImGui::PushTextWrapPos(ImGui::GetContentRegionAvail().x -
                           2 * (ImGui::GetFrameHeight() + ImGui::GetStyle().ItemSpacing.x));
    if (mixed)
      ImGui::TextDisabled(tr(S::masks_units_shown_mixed), first + 1, last);
    else
      ImGui::TextDisabled(tr(S::masks_units_shown), first + 1, last, widest);
    ImGui::PopTextWrapPos();
    mark_widget(s, "masks.units");
    ImGui::SameLine();
    ImGui::BeginDisabled(first == 0);
    if (ImGui::SmallButton(tr(S::masks_units_prev))) first = std::max(0, first - fit);
    ImGui::EndDisabled();
    mark_widget(s, "masks.units.prev");
    item_tooltip(tr(S::masks_units_prev_tip));
    ImGui::SameLine();
    ImGui::BeginDisabled(last >= widest);
    if (ImGui::SmallButton(tr(S::masks_units_next))) first = std::min(widest - fit, first + fit);
    ImGui::EndDisabled();
    mark_widget(s, "masks.units.next");
    item_tooltip(tr(S::masks_units_next_tip));
  }
  store->SetInt(first_key, first);

  const bool upload =
      s.mask_images_version != v.step || static_cast<int>(s.mask_images.size()) != L;
  if (static_cast<int>(s.mask_images.size()) != L) {
    s.mask_images.assign(L, Image{});
    for (int l = 0; l < L; ++l) s.mask_images[l].id = static_cast<uint64_t>(l + 1);
  }
  s.mask_images_version = v.step;
  const ImU32 gap_color = ImGui::GetColorU32(ImGuiCol_WindowBg);
  const ImU32 axis_color = ImGui::GetColorU32(ImGuiCol_TextDisabled);
  const float avail_h = ImGui::GetContentRegionAvail().y;
  const float per_layer = avail_h / L - fh * 1.6f;
  for (int l = 0; l < L; ++l) {
    const BatchView::Layer& layer = v.layers[l];
    const int cols = layer.cols;
    if (layer.kept.empty()) continue;
    const long cells = static_cast<long>(v.rows) * cols;
    ImGui::PushTextWrapPos(0);
    if (layer.net_layer == 0)  // the input's Dropout (config.input_dropout)
      ImGui::Text(tr(S::masks_layer_input), layer.dropped, cells, 100.0 * layer.dropped / cells);
    else
      ImGui::Text(tr(S::masks_layer), layer.net_layer, layer.dropped, cells,
                  100.0 * layer.dropped / cells);
    ImGui::PopTextWrapPos();
    // "units ->" at the end of the layer's line, over the grid's right end; on a line of
    // its own when there is no room.
    const char* units = tr(S::masks_axis_units);
    const float header_end = ImGui::GetItemRectMax().x - ImGui::GetWindowPos().x;
    const float units_x = ImGui::GetWindowContentRegionMax().x - ImGui::CalcTextSize(units).x;
    if (units_x >= header_end + ImGui::GetStyle().ItemSpacing.x) ImGui::SameLine(units_x);
    ImGui::TextDisabled("%s", units);
    const int shown = std::min(cols, fit);  // units drawn
    const int c0 = std::min(first, cols - shown);
    const ImVec2 top_left = ImGui::GetCursorScreenPos();
    const ImVec2 origin(top_left.x + gutter, top_left.y);
    const float cw = cols > fit ? grid_w / fit : grid_w / cols;
    const float ch = std::clamp(per_layer / rows, 2.0f, fh * 1.5f);
    Image& img = s.mask_images[l];
    if (upload) {
      mask_image(layer.kept, layer.out, rows, cols, layer.vmax, &img.rgba);
      img.w = cols;
      img.h = rows;
      ++img.version;
    }
    const ImVec2 end(origin.x + cw * shown, origin.y + ch * rows);
    if (ImTextureID tex = s.host->texture(img))
      dl->AddImage(tex, origin, end, ImVec2(static_cast<float>(c0) / cols, 0),
                   ImVec2(static_cast<float>(c0 + shown) / cols, 1));
    // Cell borders when the cells are large enough to have them.
    if (cw >= 4)
      for (int c = 1; c < shown; ++c)
        dl->AddLine(ImVec2(origin.x + c * cw - 0.5f, origin.y),
                    ImVec2(origin.x + c * cw - 0.5f, end.y), gap_color, 1.0f);
    if (ch >= 4)
      for (int r = 1; r < rows; ++r)
        dl->AddLine(ImVec2(origin.x, origin.y + r * ch - 0.5f),
                    ImVec2(end.x, origin.y + r * ch - 0.5f), gap_color, 1.0f);
    // "samples ->" down the gutter, or "samples", or nothing when the grid is too short.
    const float grid_h = ch * rows;
    for (const char* label : {tr(S::masks_axis_samples), tr(S::masks_axis_samples_short)}) {
      if (ImGui::CalcTextSize(label).x > grid_h) continue;
      vertical_text(dl, ImVec2(std::floor(top_left.x), std::floor(origin.y)), axis_color, label);
      break;
    }
    ImGui::PushID(l);
    ImGui::SetCursorScreenPos(origin);
    ImGui::InvisibleButton("##grid", ImVec2(cw * shown, std::max(1.0f, grid_h)));
    mark_widget(s, ("masks.layer." + std::to_string(l + 1)).c_str());
    s.widgets_next.push_back({"masks.cell." + std::to_string(l + 1), origin.x, origin.y, cw, ch});
    if (ImGui::IsItemHovered()) {
      ImVec2 mp = ImGui::GetIO().MousePos;
      int c = std::clamp(static_cast<int>((mp.x - origin.x) / cw), 0, shown - 1) + c0;
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
