// Sweep: one run per p (and seed) trained to its end off the UI thread (app/sweep.h),
// plotted against p: the final val loss (mean over the seeds, whiskers from min to max),
// the best val loss (what early stopping keeps) and the final training loss in eval
// mode; or, when the Curves show accuracy, the final val accuracy. The best p and the current p are marked; hovering a p
// shows its runs' val loss over the epochs, clicking it sets p and restarts there.
#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "app/panels.h"
#include "app/plot.h"
#include "app/state.h"
#include "app/sweep.h"
#include "imgui.h"

namespace app {
namespace {

constexpr const char* kSweepCsvName = "dropout-playground-sweep.csv";
constexpr ImU32 kFinalColor = kRunColor;
constexpr ImU32 kBestColor = kTwinColor;
constexpr ImU32 kTrainColor = IM_COL32(200, 200, 200, 255);
constexpr ImU32 kBestPColor = IM_COL32(0, 158, 115, 255);  // Okabe-Ito bluish green

void mark_rect(State& s, const char* id, ImVec2 a, ImVec2 b) {
  s.widgets_next.push_back({id, a.x, a.y, b.x - a.x, b.y - a.y});
}

struct Curve {
  std::vector<float> x, mean, lo, hi;
};
Curve curve(const std::vector<SweepRow>& rows, const float SweepRow::*unused, int which) {
  (void)unused;
  Curve c;
  for (const SweepRow& r : rows) {
    const float* v = which == 0   ? r.final_val
                     : which == 1 ? r.best_val
                     : which == 2 ? r.final_train_eval
                                  : r.final_val_acc;
    c.x.push_back(static_cast<float>(r.p));
    c.mean.push_back(v[0]);
    c.lo.push_back(v[1]);
    c.hi.push_back(v[2]);
  }
  return c;
}

void controls(State& s) {
  Sweep& w = s.sweep;
  const float tt = touch_target(s);
  ImGui::SetNextItemWidth(std::max(80.0f, ImGui::GetContentRegionAvail().x -
                                              ImGui::CalcTextSize(tr(S::sweep_p_label)).x -
                                              ImGui::CalcTextSize("(?)").x - 24));
  ImGui::InputText(tr(S::sweep_p_label), w.p_text, sizeof w.p_text);
  mark_text_field(s, "sweep.p");
  item_tooltip(tr(S::sweep_p_tip));
  help_marker(s, "sweep.help", tr(S::sweep_help));
  ImGui::SetNextItemWidth(std::max(40.0f, ImGui::CalcTextSize("000").x * 2));
  ImGui::SliderInt(tr(S::sweep_seeds_label), &w.seeds, 1, dp::kMaxSweepSeeds);
  mark_widget(s, "sweep.seeds");
  item_tooltip(tr(S::sweep_seeds_tip));
  w.seeds = std::clamp(w.seeds, 1, dp::kMaxSweepSeeds);

  ImGui::SameLine();
  if (ImGui::Button(tr(S::sweep_run), ImVec2(0, tt))) {
    std::vector<double> ps;
    std::string err = parse_p_list(w.p_text, &ps);
    if (err.empty()) err = start_sweep(s, ps, w.seeds);
    if (!err.empty()) add_notice(s, trf(S::notice_sweep_not_started, err.c_str()));
  }
  mark_widget(s, "sweep.run");
  item_tooltip(tr(S::sweep_run_tip));
  ImGui::SameLine();
  ImGui::BeginDisabled(!w.running);
  if (ImGui::Button(tr(S::sweep_cancel), ImVec2(0, tt))) cancel_sweep(s);
  ImGui::EndDisabled();
  mark_widget(s, "sweep.cancel");
  same_line_if_fits(tr(S::sweep_csv));  // the exports wrap in a narrow panel (French labels)
  ImGui::BeginDisabled(w.completed == 0);
  if (ImGui::Button(tr(S::sweep_csv), ImVec2(0, tt))) {
    std::string where;
    const std::string err = s.host->save_text(kSweepCsvName, "text/csv", sweep_csv(s), &where);
    file_saved(s, where, err.empty(), err);
  }
  ImGui::EndDisabled();
  mark_widget(s, "sweep.csv");
  item_tooltip(tr(S::sweep_csv_tip));
  same_line_if_fits(tr(S::sweep_notebook));
  ImGui::BeginDisabled(w.completed == 0);
  notebook_button(s, "sweep.notebook", "sweep", S::sweep_notebook, S::sweep_notebook_tip, 0, tt);
  ImGui::EndDisabled();

  const int total = static_cast<int>(w.points.size());
  std::string line;
  if (w.running)
    line = trf(S::sweep_progress, w.completed, total);
  else if (w.cancelled)
    line = trf(S::sweep_cancelled, w.completed, total);
  else if (total > 0)
    line = trf(S::sweep_done, total, w.seconds);
  if (total > 0) {
    ImGui::ProgressBar(total ? static_cast<float>(w.completed) / total : 0.0f,
                       ImVec2(-1, 0), line.c_str());
  } else {
    ImGui::TextWrapped("%s", tr(S::sweep_none));
  }
  mark_widget(s, "sweep.progress");
}

// The hovered p's runs: val loss over the epochs, one line per seed. Beside the panel
// (left of it, over its neighbour) when there is room, else above the plot: never over
// the sweep's own curves.
void inset(State& s, int row, const ImRect& area) {
  const Sweep& w = s.sweep;
  const int k = std::max(1, w.seeds_run);
  std::vector<std::vector<float>> xs, ys;
  for (int j = 0; j < k; ++j) {
    const size_t idx = static_cast<size_t>(row) * k + j;
    if (idx >= w.runs.size() || !w.has(idx)) continue;
    std::vector<float> x, y;
    for (const dp::EpochStats& e : w.runs[idx].epochs) {
      x.push_back(static_cast<float>(e.epoch));
      y.push_back(e.val_loss);
    }
    xs.push_back(std::move(x));
    ys.push_back(std::move(y));
  }
  if (xs.empty()) return;
  std::vector<const std::vector<float>*> series;
  for (const auto& y : ys) series.push_back(&y);
  const plot::Range yr = plot::auto_range(series, s.log_y);
  const ImVec2 inset_size(260, 150);
  const ImGuiStyle& st = ImGui::GetStyle();
  const float win_w = inset_size.x + 2 * st.WindowPadding.x;
  const float win_h = inset_size.y + ImGui::GetTextLineHeightWithSpacing() + 2 * st.WindowPadding.y;
  const float panel_x = ImGui::GetWindowPos().x;
  if (panel_x - win_w - 4 >= 0)
    ImGui::SetNextWindowPos(ImVec2(panel_x - win_w - 4, std::max(0.0f, area.Min.y)));
  else
    ImGui::SetNextWindowPos(ImVec2(area.Min.x, std::max(0.0f, area.Min.y - win_h - 4)));
  ImGui::BeginTooltip();
  ImGui::TextUnformatted(trf(S::sweep_inset_title, w.ps[row]).c_str());
  plot::Plot p;
  if (p.begin("##sweep_inset", inset_size, {1, std::max(2.0f, xs[0].back())}, yr, s.log_y,
              tr(S::axis_epoch), tr(S::axis_loss))) {
    for (size_t i = 0; i < xs.size(); ++i)
      p.line(xs[i].data(), ys[i].data(), static_cast<int>(xs[i].size()), kFinalColor, 1.5f,
             false);
    p.end();
  }
  ImGui::EndTooltip();
}

void sweep_plot(State& s) {
  Sweep& w = s.sweep;
  const std::vector<SweepRow> rows = sweep_rows(s);
  const bool acc = s.show_accuracy && dp::is_classification(w.base);
  const int best = best_row(rows);
  std::vector<Curve> curves;
  if (acc)
    curves.push_back(curve(rows, nullptr, 3));
  else
    for (int i = 0; i < 3; ++i) curves.push_back(curve(rows, nullptr, i));
  std::vector<const std::vector<float>*> series;
  for (const Curve& c : curves) series.insert(series.end(), {&c.mean, &c.lo, &c.hi});
  const bool log_y = false;  // linear: the U of the final val loss reads best
  plot::Range yr = plot::auto_range(series, log_y);
  double x0 = 0, x1 = 1;
  if (!w.ps.empty()) {
    x0 = *std::min_element(w.ps.begin(), w.ps.end());
    x1 = *std::max_element(w.ps.begin(), w.ps.end());
  }
  const double pad = std::max(0.02, (x1 - x0) * 0.04);
  plot::Plot p;
  if (acc) {
    p.legend(tr(S::sweep_legend_acc), kFinalColor, plot::Swatch::Line);
  } else {
    p.legend(tr(S::sweep_legend_final), kFinalColor, plot::Swatch::Thick);
    p.legend(tr(S::sweep_legend_best), kBestColor, plot::Swatch::Dashed);
    p.legend(tr(S::sweep_legend_train), kTrainColor, plot::Swatch::Dotted);
  }
  // Below the plot: the hover line and the note on what the runs share (wrapped).
  ImVec2 size = ImGui::GetContentRegionAvail();
  const float note_h =
      ImGui::CalcTextSize(tr(S::sweep_same_runs), nullptr, false, size.x).y;
  size.y = std::max(120.0f, size.y - note_h - ImGui::GetTextLineHeightWithSpacing() -
                                2 * ImGui::GetStyle().ItemSpacing.y);
  if (!p.begin("##sweep", size, {x0 - pad, x1 + pad}, yr, log_y, tr(S::sweep_axis_p),
               acc ? tr(S::axis_accuracy) : tr(S::axis_loss)))
    return;
  const bool clicked = p.hovered() && ImGui::IsItemClicked(ImGuiMouseButton_Left);
  mark_rect(s, "sweep.plot", p.area().Min, p.area().Max);
  const ImU32 colors[4] = {kFinalColor, kBestColor, kTrainColor, kFinalColor};
  ImDrawList* dl = ImGui::GetWindowDrawList();
  for (size_t ci = 0; ci < curves.size(); ++ci) {
    const Curve& c = curves[ci];
    const int kind = acc ? 3 : static_cast<int>(ci);
    const ImU32 col = colors[kind];
    const int n = static_cast<int>(c.x.size());
    p.line(c.x.data(), c.mean.data(), n, col, kind == 0 || kind == 3 ? 2.5f : 1.5f,
           kind == 1 ? plot::Stroke::Dashed : kind == 2 ? plot::Stroke::Dotted : plot::Stroke::Solid);
    for (int i = 0; i < n; ++i) {
      if (!std::isfinite(c.mean[i])) continue;
      p.marker(c.x[i], c.mean[i], col, kind == 0 || kind == 3 ? 3.5f : 2.5f);
      if ((kind == 0 || kind == 3) && w.seeds_run > 1 && std::isfinite(c.lo[i])) {
        const ImVec2 a = p.to_screen(c.x[i], c.lo[i]), b = p.to_screen(c.x[i], c.hi[i]);
        dl->AddLine(a, b, col, 1.5f);
        dl->AddLine(ImVec2(a.x - 4, a.y), ImVec2(a.x + 4, a.y), col, 1.5f);
        dl->AddLine(ImVec2(b.x - 4, b.y), ImVec2(b.x + 4, b.y), col, 1.5f);
      }
    }
  }
  if (best >= 0 && !acc) {
    p.vline(rows[best].p, kBestPColor, false, trf(S::sweep_best_tag, rows[best].p).c_str(), 0);
    p.marker(rows[best].p, rows[best].final_val[0], kBestPColor, 6.0f);
    const ImVec2 c = p.to_screen(rows[best].p, rows[best].final_val[0]);
    mark_rect(s, "sweep.best", ImVec2(c.x - 6, c.y - 6), ImVec2(c.x + 6, c.y + 6));
  }
  p.vline(s.cfg.dropout, kPChangeColor, true, tr(S::sweep_current_tag), 1);
  {
    const ImVec2 c = p.to_screen(s.cfg.dropout, yr.min);
    mark_rect(s, "sweep.current", ImVec2(c.x - 1, p.area().Min.y), ImVec2(c.x + 1, p.area().Max.y));
  }
  // Hover: the nearest p of the sweep.
  w.hover = -1;
  if (p.hovered() && !rows.empty()) {
    double d = 1e9;
    for (int i = 0; i < static_cast<int>(rows.size()); ++i)
      if (std::fabs(rows[i].p - p.hover_x()) < d) d = std::fabs(rows[i].p - p.hover_x()), w.hover = i;
  }
  p.end();
  if (w.hover >= 0 && rows[w.hover].runs > 0) {
    const SweepRow& r = rows[w.hover];
    const ImVec2 at = p.to_screen(r.p, yr.min);
    dl->AddLine(ImVec2(at.x, p.area().Min.y), ImVec2(at.x, p.area().Max.y), IM_COL32(255, 255, 255, 60), 1.0f);
    inset(s, w.hover, p.area());
    if (clicked) {
      dp::Config next = s.cfg;
      next.dropout = r.p;
      if (apply_config(s, next).empty()) {
        restart_run(s);
        add_notice(s, trf(S::notice_sweep_p_set, r.p));
      }
    }
  }
  if (w.hover >= 0 && rows[w.hover].runs > 0)
    ImGui::TextUnformatted(trf(S::sweep_hover, rows[w.hover].p, rows[w.hover].final_val[0],
                               rows[w.hover].best_val[0])
                               .c_str());
  else
    ImGui::TextUnformatted("");
  ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
  ImGui::TextWrapped("%s", tr(S::sweep_same_runs));
  ImGui::PopStyleColor();
}

}  // namespace

void panel_sweep(State& s) {
  controls(s);
  sweep_plot(s);
}

}  // namespace app
