// The app's state: the one dp::Config in force, the run and its p = 0 twin
// (dp::TwinTrainer), play/pause, speed, and what the panels remember between frames.
// Training logic lives in the core; this file only decides *when* to step (a slice per
// frame inside a time budget) and applies config changes between steps.
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "app/api.h"
#include "app/app.h"
#include "app/heatmap.h"
#include "app/lessons.h"
#include "app/sweep.h"
#include "app/uncertainty.h"
#include "app/view.h"
#include "core/config.h"
#include "core/mask_stats.h"
#include "core/trainer.h"

namespace app {

struct PytorchPanel {
  char x_text[512] = "1.0, 2.0, 3.0, 4.0";  // the classic example tensor of nn.Dropout
  int64_t seed = 42;
  bool training = true;
};

// What the panels and getState() show of the last completed training batch: copied
// when a step completes, so that a step under way (a wide network's, sliced over
// frames) never shows half-new masks.
struct BatchView {
  static constexpr int kShownRows = 64;  // the masks panel draws at most this many samples
  long step = 0;                         // steps completed when captured (0: none yet)
  int rows = 0;                          // samples in the batch
  int shown_rows() const { return rows < kShownRows ? rows : kShownRows; }
  double p = 0;  // hidden layer 0's p in this batch
  struct Layer {
    int net_layer = 0;  // the network layer whose units it masks: 0 the input, l hidden layer l
    double p = 0;       // this Dropout's p in this batch
    int cols = 0;
    // The first min(rows, kShownRows) samples: kept (1) or dropped (0), and what
    // Dropout got and gave; (shown rows, cols) each.
    std::vector<uint8_t> kept;
    std::vector<float> in, out;
    long dropped = 0;  // over the whole batch
    float vmax = 0;    // the largest |out| of the shown rows' kept cells
  };
  std::vector<Layer> layers;  // one per Dropout module, in forward order (the input's first)
  // Image data (digits): the shown rows' inputs (shown rows, dim) and labels.
  std::vector<float> x;
  std::vector<int> y;
  // The Dropout over network layer l's units (0: the input), or nullptr when it has none.
  const Layer* layer_for(int net_layer) const {
    for (const Layer& L : layers)
      if (L.net_layer == net_layer) return &L;
    return nullptr;
  }
};

// The data view for image data (app/panel_images.cpp): the validation predictions of the
// run (0) and of the twin (1), and its pictures, each with the version it shows.
struct ImageViews {
  long pred_version[2] = {-1, -1};  // model_version the predictions are of
  double pred_taken[2] = {-1e9, -1e9};
  std::vector<int> pred[2];  // the predicted class of each validation row
  Image gallery, batch, features[2];
  long gallery_version = -1;  // run_version
  long batch_step = -1;       // the batch's step
  long features_version[2] = {-1, -1};
  double features_taken[2] = {-1e9, -1e9};
  bool wrong_only = false;
  ImageViews() {
    gallery.id = 101, batch.id = 102, features[0].id = 103, features[1].id = 104;
  }
};

// The edges the network view draws: between the units it draws of each layer (the
// first few), each unit's strongest (recomputed when the weights change, not every frame).
struct NetworkEdges {
  long version = -1;       // model_version they were taken at
  double taken = -1e9;     // host->now() then: at most 4 times a second
  std::vector<int> shown;  // the units drawn per layer they were taken for
  struct Edge {
    float w;
    int i, o;
  };
  std::vector<std::vector<Edge>> layers;
  std::vector<float> wmax;
};

struct State {
  const Host* host = nullptr;             // the platform's services (outlives the state)
  dp::Config cfg;                         // the config in force (getState().config)
  // A config waiting for its data (the browser fetching the digits): applied when it arrives.
  std::unique_ptr<dp::Config> waiting_for_data;
  std::string data_note;  // what the last CSV import read (the data view shows it for x/y data)
  std::unique_ptr<dp::TwinTrainer> twin;  // run (cfg.dropout) + baseline (p = 0)

  bool running = true;
  double speed = 10.0;            // epochs per second when not at max
  bool max_speed = false;         // as fast as the frame budget allows
  double steps_owed = 0.0;        // fractional optimizer steps carried to the next frame
  long queued_steps = 0;          // Step / Step epoch: steps the next frames run, then pause
  double last_frame = -1.0;       // host->now() of the previous frame (-1: none, no catch-up)
  double last_train_s = 0.0;      // time spent training in the last frame
  double max_frame_work_s = 0.0;  // the largest app::frame() since status() last read it
  long model_version = 0;         // bumped on every step and restart (image cache key)
  long run_version = 0;           // bumped on every restart (the data may differ)
  // runTo(): while playing, the run holds once this many epochs are complete (-1: none).
  int hold_epoch = -1;

  std::vector<std::string> notices;  // this run's, newest last; shown in Controls and getState
  long reseeds = 0;                  // Reseed presses (a lesson's check counts them)
  LessonProgress lesson;             // the lesson open (app/lessons.h)

  View view;             // which panels and controls show (URL: embed, panels, controls)
  long frames = 0;       // frames drawn (getState().frames: a hidden page draws none)
  float controls_h = 0;  // height of the Controls' content last frame (embed layout)
  std::vector<WidgetRect> widgets, widgets_next;  // last frame's rectangles; this frame's

  // UI-only state.
  bool intro = false;  // the start card shows (a first visit, until dismissed)
  bool phone = false;  // this frame uses the phone layout (app/layout.h)
  dp::Config edit;     // what the Controls show while a field is being edited
  bool log_y = true;
  bool show_accuracy = false;
  bool smooth = true;     // curves: EMA over epochs drawn bold, raw values faint
  int heatmap_model = 0;  // 0 = dropout run, 1 = p = 0 twin
  int data_mode = 0;      // the data view: 0 = the prediction, 1 = uncertainty (MC dropout)
  std::string data_tab;   // the data view's tab open last drawn ("gallery", "ensemble", ...)
  int uncertainty_map = 0;  // its 2-D map: 0 = predictive entropy, 1 = mutual information
  Uncertainty uncertainty;
  bool show_train_points = true;
  bool show_val_points = true;
  int network_sample = 0;  // which row of the batch the network view shows
  PytorchPanel pytorch;
  Heatmap heatmap;
  SlicedPredict curve_run, curve_twin;  // the data view's curves (one input: regression)
  BatchView batch;                      // the last completed batch (masks panel, network, getState)
  dp::MaskStats mask_stats;             // the run's masks, every completed step (masks panel)
  long mask_stats_step = 0;             // the run's steps() mask_stats has counted
  int masks_view = 0;                   // masks panel: 0 = this batch, 1 = what they add up to
  int masks_layer = 0;                  // the dropout layer of its keep rates, drops and history
  int masks_unit = 0;                   // the unit of the history strip
  NetworkEdges edges;
  ImageViews images;
  // The data view's table (more than two features): the validation rows' outputs of the
  // model shown, and what they are of (like the image views' predictions).
  struct TableOutputs {
    long version = -1;  // model_version
    int which = -1;     // 0 the run, 1 the twin
    double taken = -1e9;
    std::vector<float> out;  // (n_val, outputs)
  } table;
  std::vector<Image> mask_images;  // one per dropout layer
  Sweep sweep;                     // the Sweep panel: its p list, the sweep and its runs
  long mask_images_version = -1;   // model_version they show

  State();
  ~State();
};

// Frame budget for training (seconds): keeps 50+ fps on a 2-core machine; at max speed
// training may take more of the frame.
constexpr double kTrainBudget = 0.006;
constexpr double kMaxSpeedBudget = 0.016;
// The work of one piece of a step between two looks at the clock, in multiply-adds
// (dp::Plan): well under a millisecond in WebAssembly.
constexpr double kPieceMacs = 1e6;
// A step under way with less work than this left (the default model's step and
// evaluation, with its twin, is about 10 million) is finished past the budget, so that a
// small network's frame ends between steps; a pause finishes up to kPauseFinishMacs.
constexpr double kFinishMacs = 16e6;
constexpr double kPauseFinishMacs = 64e6;

// The run and its p = 0 twin.
inline const dp::Trainer& run_of(const State& s) { return s.twin->run; }
inline const dp::Trainer& twin_of(const State& s) { return s.twin->baseline(); }

// Restarts the run and its twin from the config in force (same seeds: same run).
void restart_run(State& s);

// Applies a complete new config. Structure changes (anything but dropout and the
// learning rate) restart; p and lr take effect from the next batch. Returns "" or
// the validation error (then nothing changes).
std::string apply_config(State& s, const dp::Config& next);

void reseed_run(State& s, int64_t seed);  // new seed, restart

// The file the desktop's "Your data (CSV)..." reads from the current folder.
inline constexpr const char* kDataFileName = "data.csv";

// The predicted class of each validation row by the run (0) or the twin (1), eval mode:
// recomputed when the model changed, while training at most every `every` seconds.
const std::vector<int>& val_predictions(State& s, int which, double every);

// Whether next's data is at hand (digits: the table is provided). If not, asks the Host
// for it, keeps next as the config to apply when it arrives (data_arrived) and says so in
// a notice: the run in force goes on meanwhile.
bool data_at_hand(State& s, const dp::Config& next);

// n optimizer steps of both trainers, now, whatever they cost (JS step(n), launch options).
void step_batches(State& s, long n);
// The Step and Step epoch buttons: pause, and queue n steps (or the rest of the current
// epoch) that the next frames run within their budget.
void queue_steps(State& s, long n);
void queue_epoch(State& s);

// The per-frame slice: advances by elapsed time * speed (or the queued steps), within
// the frame's training budget, a piece of a step at a time.
void train_slice(State& s, double now);
// Pauses; a step under way that is nearly done is finished first, so that a change made
// while paused applies to the next step taken.
void pause_run(State& s);

// Whether the next frames have training to do (running, or steps queued).
bool has_work(const State& s);
// Whether the p = 0 twin is worth drawing: the run has or had dropout. A run at p = 0 all
// along is its own twin (the same seed, the same steps), so the panels show a note instead.
bool show_twin(const State& s);

void add_notice(State& s, const std::string& text);

// Copies the run's last completed batch into s.batch (after a step completes).
void capture_batch(State& s);
// Counts the run's step just completed (if any) in mask_stats: after each step, before
// the next one overwrites the model's batch.
void count_masks(State& s);

// The current position of the run, in epochs (fractional).
double epoch_position(const State& s);

// The changes of p during the run, from the trainer's schedule: one mark per change,
// changes closer than half an epoch merged (dragging the slider leaves one mark).
std::vector<PChange> p_changes(const State& s);

// Records the last ImGui item's rectangle under id (widget_rect(), getState().widgets).
void mark_widget(State& s, const char* id);
void mark_text_field(State& s, const char* id);  // the same, for a text field (WidgetRect::text)
// Records the current window's rectangle under "panel.<id>" (its title bar is a quiet
// place to click: the panels do not move).
void mark_panel(State& s, const char* id);

}  // namespace app
