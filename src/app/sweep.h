// The p-sweep as the app runs it: the points of one sweep (dp::sweep_points of the config
// in force), handed to the Host's workers (Host::start_sweep), their answers collected
// as they arrive (dp::sweep_run_from_json), and the summary the Sweep panel plots (per p:
// mean, min and max over the seeds). Without workers the app runs the points itself, a
// slice of steps per frame, so a page without Web Workers still sweeps. Either way each
// point is the same standalone run as `playground-cli sweep`'s.
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "core/config.h"
#include "core/sweep.h"
#include "core/trainer.h"

namespace app {

struct State;

// Per p value: the seeds' runs summarized (NAN where no run is in yet).
struct SweepRow {
  double p = 0;
  int runs = 0;  // completed runs of this p
  float final_val[3] = {NAN, NAN, NAN};  // mean, min, max over the seeds
  float best_val[3] = {NAN, NAN, NAN};
  float final_train_eval[3] = {NAN, NAN, NAN};
  float final_val_acc[3] = {NAN, NAN, NAN};
};

struct Sweep {
  // What the panel edits.
  char p_text[512] = "0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9";
  int seeds = 3;

  // The sweep under way or last run.
  dp::Config base;
  std::vector<double> ps;
  int seeds_run = 0;
  std::vector<dp::SweepPoint> points;
  std::vector<std::string> texts;  // sweep_run_json text per point ("" until it arrives)
  std::vector<dp::SweepRun> runs;  // parsed, per point
  bool has(size_t i) const { return !texts[i].empty(); }  // point i's answer is in
  int completed = 0;
  bool running = false;
  bool cancelled = false;
  bool on_workers = false;  // the Host's workers run it (else the frames do)
  double started = 0, seconds = 0;  // host->now() at the start; wall time (so far)
  long generation = 0;              // bumped on every start (the API's promises)
  std::string error;

  // Without workers: the point the frames are running.
  std::unique_ptr<dp::Trainer> inline_run;
  int inline_index = -1;

  int hover = -1;  // the p row under the pointer (the inset), -1: none
};

// Parses a p list ("0, 0.1, 0.5"): "" or the error (naming the bad item).
std::string parse_p_list(const std::string& text, std::vector<double>* out);

// Starts a sweep of the config in force over ps x seeds (cancelling one under way).
// "" or the error (nothing starts).
std::string start_sweep(State& s, const std::vector<double>& ps, int seeds);
void cancel_sweep(State& s);
// Once per frame: collects the workers' answers, or runs a slice of the point in hand.
void sweep_slice(State& s, double budget_s);
bool sweep_busy(const State& s);  // a sweep is under way

// The rows to plot, in the sweep's p order.
std::vector<SweepRow> sweep_rows(const State& s);
// The row with the lowest mean final val loss (-1: none).
int best_row(const std::vector<SweepRow>& rows);
// {"runs": [...]} of the completed runs in point order (the same text per run as
// `playground-cli sweep --json`).
std::string sweep_results_json(const State& s);
// One line per completed run: p, seed, best epoch, best and final val loss, final
// training loss (eval), final val accuracy.
std::string sweep_csv(const State& s);

}  // namespace app
