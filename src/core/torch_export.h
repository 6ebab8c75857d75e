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

}  // namespace dp
