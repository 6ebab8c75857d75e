// The data view for image data (digits: 8x8 pixels, 10 classes), in four tabs: a gallery
// of the validation images with the predicted label (the wrong ones marked), the
// confusion matrix, the current minibatch with the input dropout's mask on its pixels,
// and the first layer's features (each hidden unit's 64 incoming weights as an 8x8
// image) of the run and of its p = 0 twin side by side. The gallery and the matrix show
// the model chosen above them (the run or the twin).
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <vector>

#include "app/panels.h"
#include "app/state.h"
#include "core/digits.h"
#include "imgui.h"

namespace app {

namespace {

constexpr int kSide = dp::kDigitsSide;
constexpr int kClasses = 10;
constexpr double kPredictEvery = 0.5;  // seconds between predictions while training
constexpr ImU32 kRightColor = IM_COL32(120, 220, 120, 255);
constexpr ImU32 kWrongColor = IM_COL32(255, 90, 80, 255);

uint64_t next_version() {
  static uint64_t v = 0;
  return ++v;
}

// One image into an atlas at tile (tx, ty), each pixel grey by its value in [0, 1]; with a
// mask, dropped pixels red (brighter where there was ink the network did not get).
void put_digit(Image& atlas, int tx, int ty, const float* px, const uint8_t* kept) {
  for (int r = 0; r < kSide; ++r)
    for (int c = 0; c < kSide; ++c) {
      const int k = r * kSide + c;
      const float v = std::clamp(px[k], 0.0f, 1.0f);
      uint8_t* o = &atlas.rgba[(static_cast<size_t>(ty * (kSide + 1) + r) * atlas.w +
                                tx * (kSide + 1) + c) * 4];
      if (kept && !kept[k]) {
        o[0] = static_cast<uint8_t>(110 + 145 * v), o[1] = 30, o[2] = 40;
      } else {
        const uint8_t g = static_cast<uint8_t>(20 + 235 * v);
        o[0] = o[1] = o[2] = g;
      }
      o[3] = 255;
    }
}

// An atlas of n tiles of (kSide + 1) pixels (one of gap), cols per row.
void atlas_for(Image& img, int n, int cols) {
  const int rows = (n + cols - 1) / std::max(cols, 1);
  img.w = cols * (kSide + 1);
  img.h = std::max(rows, 1) * (kSide + 1);
  img.rgba.assign(static_cast<size_t>(img.w) * img.h * 4, 0);
  img.version = next_version();
}

// Tile t of an atlas drawn at p0, size x size.
void draw_tile(ImDrawList* dl, ImTextureID tex, const Image& img, int t, int cols, ImVec2 p0,
               float size) {
  const float u0 = static_cast<float>((t % cols) * (kSide + 1)) / img.w;
  const float v0 = static_cast<float>((t / cols) * (kSide + 1)) / img.h;
  dl->AddImage(tex, p0, ImVec2(p0.x + size, p0.y + size), ImVec2(u0, v0),
               ImVec2(u0 + static_cast<float>(kSide) / img.w, v0 + static_cast<float>(kSide) / img.h));
}

const std::vector<int>& predictions(State& s, int which) {
  return val_predictions(s, which, kPredictEvery);
}

int label_of(const dp::Dataset& d, int val_row) { return static_cast<int>(d.y[d.n_train + val_row]); }

void gallery(State& s, int which) {
  const dp::Dataset& d = run_of(s).data();
  ImageViews& v = s.images;
  const std::vector<int>& pred = predictions(s, which);
  int wrong = 0;
  for (int i = 0; i < d.n_val; ++i) wrong += pred[i] != label_of(d, i);
  ImGui::Text(tr(S::img_gallery_count), wrong, d.n_val, 100.0 * (d.n_val - wrong) / std::max(d.n_val, 1));
  same_line_if_fits(tr(S::img_wrong_only));
  ImGui::Checkbox(tr(S::img_wrong_only), &v.wrong_only);
  mark_widget(s, "data.wrong_only");
  help_marker(s, "data.gallery_help", tr(S::img_gallery_help));
  // The atlas: every validation image, once per run.
  constexpr int kAtlasCols = 64;
  if (v.gallery_version != s.run_version) {
    atlas_for(v.gallery, d.n_val, kAtlasCols);
    for (int i = 0; i < d.n_val; ++i)
      put_digit(v.gallery, i % kAtlasCols, i / kAtlasCols,
                &d.x[static_cast<size_t>(d.n_train + i) * d.dim], nullptr);
    v.gallery_version = s.run_version;
  }
  std::vector<int> shown;
  for (int i = 0; i < d.n_val; ++i)
    if (!v.wrong_only || pred[i] != label_of(d, i)) shown.push_back(i);
  const float fh = ImGui::GetTextLineHeight();
  const float img = std::floor(std::max(24.0f, fh * 1.9f));
  const float tile_w = img + fh * 0.9f + 6, tile_h = img + 4;
  ImGui::BeginChild("##gallery", ImVec2(0, 0), false);
  const int cols = std::max(1, static_cast<int>(ImGui::GetContentRegionAvail().x / tile_w));
  const int rows = (static_cast<int>(shown.size()) + cols - 1) / cols;
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImTextureID tex = s.host->texture(v.gallery);
  ImGuiListClipper clip;
  clip.Begin(rows, tile_h);
  while (clip.Step())
    for (int r = clip.DisplayStart; r < clip.DisplayEnd; ++r) {
      const ImVec2 p = ImGui::GetCursorScreenPos();
      for (int c = 0; c < cols; ++c) {
        const size_t k = static_cast<size_t>(r) * cols + c;
        if (k >= shown.size()) break;
        const int i = shown[k];
        const ImVec2 t0(p.x + c * tile_w, p.y);
        if (tex) draw_tile(dl, tex, v.gallery, i, kAtlasCols, t0, img);
        const bool ok = pred[i] == label_of(d, i);
        if (!ok) dl->AddRect(ImVec2(t0.x - 1, t0.y - 1), ImVec2(t0.x + img + 1, t0.y + img + 1), kWrongColor, 0, 0, 2);
        char lab[16];
        std::snprintf(lab, sizeof lab, "%d", pred[i]);
        dl->AddText(ImVec2(t0.x + img + 3, t0.y + img - fh), ok ? kRightColor : kWrongColor, lab);
        if (ImGui::IsMouseHoveringRect(t0, ImVec2(t0.x + tile_w, t0.y + tile_h)) && ImGui::IsWindowHovered())
          ImGui::SetTooltip(tr(S::img_tile_hover), i, label_of(d, i), pred[i]);
      }
      ImGui::Dummy(ImVec2(cols * tile_w, tile_h));
    }
  ImGui::EndChild();
  mark_widget(s, "data.gallery");
}

void confusion(State& s, int which) {
  const dp::Dataset& d = run_of(s).data();
  const std::vector<int>& pred = predictions(s, which);
  int m[kClasses][kClasses] = {};
  int row_total[kClasses] = {};
  for (int i = 0; i < d.n_val; ++i) {
    const int y = label_of(d, i);
    if (y >= 0 && y < kClasses && pred[i] >= 0 && pred[i] < kClasses) ++m[y][pred[i]], ++row_total[y];
  }
  ImGui::TextUnformatted(tr(S::img_confusion_axes));
  help_marker(s, "data.confusion_help", tr(S::img_confusion_help));
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  const float fh = ImGui::GetTextLineHeight();
  const float cell = std::floor(std::max(fh * 1.6f, std::min((avail.x - fh * 2) / kClasses, (avail.y - fh * 2) / kClasses)));
  const ImVec2 o = ImGui::GetCursorScreenPos();
  const ImVec2 g0(o.x + fh * 1.5f, o.y + fh * 1.3f);  // the grid's top left
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImU32 axis = ImGui::GetColorU32(ImGuiCol_TextDisabled);
  for (int k = 0; k < kClasses; ++k) {
    char lab[16];
    std::snprintf(lab, sizeof lab, "%d", k);
    const ImVec2 ts = ImGui::CalcTextSize(lab);
    dl->AddText(ImVec2(g0.x + k * cell + (cell - ts.x) / 2, o.y), axis, lab);
    dl->AddText(ImVec2(o.x, g0.y + k * cell + (cell - ts.y) / 2), axis, lab);
  }
  for (int y = 0; y < kClasses; ++y)
    for (int p = 0; p < kClasses; ++p) {
      const float f = row_total[y] ? static_cast<float>(m[y][p]) / row_total[y] : 0.0f;
      const ImVec2 a(g0.x + p * cell, g0.y + y * cell), b(a.x + cell - 1, a.y + cell - 1);
      const ImU32 col = y == p ? IM_COL32(40 + static_cast<int>(60 * f), 60 + static_cast<int>(160 * f), 60 + static_cast<int>(60 * f), 255)
                               : IM_COL32(40 + static_cast<int>(215 * std::min(1.0f, f * 4)), 40, 48, 255);
      dl->AddRectFilled(a, b, col);
      if (m[y][p] > 0) {
        char num[16];
        std::snprintf(num, sizeof num, "%d", m[y][p]);
        const ImVec2 ts = ImGui::CalcTextSize(num);
        if (ts.x < cell - 2) dl->AddText(ImVec2(a.x + (cell - ts.x) / 2, a.y + (cell - ts.y) / 2), IM_COL32(240, 240, 240, 255), num);
      }
      if (ImGui::IsMouseHoveringRect(a, b) && ImGui::IsWindowHovered())
        ImGui::SetTooltip(tr(S::img_confusion_hover), y, p, m[y][p], row_total[y]);
    }
  ImGui::Dummy(ImVec2(g0.x - o.x + cell * kClasses, g0.y - o.y + cell * kClasses));
  mark_widget(s, "data.confusion");
}

void minibatch(State& s) {
  const BatchView& b = s.batch;
  ImageViews& v = s.images;
  const BatchView::Layer* in = b.layer_for(0);
  const int shown = std::min(b.shown_rows(), static_cast<int>(b.y.size()));
  if (shown == 0) {
    ImGui::TextDisabled("%s", tr(S::img_batch_none));
    return;
  }
  ImGui::PushTextWrapPos(0);
  if (in)
    ImGui::Text(tr(S::img_batch_masked), b.step, b.rows, in->p, in->dropped, static_cast<long>(b.rows) * in->cols);
  else
    ImGui::Text(tr(S::img_batch_plain), b.step, b.rows);
  ImGui::PopTextWrapPos();
  help_marker(s, "data.batch_help", tr(S::img_batch_help));
  const int cols_atlas = 16;
  if (v.batch_step != b.step) {
    atlas_for(v.batch, shown, cols_atlas);
    for (int r = 0; r < shown; ++r)
      put_digit(v.batch, r % cols_atlas, r / cols_atlas, &b.x[static_cast<size_t>(r) * dp::kDigitsPixels],
                in ? &in->kept[static_cast<size_t>(r) * in->cols] : nullptr);
    v.batch_step = b.step;
  }
  const float fh = ImGui::GetTextLineHeight();
  const float avail = ImGui::GetContentRegionAvail().x;
  const int per_row = std::min(shown, std::max(1, static_cast<int>(avail / (fh * 3.2f))));
  const float img = std::floor(std::min(fh * 4.0f, avail / per_row - fh * 0.8f));
  const float tile_w = avail / per_row;
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImTextureID tex = s.host->texture(v.batch);
  const ImVec2 o = ImGui::GetCursorScreenPos();
  const int rows = (shown + per_row - 1) / per_row;
  for (int r = 0; r < shown; ++r) {
    const ImVec2 t0(o.x + (r % per_row) * tile_w, o.y + (r / per_row) * (img + fh * 1.3f));
    if (tex) draw_tile(dl, tex, v.batch, r, cols_atlas, t0, img);
    char lab[16];
    std::snprintf(lab, sizeof lab, "y=%d", b.y[r]);
    dl->AddText(ImVec2(t0.x, t0.y + img + 1), ImGui::GetColorU32(ImGuiCol_TextDisabled), lab);
  }
  ImGui::Dummy(ImVec2(avail, rows * (img + fh * 1.3f)));
  mark_widget(s, "data.batch");
  if (in) {
    ImGui::ColorButton("##dropped_px", ImVec4(0.75f, 0.12f, 0.16f, 1), ImGuiColorEditFlags_NoTooltip, ImVec2(fh, fh));
    ImGui::SameLine();
    ImGui::TextUnformatted(tr(S::img_batch_legend));
  } else {
    ImGui::PushTextWrapPos(0);
    ImGui::TextDisabled("%s", tr(S::img_batch_no_input_dropout));
    ImGui::PopTextWrapPos();
  }
}

// One model's first-layer features: units u0.. of the first Linear's rows as 8x8 images,
// each scaled by its own largest |w| (orange positive, blue negative).
void feature_grid(State& s, int which, int n, int per_row, float img, ImVec2 o) {
  const dp::Trainer& t = which == 0 ? run_of(s) : twin_of(s);
  ImageViews& v = s.images;
  Image& im = v.features[which];
  const dp::Linear& w1 = t.model().linear(0);
  const double now = s.host->now();
  if (v.features_version[which] != s.model_version &&
      (v.features_version[which] < 0 || !s.running || now - v.features_taken[which] >= kPredictEvery)) {
    atlas_for(im, n, per_row);
    for (int u = 0; u < n; ++u) {
      const float* w = &w1.w[static_cast<size_t>(u) * w1.in];
      float m = 1e-12f;
      for (int k = 0; k < w1.in; ++k) m = std::max(m, std::fabs(w[k]));
      for (int k = 0; k < std::min(w1.in, dp::kDigitsPixels); ++k) {
        const float f = std::isfinite(w[k]) ? w[k] / m : 0.0f;
        uint8_t* px = &im.rgba[(static_cast<size_t>((u / per_row) * (kSide + 1) + k / kSide) * im.w +
                                (u % per_row) * (kSide + 1) + k % kSide) * 4];
        if (f >= 0)
          px[0] = static_cast<uint8_t>(20 + 210 * f), px[1] = static_cast<uint8_t>(20 + 139 * f), px[2] = 20;
        else
          px[0] = 20, px[1] = static_cast<uint8_t>(20 + 160 * -f), px[2] = static_cast<uint8_t>(20 + 213 * -f);
        px[3] = 255;
      }
    }
    v.features_version[which] = s.model_version;
    v.features_taken[which] = now;
  }
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImTextureID tex = s.host->texture(im);
  for (int u = 0; u < n && tex; ++u)
    draw_tile(dl, tex, im, u, per_row, ImVec2(o.x + (u % per_row) * (img + 3), o.y + (u / per_row) * (img + 3)), img);
}

void features(State& s) {
  const dp::Trainer& t = run_of(s);
  const int hidden = t.model().linear(0).out;
  const bool twin = show_twin(s);
  ImGui::PushTextWrapPos(0);
  ImGui::TextUnformatted(tr(S::img_features_title));
  ImGui::PopTextWrapPos();
  help_marker(s, "data.features_help", tr(S::img_features_help));
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  const float fh = ImGui::GetTextLineHeight();
  const float half = twin ? (avail.x - fh) / 2 : avail.x;
  const int per_row = std::max(2, std::min(8, static_cast<int>(half / (fh * 2.6f))));
  const float img = std::floor(half / per_row - 3);
  const int rows_fit = std::max(1, static_cast<int>((avail.y - fh * 3) / (img + 3)));
  const int n = std::min(hidden, per_row * rows_fit);
  const ImU32 run_col = kRunColor, twin_col = kTwinColor;
  const ImVec2 o = ImGui::GetCursorScreenPos();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  char head[96];
  std::snprintf(head, sizeof head, tr(S::img_features_run), t.dropout());
  dl->AddText(o, run_col, head);
  if (twin) dl->AddText(ImVec2(o.x + half + fh, o.y), twin_col, tr(S::img_features_twin));
  const ImVec2 g(o.x, o.y + fh * 1.4f);
  feature_grid(s, 0, n, per_row, img, g);
  if (twin) feature_grid(s, 1, n, per_row, img, ImVec2(g.x + half + fh, g.y));
  const int rows = (n + per_row - 1) / per_row;
  ImGui::Dummy(ImVec2(avail.x, fh * 1.4f + rows * (img + 3)));
  mark_widget(s, "data.features");
  ImGui::TextDisabled(tr(S::img_features_shown), n, hidden);
}

}  // namespace

void image_view(State& s) {
  if (diverged_note(s)) return;
  if (!ImGui::BeginTabBar("##img_tabs")) return;
  const S tabs[] = {S::img_tab_gallery, S::img_tab_confusion, S::img_tab_batch, S::img_tab_features};
  const char* ids[] = {"data.tab_gallery", "data.tab_confusion", "data.tab_batch", "data.tab_features"};
  for (int k = 0; k < 4; ++k) {
    const bool open = ImGui::BeginTabItem(tr(tabs[k]));
    mark_widget(s, ids[k]);
    if (!open) continue;
    static const char* const names[] = {"gallery", "confusion", "batch", "features"};
    s.data_tab = names[k];
    if (k <= 1) model_choice(s);
    const int which = s.heatmap_model == 1 && show_twin(s) ? 1 : 0;
    if (k == 0) gallery(s, which);
    if (k == 1) confusion(s, which);
    if (k == 2) minibatch(s);
    if (k == 3) features(s);
    ImGui::EndTabItem();
  }
  ImGui::EndTabBar();
}

}  // namespace app
