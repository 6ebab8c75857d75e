// Data view: the model's prediction over the input plane (heatmap shader, see
// shaders/heatmap.frag) with the training points filled and the validation points
// hollow. For sine (1-D regression) it plots the fitted curves over the points.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <vector>

#include "app/heatmap.h"
#include "app/panels.h"
#include "app/plot.h"
#include "app/state.h"
#include "imgui.h"
#include "platform/platform.h"

namespace app {

const float kClassColors[4][3] = {
    {0.22f, 0.52f, 0.98f},  // blue
    {0.98f, 0.56f, 0.18f},  // orange
    {0.30f, 0.80f, 0.42f},  // green
    {0.82f, 0.38f, 0.85f},  // violet
};

ImU32 class_color(int k, float alpha) {
  const float* c = kClassColors[std::clamp(k, 0, 3)];
  return ImGui::ColorConvertFloat4ToU32(ImVec4(c[0], c[1], c[2], alpha));
}

namespace {

PlaneBounds bounds_of(const dp::Dataset& d) {
  PlaneBounds b{INFINITY, -INFINITY, INFINITY, -INFINITY};
  const int n = d.n_train + d.n_val;
  for (int i = 0; i < n; ++i) {
    b.x0 = std::min(b.x0, d.x[i * d.dim]);
    b.x1 = std::max(b.x1, d.x[i * d.dim]);
    if (d.dim > 1) {
      b.y0 = std::min(b.y0, d.x[i * d.dim + 1]);
      b.y1 = std::max(b.y1, d.x[i * d.dim + 1]);
    }
  }
  if (!(b.x0 <= b.x1)) b = PlaneBounds{};
  if (d.dim < 2) b.y0 = b.y1 = 0;
  // Square, with a margin, so circles look like circles.
  float cx = (b.x0 + b.x1) / 2, cy = (b.y0 + b.y1) / 2;
  float half = std::max(b.x1 - b.x0, b.y1 - b.y0) / 2 * 1.12f + 0.05f;
  return {cx - half, cx + half, cy - half, cy + half};
}

void regression_view(State& s) {
  const dp::Trainer& run = s.twin->run;
  const dp::Dataset& d = run.data();
  float x0 = INFINITY, x1 = -INFINITY;
  std::vector<float> ys(d.y.begin(), d.y.end());
  for (int i = 0; i < d.n_train + d.n_val; ++i) {
    x0 = std::min(x0, d.x[i]);
    x1 = std::max(x1, d.x[i]);
  }
  const int n = 160;
  std::vector<float> xs(n), f(n), f0(n);
  for (int i = 0; i < n; ++i) xs[i] = x0 + (x1 - x0) * i / (n - 1);
  run.predict(xs.data(), n, f.data());
  s.twin->baseline.predict(xs.data(), n, f0.data());
  plot::Range yr = plot::auto_range({&ys}, false);
  double pad = (yr.max - yr.min) * 0.15;
  char label[32];
  std::snprintf(label, sizeof label, "model, p=%.2f", run.dropout());
  plot::Plot p;
  p.legend(label, IM_COL32(120, 230, 140, 255), plot::Swatch::Line);
  p.legend("model, p=0 twin", IM_COL32(200, 200, 200, 220), plot::Swatch::Dashed);
  p.legend("train (filled)", class_color(0), plot::Swatch::Marker);
  p.legend("val (hollow)", class_color(1), plot::Swatch::Marker);
  if (!p.begin("##sine", ImVec2(0, 0), {x0, x1}, {yr.min - pad, yr.max + pad}, false, "x", "y"))
    return;
  ImDrawList* dl = ImGui::GetWindowDrawList();
  if (s.show_val_points)
    for (int i = d.n_train; i < d.n_train + d.n_val; ++i)
      dl->AddCircle(p.to_screen(d.x[i], d.y[i]), 3.0f, class_color(1, 0.9f), 8, 1.0f);
  if (s.show_train_points)
    for (int i = 0; i < d.n_train; ++i)
      dl->AddCircleFilled(p.to_screen(d.x[i], d.y[i]), 3.5f, class_color(0), 8);
  p.line(xs.data(), f0.data(), n, IM_COL32(200, 200, 200, 220), 2.0f, true);
  p.line(xs.data(), f.data(), n, IM_COL32(120, 230, 140, 255), 2.0f, false);
  p.end();
}

}  // namespace

bool diverged_note(const State& s) {
  if (!s.twin->run.diverged()) return false;
  ImGui::PushTextWrapPos(0);
  ImGui::TextColored(ImVec4(1.0f, 0.55f, 0.45f, 1.0f),
                     "The model diverged (its loss became NaN or infinite): nothing to draw. "
                     "Lower the learning rate, then Restart.");
  ImGui::PopTextWrapPos();
  return true;
}

void panel_data(State& s) {
  const dp::Trainer& run = s.twin->run;
  const dp::Dataset& d = run.data();
  ImGui::Checkbox("train (filled)", &s.show_train_points);
  ImGui::SameLine();
  ImGui::Checkbox("val (hollow)", &s.show_val_points);
  // A diverged model's weights are NaN: its prediction would be garbage (issue 4).
  const dp::Trainer& twin = s.twin->baseline;
  if (run.diverged() || (twin.diverged() && (d.dim == 1 || s.heatmap_model == 1))) {
    ImGui::Spacing();
    ImGui::PushTextWrapPos(0);
    ImGui::TextColored(ImVec4(1.0f, 0.55f, 0.45f, 1.0f),
                       "%s diverged: its loss became NaN or infinite, so there is no prediction "
                       "to draw. Lower the learning rate, then Restart.",
                       run.diverged() ? "The model" : "The p = 0 twin");
    ImGui::PopTextWrapPos();
    if (d.dim == 2 && !run.diverged()) {
      ImGui::RadioButton("model with dropout", &s.heatmap_model, 0);
      ImGui::SameLine();
      ImGui::RadioButton("p=0 twin", &s.heatmap_model, 1);
    }
    return;
  }
  if (d.dim == 1) {
    regression_view(s);
    return;
  }
  if (d.dim != 2) {
    ImGui::TextWrapped("The data view shows 2-D inputs; this data has %d.", d.dim);
    return;
  }
  ImGui::RadioButton("model with dropout", &s.heatmap_model, 0);
  ImGui::SameLine();
  ImGui::RadioButton("p=0 twin", &s.heatmap_model, 1);
  if (!s.heatmap) s.heatmap = std::make_unique<Heatmap>();
  const dp::Trainer& shown = s.heatmap_model == 0 ? run : s.twin->baseline;
  PlaneBounds b = bounds_of(d);
  s.heatmap->update(shown, s.model_version * 2 + s.heatmap_model, b, platform::now_seconds(),
                    s.running ? 1.0 / 15.0 : 0.0);

  ImVec2 avail = ImGui::GetContentRegionAvail();
  float size = std::floor(std::max(40.0f, std::min(avail.x, avail.y)));
  ImVec2 cur = ImGui::GetCursorScreenPos();
  ImVec2 p0(cur.x + std::floor((avail.x - size) / 2), cur.y);
  ImGuiIO& io = ImGui::GetIO();
  const ImVec4 bgc = ImGui::GetStyleColorVec4(ImGuiCol_WindowBg);
  const float bg[3] = {bgc.x * 0.8f, bgc.y * 0.8f, bgc.z * 0.8f};
  s.heatmap->set_points(d, b, s.show_train_points, s.show_val_points);
  const float point_px = std::clamp(size / 60.0f, 5.0f, 9.0f) * io.DisplayFramebufferScale.x;
  unsigned tex = s.heatmap->render(static_cast<int>(size * io.DisplayFramebufferScale.x),
                                   static_cast<int>(size * io.DisplayFramebufferScale.y), point_px,
                                   kClassColors, bg);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  if (tex) {
    // GL textures start at the bottom row: flip v.
    dl->AddImage(reinterpret_cast<ImTextureID>(static_cast<intptr_t>(tex)), p0,
                 ImVec2(p0.x + size, p0.y + size), ImVec2(0, 1), ImVec2(1, 0));
  } else {
    dl->AddRectFilled(p0, ImVec2(p0.x + size, p0.y + size), IM_COL32(30, 30, 36, 255));
    dl->AddText(ImVec2(p0.x + 6, p0.y + 6), IM_COL32(255, 120, 120, 255),
                s.heatmap->error().c_str());
  }
  dl->AddRect(p0, ImVec2(p0.x + size, p0.y + size), IM_COL32(255, 255, 255, 50));
  ImGui::InvisibleButton("##plane", ImVec2(avail.x, size));
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
      ImGui::SetTooltip("x = (%.2f, %.2f)\npredicted class %d (p = %.2f)", x, y, k, probs[k]);
    }
  }
}

}  // namespace app
