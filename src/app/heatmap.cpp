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

void SlicedPredict::start(long key, const std::vector<float>& x, int rows) {
  if (key == key_ || (busy() && key == next_key_)) return;
  next_key_ = key;
  x_ = x;
  rows_ = rows;
  done_ = 0;
}

bool SlicedPredict::advance(const dp::Trainer& t, const std::function<double()>& now) {
  if (!busy()) return false;
  const std::vector<int>& sz = t.config().sizes;
  const int dim = sz.front(), cols = t.n_out();
  const int piece = std::max(1, static_cast<int>(kPieceMacs / dp::macs_per_row(sz)));
  out_.resize(static_cast<size_t>(rows_) * cols);
  const double start = now();
  do {
    const int n = std::min(rows_ - done_, piece);
    t.predict(x_.data() + static_cast<size_t>(done_) * dim, n,
              out_.data() + static_cast<size_t>(done_) * cols);
    done_ += n;
  } while (done_ < rows_ && now() - start < kSliceSeconds);
  if (done_ < rows_) return false;
  result_.swap(out_);
  key_ = next_key_;
  return true;
}

void Heatmap::update(const dp::Trainer& t, long key, const PlaneBounds& b, double min_interval,
                     const std::function<double()>& now) {
  const double start = now();
  if (t.config().sizes.front() != 2) return;  // a plane needs two inputs
  // At most ~20% of the time goes to re-evaluating (large models update less often).
  if (!predict_.busy() && key != predict_.key() &&
      start - last_update_ >= std::max(min_interval, 4 * last_cost_)) {
    last_update_ = start;
    last_cost_ = 0;
    const int g =
        std::clamp(static_cast<int>(std::sqrt(kMaxMacs / dp::macs_per_row(t.config().sizes))),
                   kMinGrid, kMaxGrid);
    std::vector<float> grid(static_cast<size_t>(g) * g * 2);
    for (int j = 0; j < g; ++j) {    // row j: y from y0 (bottom, texture row 0) to y1
      for (int i = 0; i < g; ++i) {  // texel centres on the grid points
        grid[(j * g + i) * 2 + 0] = b.x0 + (b.x1 - b.x0) * (i + 0.5f) / g;
        grid[(j * g + i) * 2 + 1] = b.y0 + (b.y1 - b.y0) * (j + 0.5f) / g;
      }
    }
    grid_ = g;
    predict_.start(key, grid, g * g);
  }
  if (!predict_.busy()) return;
  const bool complete = predict_.advance(t, now);
  last_cost_ += now() - start;
  if (!complete) return;
  const int n = grid_ * grid_, cols = t.n_out();
  scene_.probs.resize(static_cast<size_t>(n) * kMaxClasses);
  logits_to_probs(predict_.result().data(), n, cols, scene_.probs.data());
  scene_.grid = grid_;
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

PlaneBounds plane_bounds(const dp::Dataset& d) {
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


}  // namespace app
