// The data view's image: evaluates a trainer's model on a grid over the input plane
// (CPU, eval mode, no random draws), stores the class probabilities in a float texture
// and colours them with shaders/heatmap.frag into an offscreen texture ImGui shows; the
// data points are drawn into the same texture as point sprites (shaders/points.*).
// The offscreen pass only reruns when the probabilities, points or size change.
#pragma once
#include <string>
#include <vector>

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

  Heatmap();
  ~Heatmap();
  Heatmap(const Heatmap&) = delete;
  Heatmap& operator=(const Heatmap&) = delete;

  // Re-evaluates the model when `key` changed, at most every min_interval seconds.
  void update(const dp::Trainer& t, long key, const PlaneBounds& b, double now,
              double min_interval);
  // The points drawn over the heatmap: training rows filled, validation rows hollow.
  void set_points(const dp::Dataset& d, const PlaneBounds& b, bool train, bool val);
  // Draws into an offscreen w x h texture; returns its GL name (0 if GL setup failed).
  // point_px: diameter of a validation point in framebuffer pixels.
  unsigned render(int w, int h, float point_px, const float colors[][3], const float background[3]);
  const std::string& error() const { return error_; }
  void invalidate() {
    key_ = -1;
    dirty_ = true;
  }

 private:
  std::string error_;
  unsigned program_ = 0, vao_ = 0, probs_tex_ = 0, fbo_ = 0, color_tex_ = 0;
  unsigned points_program_ = 0, points_vao_ = 0, points_vbo_ = 0;
  int n_points_ = 0;
  std::vector<float> points_;  // (n_points, 4): x, y, class, is_train
  PlaneBounds bounds_;
  float point_px_ = 0;
  int fbo_w_ = 0, fbo_h_ = 0;
  int classes_ = 2;
  int grid_ = kMaxGrid;  // grid points per side of the current texture
  long key_ = -1;
  bool dirty_ = true;  // probabilities changed since the last render
  double last_update_ = -1e9;
  double last_cost_ = 0;  // seconds the last evaluation took
  std::vector<float> grid_x_, logits_, probs_;
};

// Classification probabilities from logits: softmax for cross_entropy (cols >= 2),
// sigmoid for one logit (bce). probs gets kMaxClasses values per row (zero padded).
void logits_to_probs(const float* logits, int rows, int cols, float* probs);

}  // namespace app
