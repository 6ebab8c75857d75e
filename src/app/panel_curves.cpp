// Curves: per-epoch losses of the dropout run and its p = 0 twin. Colour tells the run
// (kRunColor, kTwinColor), line style tells the metric (validation solid and thick,
// training in eval mode dashed, training in train mode dotted), so the legend is two
// short keys. Also: each run's best epoch (the early-stopping point), p-change markers,
// labels at the line ends, a hover readout (on a touch screen: while the finger is held
// on the chart) and the generalization gap as a number. The accuracy view swaps the y
// quantity. The lines above and below the chart keep their height whatever they say, so
// the chart does not jump.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>
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

ImU32 with_alpha(ImU32 c, int a) {
  return (c & ~IM_COL32_A_MASK) | (static_cast<ImU32>(a) << IM_COL32_A_SHIFT);
}
ImU32 faded(ImU32 c) { return with_alpha(c, 70); }

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

// A rectangle for the tests (widget_rect, getState().widgets) that is no ImGui item.
void mark_rect(State& s, const char* id, ImVec2 a, ImVec2 b) {
  s.widgets_next.push_back({id, a.x, a.y, b.x - a.x, b.y - a.y});
}

// Text in coloured pieces, wrapped word by word at width: its height, and drawn at pos
// when dl is given.
struct Piece {
  std::string text;
  ImU32 color;
};
float flow(const std::vector<Piece>& pieces, ImVec2 pos, float width, ImDrawList* dl) {
  const float fh = ImGui::GetFontSize(), space = ImGui::CalcTextSize(" ").x;
  float x = 0, y = 0;
  for (const Piece& piece : pieces) {
    const std::string& t = piece.text;
    for (size_t i = 0; i < t.size();) {
      size_t j = t.find(' ', i);
      if (j == std::string::npos) j = t.size();
      if (j > i) {
        const float w = ImGui::CalcTextSize(t.c_str() + i, t.c_str() + j).x;
        if (x > 0 && x + w > width) {
          x = 0;
          y += fh;
        }
        if (dl)
          dl->AddText(ImVec2(pos.x + x, pos.y + y), piece.color, t.c_str() + i, t.c_str() + j);
        x += w + space;
      }
      i = j + 1;
    }
  }
  return y + fh;
}

const ImU32 kTextColor = IM_COL32(210, 210, 218, 255);
const ImU32 kKeyColor = IM_COL32(215, 215, 222, 255);  // the line-style key: no run's colour

// The header: the gap, the number the lesson is about (none for a diverged run: NaN), in
// the height its widest numbers need, so the controls and the chart below do not move.
void header(State& s, const Series& run, const Series& base) {
  const float y0 = ImGui::GetCursorPosY();
  const float avail = ImGui::GetContentRegionAvail().x;
  const int k = 10;
  const int max_epoch = std::max(s.cfg.epochs, run.epoch.empty() ? 0 : int(run.epoch.back()));
  char first[96], a[48], b[48];
  // The widest the numbers get: does the gap fit on one line?
  std::snprintf(first, sizeof first, tr(S::curves_gap_range), max_epoch, max_epoch);
  std::snprintf(a, sizeof a, tr(S::curves_gap_run), 0.95, -9.999);
  b[0] = ' ';
  std::snprintf(b + 1, sizeof b - 1, tr(S::curves_gap_twin), -9.999);
  const float spacing = ImGui::GetStyle().ItemSpacing.x;
  const auto one_line = [&](const char* head) {
    return avail - ImGui::CalcTextSize(head).x - spacing >
           ImGui::CalcTextSize(a).x + ImGui::CalcTextSize(b).x + 12;
  };
  const int lines = one_line(first) ? 1 : 2;

  if (run_of(s).diverged()) {
    ImGui::PushTextWrapPos(0);
    ImGui::TextColored(kErrorColor, "%s", tr(S::curves_diverged));
    ImGui::PopTextWrapPos();
  } else if (!run.val.empty()) {
    const int last = static_cast<int>(run.epoch.back());
    const float gap = mean_gap(run, k), gap0 = mean_gap(base, k);
    if (last > 1) {
      std::snprintf(first, sizeof first, tr(S::curves_gap_range), std::max(1, last - k + 1), last);
    } else {
      std::snprintf(first, sizeof first, "%s", tr(S::curves_gap_first));
    }
    ImGui::TextUnformatted(first);
    // Keep the numbers whole: on the next line when the panel is narrow.
    std::snprintf(a, sizeof a, tr(S::curves_gap_run), run_of(s).dropout(), gap);
    std::snprintf(b + 1, sizeof b - 1, tr(S::curves_gap_twin), gap0);  // a space after the run's
    if (lines == 1) ImGui::SameLine();
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(kRunColor), "%s", a);
    if (!base.epoch.empty()) {  // no twin drawn: no twin gap
      ImGui::SameLine(0, 0);
      ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(kTwinColor), "%s", b);
      mark_widget(s, "curves.gap_twin");
    }
    item_tooltip(tr(S::curves_gap_tip));
  } else {
    ImGui::TextDisabled("%s", tr(S::curves_empty));
  }
  const float reserved = y0 + lines * ImGui::GetTextLineHeightWithSpacing();
  if (ImGui::GetCursorPosY() < reserved) ImGui::SetCursorPosY(reserved);
}

// The early-stopping line under the chart: what stopping at each run's best epoch gives
// (twin_e < 0: no twin). Short: the numbers without their names and without the closing
// remark (both are in the line's tooltip).
std::vector<Piece> early_stop_text(bool acc, double p, float run_v, int run_e, float twin_v,
                                   int twin_e, bool short_form) {
  char a[96], b[64];
  const S run_format = short_form ? S::curves_early_stop_run_short
                       : acc      ? S::curves_early_stop_run_acc
                                  : S::curves_early_stop_run;
  std::snprintf(a, sizeof a, tr(run_format), p, static_cast<double>(run_v), run_e);
  std::vector<Piece> out = {{tr(S::curves_early_stop), kTextColor}, {a, kRunColor}};
  if (twin_e >= 0) {
    std::snprintf(b, sizeof b, tr(S::curves_early_stop_twin), static_cast<double>(twin_v), twin_e);
    out.push_back({b, kTwinColor});
  }
  if (!acc && !short_form) out.push_back({tr(S::curves_early_stop_end), kTextColor});
  return out;
}

}  // namespace

void panel_curves(State& s) {
  const bool classification = dp::is_classification(s.cfg);
  if (!classification) s.show_accuracy = false;
  const bool twin = show_twin(s);  // a run at p = 0 all along is its own twin: not drawn
  Series run = series_of(run_of(s)), base = twin ? series_of(twin_of(s)) : Series{};
  const std::vector<PChange> changes = p_changes(s);
  const bool acc = s.show_accuracy;
  const double p_run = run_of(s).dropout();
  const bool touch = s.host->touch_input();

  header(s, run, base);
  if (!twin) no_twin_note(s, "curves.no_twin");
  if (ImGui::RadioButton(tr(S::curves_loss), !s.show_accuracy)) s.show_accuracy = false;
  mark_widget(s, "curves.loss");
  same_line_if_fits(tr(S::curves_accuracy));
  ImGui::BeginDisabled(!classification);
  if (ImGui::RadioButton(tr(S::curves_accuracy), s.show_accuracy)) s.show_accuracy = true;
  mark_widget(s, "curves.accuracy");
  ImGui::EndDisabled();
  same_line_if_fits(tr(S::curves_log_y));
  ImGui::BeginDisabled(acc);
  ImGui::Checkbox(tr(S::curves_log_y), &s.log_y);
  mark_widget(s, "curves.log_y");
  ImGui::EndDisabled();
  same_line_if_fits(tr(S::curves_smooth));
  ImGui::Checkbox(tr(S::curves_smooth), &s.smooth);
  mark_widget(s, "curves.smooth");
  item_tooltip(tr(S::curves_smooth_tip));
  help_marker(s, "curves.help", tr(S::curves_help));

  // Each run's best epoch: lowest validation loss, or highest validation accuracy.
  const std::vector<float>& run_best_of = acc ? run.val_acc : run.val;
  const std::vector<float>& twin_best_of = acc ? base.val_acc : base.val;
  const int best = best_index(run_best_of, !acc), best0 = best_index(twin_best_of, !acc);

  // A short panel (800x600, a phone) keeps the chart its height: the legend leaves out the
  // run key (the panel's title and the gap line above say which colour is which run) and
  // the early-stopping line is its short form.
  const float fh = ImGui::GetFontSize();
  const bool compact = ImGui::GetContentRegionAvail().y < fh * 22;
  // The early-stopping line's height: the widest numbers it can show, or what it shows.
  const float width = ImGui::GetContentRegionAvail().x;
  const int max_epoch = std::max(s.cfg.epochs, run.epoch.empty() ? 0 : int(run.epoch.back()));
  float stop_h =
      flow(early_stop_text(acc, 0.95, -9.999f, max_epoch, -9.999f, twin ? max_epoch : -1, compact),
           ImVec2(0, 0), width, nullptr);
  std::vector<Piece> stop;
  if (best >= 0) {
    stop = early_stop_text(acc, p_run, run_best_of[best], static_cast<int>(run.epoch[best]),
                           best0 >= 0 ? twin_best_of[best0] : 0.0f,
                           best0 >= 0 ? static_cast<int>(base.epoch[best0]) : -1, compact);
    stop_h = std::max(stop_h, flow(stop, ImVec2(0, 0), width, nullptr));
  }
  const float below = stop_h + ImGui::GetStyle().ItemSpacing.y;

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
  // The legend, drawn above the plot: colour = run, then line style = metric.
  using plot::Stroke;
  using plot::Swatch;
  p.legend_full_width();
  std::vector<const char*> legend_ids;
  char run_name[48];
  if (!compact) {
    std::snprintf(run_name, sizeof run_name, tr(S::legend_run), p_run);
    p.legend(run_name, kRunColor, Swatch::Block);
    if (twin) p.legend(tr(S::legend_twin), kTwinColor, Swatch::Block);
    p.legend_break();
    legend_ids = {"curves.legend.run", "curves.legend.twin"};
    if (!twin) legend_ids.pop_back();
  }
  if (acc) {
    p.legend(tr(S::legend_val_acc), kKeyColor, Swatch::Thick);
    p.legend(tr(S::legend_train_acc), kKeyColor, Swatch::Dashed);
    legend_ids.insert(legend_ids.end(), {"curves.legend.val_acc", "curves.legend.train_acc"});
  } else {
    // The two shorter names first: on a phone they share a row.
    p.legend(tr(S::legend_val), kKeyColor, Swatch::Thick);
    p.legend(tr(S::legend_train_mode), kKeyColor, Swatch::Dotted);
    p.legend(tr(S::legend_train_eval), kKeyColor, Swatch::Dashed);
    legend_ids.insert(legend_ids.end(), {"curves.legend.val", "curves.legend.train_mode",
                                         "curves.legend.train_eval"});
  }
  if (!changes.empty()) {
    p.legend(tr(S::legend_p_changed), kPChangeColor, Swatch::Line);
    legend_ids.push_back("curves.legend.p_changed");
  }
  const float plot_h = ImGui::GetContentRegionAvail().y - below;
  if (!p.begin("##curves", ImVec2(0, std::max(plot_h, 1.0f)), xr, yr, log_y, tr(S::axis_epoch),
               tr(acc ? S::axis_accuracy : S::axis_loss)))
    return;
  const bool plot_held = ImGui::IsItemActive();
  mark_rect(s, "curves.plot", p.area().Min, p.area().Max);
  for (size_t i = 0; i < p.legend_rects().size() && i < legend_ids.size(); ++i)
    mark_rect(s, legend_ids[i], p.legend_rects()[i].Min, p.legend_rects()[i].Max);

  const int n = static_cast<int>(run.epoch.size());
  // Raw values faint under their moving average when smoothing, else raw only; the
  // line's end gets a label (when there is room right of it), the validation lines' first.
  struct End {
    int rank;
    float x, y;
    ImU32 color;
    S text;
  };
  std::vector<End> ends;
  auto curve = [&](const Series& sr, const std::vector<float>& y, ImU32 col, float thick,
                   Stroke stroke, S end_label, int rank) {
    const int count = static_cast<int>(sr.epoch.size());
    const std::vector<float>* shown = &y;
    std::vector<float> sm;
    if (s.smooth) {
      p.line(sr.epoch.data(), y.data(), count, faded(col), 1.0f, Stroke::Solid);
      sm = smoothed(y, 0.75f);
      shown = &sm;
    }
    p.line(sr.epoch.data(), shown->data(), count, col, thick, stroke);
    for (int i = count - 1; i >= 0; --i) {
      if (!std::isfinite((*shown)[i])) continue;
      if (i == count - 1) ends.push_back({rank, sr.epoch[i], (*shown)[i], col, end_label});
      break;
    }
  };
  // Best epochs first, so that the lines' end labels keep clear of their tags.
  struct Best {
    int i;
    const Series* sr;
    const std::vector<float>* v;
    ImU32 color;
    const char* id;
  };
  const Best bests[2] = {{best, &run, &run_best_of, kRunColor, "curves.best.run"},
                         {best0, &base, &twin_best_of, kTwinColor, "curves.best.twin"}};
  for (int r = 0; r < 2; ++r) {
    const Best& b = bests[r];
    if (b.i < 0) continue;
    char tag[32];
    std::snprintf(tag, sizeof tag, tr(S::curves_best_tag), static_cast<int>(b.sr->epoch[b.i]));
    p.vline(b.sr->epoch[b.i], with_alpha(b.color, 200), true, tag, r);
  }
  for (const PChange& c : changes) p.vline(c.epoch, kPChangeColor, false, c.tag.c_str(), 2);
  if (acc) {
    curve(base, base.train_acc, kTwinColor, 2.0f, Stroke::Dashed, S::curves_end_train_eval, 3);
    curve(base, base.val_acc, kTwinColor, 2.5f, Stroke::Solid, S::curves_end_val, 1);
    curve(run, run.train_acc, kRunColor, 2.0f, Stroke::Dashed, S::curves_end_train_eval, 2);
    curve(run, run.val_acc, kRunColor, 2.5f, Stroke::Solid, S::curves_end_val, 0);
  } else {
    curve(base, base.train_eval, kTwinColor, 2.0f, Stroke::Dashed, S::curves_end_train_eval, 3);
    curve(base, base.val, kTwinColor, 2.5f, Stroke::Solid, S::curves_end_val, 1);
    curve(run, run.train, kRunColor, 1.5f, Stroke::Dotted, S::curves_end_train_mode, 4);
    curve(run, run.train_eval, kRunColor, 2.0f, Stroke::Dashed, S::curves_end_train_eval, 2);
    curve(run, run.val, kRunColor, 2.5f, Stroke::Solid, S::curves_end_val, 0);
  }
  std::sort(ends.begin(), ends.end(), [](const End& a, const End& b) { return a.rank < b.rank; });
  for (const End& e : ends) p.line_label(e.x, e.y, e.color, tr(e.text));
  // The best epochs' dots, on top of the lines.
  const ImRect clip = ImGui::GetCurrentWindow()->ClipRect;
  for (const Best& b : bests) {
    if (b.i < 0) continue;
    const float r = 4.5f;
    p.marker(b.sr->epoch[b.i], (*b.v)[b.i], b.color, r);
    const ImVec2 c = p.to_screen(b.sr->epoch[b.i], (*b.v)[b.i]);
    if (p.area().Contains(c) && clip.Contains(c))
      mark_rect(s, b.id, ImVec2(c.x - r - 1, c.y - r - 1), ImVec2(c.x + r + 1, c.y + r + 1));
  }

  // The readout: under the mouse; on a touch screen while the finger is held on the chart
  // (holding it there makes the chart the active item, so the panel does not scroll).
  const bool readout = p.hovered() && n > 0 && (!touch || (plot_held && ImGui::IsMouseDown(0)));
  if (readout) {
    int i = static_cast<int>(std::lround(p.hover_x())) - 1;
    i = std::clamp(i, 0, n - 1);
    const ImVec2 top = p.to_screen(run.epoch[i], yr.max);
    ImGui::GetWindowDrawList()->AddLine(ImVec2(top.x, p.area().Min.y),
                                        ImVec2(top.x, p.area().Max.y), IM_COL32(255, 255, 255, 90));
    mark_rect(s, "curves.cursor", ImVec2(top.x - 1, p.area().Min.y),
              ImVec2(top.x + 1, p.area().Max.y));
    ImGui::BeginTooltip();
    if (touch) {
      // Above the finger (or below it when there is no room): not under it.
      const ImVec2 m = ImGui::GetIO().MousePos, size = ImGui::GetWindowSize(),
                   D = ImGui::GetIO().DisplaySize;
      const float gap = 44;  // a fingertip (the common touch-target size) clear of it
      ImVec2 at(std::clamp(m.x - size.x / 2, 0.0f, std::max(0.0f, D.x - size.x)),
                m.y - gap - size.y);
      if (at.y < 0) at.y = m.y + gap;
      ImGui::SetWindowPos(at);
    }
    ImGui::Text(tr(S::curves_hover_epoch), static_cast<int>(run.epoch[i]),
                run_of(s).epochs()[i].dropout);
    // The names wrap when the readout would be wider than the screen (a phone).
    const char* longest = tr(classification ? S::legend_train_acc : S::legend_train_eval);
    const ImGuiStyle& st = ImGui::GetStyle();
    const float number_w = ImGui::CalcTextSize("-0.0000").x + 2 * st.CellPadding.x;
    const float name_room = ImGui::GetIO().DisplaySize.x - 2 * st.WindowPadding.x - 2 * number_w -
                            2 * st.CellPadding.x - 4;
    const float name_w = std::max(fh * 6, std::min(ImGui::CalcTextSize(longest).x, name_room));
    if (ImGui::BeginTable("##hover", 3, ImGuiTableFlags_SizingFixedFit)) {
      ImGui::TableSetupColumn("name", ImGuiTableColumnFlags_WidthFixed, name_w);
      ImGui::TableSetupColumn("run", ImGuiTableColumnFlags_WidthFixed);
      ImGui::TableSetupColumn("twin", ImGuiTableColumnFlags_WidthFixed);
      char label[48];
      std::snprintf(label, sizeof label, tr(S::curves_col_run), p_run);
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::TableNextColumn();
      ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(kRunColor), "%s", label);
      ImGui::TableNextColumn();
      if (twin)
        ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(kTwinColor), "%s",
                           tr(S::curves_col_twin));
      auto row = [&](const char* name, const std::vector<float>& a, const std::vector<float>& b) {
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + name_w);
        ImGui::TextUnformatted(name);
        ImGui::PopTextWrapPos();
        ImGui::TableNextColumn();
        ImGui::Text("%.4f", a[i]);
        ImGui::TableNextColumn();
        if (i < static_cast<int>(b.size())) ImGui::Text("%.4f", b[i]);
      };
      row(tr(S::legend_val), run.val, base.val);
      row(tr(S::legend_train_eval), run.train_eval, base.train_eval);
      row(tr(S::legend_train_mode), run.train, base.train);
      if (classification) {
        row(tr(S::legend_val_acc), run.val_acc, base.val_acc);
        row(tr(S::legend_train_acc), run.train_acc, base.train_acc);
      }
      ImGui::EndTable();
    }
    mark_rect(s, "curves.readout", ImGui::GetWindowPos(),
              ImVec2(ImGui::GetWindowPos().x + ImGui::GetWindowSize().x,
                     ImGui::GetWindowPos().y + ImGui::GetWindowSize().y));
    ImGui::EndTooltip();
  }
  p.end();

  // Under the chart: the early-stopping line, in the height reserved for it.
  const ImVec2 at = ImGui::GetCursorScreenPos();
  if (!stop.empty()) flow(stop, at, width, ImGui::GetWindowDrawList());
  ImGui::Dummy(ImVec2(width, stop_h));
  if (!stop.empty()) {
    mark_widget(s, "curves.early_stop");
    item_tooltip(tr(S::curves_early_stop_tip));
  }
}

}  // namespace app
