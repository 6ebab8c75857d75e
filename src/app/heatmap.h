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
// The plane the data view shows for a dataset: its inputs' box, made square, with a margin.
PlaneBounds plane_bounds(const dp::Dataset& d);

// A model's predictions on many rows (eval mode), computed a slice per frame so that a
// wide network never stalls one; the last complete result stays readable meanwhile.
class SlicedPredict {
 public:
  // A frame's slice: pieces of kPieceMacs multiply-adds until kSliceSeconds have passed.
  static constexpr double kPieceMacs = 2e6;
  static constexpr double kSliceSeconds = 0.004;

  // Starts computing the rows x (rows, input width) for key, unless the result or the
  // computation under way is already for key.
  void start(long key, const std::vector<float>& x, int rows);
  // One frame's slice; true when a new result has just become complete. If the model
  // steps meanwhile, the rest of the rows see its newer weights (adjacent steps).
  bool advance(const dp::Trainer& t, const std::function<double()>& now);
  bool busy() const { return rows_ > 0 && done_ < rows_; }
  long key() const { return key_; }  // of the complete result (-1: none yet)
  const std::vector<float>& result() const { return result_; }  // (rows, n_out)
  void invalidate() { key_ = -1, rows_ = 0, done_ = 0; }

 private:
  long key_ = -1, next_key_ = -1;
  std::vector<float> x_, out_, result_;
  int rows_ = 0, done_ = 0;
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
  // most a fifth of the time: evaluations that took long wait longer), a slice per call
  // (SlicedPredict). now() is the clock.
  void update(const dp::Trainer& t, long key, const PlaneBounds& b, double min_interval,
              const std::function<double()>& now);
  // The points drawn over the heatmap: training rows filled, validation rows hollow.
  void set_points(const dp::Dataset& d, const PlaneBounds& b, bool train, bool val);
  void set_colors(const float colors[][3], const float background[3]);
  void invalidate() { predict_.invalidate(); }   // re-evaluate on the next update
  bool busy() const { return predict_.busy(); }  // a picture is being computed
  const HeatmapScene& scene() const { return scene_; }

 private:
  HeatmapScene scene_;
  SlicedPredict predict_;
  int grid_ = 0;  // of the picture under way
  double last_update_ = -1e9;
  double last_cost_ = 0;  // seconds the last evaluation took, all its slices
};

// Classification probabilities from logits: softmax for cross_entropy (cols >= 2),
// sigmoid for one logit (bce). probs gets kMaxClasses values per row (zero padded).
void logits_to_probs(const float* logits, int rows, int cols, float* probs);

}  // namespace app
