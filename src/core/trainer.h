// The canonical program (run() of tests/reference/torchref.py), one minibatch at a time:
// manual_seed -> init -> each epoch: randperm(n_train), batches in order (dropout
// masks in forward order), optimizer step -> eval metrics on train and val sets.
// The UI advances it a slice per frame; the CLI runs it to the end.
#pragma once
#include <cstdint>
#include <memory>
#include <vector>

#include "core/config.h"
#include "core/data.h"
#include "core/loss.h"
#include "core/mlp.h"
#include "core/optim.h"
#include "core/plan.h"
#include "core/rng.h"

namespace dp {

struct EpochStats {
  int epoch = 0;              // 1-based, as in the trace
  float train_loss = 0;       // mean of this epoch's training-mode batch losses
  float train_loss_eval = 0;  // eval mode, full training set
  float val_loss = 0;         // eval mode, validation set
  float train_acc = 0;        // classification only (NaN for mse)
  float val_acc = 0;
  double dropout = 0;  // p in force at the end of the epoch (hidden layer 0's)
};

// What the trace records of the very first optimizer step.
struct FirstStep {
  std::vector<int32_t> perm;  // first epoch's randperm(n_train)
  std::vector<std::vector<uint8_t>>
      masks;  // per nn.Dropout module in forward order, (batch, units); 1 where input was 0
  std::vector<std::vector<float>> grads;  // per parameter, flattened
};

// A change of p or lr made during a run: in force from optimizer step `step` (0-based).
// It carries every dropout module's p then in force.
struct ScheduleChange {
  long step = 0;
  double dropout = 0;  // hidden layer 0's p
  double lr = 0;
  std::vector<double> hidden;  // each hidden layer's p
  double input = 0;            // the input's p
};

Dataset dataset_for(const Config& cfg);  // generated, or the config's explicit x/y

class Trainer {
 public:
  explicit Trainer(const Config& cfg);  // precondition: validate(cfg) == ""
  Trainer(const Config& cfg, Dataset data);
  Trainer(const Trainer&) = delete;  // the step under way refers to this trainer
  Trainer& operator=(const Trainer&) = delete;

  // One optimizer step on the next minibatch (drawing the epoch's permutation first
  // when a new epoch starts). Returns true when this step completed an epoch (its
  // eval metrics are then appended to epochs()). No-op once done().
  bool step();
  void step_epoch();  // steps until the current epoch completes

  // The same work a slice at a time: runs the current step (and, at an epoch's end, its
  // evaluation) for about `budget` multiply-adds, taking from budget what it used.
  // True when a step has completed, its evaluation included (then steps() and, at an
  // epoch's end, epochs() count it). Sliced or not, the numbers are the same bits.
  // Between slices of a wide network's step the weights are updated a tensor at a time,
  // so predictions made meanwhile may mix two adjacent steps.
  bool advance(double& budget);
  bool step_under_way() const { return !plan_.finished(); }
  double work_left() const { return plan_.remaining_cost(); }  // of the step under way
  bool done() const { return epoch_ >= cfg_.epochs; }

  // Take effect from the next batch, as changing config.dropout / the lr would.
  // Each change is recorded in schedule() so the exported script can replay it.
  // set_dropout: every hidden layer; set_hidden_dropout: hidden layer i (0-based);
  // set_input_dropout: the inputs (a p > 0 adds the module if the run had none).
  void set_dropout(double p);
  void set_hidden_dropout(int i, double p);
  void set_input_dropout(double p);
  void set_lr(double lr);
  double dropout() const { return hp_.empty() ? 0.0 : hp_[0]; }  // hidden layer 0's p
  double hidden_dropout(int i) const { return hp_[i]; }
  double input_dropout() const { return ip_; }
  int hidden_layers() const { return static_cast<int>(hp_.size()); }
  double lr() const { return lr_; }
  const std::vector<ScheduleChange>& schedule() const { return schedule_; }

  const Config& config() const { return cfg_; }
  const Dataset& data() const { return data_; }
  const Mlp& model() const { return *model_; }
  int epoch() const { return epoch_; }  // completed epochs
  long steps() const { return static_cast<long>(step_losses_.size()); }
  int batch_in_epoch() const { return batch_; }  // batches done in the current epoch
  int batches_per_epoch() const { return (cfg_.n_train + cfg_.batch - 1) / cfg_.batch; }
  const std::vector<float>& step_losses() const { return step_losses_; }
  const std::vector<EpochStats>& epochs() const { return epochs_; }
  const std::vector<std::vector<float>>& init_params() const { return init_params_; }
  const FirstStep& first_step() const { return first_; }
  std::vector<std::vector<float>> params() const;  // current, model.parameters() order
  bool diverged() const { return diverged_; }      // a non-finite loss was seen

  // The minibatch of the step under way, or after a step completes that step's (until the
  // next one begins): inputs (rows, dim) and targets, rows = model().batch_rows().
  const std::vector<float>& batch_x() const { return bx_; }
  const std::vector<float>& batch_y() const { return by_; }

  // Eval-mode forward (no draws): x (rows, dim) -> out (rows, n_out). Out is logits.
  void predict(const float* x, int rows, float* out) const;
  // The p of each of the model's nn.Dropout modules (forward order) as its last step had
  // them, the config's before the first: what the modules hold between steps, which MC
  // dropout's passes use.
  const std::vector<double>& module_ps() const { return module_ps_; }
  int n_out() const { return cfg_.sizes.back(); }

 private:
  void begin_epoch();
  void plan_step();
  void record_first_step();
  void finish_step();  // the step's bookkeeping
  void plan_eval();
  void end_epoch();
  long next_step() const;  // the step a change of p or lr made now applies from

  Config cfg_;
  Dataset data_;
  LossKind loss_;
  Generator gen_;
  std::unique_ptr<Mlp> model_;
  std::unique_ptr<Optimizer> opt_;
  void record();
  std::vector<double> hp_;  // each hidden layer's p for the next batch
  std::vector<double> module_ps_;  // module_ps()
  double ip_ = 0;           // the input's p for the next batch
  double lr_;          // learning rate for the next batch
  Plan plan_;          // the step under way (finished: none)
  double step_p_ = 0;  // p of the step under way (or the last one)
  float step_loss_ = 0;
  EpochStats pending_;  // the epoch's eval metrics while they are computed
  int epoch_ = 0;
  int batch_ = 0;
  std::vector<int32_t> perm_;
  std::vector<float> bx_, by_, dlogits_;  // batch input (batch, dim), targets, loss grad
  std::vector<ParamRef> params_;          // the model's parameters (stable pointers)
  std::vector<float> eval_out_;           // eval logits (max(n_train, n_val), n_out)
  double epoch_loss_sum_ = 0;
  std::vector<float> step_losses_;
  std::vector<EpochStats> epochs_;
  std::vector<std::vector<float>> init_params_;
  FirstStep first_;
  bool diverged_ = false;
  std::vector<ScheduleChange> schedule_;
  mutable Generator eval_gen_;  // never drawn from (eval forwards draw nothing)
};

// The run and its p = 0 twin (the same config, seed and data with dropout 0), trained
// side by side so the UI can overlay both and the CLI can print both.
class TwinTrainer {
 public:
  explicit TwinTrainer(const Config& cfg, bool with_baseline = true);
  Trainer run;
  bool has_baseline() const { return baseline_ != nullptr; }
  const Trainer& baseline() const { return *baseline_; }  // precondition: has_baseline()
  bool step();                   // steps both (the baseline only while it is not done)
  bool advance(double& budget);  // both, sliced (Trainer::advance): true when both stepped
  bool step_under_way() const;
  double work_left() const;  // multiply-adds left of the step under way (both trainers)
  void finish_step();        // completes the step under way, if there is one
  void set_lr(double lr);    // both: the twin differs from the run in p only (no dropout at all)

 private:
  std::unique_ptr<Trainer> baseline_;
  bool twin_stepped_ = false;  // advance(): the twin has done its part of the step under way
};

}  // namespace dp
