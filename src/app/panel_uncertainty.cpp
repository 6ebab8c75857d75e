// The data view's Uncertainty mode (MC dropout, app/uncertainty.h): for 2-D data a map of
// the predictive entropy or the mutual information of T passes with dropout on, with the
// MC average's decision boundary; for sine the MC mean with bands of one and two standard
// deviations, a few single passes and the eval-mode curve, over inputs that reach beyond
// the data; in a second tab, the ensemble view: the validation loss of the average of t
// passes against t, with eval mode (weight scaling) as a line.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <vector>

#include "app/panels.h"
#include "app/plot.h"
#include "app/state.h"
#include "imgui.h"

namespace app {

namespace {

// Dark blue (sure) to yellow (unsure).
ImU32 ramp(double v) {
  const float t = static_cast<float>(std::clamp(v, 0.0, 1.0));
  const float r = t < 0.5f ? 0.10f + 0.5f * t : 0.35f + 1.3f * (t - 0.5f);
  const float g = 0.08f + 0.85f * t;
  const float b = t < 0.5f ? 0.30f + 0.4f * t : 0.50f - 0.9f * (t - 0.5f);
  return ImGui::ColorConvertFloat4ToU32(ImVec4(std::min(r, 1.0f), g, std::max(b, 0.0f), 1.0f));
}

void controls(State& s) {
  dp::Config next = s.cfg;
  ImGui::SetNextItemWidth(std::max(90.0f, ImGui::GetContentRegionAvail().x * 0.3f));
  ImGui::SliderInt(tr(S::unc_samples), &next.mc_samples, 1, dp::kMaxMcSamples);
  mark_widget(s, "data.mc_samples");
  item_tooltip(tr(S::unc_samples_tip));
  ImGui::SameLine();
  int seed = static_cast<int>(next.mc_seed);
  ImGui::SetNextItemWidth(ImGui::CalcTextSize("0000000").x + 40);
  ImGui::InputInt(tr(S::unc_seed), &seed, 0);  // no step buttons: one field
  mark_text_field(s, "data.mc_seed");
  item_tooltip(tr(S::unc_seed_tip));
  next.mc_seed = seed;
  next.mc_samples = std::clamp(next.mc_samples, 1, dp::kMaxMcSamples);
  if (next.mc_samples != s.cfg.mc_samples || next.mc_seed != s.cfg.mc_seed) {
    const std::string err = apply_config(s, next);  // live fields: no restart
    if (!err.empty()) add_notice(s, err);
  }
  help_marker(s, "data.uncertainty_help", tr(S::unc_help));
  same_line_if_fits(tr(S::unc_notebook));  // else on a line of its own
  notebook_button(s, "data.mc_notebook", "mc", S::unc_notebook, S::unc_notebook_tip, 0);
}

void draw_points(State& s, ImDrawList* dl, const dp::Dataset& d, const PlaneBounds& b, ImVec2 p0,
                 float size) {
  auto at = [&](int i) {
    return ImVec2(p0.x + (d.x[i * 2] - b.x0) / (b.x1 - b.x0) * size,
                  p0.y + (1 - (d.x[i * 2 + 1] - b.y0) / (b.y1 - b.y0)) * size);
  };
  const float r = std::clamp(size / 90.0f, 2.0f, 4.0f);
  if (s.show_val_points)
    for (int i = d.n_train; i < d.n_train + d.n_val; ++i)
      dl->AddCircle(at(i), r, class_color(static_cast<int>(d.y[i]), 0.9f), 8, 1.0f);
  if (s.show_train_points)
    for (int i = 0; i < d.n_train; ++i)
      dl->AddCircleFilled(at(i), r + 0.5f, class_color(static_cast<int>(d.y[i])), 8);
}

// The 2-D map: one cell per grid point, its colour the entropy or mutual information.
void map_view(State& s, const Uncertainty::Result& r, float reserve) {
  ImGui::RadioButton(tr(S::unc_entropy), &s.uncertainty_map, 0);
  mark_widget(s, "data.map_entropy");
  same_line_if_fits(tr(S::unc_mutual_information));
  ImGui::RadioButton(tr(S::unc_mutual_information), &s.uncertainty_map, 1);
  mark_widget(s, "data.map_mi");
  help_marker(s, "data.map_help", tr(S::unc_map_help));
  const std::vector<double>& v = s.uncertainty_map == 0 ? r.entropy : r.mutual_information;
  const int g = Uncertainty::kGrid;
  const int width = r.outputs == 1 ? 1 : r.outputs;
  // Entropy up to its maximum, log(classes); mutual information up to the largest seen.
  double vmax = s.uncertainty_map == 0 ? std::log(std::max(2, width)) : 1e-6;
  if (s.uncertainty_map == 1)
    for (double x : v) vmax = std::max(vmax, x);
  ImGui::TextWrapped(tr(S::unc_map_legend), vmax);
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  const float size = std::floor(std::max(40.0f, std::min(avail.x, avail.y - reserve)));
  const ImVec2 cur = ImGui::GetCursorScreenPos();
  const ImVec2 p0(cur.x + std::floor((avail.x - size) / 2), cur.y);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const float cell = size / g;
  auto pred = [&](int i) {
    if (width == 1) return r.mean[i] > 0.5 ? 1 : 0;
    const double* p = r.mean.data() + static_cast<size_t>(i) * width;
    return static_cast<int>(std::max_element(p, p + width) - p);
  };
  for (int j = 0; j < g; ++j)
    for (int i = 0; i < g; ++i) {
      const ImVec2 a(p0.x + i * cell, p0.y + (g - 1 - j) * cell);
      dl->AddRectFilled(a, ImVec2(a.x + cell + 0.5f, a.y + cell + 0.5f), ramp(v[j * g + i] / vmax));
    }
  // The MC average's decision boundary: the edges between cells of different classes.
  const ImU32 white = IM_COL32(255, 255, 255, 230);
  for (int j = 0; j < g; ++j)
    for (int i = 0; i < g; ++i) {
      const int k = pred(j * g + i);
      const float x = p0.x + i * cell, y = p0.y + (g - 1 - j) * cell;
      if (i + 1 < g && pred(j * g + i + 1) != k)
        dl->AddLine(ImVec2(x + cell, y), ImVec2(x + cell, y + cell), white, 2.0f);
      if (j + 1 < g && pred((j + 1) * g + i) != k)
        dl->AddLine(ImVec2(x, y), ImVec2(x + cell, y), white, 2.0f);
    }
  draw_points(s, dl, run_of(s).data(), r.view, p0, size);
  dl->AddRect(p0, ImVec2(p0.x + size, p0.y + size), IM_COL32(255, 255, 255, 50));
  ImGui::InvisibleButton("##mcmap", ImVec2(avail.x, size));
  mark_widget(s, "data.mc_map");
}

// Sine: the MC mean, bands of 1 and 2 std, single passes and eval mode.
void curve_view(State& s, const Uncertainty::Result& r, float reserve) {
  const dp::Dataset& d = run_of(s).data();
  float dx0 = INFINITY, dx1 = -INFINITY;
  for (int i = 0; i < d.n_train; ++i) dx0 = std::min(dx0, d.x[i]), dx1 = std::max(dx1, d.x[i]);
  const int n = r.rows;
  std::vector<float> xs(r.x.begin(), r.x.begin() + n), mean(n), lo1(n), hi1(n), lo2(n), hi2(n);
  double ymin = INFINITY, ymax = -INFINITY;
  for (int i = 0; i < n; ++i) {
    mean[i] = static_cast<float>(r.mean[i]);
    const float sd = static_cast<float>(r.spread[i]);
    lo1[i] = mean[i] - sd, hi1[i] = mean[i] + sd, lo2[i] = mean[i] - 2 * sd, hi2[i] = mean[i] + 2 * sd;
  }
  for (int i = 0; i < d.n_train + d.n_val; ++i) ymin = std::min(ymin, double(d.y[i])), ymax = std::max(ymax, double(d.y[i]));
  const double span = ymax - ymin;
  for (int i = 0; i < n; ++i)  // the 2 std band, up to twice the data's span beyond it
    ymin = std::min(ymin, std::max(double(lo2[i]), ymin - span)),
    ymax = std::max(ymax, std::min(double(hi2[i]), ymax + span));
  const double pad = (ymax - ymin) * 0.05 + 0.05;
  plot::Plot p;
  p.legend(tr(S::unc_legend_mean), IM_COL32(120, 230, 140, 255), plot::Swatch::Line);
  p.legend(tr(S::unc_legend_bands), IM_COL32(120, 230, 140, 110), plot::Swatch::Block);
  p.legend(tr(S::unc_legend_passes), IM_COL32(170, 200, 255, 170), plot::Swatch::Marker);
  p.legend(tr(S::unc_legend_eval), IM_COL32(230, 230, 230, 220), plot::Swatch::Dashed);
  p.legend(tr(S::data_train_points), class_color(0), plot::Swatch::Marker);
  const float height = std::max(120.0f, ImGui::GetContentRegionAvail().y - reserve);
  if (!p.begin("##mcsine", ImVec2(0, height), {r.view.x0, r.view.x1}, {ymin - pad, ymax + pad},
               false, "x", "y"))
    return;
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImRect& a = p.area();
  // No training data left of dx0 and right of dx1.
  const float sx0 = p.to_screen(dx0, 0).x, sx1 = p.to_screen(dx1, 0).x;
  dl->AddRectFilled(a.Min, ImVec2(std::max(a.Min.x, sx0), a.Max.y), IM_COL32(128, 128, 128, 40));
  dl->AddRectFilled(ImVec2(std::min(a.Max.x, sx1), a.Min.y), a.Max, IM_COL32(128, 128, 128, 40));
  auto band = [&](const std::vector<float>& lo, const std::vector<float>& hi, ImU32 c) {
    dl->PushClipRect(a.Min, a.Max, true);
    for (int i = 0; i + 1 < n; ++i)
      dl->AddQuadFilled(p.to_screen(xs[i], hi[i]), p.to_screen(xs[i + 1], hi[i + 1]),
                        p.to_screen(xs[i + 1], lo[i + 1]), p.to_screen(xs[i], lo[i]), c);
    dl->PopClipRect();
  };
  band(lo2, hi2, IM_COL32(120, 230, 140, 60));
  band(lo1, hi1, IM_COL32(120, 230, 140, 100));
  // A pass draws a mask per row (PyTorch's model(X)): each x its own thinned network, so
  // a pass is a cloud of dots, not a curve.
  for (const std::vector<float>& pass : r.passes)
    for (int i = 0; i < n; i += 2) p.marker(xs[i], pass[i], IM_COL32(170, 200, 255, 150), 1.5f);
  p.line(xs.data(), r.eval.data(), n, IM_COL32(230, 230, 230, 220), 1.5f, true);
  p.line(xs.data(), mean.data(), n, IM_COL32(120, 230, 140, 255), 2.5f, false);
  if (s.show_train_points)
    for (int i = 0; i < d.n_train; ++i)
      dl->AddCircleFilled(p.to_screen(d.x[i], d.y[i]), 3.0f, class_color(0), 8);
  p.end();
  help_marker(s, "data.sine_help", tr(S::unc_sine_help));
  ImGui::SameLine();
  ImGui::TextWrapped("%s", tr(S::unc_sine_note));
}

// The validation loss of the average of the first t passes, against log t.
void ensemble_view(State& s, const Uncertainty::Result& r, float height) {
  const int T = static_cast<int>(r.val_loss_by_t.size());
  if (T == 0) return;
  std::vector<float> lx(T), ly(T);
  double lo = r.eval_val_loss, hi = r.eval_val_loss;
  for (int t = 0; t < T; ++t) {
    lx[t] = static_cast<float>(std::log10(t + 1.0));
    ly[t] = static_cast<float>(r.val_loss_by_t[t]);
    if (std::isfinite(ly[t])) lo = std::min(lo, double(ly[t])), hi = std::max(hi, double(ly[t]));
  }
  ImGui::TextUnformatted(tr(S::unc_ensemble_title));
  ImGui::SameLine();
  help_marker(s, "data.ensemble_help", tr(S::unc_ensemble_help));
  plot::Plot p;
  p.legend(tr(S::unc_ensemble_mc), IM_COL32(120, 230, 140, 255), plot::Swatch::Line);
  p.legend(tr(S::unc_ensemble_eval), IM_COL32(230, 230, 230, 220), plot::Swatch::Dashed);
  const double xmax = std::max(0.3, std::log10(static_cast<double>(T)));
  const double pad = (hi - lo) * 0.1 + 1e-6;
  if (!p.begin("##ensemble", ImVec2(0, height), {0, xmax}, {lo - pad, hi + pad}, false,
               tr(S::unc_ensemble_x), tr(S::unc_ensemble_y)))
    return;
  const float ex[2] = {0.0f, static_cast<float>(xmax)};
  const float ey[2] = {static_cast<float>(r.eval_val_loss), static_cast<float>(r.eval_val_loss)};
  p.line(ex, ey, 2, IM_COL32(230, 230, 230, 220), 1.5f, true);
  p.line(lx.data(), ly.data(), T, IM_COL32(120, 230, 140, 255), 2.0f, false);
  for (int t : {1, 10, 100})
    if (t <= T) {
      char tag[32];
      std::snprintf(tag, sizeof tag, tr(S::unc_ensemble_tag), t);
      p.vline(std::log10(static_cast<double>(t)), IM_COL32(255, 255, 255, 60), true, tag);
    }
  p.end();
  mark_widget(s, "data.ensemble");
  ImGui::TextWrapped(tr(S::unc_ensemble_note), T, r.val_loss_by_t.back(), r.eval_val_loss);
}

}  // namespace

void uncertainty_view(State& s) {
  const dp::Trainer& run = run_of(s);
  const dp::Dataset& d = run.data();
  controls(s);
  PlaneBounds b = plane_bounds(d);
  if (d.dim == 1) {  // reach beyond the data on both sides
    float x0 = INFINITY, x1 = -INFINITY;
    for (int i = 0; i < d.n_train + d.n_val; ++i) x0 = std::min(x0, d.x[i]), x1 = std::max(x1, d.x[i]);
    const float w = (x1 - x0) * 1.0f + 0.1f;
    b = {x0 - w, x1 + w, 0, 0};
  }
  s.uncertainty.advance(run, s.model_version, s.cfg, b, s.running ? 0.25 : 0.0, s.host->now);
  const Uncertainty::Result* r = s.uncertainty.result();
  if (!r) {
    ImGui::TextUnformatted(tr(S::unc_computing));
    return;
  }
  // Two tabs, each with the whole panel: the map (2-D) or the band (sine), and the
  // ensemble plot.
  if (!ImGui::BeginTabBar("##unc_tabs")) return;
  const bool view_open = ImGui::BeginTabItem(tr(d.dim == 1 ? S::unc_tab_band : S::unc_tab_map));
  mark_widget(s, "data.tab_view");
  if (view_open) {
    s.data_tab = "map";
    if (d.dim == 1)
      curve_view(s, *r, 3 * ImGui::GetTextLineHeightWithSpacing());
    else
      map_view(s, *r, 0);
    ImGui::EndTabItem();
  }
  const bool ensemble_open = ImGui::BeginTabItem(tr(S::unc_tab_ensemble));
  mark_widget(s, "data.tab_ensemble");
  if (ensemble_open) {
    s.data_tab = "ensemble";
    const float h = ImGui::GetContentRegionAvail().y - 4 * ImGui::GetTextLineHeightWithSpacing();
    ensemble_view(s, *r, std::max(120.0f, h));
    ImGui::EndTabItem();
  }
  ImGui::EndTabBar();
}

}  // namespace app
