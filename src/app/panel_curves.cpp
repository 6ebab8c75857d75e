// Curves: per-epoch losses of the dropout run (solid) and its p = 0 twin (dashed),
// with the best-validation epoch, p-change markers, a hover readout and the
// generalization gap as a number. The accuracy view swaps the y quantity.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <vector>

#include "app/panels.h"
#include "app/plot.h"
#include "app/state.h"
#include "core/config.h"
#include "imgui.h"

namespace app {
namespace {

struct Series {
  std::vector<float> epoch, train, train_eval, val, train_acc, val_acc;
};

Series series_of(const dp::Trainer& t) {
  Series s;
  const size_t n = t.epochs().size();  // up to 100,000 epochs: one allocation each
  for (std::vector<float>* v :
       {&s.epoch, &s.train, &s.train_eval, &s.val, &s.train_acc, &s.val_acc})
    v->reserve(n);
  for (const dp::EpochStats& e : t.epochs()) {
    s.epoch.push_back(static_cast<float>(e.epoch));
    s.train.push_back(e.train_loss);
    s.train_eval.push_back(e.train_loss_eval);
    s.val.push_back(e.val_loss);
    s.train_acc.push_back(e.train_acc);
    s.val_acc.push_back(e.val_acc);
  }
  return s;
}

int best_index(const std::vector<float>& v, bool lowest) {
  int best = -1;
  for (int i = 0; i < static_cast<int>(v.size()); ++i) {
    if (!std::isfinite(v[i])) continue;
    if (best < 0 || (lowest ? v[i] < v[best] : v[i] > v[best])) best = i;
  }
  return best;
}

// Debiased exponential moving average (TensorBoard's smoothing): display only.
std::vector<float> smoothed(const std::vector<float>& v, float a) {
  std::vector<float> out(v.size());
  double m = 0, w = 0;
  for (size_t i = 0; i < v.size(); ++i) {
    if (!std::isfinite(v[i])) {
      out[i] = v[i];
      continue;
    }
    m = a * m + (1 - a) * v[i];
    w = a * w + (1 - a);
    out[i] = static_cast<float>(m / w);
  }
  return out;
}

ImU32 faded(ImU32 c) { return (c & 0x00FFFFFFu) | (static_cast<ImU32>(70) << IM_COL32_A_SHIFT); }

// Mean of (val - train) over the last k epochs: one epoch's value jumps with the batches.
float mean_gap(const Series& s, int k) {
  int n = static_cast<int>(s.val.size()), m = 0;
  double sum = 0;
  for (int i = std::max(0, n - k); i < n; ++i) {
    if (!std::isfinite(s.val[i]) || !std::isfinite(s.train_eval[i])) continue;
    sum += s.val[i] - s.train_eval[i];
    ++m;
  }
  return m ? static_cast<float>(sum / m) : NAN;
}

}  // namespace

void panel_curves(State& s) {
  const bool classification = dp::is_classification(s.cfg);
  if (!classification) s.show_accuracy = false;
  const bool twin = show_twin(s);  // a run at p = 0 all along is its own twin: not drawn
  Series run = series_of(run_of(s)), base = twin ? series_of(twin_of(s)) : Series{};
  const std::vector<PChange> changes = p_changes(s);
  const bool acc = s.show_accuracy;

  // Header: the gap, the number the lesson is about (none for a diverged run: NaN).
  if (run_of(s).diverged()) {
    ImGui::PushTextWrapPos(0);
    ImGui::TextColored(kErrorColor, "%s", tr(S::curves_diverged));
    ImGui::PopTextWrapPos();
  } else if (!run.val.empty()) {
    const int k = 10;
    const int last = static_cast<int>(run.epoch.back());
    float gap = mean_gap(run, k), gap0 = mean_gap(base, k);
    if (last > 1) {
      ImGui::Text(tr(S::curves_gap_range), std::max(1, last - k + 1), last);
    } else {
      ImGui::TextUnformatted(tr(S::curves_gap_first));
    }
    // Keep the numbers whole: wrap to the next line when the panel is narrow.
    char a[48], b[48];
    std::snprintf(a, sizeof a, tr(S::curves_gap_run), run_of(s).dropout(), gap);
    std::snprintf(b, sizeof b, " ");
    std::snprintf(b + 1, sizeof b - 1, tr(S::curves_gap_twin), gap0);  // a space after the run's
    float need = ImGui::CalcTextSize(a).x + ImGui::CalcTextSize(b).x + 12;
    if (ImGui::GetContentRegionAvail().x - ImGui::GetItemRectSize().x > need) ImGui::SameLine();
    ImGui::TextColored(ImVec4(0.55f, 0.85f, 1.0f, 1.0f), "%s", a);
    if (twin) {  // no twin drawn: no twin gap
      ImGui::SameLine();
      ImGui::TextColored(ImVec4(0.85f, 0.85f, 0.85f, 1.0f), "%s", b);
      mark_widget(s, "curves.gap_twin");
    }
    item_tooltip(tr(S::curves_gap_tip));
  } else {
    ImGui::TextDisabled("%s", tr(S::curves_empty));
  }
  if (!twin) no_twin_note(s, "curves.no_twin");
  if (ImGui::RadioButton(tr(S::curves_loss), !s.show_accuracy)) s.show_accuracy = false;
  mark_widget(s, "curves.loss");
  ImGui::SameLine();
  ImGui::BeginDisabled(!classification);
  if (ImGui::RadioButton(tr(S::curves_accuracy), s.show_accuracy)) s.show_accuracy = true;
  mark_widget(s, "curves.accuracy");
  ImGui::EndDisabled();
  ImGui::SameLine();
  ImGui::BeginDisabled(acc);
  ImGui::Checkbox(tr(S::curves_log_y), &s.log_y);
  mark_widget(s, "curves.log_y");
  ImGui::EndDisabled();
  ImGui::SameLine();
  ImGui::Checkbox(tr(S::curves_smooth), &s.smooth);
  mark_widget(s, "curves.smooth");
  item_tooltip(tr(S::curves_smooth_tip));
  help_marker(tr(S::curves_help));

  const bool log_y = s.log_y && !acc;
  std::vector<const std::vector<float>*> ys;
  if (acc) {
    ys = {&run.train_acc, &run.val_acc, &base.train_acc, &base.val_acc};
  } else {
    ys = {&run.train, &run.train_eval, &run.val, &base.train_eval, &base.val};
  }
  plot::Range yr = acc ? plot::Range{0, 1.0} : plot::auto_range(ys, log_y);
  if (acc) {
    plot::Range r = plot::auto_range(ys, false);
    yr.min = std::max(0.0, std::floor(r.min * 10) / 10);
  }
  plot::Range xr{0, static_cast<double>(std::max(s.cfg.epochs, 1))};

  plot::Plot p;
  // Legend first (drawn above the plot), then the plot.
  using plot::Swatch;
  if (acc) {
    p.legend(tr(S::legend_train_acc), kTrainColor, Swatch::Line);
    p.legend(tr(S::legend_val_acc), kValColor, Swatch::Line);
    if (twin) p.legend(tr(S::legend_twin_train_acc), kTwinTrainColor, Swatch::Dashed);
    if (twin) p.legend(tr(S::legend_twin_val_acc), kTwinValColor, Swatch::Dashed);
  } else {
    p.legend(tr(S::legend_train_mode), kTrainModeColor, Swatch::Line);
    p.legend(tr(S::legend_train_eval), kTrainColor, Swatch::Line);
    p.legend(tr(S::legend_val), kValColor, Swatch::Line);
    if (twin) p.legend(tr(S::legend_twin_train_eval), kTwinTrainColor, Swatch::Dashed);
    if (twin) p.legend(tr(S::legend_twin_val), kTwinValColor, Swatch::Dashed);
  }
  const int best = best_index(acc ? run.val_acc : run.val, !acc);
  if (best >= 0) p.legend(tr(S::legend_best), kBestColor, Swatch::Marker);
  if (!changes.empty()) p.legend(tr(S::legend_p_changed), kPChangeColor, Swatch::Line);
  if (!p.begin("##curves", ImVec2(0, 0), xr, yr, log_y, tr(S::axis_epoch),
               tr(acc ? S::axis_accuracy : S::axis_loss)))
    return;
  const int n = static_cast<int>(run.epoch.size());
  char label[64];
  std::snprintf(label, sizeof label, tr(S::curves_col_run), run_of(s).dropout());
  // Raw values faint under their moving average when smoothing, else raw only.
  auto curve = [&](const Series& sr, const std::vector<float>& y, ImU32 col, float width,
                   bool dashed) {
    const int count = static_cast<int>(sr.epoch.size());
    if (s.smooth) {
      p.line(sr.epoch.data(), y.data(), count, faded(col), 1.0f, false);
      std::vector<float> sm = smoothed(y, 0.75f);
      p.line(sr.epoch.data(), sm.data(), count, col, width, dashed);
    } else {
      p.line(sr.epoch.data(), y.data(), count, col, width, dashed);
    }
  };
  if (acc) {
    curve(run, run.train_acc, kTrainColor, 2.0f, false);
    curve(run, run.val_acc, kValColor, 2.0f, false);
    curve(base, base.train_acc, kTwinTrainColor, 2.0f, true);
    curve(base, base.val_acc, kTwinValColor, 2.0f, true);
  } else {
    curve(run, run.train, kTrainModeColor, 1.0f, false);
    curve(run, run.train_eval, kTrainColor, 2.0f, false);
    curve(run, run.val, kValColor, 2.0f, false);
    curve(base, base.train_eval, kTwinTrainColor, 2.0f, true);
    curve(base, base.val, kTwinValColor, 2.0f, true);
  }
  // Best validation epoch (lowest loss / highest accuracy) of the dropout run.
  if (best >= 0) {
    char tag[32];
    std::snprintf(tag, sizeof tag, tr(S::curves_best_tag), static_cast<int>(run.epoch[best]));
    p.vline(run.epoch[best], kBestColor, true, tag);
    p.marker(run.epoch[best], acc ? run.val_acc[best] : run.val[best], IM_COL32(120, 230, 140, 255),
             4);
  }
  for (const PChange& c : changes) {
    char tag[32];
    std::snprintf(tag, sizeof tag, tr(S::curves_p_tag), c.to);
    p.vline(c.epoch, kPChangeColor, false, tag, 1);
  }

  if (p.hovered() && n > 0) {
    int i = static_cast<int>(std::lround(p.hover_x())) - 1;
    i = std::clamp(i, 0, n - 1);
    ImVec2 top = p.to_screen(run.epoch[i], yr.max);
    ImGui::GetWindowDrawList()->AddLine(ImVec2(top.x, p.area().Min.y),
                                        ImVec2(top.x, p.area().Max.y), IM_COL32(255, 255, 255, 90));
    ImGui::BeginTooltip();
    ImGui::Text(tr(S::curves_hover_epoch), static_cast<int>(run.epoch[i]),
                run_of(s).epochs()[i].dropout);
    if (ImGui::BeginTable("##hover", 3, ImGuiTableFlags_SizingFixedFit)) {
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(label);
      ImGui::TableNextColumn();
      if (twin) ImGui::TextUnformatted(tr(S::curves_col_twin));
      auto row = [&](const char* name, const std::vector<float>& a, const std::vector<float>& b) {
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(name);
        ImGui::TableNextColumn();
        ImGui::Text("%.4f", a[i]);
        ImGui::TableNextColumn();
        if (i < static_cast<int>(b.size())) ImGui::Text("%.4f", b[i]);
      };
      row(tr(S::curves_row_train_mode), run.train, base.train);
      row(tr(S::curves_row_train_eval), run.train_eval, base.train_eval);
      row(tr(S::curves_row_val), run.val, base.val);
      if (classification) {
        row(tr(S::curves_row_train_acc), run.train_acc, base.train_acc);
        row(tr(S::curves_row_val_acc), run.val_acc, base.val_acc);
      }
      ImGui::EndTable();
    }
    ImGui::EndTooltip();
  }
  p.end();
}

}  // namespace app
