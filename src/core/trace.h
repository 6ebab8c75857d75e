// The trace JSON of a run, with the keys of the reference program's traces
// (tests/reference/torchref.py): config, x, y, init_params, first_perm,
// first_step_masks, first_step_grads, step_losses, epochs, final_params. Numbers are printed
// shortest-round-trip, the same bytes on every platform.
#pragma once
#include <nlohmann/json.hpp>
#include <string>

#include "core/trainer.h"

namespace dp {

std::string trace_json(const Trainer& t);

// One record of the trace's "epochs": epoch, train_loss, train_loss_eval, val_loss and,
// for classification, train_acc and val_acc.
nlohmann::ordered_json epoch_json(const EpochStats& e, bool classification);

// Per-epoch curves as CSV: epoch,train_loss,train_loss_eval,val_loss,train_acc,val_acc,...
std::string curves_csv(const Trainer& run, const Trainer* baseline);

}  // namespace dp
