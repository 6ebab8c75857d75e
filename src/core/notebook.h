// The take-home notebook: a Jupyter notebook (nbformat 4) that rebuilds a run, a sweep or
// the MC dropout view in plain PyTorch, draws them with matplotlib as the playground
// does, and ends with a cell that checks its losses against the numbers the playground
// recorded (embedded in the notebook). The code is the take-home script's (the same
// data, model, seed, batch order and changes of p and lr: torch_export.h), written as a
// textbook loop; the prose between the cells is the core's (messages.h), in the
// interface's language.
#pragma once
#include <string>
#include <vector>

#include "core/config.h"
#include "core/data.h"
#include "core/sweep.h"
#include "core/trainer.h"

namespace dp {

// What the playground recorded of one run: its per-epoch losses so far and the changes
// of p and lr made during it (Trainer::epochs(), Trainer::schedule()).
struct RecordedRun {
  std::vector<EpochStats> epochs;
  std::vector<ScheduleChange> schedule;
};
RecordedRun recorded_run(const Trainer& t);

// The run (its config: Trainer::config(), its data) and its p = 0 twin; twin nullptr: the
// run has had p = 0 all along, and is drawn alone. link: the page that shows the run
// (the Share link), or "". precondition: validate(cfg) == "".
std::string export_run_notebook(const Config& cfg, const Dataset& data, const RecordedRun& run,
                                const RecordedRun* twin, const std::string& link);

// A sweep of cfg over ps, `seeds` seeds each (sweep.h), and its recorded runs (in
// sweep_points order; fewer when it was not complete). precondition: validate_sweep == "".
std::string export_sweep_notebook(const Config& cfg, const Dataset& data, const std::vector<double>& ps,
                                  int seeds, const std::vector<SweepRun>& runs, const std::string& link);

// MC dropout after `steps` optimizer steps of the run (the run so far): cfg.mc_samples
// passes over the validation set after torch.manual_seed(cfg.mc_seed) in a forked
// generator, with the validation loss of the mean of the first t passes recorded for
// t = 1..T (mc.h's McReport::loss_by_t). precondition: validate(cfg) == "".
std::string export_mc_notebook(const Config& cfg, const Dataset& data, const RecordedRun& run,
                               long steps, bool run_done, const std::vector<double>& val_loss_by_t,
                               const std::string& link);

}  // namespace dp
