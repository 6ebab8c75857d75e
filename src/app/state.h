// The app's state: the one dp::Config in force, the run and its p = 0 twin
// (dp::TwinTrainer), play/pause, speed, and what the panels remember between
// frames. Training logic lives in the core; this file only decides *when* to step
// (a slice per frame inside a time budget) and applies config changes between steps.
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "app/view.h"
#include "core/config.h"
#include "core/trainer.h"

namespace app {

class Heatmap;
class ImageTexture;

// A change of p during a run, drawn as a marker on the curves.
struct PChange {
  double epoch;  // position in epochs (fractional: epoch + batch / batches_per_epoch)
  double from, to;
};

struct PytorchPanel {
  char x_text[512] = "1.0, 2.0, 3.0, 4.0";  // the seed note's example tensor
  int seed = 42;
  bool training = true;
};

struct State {
  dp::Config cfg;                         // the config in force (getState().config)
  std::unique_ptr<dp::TwinTrainer> twin;  // run (cfg.dropout) + baseline (p = 0)

  bool running = true;
  double speed = 10.0;        // epochs per second when not at max
  bool max_speed = false;     // as fast as the frame budget allows
  double steps_owed = 0.0;    // fractional optimizer steps carried to the next frame
  double last_frame = -1.0;   // platform::now_seconds() of the previous frame
  double last_train_s = 0.0;  // time spent training in the last frame
  long model_version = 0;     // bumped on every step and restart (heatmap cache key)

  std::vector<PChange> p_changes;
  std::vector<std::string> notices;  // this run's, newest last; shown in Controls and getState

  View view;             // which panels and controls show (URL: embed, panels, controls)
  long frames = 0;       // frames drawn (getState().frames: a hidden tab draws none)
  float controls_h = 0;  // height of the Controls' content last frame (embed layout)

  // UI-only state.
  dp::Config edit;  // what the Controls show while a field is being edited
  bool log_y = true;
  bool show_accuracy = false;
  bool smooth = true;     // curves: EMA over epochs drawn bold, raw values faint
  int heatmap_model = 0;  // 0 = dropout run, 1 = p = 0 twin
  bool show_train_points = true;
  bool show_val_points = true;
  int network_sample = 0;  // which row of the batch the network view shows
  PytorchPanel pytorch;
  std::unique_ptr<Heatmap> heatmap;
  std::vector<std::unique_ptr<ImageTexture>> mask_images;  // one per dropout layer
  long mask_images_version = -1;                           // model_version they show

  State();
  ~State();
};

// Frame budget for training (seconds): keeps 50+ fps on a 2-core machine.
constexpr double kTrainBudget = 0.006;

// Restarts the run and its twin from the config in force (same seeds: same run).
void restart(State& s);

// Applies a complete new config. Structure changes (anything but dropout and the
// learning rate) restart; p and lr take effect from the next batch. Returns "" or
// the validation error (then nothing changes).
std::string apply_config(State& s, const dp::Config& next);

// Name of the first field that differs in a way that needs a restart, or "".
std::string structural_difference(const dp::Config& a, const dp::Config& b);

// New seed, restart.
void reseed(State& s, int64_t seed);

// n optimizer steps of both trainers, now (Step button, JS step(n)).
void step_batches(State& s, int n);
// Steps until the run's current epoch completes.
void step_epoch(State& s);

// The per-frame slice: advances by elapsed time * speed, within kTrainBudget.
void train_slice(State& s, double now);

void add_notice(State& s, const std::string& text);

// The current position of the run, in epochs (fractional).
double epoch_position(const State& s);

}  // namespace app
