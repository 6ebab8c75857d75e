// The data view's picture, CPU side: evaluates a trainer's model on a grid over the
// input plane (eval mode, no random draws) into class probabilities, and collects the
// data points, as a HeatmapScene (app/app.h) that the platform colours on the GPU
// (shaders/heatmap.frag, shaders/points.*). The scene's version only changes when the
// probabilities, the points or the colours do.
#pragma once
#include <functional>
#include <string>
#include <vector>

#include "app/app.h"
#include "core/trainer.h"

namespace app {

struct PlaneBounds {
  float x0 = -1, x1 = 1, y0 = -1, y1 = 1;  // the input plane shown
};

class Heatmap {
 public:
  static constexpr int kMaxGrid = 56;  // grid points per side (linear filtering fills between)
  static constexpr int kMinGrid = 16;
  // Multiply-adds one re-evaluation may cost: wide, deep models get a coarser grid
  // rather than a stalled frame (the default 2-96-96-3 model gets the full grid).
  static constexpr double kMaxMacs = 32e6;
  static constexpr int kMaxClasses = 4;

  // Re-evaluates the model when `key` changed, at most every min_interval seconds (and at
  // most a fifth of the time: evaluations that took long wait longer). now() is the clock.
  void update(const dp::Trainer& t, long key, const PlaneBounds& b, double min_interval,
              const std::function<double()>& now);
  // The points drawn over the heatmap: training rows filled, validation rows hollow.
  void set_points(const dp::Dataset& d, const PlaneBounds& b, bool train, bool val);
  void set_colors(const float colors[][3], const float background[3]);
  void invalidate() { key_ = -1; }  // re-evaluate on the next update
  const HeatmapScene& scene() const { return scene_; }

 private:
  HeatmapScene scene_;
  long key_ = -1;
  double last_update_ = -1e9;
  double last_cost_ = 0;  // seconds the last evaluation took
  std::vector<float> grid_x_, logits_;
};

// Classification probabilities from logits: softmax for cross_entropy (cols >= 2),
// sigmoid for one logit (bce). probs gets kMaxClasses values per row (zero padded).
void logits_to_probs(const float* logits, int rows, int cols, float* probs);

}  // namespace app
