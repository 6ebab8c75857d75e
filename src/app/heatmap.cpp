// CPU side of the data view: the model on a grid, the points, as a HeatmapScene.
#include "app/heatmap.h"

#include <algorithm>
#include <cmath>
#include <cstring>

namespace app {

void logits_to_probs(const float* logits, int rows, int cols, float* probs) {
  const int K = Heatmap::kMaxClasses;
  for (int r = 0; r < rows; ++r) {
    const float* z = logits + r * cols;
    float* p = probs + r * K;
    std::fill(p, p + K, 0.0f);
    if (cols == 1) {
      float p1 = 1.0f / (1.0f + std::exp(-z[0]));
      p[0] = 1.0f - p1;
      p[1] = p1;
      continue;
    }
    float m = *std::max_element(z, z + cols);
    float sum = 0;
    for (int c = 0; c < cols; ++c) sum += std::exp(z[c] - m);
    for (int c = 0; c < std::min(cols, K); ++c) p[c] = std::exp(z[c] - m) / sum;
  }
}

void Heatmap::update(const dp::Trainer& t, long key, const PlaneBounds& b, double min_interval,
                     const std::function<double()>& now) {
  const double start = now();
  // At most ~20% of the time goes to re-evaluating (large models update less often).
  if (key == key_ || start - last_update_ < std::max(min_interval, 4 * last_cost_)) return;
  if (t.config().sizes.front() != 2) return;  // a plane needs two inputs
  key_ = key;
  last_update_ = start;
  double macs_per_row = 0;
  const std::vector<int>& sz = t.config().sizes;
  for (size_t i = 0; i + 1 < sz.size(); ++i) macs_per_row += static_cast<double>(sz[i]) * sz[i + 1];
  const int g =
      std::clamp(static_cast<int>(std::sqrt(kMaxMacs / macs_per_row)), kMinGrid, kMaxGrid);
  const int n = g * g;
  grid_x_.resize(n * 2);
  for (int j = 0; j < g; ++j) {    // row j: y from y0 (bottom, texture row 0) to y1
    for (int i = 0; i < g; ++i) {  // texel centres on the grid points
      grid_x_[(j * g + i) * 2 + 0] = b.x0 + (b.x1 - b.x0) * (i + 0.5f) / g;
      grid_x_[(j * g + i) * 2 + 1] = b.y0 + (b.y1 - b.y0) * (j + 0.5f) / g;
    }
  }
  const int cols = t.n_out();
  logits_.resize(static_cast<size_t>(n) * cols);
  scene_.probs.resize(static_cast<size_t>(n) * kMaxClasses);
  t.predict(grid_x_.data(), n, logits_.data());
  logits_to_probs(logits_.data(), n, cols, scene_.probs.data());
  last_cost_ = now() - start;
  scene_.grid = g;
  scene_.classes = cols == 1 ? 2 : std::min(cols, static_cast<int>(kMaxClasses));
  ++scene_.version;
}

void Heatmap::set_points(const dp::Dataset& d, const PlaneBounds& b, bool train, bool val) {
  std::vector<float> pts;
  // Validation first so the training points sit on top.
  if (val && d.dim == 2) {
    for (int i = d.n_train; i < d.n_train + d.n_val; ++i)
      pts.insert(pts.end(), {d.x[i * 2], d.x[i * 2 + 1], d.y[i], 0.0f});
  }
  if (train && d.dim == 2) {
    for (int i = 0; i < d.n_train; ++i)
      pts.insert(pts.end(), {d.x[i * 2], d.x[i * 2 + 1], d.y[i], 1.0f});
  }
  const float bounds[4] = {b.x0, b.x1, b.y0, b.y1};
  if (pts == scene_.points && std::memcmp(bounds, scene_.bounds, sizeof bounds) == 0) return;
  scene_.points.swap(pts);
  std::memcpy(scene_.bounds, bounds, sizeof bounds);
  ++scene_.version;
}

void Heatmap::set_colors(const float colors[][3], const float background[3]) {
  if (std::memcmp(colors, scene_.colors, sizeof scene_.colors) == 0 &&
      std::memcmp(background, scene_.background, sizeof scene_.background) == 0)
    return;
  std::memcpy(scene_.colors, colors, sizeof scene_.colors);
  std::memcpy(scene_.background, background, sizeof scene_.background);
  ++scene_.version;
}

}  // namespace app
