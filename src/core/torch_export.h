// The take-home script: a standalone PyTorch program that runs the canonical
// program for a config (its data embedded as literal tensors) and prints the
// trace JSON. What the playground shows, real PyTorch reproduces.
#pragma once
#include <string>

#include "core/config.h"
#include "core/trainer.h"

namespace dp {

// precondition: validate(cfg) == "". `schedule` replays changes of p / lr made
// during a run (Trainer::schedule()), so the script reproduces exactly that run; `data`
// is the run's (dataset_for(cfg)), written into the script.
std::string export_torch_script(const Config& cfg, const std::vector<ScheduleChange>& schedule,
                                const Dataset& data);

// The run's script followed by MC dropout on the validation set (mc.h): cfg.mc_samples
// passes with dropout on after torch.manual_seed(cfg.mc_seed) in a forked generator; it
// prints what `playground-cli mc --json` prints. precondition: validate(cfg) == "".
std::string export_torch_mc_script(const Config& cfg, const Dataset& data);

// The script of a p-sweep (sweep.h): the same data, model, loss and loop as the run's
// script, in a function train(config) called once per p in ps and seed (config.seed,
// config.seed + 1, ..., seeds of them); it prints what `playground-cli sweep --json`
// prints. precondition: validate_sweep(cfg, ps, seeds) == "".
std::string export_torch_sweep_script(const Config& cfg, const std::vector<double>& ps, int seeds,
                                      const Dataset& data);

// ---- The pieces the script and the notebook (notebook.h) share, as Python source ----

// torch.optim.<Class>(model.parameters(), <each parameter the optimizer takes>=...); lr:
// the expression for the learning rate ("config.lr"), or "" for the config's number.
std::string torch_optimizer_text(const Config& cfg, const std::string& lr);
// The data as X and Y: literal float32 tensors, or scikit-learn's load_digits() checked
// against the playground's copy and split as the playground splits it.
std::string torch_data_text(const Config& cfg, const Dataset& data);
// def loss_fn(out, y) (and def accuracy(out, y) for classification).
std::string torch_loss_text(const Config& cfg);
// Whether the network starts with nn.Dropout on its inputs: the config has one, or a
// change of the run made it > 0.
bool torch_has_input_dropout(const Config& cfg, const std::vector<ScheduleChange>& schedule);

}  // namespace dp
