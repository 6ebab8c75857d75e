// The app's scripting API: what the page's window.playground (src/platform/web_api.cpp,
// which turns these structs into JSON) and the tests see. Plain structs in and out; the
// page and the tests see exactly what the panels see: the same State, the same trainers.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "app/app.h"
#include "core/config.h"
#include "core/mask_stats.h"
#include "core/trainer.h"

namespace app {

// One dropout layer's mask of the last completed minibatch: kept is (rows, cols), 1 kept;
// rows are its first samples, at most BatchView::kShownRows (64) of batch_rows.
struct MaskSnapshot {
  int layer = 0;  // the network layer it masks: 0 the inputs, l hidden layer l (1-based)
  int rows = 0, cols = 0;
  int batch_rows = 0;
  double p = 0;
  std::vector<uint8_t> kept;
};

// A change of p during the run, as the Curves mark it (derived from the trainer's schedule).
struct PChange {
  double epoch = 0;  // position in epochs (fractional: epoch + batch / batches_per_epoch)
  double from = 0, to = 0;  // hidden layer 0's p
  std::string tag;          // the curves' label: "p->0.30", "p->0.20,0.50", "input 0.20, p->0.50"
};

struct ViewSnapshot {
  bool embed = false;
  std::vector<std::string> panels, controls;
};

struct Snapshot {
  dp::Config config;  // in force
  int epoch = 0;      // completed epochs
  long step = 0;      // optimizer steps
  int batch_in_epoch = 0, batches_per_epoch = 0;
  bool running = false, done = false, diverged = false;
  double speed = 0;                              // epochs per second
  std::vector<dp::EpochStats> curves, baseline;  // the run and its p = 0 twin
  std::vector<MaskSnapshot> masks;
  std::vector<PChange> p_changes;
  std::vector<std::string> notices;  // this run's, newest last
  ViewSnapshot view;
  std::string data_view;  // the data view's mode: "prediction" or "uncertainty"
  std::string lang;       // the interface language: "en" or "fr"
  std::string lesson;     // the lesson's progress, as JSON (app/lessons.h: lesson_state_json)
  long frames = 0;  // frames drawn (a hidden or idle page draws none)
  std::string share_url;
  std::vector<WidgetRect> widgets;  // last frame's widget rectangles (tests click them)
};

Snapshot snapshot(const State& s);

// What a page polls cheaply: frames drawn, where the run is, whether the app has work of
// its own (busy: training or computing a picture), and the longest time the app itself
// took for a frame since the previous status() (drawing by the GPU not included).
struct Status {
  long frames = 0;
  int epoch = 0;
  int epochs = 0;         // the run's length
  double val_loss = -1;   // the last completed epoch's validation loss (-1: none yet)
  long step = 0;
  bool running = false, done = false, busy = false;
  int hold_epoch = -1;  // run_to()'s epoch while it holds the run (-1: none)
  double max_frame_work_ms =
      0;  // the longest app frame (training, pictures, panels) since the last status()
  // The sweep under way or last run (the Sweep panel, playground.sweep()).
  bool sweep_running = false;
  int sweep_done = 0, sweep_total = 0;
  double sweep_seconds = 0;  // wall time so far, or of the last sweep
  long sweep_generation = 0;  // bumped by every sweep started
  std::string sweep_error;    // why it stopped ("" when it did not fail)
  // The data view's Uncertainty mode (MC dropout): on, complete refreshes, passes computed.
  bool uncertainty_on = false;
  long uncertainty_refreshes = 0, uncertainty_passes = 0;
};
Status status(State& s);  // resets max_frame_work_ms
const dp::Config& config(const State& s);

// Where the run is: completed epochs and optimizer steps (cheap; snapshot() copies curves).
struct Position {
  int epoch = 0;
  long step = 0;
};
Position position(const State& s);
// The run's masks counted so far (the Masks panel's "What they add up to").
const dp::MaskStats& mask_stats(const State& s);

// Applies a complete new config (e.g. config() with a partial change applied by
// dp::config_apply_json). Structure changes restart; p and the learning rate apply from
// the next batch. Returns "" or the validation error (then nothing changes).
std::string set_config(State& s, const dp::Config& next);

// The config and view from a page URL's query ("?dataset=moons&dropout=0.3&embed=1"):
// bad parameters are skipped and named in the notices (also shown in the Controls).
// page_names are the page's own parameters, left alone. The run restarts from the link's config.
struct QueryResult {
  std::string error;                 // "" when the resulting config is valid
  std::vector<std::string> notices;  // one per skipped parameter
};
QueryResult apply_query(State& s, const std::string& query,
                        const std::vector<std::string>& page_names);

// The page URL with the config in force as query: opening it reproduces the run.
std::string share_url(const State& s);

void play(State& s);
void pause(State& s);
// n optimizer steps (batches) of the run and its twin, then paused. "" or the error.
std::string step(State& s, long n);
void restart(State& s);                      // the same seed: the same run
std::string reseed(State& s, int64_t seed);  // "" or the error
// Plays on (in the frames' slices, at the run's speed) until `epoch` epochs are complete,
// then holds there, still playing, until paused or moved on by the next run_to(). A host
// page plays two playgrounds in lockstep with it. "" or the error.
std::string run_to(State& s, int epoch);

// Exports (the Export buttons and window.playground.export*()).
std::string export_csv(const State& s);           // per-epoch curves of the run and its twin
std::string export_torch_script(const State& s);  // the run so far, with its changes of p / lr
std::string export_config(const State& s);        // the config in force, indented JSON

// The take-home notebook (core/notebook.h) of the run and its twin ("run"), of the last
// sweep ("sweep": its completed runs) or of MC dropout on the run as it is now ("mc"),
// in the interface's language, with the Share link on the page. The text and the file
// name it is saved as, or the error (nothing to export: no sweep has run).
struct NotebookExport {
  std::string text, name, error;
};
NotebookExport export_notebook(State& s, const std::string& kind);
// A complete config JSON (as exportConfig gives, or a CLI --config file): the run restarts
// from it. "" or the error; on error nothing changes.
std::string import_config(State& s, const std::string& json_text);

// The p-sweep (the Sweep panel's button; playground.sweep()): one run per p and seed of
// the config in force, on the Host's workers. The panel shows the list and the seeds.
// "" or the error (nothing starts). sweep_results: {"runs": [...]} of the runs completed
// so far, in point order, as `playground-cli sweep --json` prints them.
std::string sweep(State& s, const std::vector<double>& ps, int seeds);
void stop_sweep(State& s);
std::string sweep_results(const State& s);
// The interface language ("en", "fr"; the Controls' switch, lang= in a link): "" or the
// error. The page hears of it (Host::language_changed); keep: remembered for the next
// visit (Host::remember(kLanguageKey), the switch's choice).
std::string choose_language(State& s, const std::string& code, bool keep);

// Your own data (core/csv_data.h): the file's rows become the run's explicit x/y data with
// the network and training in force, as a restart, and a notice says what was read. A
// bad file is a notice naming the line and the problem, and changes nothing. "" or that
// problem.
std::string import_data(State& s, const std::string& name, const std::string& text);

// The data a waiting config needs has arrived (the Host's fetch_data): the asset's bytes,
// or error = why it could not be had. Bad bytes or an error are a notice and the run in
// force goes on; otherwise the waiting config applies, as a restart.
void data_arrived(State& s, const uint8_t* bytes, size_t n, const std::string& error);

// The data view's image views (digits), of the model they show, computed now: {"model":
// "run" | "twin", "n_val", "wrong", "confusion": 10 x 10 counts (rows: the true label),
// "batch": {"step", "images", "input_p", "pixels_dropped"}}; {} for other data.
std::string image_views(State& s);

// The data view's mode by its URL name ("prediction" or "uncertainty"): "" or the error.
std::string set_data_view(State& s, const std::string& mode);
// The Uncertainty mode's last complete refresh as JSON: {"samples", "mc_seed", "dim",
// "x": [...] (the view's inputs, row-major), "mean": [[...]], "std" (regression) or
// "entropy" and "mutual_information" (per input), "val_loss_by_t", "eval_val_loss"};
// {} before the first.
std::string uncertainty_result(const State& s);
// The guided lessons (app/lessons.h), as the page's playground.openLesson(id, step) and
// closeLesson() call them: "" or the error.
std::string lesson_open(State& s, const std::string& id_or_number, int step);
void lesson_close(State& s);
const dp::Trainer& run_trainer(const State& s);  // the run (its model, for the tests' checks)
long status_sweep_generation(const State& s);  // the last sweep started (status() without its reset)

}  // namespace app
