// Masks panel, "What they add up to": the masks of every batch so far, counted
// (dp::MaskStats, fed after each completed step of the run). For the chosen dropout layer:
// each unit's keep rate over this epoch against 1-p and its 95% binomial band; a histogram
// of the units dropped per batch with Binomial(units x rows, p)'s prediction over it; the
// number of distinct thinned networks so far; and one unit's recent coin flips.
//
// Reported for tests: "masks.keep_rate", "masks.dropped_hist", "masks.thinned",
// "masks.history" and their "(?)"s "masks.keep_rate.help", "masks.dropped_hist.help",
// "masks.thinned.help", "masks.history.help"; "masks.stats.layer", "masks.history.unit".
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

#include "app/panels.h"
#include "app/state.h"
#include "imgui.h"

namespace app {
namespace {

constexpr ImU32 kTheoryColor = IM_COL32(235, 235, 235, 255);  // what the binomial says
constexpr ImU32 kBandColor = IM_COL32(235, 235, 235, 40);
constexpr ImU32 kOutsideColor = IM_COL32(240, 100, 80, 255);

// A heading that wraps in a narrow panel rather than run under the scrollbar; its "(?)"
// follows it.
void heading(State& s, const std::string& text, const char* help_id, const char* help,
             const char* id = nullptr) {
  ImGui::PushTextWrapPos(ImGui::GetCursorPos().x + ImGui::GetContentRegionAvail().x -
                         ImGui::CalcTextSize(" (?)").x);
  ImGui::TextUnformatted(text.c_str());
  ImGui::PopTextWrapPos();
  if (id) mark_widget(s, id);  // the text itself
  help_marker(s, help_id, help);
}

// 1204 -> "1,204".
std::string grouped(long n) {
  std::string d = std::to_string(n), out;
  for (size_t i = 0; i < d.size(); ++i) {
    if (i && (d.size() - i) % 3 == 0) out += ',';
    out += d[i];
  }
  return out;
}

// 2^n in words a student reads: "256", "6.3e57".
std::string power_of_two(int n) {
  char buf[32];
  if (n < 20) {
    std::snprintf(buf, sizeof buf, "%s", grouped(1L << n).c_str());
    return buf;
  }
  const double l = n * std::log10(2.0);
  const double e = std::floor(l);
  double m = std::pow(10.0, l - e);
  if (m >= 9.95) {  // 9.96e57 would print as 10.0e57
    m /= 10;
    std::snprintf(buf, sizeof buf, "%.1fe%d", m, static_cast<int>(e) + 1);
  } else {
    std::snprintf(buf, sizeof buf, "%.1fe%d", m, static_cast<int>(e));
  }
  return buf;
}

float fh_gap() { return ImGui::GetFontSize(); }

// A plot's frame: its rectangle, reported under `id`, with the hover test.
struct Frame {
  ImVec2 a, b;
  bool hovered = false;
};
Frame plot_frame(State& s, const char* id, float h) {
  Frame f;
  const float w = std::max(40.0f, ImGui::GetContentRegionAvail().x);
  f.a = ImGui::GetCursorScreenPos();
  ImGui::InvisibleButton(id, ImVec2(w, h));
  mark_widget(s, id);
  f.hovered = ImGui::IsItemHovered();
  f.b = ImVec2(f.a.x + w, f.a.y + h);
  ImGui::GetWindowDrawList()->AddRect(f.a, f.b, ImGui::GetColorU32(ImGuiCol_Border));
  return f;
}

void keep_rate_view(State& s, int l, float h) {
  const dp::MaskStats& ms = s.mask_stats;
  const dp::MaskStats::Layer& L = ms.layers()[l];
  const double p = ms.last_p(l), q = 1 - p;
  const long n = ms.epoch_rows();
  const double band = 1.96 * std::sqrt(p * (1 - p) / std::max(1L, n));
  heading(s, trf(S::masks_keep_title, ms.epoch() + 1, n), "masks.keep_rate.help",
          tr(S::masks_keep_help));
  // The y range: 1-p in the middle, the band and every unit in view, within [0, 1].
  double half = std::max(0.02, 2.0 * band);
  for (long k : L.kept) half = std::max(half, 1.1 * std::fabs(static_cast<double>(k) / n - q));
  double lo = std::max(0.0, q - half), hi = std::min(1.0, q + half);
  if (hi - lo < 1e-9) hi = lo + 1e-9;
  const float fw = ImGui::CalcTextSize("0.000 ").x;
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImVec2 c0 = ImGui::GetCursorScreenPos();
  ImGui::SetCursorScreenPos(ImVec2(c0.x + fw, c0.y));
  const Frame f = plot_frame(s, "masks.keep_rate", h);
  auto y_of = [&](double v) {
    return static_cast<float>(f.b.y - (v - lo) / (hi - lo) * (f.b.y - f.a.y));
  };
  const float fh = ImGui::GetFontSize();
  const ImU32 axis = ImGui::GetColorU32(ImGuiCol_TextDisabled);
  for (double v : {lo, q, hi}) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%.3f", v);
    const float y = std::clamp(y_of(v) - fh / 2, f.a.y, f.b.y - fh);
    if (v != q && std::fabs(y_of(v) - y_of(q)) < fh) continue;  // would overlap 1-p's label
    dl->AddText(ImVec2(c0.x, y), v == q ? kTheoryColor : axis, buf);
  }
  dl->AddRectFilled(ImVec2(f.a.x + 1, std::max(f.a.y, y_of(q + band))),
                    ImVec2(f.b.x - 1, std::min(f.b.y, y_of(q - band))), kBandColor);
  dl->AddLine(ImVec2(f.a.x, y_of(q)), ImVec2(f.b.x, y_of(q)), kTheoryColor, 1.0f);
  const int U = L.units;
  const float cw = (f.b.x - f.a.x) / U;
  const float r = std::clamp(cw * 0.35f, 1.0f, 3.0f);
  int outside = 0;
  for (int u = 0; u < U; ++u) {
    const double rate = static_cast<double>(L.kept[u]) / n;
    const bool out = std::fabs(rate - q) > band + 1e-12;
    outside += out;
    const float x = f.a.x + (u + 0.5f) * cw, y = y_of(rate);
    dl->AddRectFilled(ImVec2(x - r, y - r), ImVec2(x + r, y + r), out ? kOutsideColor : kRunColor);
  }
  if (f.hovered) {
    const int u = std::clamp(static_cast<int>((ImGui::GetIO().MousePos.x - f.a.x) / cw), 0, U - 1);
    ImGui::SetTooltip(tr(S::masks_keep_tip), u + 1, L.kept[u], n, static_cast<double>(L.kept[u]) / n);
  }
  ImGui::SetCursorScreenPos(ImVec2(c0.x, f.b.y + ImGui::GetStyle().ItemSpacing.y));
  ImGui::PushTextWrapPos(0);
  ImGui::TextDisabled(tr(S::masks_keep_outside), outside, U, q);
  ImGui::PopTextWrapPos();
}

void dropped_hist_view(State& s, int l, float h) {
  const dp::MaskStats& ms = s.mask_stats;
  const dp::MaskStats::Layer& L = ms.layers()[l];
  const float w = ImGui::GetContentRegionAvail().x;
  const dp::MaskStats::Histogram H =
      ms.dropped_histogram(l, std::clamp(static_cast<int>(w / 6), 1, 60));
  heading(s, trf(S::masks_hist_title, ms.epoch() + 1, static_cast<int>(H.batches)),
          "masks.dropped_hist.help", tr(S::masks_hist_help));
  const Frame f = plot_frame(s, "masks.dropped_hist", h);
  const int B = static_cast<int>(H.observed.size());
  if (B == 0) return;
  double top = 1;
  for (int b = 0; b < B; ++b) top = std::max({top, static_cast<double>(H.observed[b]), H.expected[b]});
  top *= 1.1;
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const float bw = (f.b.x - f.a.x) / B, ph = f.b.y - f.a.y - 2;
  auto y_of = [&](double v) { return static_cast<float>(f.b.y - 1 - v / top * ph); };
  for (int b = 0; b < B; ++b) {
    if (!H.observed[b]) continue;
    const float x0 = f.a.x + b * bw;
    dl->AddRectFilled(ImVec2(x0 + (bw > 3 ? 1 : 0), y_of(H.observed[b])), ImVec2(x0 + bw, f.b.y - 1),
                      kRunColor);
  }
  for (int b = 0; b + 1 < B; ++b)
    dl->AddLine(ImVec2(f.a.x + (b + 0.5f) * bw, y_of(H.expected[b])),
                ImVec2(f.a.x + (b + 1.5f) * bw, y_of(H.expected[b + 1])), kTheoryColor, 1.5f);
  if (B == 1)
    dl->AddLine(ImVec2(f.a.x, y_of(H.expected[0])), ImVec2(f.b.x, y_of(H.expected[0])), kTheoryColor);
  if (f.hovered) {
    const int b = std::clamp(static_cast<int>((ImGui::GetIO().MousePos.x - f.a.x) / bw), 0, B - 1);
    const long k0 = H.lo + b * H.width, k1 = k0 + H.width - 1;
    if (H.width == 1)
      ImGui::SetTooltip(tr(S::masks_hist_tip_one), k0, H.observed[b], H.expected[b]);
    else
      ImGui::SetTooltip(tr(S::masks_hist_tip), k0, k1, H.observed[b], H.expected[b]);
  }
  // The range under the plot's ends, what it counts between them.
  const ImU32 axis = ImGui::GetColorU32(ImGuiCol_TextDisabled);
  const float y = f.b.y + ImGui::GetStyle().ItemSpacing.y;
  const std::string lo = std::to_string(H.lo), hi = std::to_string(H.lo + B * H.width - 1);
  const std::string mid = trf(S::masks_hist_axis, static_cast<int>(H.cells / L.units));
  const float lw = ImGui::CalcTextSize(lo.c_str()).x, hw = ImGui::CalcTextSize(hi.c_str()).x;
  const float mw = ImGui::CalcTextSize(mid.c_str()).x;
  dl->AddText(ImVec2(f.a.x, y), axis, lo.c_str());
  dl->AddText(ImVec2(f.b.x - hw, y), axis, hi.c_str());
  if (mw + lw + hw + 2 * fh_gap() <= f.b.x - f.a.x)
    dl->AddText(ImVec2(std::floor((f.a.x + f.b.x - mw) / 2), y), axis, mid.c_str());
  ImGui::Dummy(ImVec2(1, ImGui::GetFontSize()));
}

void thinned_view(State& s) {
  const dp::MaskStats& ms = s.mask_stats;
  const int U = ms.total_units();
  const std::string n = grouped(ms.distinct()), all = power_of_two(U);
  const std::string text =
      ms.capped() ? trf(S::masks_thinned_capped, n.c_str(),
                        grouped(static_cast<long>(dp::MaskStats::kMaxDistinct)).c_str(), U, all.c_str())
                  : trf(S::masks_thinned, n.c_str(), U, all.c_str());
  heading(s, text, "masks.thinned.help",
          trf(S::masks_thinned_help, grouped(ms.rows_seen()).c_str()).c_str(), "masks.thinned");
}

void history_view(State& s, int l, float cell) {
  const dp::MaskStats& ms = s.mask_stats;
  const int U = ms.layers()[l].units;
  s.masks_unit = std::clamp(s.masks_unit, 0, U - 1);
  const int nb = ms.history_size();
  heading(s, trf(S::masks_history_title, s.masks_unit + 1, nb), "masks.history.help",
          tr(S::masks_history_help));
  const float slider_w = std::max(90.0f, ImGui::CalcTextSize("unit 000").x + 2 * ImGui::GetFrameHeight());
  ImGui::SameLine();
  if (ImGui::GetContentRegionAvail().x < slider_w) ImGui::NewLine();
  ImGui::SetNextItemWidth(std::min(slider_w * 1.5f, ImGui::GetContentRegionAvail().x));
  int unit = s.masks_unit + 1;
  if (ImGui::SliderInt("##history_unit", &unit, 1, U, tr(S::masks_history_unit_fmt)))
    s.masks_unit = std::clamp(unit, 1, U) - 1;
  mark_widget(s, "masks.history.unit");
  int rows = 0;
  for (int i = 0; i < nb; ++i) rows = std::max(rows, ms.history_rows(i));
  if (nb == 0 || rows == 0) return;
  const float w = ImGui::GetContentRegionAvail().x;
  const float cw = std::min(w / dp::MaskStats::kHistoryBatches, 12.0f);
  const ImVec2 a = ImGui::GetCursorScreenPos();
  ImGui::InvisibleButton("masks.history", ImVec2(cw * dp::MaskStats::kHistoryBatches, cell * rows));
  mark_widget(s, "masks.history");
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImU32 gap = ImGui::GetColorU32(ImGuiCol_WindowBg);
  for (int i = 0; i < nb; ++i)
    for (int r = 0; r < ms.history_rows(i); ++r) {
      const ImVec2 p0(a.x + i * cw, a.y + r * cell);
      dl->AddRectFilled(p0, ImVec2(p0.x + cw, p0.y + cell),
                        ms.history_kept(i, r, l, s.masks_unit) ? kKeptLowColor : kDroppedColor);
    }
  if (cw >= 4)
    for (int i = 1; i < nb; ++i)
      dl->AddLine(ImVec2(a.x + i * cw - 0.5f, a.y), ImVec2(a.x + i * cw - 0.5f, a.y + cell * rows), gap);
  if (ImGui::IsItemHovered()) {
    const ImVec2 m = ImGui::GetIO().MousePos;
    const int i = static_cast<int>((m.x - a.x) / cw), r = static_cast<int>((m.y - a.y) / cell);
    if (i >= 0 && i < nb && r >= 0 && r < ms.history_rows(i))
      ImGui::SetTooltip(tr(S::masks_history_tip), i + 1, nb, r + 1,
                        tr(ms.history_kept(i, r, l, s.masks_unit) ? S::masks_history_kept
                                                                  : S::masks_history_dropped));
  }
}

}  // namespace

void mask_stats_view(State& s) {
  const dp::MaskStats& ms = s.mask_stats;  // after the two views' radio buttons
  if (ms.layers().empty() || ms.epoch_rows() == 0) {
    ImGui::TextWrapped("%s", tr(S::masks_stats_empty));
    return;
  }
  const int nl = static_cast<int>(ms.layers().size());
  s.masks_layer = std::clamp(s.masks_layer, 0, nl - 1);
  if (nl > 1) {
    ImGui::SameLine();
    if (ImGui::GetContentRegionAvail().x < 150) ImGui::NewLine();
    ImGui::SetNextItemWidth(std::min(180.0f, ImGui::GetContentRegionAvail().x));
    const std::string cur = trf(S::masks_stats_layer_item, s.masks_layer + 1, ms.layers()[s.masks_layer].units);
    if (ImGui::BeginCombo("##stats_layer", cur.c_str())) {
      for (int l = 0; l < nl; ++l) {
        const std::string item = trf(S::masks_stats_layer_item, l + 1, ms.layers()[l].units);
        if (ImGui::Selectable(item.c_str(), l == s.masks_layer)) s.masks_layer = l;
      }
      ImGui::EndCombo();
    }
    mark_widget(s, "masks.stats.layer");
  }
  const int l = s.masks_layer;
  // The plots share what height is left: the text lines and the history strip first.
  const float fh = ImGui::GetFontSize(), line = ImGui::GetFrameHeightWithSpacing();
  const float cell = 5.0f;
  const float fixed = 8 * line + cell * dp::MaskStats::kHistoryRows;
  const float plot_h = std::clamp((ImGui::GetContentRegionAvail().y - fixed) / 2, 3 * fh, 10 * fh);
  keep_rate_view(s, l, plot_h);
  dropped_hist_view(s, l, plot_h);
  thinned_view(s);
  history_view(s, l, cell);
}

}  // namespace app
