// Data view: the data and the model's prediction over the input plane (heatmap shader, see
// shaders/heatmap.frag) with the training points filled and the validation points
// hollow. For sine (1-D regression) it plots the fitted curves over the points.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "app/heatmap.h"
#include "app/panels.h"
#include "app/plot.h"
#include "app/state.h"
#include "imgui.h"

namespace app {

namespace {

// The most markers of one set (train or val) that the 1-D view draws.
constexpr int kMaxDrawnPoints = 1000;

// Every how many points of a set of n the 1-D view draws one.
int drawn_step(int n) { return n > kMaxDrawnPoints ? (n + kMaxDrawnPoints - 1) / kMaxDrawnPoints : 1; }

// A set's legend label: "val (hollow)", or "val (hollow), 1 in 9 drawn".
void points_label(char* out, size_t size, const char* label, int step) {
  if (step > 1)
    std::snprintf(out, size, tr(S::data_points_thinned), label, step);
  else
    std::snprintf(out, size, "%s", label);
}

void regression_view(State& s) {
  const dp::Trainer& run = run_of(s);
  const dp::Dataset& d = run.data();
  float x0 = INFINITY, x1 = -INFINITY;
  std::vector<float> ys(d.y.begin(), d.y.end());
  for (int i = 0; i < d.n_train + d.n_val; ++i) {
    x0 = std::min(x0, d.x[i]);
    x1 = std::max(x1, d.x[i]);
  }
  const int n = 160;
  std::vector<float> xs(n);
  for (int i = 0; i < n; ++i) xs[i] = x0 + (x1 - x0) * i / (n - 1);
  // The two models' curves, a slice per frame (the last complete ones are drawn).
  s.curve_run.start(s.model_version, xs, n);
  s.curve_twin.start(s.model_version, xs, n);
  s.curve_run.advance(run, s.host->now);
  s.curve_twin.advance(twin_of(s), s.host->now);
  const std::vector<float>& f = s.curve_run.result();
  const std::vector<float>& f0 = s.curve_twin.result();
  plot::Range yr = plot::auto_range({&ys}, false);
  double pad = (yr.max - yr.min) * 0.15;
  char label[32];
  std::snprintf(label, sizeof label, tr(S::data_legend_model), run.dropout());
  plot::Plot p;
  p.legend(label, IM_COL32(120, 230, 140, 255), plot::Swatch::Line);
  const bool twin = show_twin(s);
  if (twin) p.legend(tr(S::data_legend_twin), IM_COL32(200, 200, 200, 220), plot::Swatch::Dashed);
  // Thousands of markers cost a software renderer more than the rest of the UI; a
  // dense set draws every k-th point, and its legend says so.
  const int train_step = drawn_step(d.n_train), val_step = drawn_step(d.n_val);
  char train_label[96], val_label[96];
  points_label(train_label, sizeof train_label, tr(S::data_train_points), train_step);
  points_label(val_label, sizeof val_label, tr(S::data_val_points), val_step);
  p.legend(train_label, class_color(0), plot::Swatch::Marker);
  p.legend(val_label, class_color(1), plot::Swatch::Marker);
  if (!p.begin("##sine", ImVec2(0, 0), {x0, x1}, {yr.min - pad, yr.max + pad}, false, "x", "y"))
    return;
  ImDrawList* dl = ImGui::GetWindowDrawList();
  if (s.show_val_points)
    for (int i = d.n_train; i < d.n_train + d.n_val; i += val_step)
      dl->AddCircle(p.to_screen(d.x[i], d.y[i]), 3.0f, class_color(1, 0.9f), 8, 1.0f);
  if (s.show_train_points)
    for (int i = 0; i < d.n_train; i += train_step)
      dl->AddCircleFilled(p.to_screen(d.x[i], d.y[i]), 3.5f, class_color(0), 8);
  if (twin && f0.size() == static_cast<size_t>(n))
    p.line(xs.data(), f0.data(), n, IM_COL32(200, 200, 200, 220), 2.0f, true);
  if (f.size() == static_cast<size_t>(n))
    p.line(xs.data(), f.data(), n, IM_COL32(120, 230, 140, 255), 2.0f, false);
  p.end();
}

// Data with more than two features (your own CSV): the validation rows' targets and the
// predictions of the model chosen above, eval mode, with the summary over all of them.
void table_view(State& s) {
  model_choice(s);
  const dp::Trainer& t = s.heatmap_model == 1 && show_twin(s) ? twin_of(s) : run_of(s);
  const dp::Dataset& d = t.data();
  const int c = t.n_out();
  // Recomputed when the model changed, at most twice a second while training.
  State::TableOutputs& cache = s.table;
  const int which = &t == &run_of(s) ? 0 : 1;
  const double now = s.host->now();
  if (cache.which != which || (cache.version != s.model_version && (!s.running || now - cache.taken >= 0.5))) {
    cache.out.resize(static_cast<size_t>(d.n_val) * c);
    t.predict(d.x.data() + static_cast<size_t>(d.n_train) * d.dim, d.n_val, cache.out.data());
    cache.version = s.model_version;
    cache.which = which;
    cache.taken = now;
  }
  const std::vector<float>& out = cache.out;
  const bool cls = d.n_classes > 0 || dp::is_classification(t.config());
  std::vector<int> pred(d.n_val);
  std::vector<float> conf(d.n_val);
  int right = 0;
  double se = 0;
  for (int i = 0; i < d.n_val; ++i) {
    const float* o = &out[static_cast<size_t>(i) * c];
    const float target = d.y[d.n_train + i];
    if (c == 1 && cls) {  // one logit: class 1 when it is positive
      const float p1 = 1.0f / (1.0f + std::exp(-o[0]));
      pred[i] = p1 > 0.5f ? 1 : 0;
      conf[i] = pred[i] ? p1 : 1 - p1;
    } else if (cls) {
      std::vector<float> probs(c);
      logits_to_probs(o, 1, c, probs.data());
      pred[i] = static_cast<int>(std::max_element(probs.begin(), probs.end()) - probs.begin());
      conf[i] = probs[pred[i]];
    } else {
      se += (o[0] - target) * (o[0] - target);
    }
    right += cls && pred[i] == static_cast<int>(target);
  }
  ImGui::TextUnformatted(tr(S::data_table_title));
  if (cls)
    ImGui::Text(tr(S::data_table_summary), right, d.n_val, 100.0 * right / std::max(1, d.n_val));
  else
    ImGui::Text(tr(S::data_table_summary_mse), se / std::max(1, d.n_val), d.n_val);
  const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollY | ImGuiTableFlags_BordersInnerV;
  if (!ImGui::BeginTable("##predictions", cls ? 4 : 3, flags)) return;
  ImGui::TableSetupScrollFreeze(0, 1);
  ImGui::TableSetupColumn(tr(S::data_table_row));
  ImGui::TableSetupColumn(tr(S::data_table_target));
  ImGui::TableSetupColumn(tr(S::data_table_pred));
  if (cls) ImGui::TableSetupColumn(tr(S::data_table_p));
  ImGui::TableHeadersRow();
  ImGuiListClipper clip;
  clip.Begin(d.n_val);
  while (clip.Step())
    for (int i = clip.DisplayStart; i < clip.DisplayEnd; ++i) {
      const float target = d.y[d.n_train + i];
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::Text("%d", d.n_train + i + 1);
      ImGui::TableNextColumn();
      if (cls) ImGui::Text("%d", static_cast<int>(target)); else ImGui::Text("%.4g", target);
      ImGui::TableNextColumn();
      if (cls)
        ImGui::TextColored(pred[i] == static_cast<int>(target) ? ImVec4(0.5f, 0.9f, 0.5f, 1) : ImVec4(1, 0.4f, 0.35f, 1), "%d", pred[i]);
      else
        ImGui::Text("%.4g", out[i]);
      if (cls) {
        ImGui::TableNextColumn();
        ImGui::Text("%.3f", conf[i]);
      }
    }
  ImGui::EndTable();
  mark_widget(s, "data.table");
}

}  // namespace

void model_choice(State& s) {
  if (!show_twin(s)) {  // a run at p = 0 all along is its own twin: nothing to choose
    s.heatmap_model = 0;
    no_twin_note(s, "data.no_twin");
    return;
  }
  ImGui::RadioButton(tr(S::data_model_run), &s.heatmap_model, 0);
  mark_widget(s, "data.model_run");
  same_line_if_fits(tr(S::data_model_twin));
  ImGui::RadioButton(tr(S::data_model_twin), &s.heatmap_model, 1);
  mark_widget(s, "data.model_twin");
}

void panel_data(State& s) {
  const dp::Trainer& run = run_of(s);
  const dp::Dataset& d = run.data();
  if (!run.config().has_xy && dp::dataset_is_image(run.config().data)) {
    image_view(s);
    return;
  }
  if (run.config().has_xy && !s.data_note.empty()) {
    ImGui::PushTextWrapPos(0);
    ImGui::TextDisabled("%s", s.data_note.c_str());
    ImGui::PopTextWrapPos();
    mark_widget(s, "data.csv_note");
  }
  if (d.dim > 2) {  // the 2-D views and the Uncertainty mode do not apply
    table_view(s);
    return;
  }
  ImGui::RadioButton(tr(S::data_mode_predict), &s.data_mode, 0);
  mark_widget(s, "data.mode_predict");
  same_line_if_fits(tr(S::data_mode_uncertainty));
  ImGui::RadioButton(tr(S::data_mode_uncertainty), &s.data_mode, 1);
  mark_widget(s, "data.mode_uncertainty");
  item_tooltip(tr(S::data_mode_tip));
  ImGui::Checkbox(tr(S::data_train_points), &s.show_train_points);
  mark_widget(s, "data.train_points");
  same_line_if_fits(tr(S::data_val_points));
  ImGui::Checkbox(tr(S::data_val_points), &s.show_val_points);
  mark_widget(s, "data.val_points");
  // A diverged model's weights are NaN: its prediction would be garbage.
  const dp::Trainer& twin = twin_of(s);
  if (run.diverged() || (twin.diverged() && (d.dim == 1 || s.heatmap_model == 1))) {
    ImGui::Spacing();
    ImGui::PushTextWrapPos(0);
    ImGui::TextColored(kErrorColor, "%s",
                       tr(run.diverged() ? S::data_diverged : S::data_twin_diverged));
    ImGui::PopTextWrapPos();
    if (d.dim == 2 && !run.diverged()) model_choice(s);
    return;
  }
  if (s.data_mode == 1 && d.dim <= 2) {
    uncertainty_view(s);
    return;
  }
  if (d.dim == 1) {
    regression_view(s);
    return;
  }
  model_choice(s);
  const dp::Trainer& shown = s.heatmap_model == 0 ? run : twin;
  PlaneBounds b = plane_bounds(d);
  s.heatmap.update(shown, s.model_version * 2 + s.heatmap_model, b, s.running ? 1.0 / 15.0 : 0.0,
                   s.host->now);

  ImVec2 avail = ImGui::GetContentRegionAvail();
  float size = std::floor(std::max(40.0f, std::min(avail.x, avail.y)));
  ImVec2 cur = ImGui::GetCursorScreenPos();
  ImVec2 p0(cur.x + std::floor((avail.x - size) / 2), cur.y);
  ImGuiIO& io = ImGui::GetIO();
  const ImVec4 bgc = ImGui::GetStyleColorVec4(ImGuiCol_WindowBg);
  const float bg[3] = {bgc.x * 0.8f, bgc.y * 0.8f, bgc.z * 0.8f};
  s.heatmap.set_points(d, b, s.show_train_points, s.show_val_points);
  s.heatmap.set_colors(kClassColors, bg);
  const float point_px = std::clamp(size / 60.0f, 5.0f, 9.0f) * io.DisplayFramebufferScale.x;
  std::string error;
  const ImTextureID tex =
      s.host->heatmap(s.heatmap.scene(), static_cast<int>(size * io.DisplayFramebufferScale.x),
                      static_cast<int>(size * io.DisplayFramebufferScale.y), point_px, &error);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  if (tex) {
    // The picture's first row is its bottom (y0): flip v.
    dl->AddImage(tex, p0, ImVec2(p0.x + size, p0.y + size), ImVec2(0, 1), ImVec2(1, 0));
  } else {
    dl->AddRectFilled(p0, ImVec2(p0.x + size, p0.y + size), IM_COL32(30, 30, 36, 255));
    dl->AddText(ImVec2(p0.x + 6, p0.y + 6), IM_COL32(255, 120, 120, 255), error.c_str());
  }
  dl->AddRect(p0, ImVec2(p0.x + size, p0.y + size), IM_COL32(255, 255, 255, 50));
  ImGui::InvisibleButton("##plane", ImVec2(avail.x, size));
  mark_widget(s, "data.plane");
  if (ImGui::IsItemHovered()) {
    ImVec2 m = io.MousePos;
    float x = b.x0 + (m.x - p0.x) / size * (b.x1 - b.x0);
    float y = b.y0 + (1 - (m.y - p0.y) / size) * (b.y1 - b.y0);
    if (m.x >= p0.x && m.x <= p0.x + size) {
      float in[2] = {x, y};
      std::vector<float> logits(shown.n_out()), probs(Heatmap::kMaxClasses);
      shown.predict(in, 1, logits.data());
      logits_to_probs(logits.data(), 1, shown.n_out(), probs.data());
      int k = static_cast<int>(std::max_element(probs.begin(), probs.end()) - probs.begin());
      ImGui::SetTooltip(tr(S::data_hover), x, y, k, probs[k]);
    }
  }
}

}  // namespace app
