// The data view's Uncertainty mode, CPU side: MC dropout (core/mc.h) on a snapshot of the
// run's model, over the view's inputs (a grid of the plane, or the sine curve's x values,
// which reach beyond the data) and over the validation set, a slice per frame. The last
// complete refresh stays shown while the next one is computed. The passes draw from their
// own generator (seeded with the config's mc_seed), so looking changes nothing in the run.
#pragma once
#include <functional>
#include <memory>
#include <vector>

#include "app/heatmap.h"
#include "core/mc.h"
#include "core/trainer.h"

namespace app {

class Uncertainty {
 public:
  static constexpr int kGrid = 40;           // map cells per side (2-D)
  static constexpr int kCurvePoints = 200;   // x values of the 1-D view
  static constexpr int kKeptPasses = 4;      // individual passes the 1-D view draws
  // MC work per frame (a piece may exceed it): the default spiral map with T = 50 then
  // refreshes about every 350 ms at 30 frames per second in the browser.
  static constexpr double kSliceSeconds = 0.010;
  static constexpr int kPieceRows = 128;     // rows between two looks at the clock

  // The inputs of the view: grid or curve over `view` (1-D: x in [view.x0, view.x1]).
  struct Result {
    long model_version = -1;  // the run's model_version the snapshot was taken at
    int samples = 0;
    int64_t seed = 0;
    PlaneBounds view;
    int dim = 2, rows = 0, outputs = 0;
    std::vector<float> x;           // (rows, dim): the view's inputs
    std::vector<double> mean;       // (rows, width): mean probability or output
    std::vector<double> spread;     // per row: entropy (2-D choice below) or std (1-D)
    std::vector<double> entropy, mutual_information;  // classification, per row
    std::vector<std::vector<float>> passes;  // 1-D: the first kKeptPasses passes' outputs
    std::vector<float> eval;        // eval mode (weight scaling) at the view's inputs
    std::vector<double> val_loss_by_t, val_acc_by_t;  // the MC average on the validation set
    double eval_val_loss = 0, eval_val_acc = 0;      // eval mode on the validation set
    bool classification = true;
  };

  // One frame: starts a refresh when none is under way and the last one is older than
  // min_interval (or its model, T, seed or view changed), then computes for about
  // kSliceSeconds. Returns true when a refresh has just completed.
  bool advance(const dp::Trainer& run, long model_version, const dp::Config& cfg,
               const PlaneBounds& view, double min_interval, const std::function<double()>& now);
  const Result* result() const { return done_ ? &shown_ : nullptr; }
  long refreshes() const { return refreshes_; }
  long passes_done() const { return passes_done_; }
  bool busy() const { return job_ != nullptr; }
  void invalidate() { job_.reset(), done_ = false, last_start_ = -1e9; }

 private:
  struct Set {  // one set of rows under way: the view's or the validation set's
    std::vector<float> x, y;
    int rows = 0;
    std::unique_ptr<dp::McPasses> passes;
    std::unique_ptr<dp::McSummary> summary;
    std::vector<float> out;  // the current pass, (rows, outputs)
    int row = 0;             // rows of the current pass done
  };
  struct Job {
    std::unique_ptr<dp::Mlp> model;  // the snapshot
    std::vector<double> ps;
    dp::LossKind loss = dp::LossKind::CrossEntropy;
    Set sets[2];  // 0: the view, 1: the validation set
    int set = 0;  // the set under way
    Result r;
  };
  std::unique_ptr<Job> job_;
  Result shown_;
  bool done_ = false;
  long refreshes_ = 0, passes_done_ = 0;
  double last_start_ = -1e9;
};

}  // namespace app
