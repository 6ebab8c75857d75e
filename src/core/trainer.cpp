// The canonical program, step by step. The order of generator draws is the
// contract with PyTorch: manual_seed; init (layer order, weight then bias); per
// epoch randperm(n_train); per batch each Dropout's mask in forward order.
#include "core/trainer.h"

#include <cmath>
#include <stdexcept>

namespace dp {

Dataset dataset_for(const Config& cfg) {
  if (!cfg.has_xy) return make_dataset(cfg.data, cfg.n_train, cfg.n_val, cfg.noise, cfg.data_seed);
  Dataset d;
  d.n_train = cfg.n_train;
  d.n_val = cfg.n_val;
  d.dim = cfg.sizes.front();
  d.n_classes = n_classes(cfg);
  d.x = cfg.x;
  d.y = cfg.y;
  return d;
}

Trainer::Trainer(const Config& cfg) : Trainer(cfg, dataset_for(cfg)) {}

Trainer::Trainer(const Config& cfg, Dataset data)
    : cfg_(cfg),
      data_(std::move(data)),
      gen_(static_cast<uint64_t>(cfg.seed)),
      ip_(cfg.input_dropout),
      lr_(cfg.optimizer.lr) {
  for (size_t i = 0; i + 2 < cfg.sizes.size(); ++i)
    hp_.push_back(dp::hidden_dropout(cfg, static_cast<int>(i)));
  Activation act;
  if (!loss_from_name(cfg_.loss, &loss_) || !activation_from_name(cfg_.activation, &act))
    throw std::invalid_argument("Trainer: the config is not valid (validate() it first)");
  model_ = std::make_unique<Mlp>(cfg_.sizes, act, gen_, cfg_.input_dropout > 0);
  if (model_->has_input_dropout()) module_ps_.push_back(ip_);
  module_ps_.insert(module_ps_.end(), hp_.begin(), hp_.end());
  for (const ParamRef& p : model_->params()) init_params_.emplace_back(p.value, p.value + p.size);
  params_ = model_->params();
  opt_ = make_optimizer(cfg_.optimizer, params_);
  const int dim = data_.dim, b = cfg_.batch;
  bx_.resize(static_cast<size_t>(b) * dim);
  by_.resize(b);
  dlogits_.resize(static_cast<size_t>(b) * n_out());
}

static void record_change(std::vector<ScheduleChange>* sched, const ScheduleChange& c) {
  if (!sched->empty() && sched->back().step == c.step)
    sched->back() = c;
  else
    sched->push_back(c);
}

void Trainer::record() {
  record_change(&schedule_, {next_step(), dropout(), lr_, hp_, ip_});
}

// A change asked for while a step is under way applies from the next one.
long Trainer::next_step() const { return steps() + (step_under_way() ? 1 : 0); }

void Trainer::set_dropout(double p) {
  bool same = true;
  for (double v : hp_) same = same && v == p;
  if (same) return;
  for (double& v : hp_) v = p;
  record();
}

void Trainer::set_hidden_dropout(int i, double p) {
  if (i < 0 || i >= hidden_layers() || hp_[i] == p) return;
  hp_[i] = p;
  record();
}

void Trainer::set_input_dropout(double p) {
  if (p == ip_) return;
  ip_ = p;
  record();
}

void Trainer::set_lr(double new_lr) {
  if (new_lr == lr_) return;
  lr_ = new_lr;
  record();
}

void Trainer::begin_epoch() {
  perm_ = gen_.randperm(cfg_.n_train);
  if (epoch_ == 0) first_.perm = perm_;
  batch_ = 0;
  epoch_loss_sum_ = 0.0;
}

void Trainer::plan_step() {
  // p and the learning rate asked for since the last step apply from this batch.
  step_p_ = dropout();
  if (ip_ > 0 && !model_->has_input_dropout()) model_->set_input_dropout_module(true);
  const int first = model_->has_input_dropout() ? 1 : 0;
  std::vector<double> ps(hp_.size() + first, ip_);
  for (size_t i = 0; i < hp_.size(); ++i) ps[i + first] = hp_[i];
  module_ps_ = ps;
  opt_->set_lr(lr_);
  if (batch_ == 0) begin_epoch();
  const int dim = data_.dim;
  const int start = batch_ * cfg_.batch;
  const int rows = std::min(cfg_.batch, cfg_.n_train - start);
  for (int r = 0; r < rows; ++r) {
    const int idx = perm_[start + r];
    for (int k = 0; k < dim; ++k)
      bx_[static_cast<size_t>(r) * dim + k] = data_.x[static_cast<size_t>(idx) * dim + k];
    by_[r] = data_.y[idx];
  }
  model_->plan_forward(plan_, bx_.data(), rows, ps, gen_);
  plan_.add_once(static_cast<double>(rows) * n_out(), [this, rows] {
    step_loss_ =
        loss_forward(loss_, model_->train_logits(), by_.data(), rows, n_out(), dlogits_.data());
  });
  model_->plan_backward(plan_, dlogits_.data());
  // The optimizer's update, a parameter tensor at a time, then the step's bookkeeping.
  plan_.add_once(static_cast<double>(rows) * n_out(), [this] {
    if (step_losses_.empty()) record_first_step();
    opt_->begin_step();
  });
  for (size_t k = 0; k < params_.size(); ++k)
    plan_.add_once(8.0 * static_cast<double>(params_[k].size),
                   [this, k] { opt_->update_tensor(params_[k], k); });
  for (int l = 0; l < model_->num_linear(); ++l)
    plan_.add_once(2.0 * static_cast<double>(params_[2 * l].size),
                   [this, l] { model_->sync_transposed(l); });
  // At an epoch's end, its evaluation; the step counts once all of it is done.
  const bool epoch_end = batch_ + 1 == batches_per_epoch();
  if (epoch_end) plan_eval();
  plan_.add_once(1, [this, epoch_end] {
    finish_step();
    if (epoch_end) end_epoch();
  });
}

// The trace's first step: masks as observable from outside (an entry whose input was
// exactly 0 cannot be seen dropped, so it reads 1), and the gradients.
void Trainer::record_first_step() {
  for (int l = 0; l < model_->num_dropout(); ++l) {
    std::vector<uint8_t> m = model_->mask(l);
    const std::vector<float>& in = model_->dropout_input(l);
    for (size_t i = 0; i < m.size(); ++i)
      if (in[i] == 0.0f) m[i] = 1;
    first_.masks.push_back(std::move(m));
  }
  for (const ParamRef& p : params_) first_.grads.emplace_back(p.grad, p.grad + p.size);
}

void Trainer::finish_step() {
  step_losses_.push_back(step_loss_);
  if (!std::isfinite(step_loss_)) diverged_ = true;
  epoch_loss_sum_ += step_loss_;
  ++batch_;
}

// The epoch's eval metrics: the training set, then the validation set, in eval mode
// (no draws), a range of rows at a time.
void Trainer::plan_eval() {
  const int nt = cfg_.n_train, nv = cfg_.n_val, dim = data_.dim, c = n_out();
  eval_out_.resize(static_cast<size_t>(std::max(nt, nv)) * c);
  const double row_cost = macs_per_row(cfg_.sizes);
  auto rows_of = [this, dim, c](const float* x) {
    return [this, x, dim, c](long r0, long r1) {
      predict(x + r0 * dim, static_cast<int>(r1 - r0), eval_out_.data() + r0 * c);
    };
  };
  const float* y = data_.y.data();
  plan_.add(nt, row_cost, rows_of(data_.x.data()));
  plan_.add_once(static_cast<double>(nt) * c, [this, nt, c, y] {
    pending_.train_loss_eval = loss_forward(loss_, eval_out_.data(), y, nt, c, nullptr);
    pending_.train_acc =
        is_classification(cfg_) ? accuracy(loss_, eval_out_.data(), y, nt, c) : NAN;
  });
  plan_.add(nv, row_cost, rows_of(data_.x.data() + static_cast<size_t>(nt) * dim));
  plan_.add_once(static_cast<double>(nv) * c, [this, nt, nv, c, y] {
    pending_.val_loss = loss_forward(loss_, eval_out_.data(), y + nt, nv, c, nullptr);
    pending_.val_acc =
        is_classification(cfg_) ? accuracy(loss_, eval_out_.data(), y + nt, nv, c) : NAN;
  });
}

void Trainer::end_epoch() {
  EpochStats e = pending_;
  e.epoch = epoch_ + 1;
  e.train_loss = static_cast<float>(epoch_loss_sum_ / batch_);
  e.dropout = step_p_;
  if (!std::isfinite(e.train_loss_eval) || !std::isfinite(e.val_loss)) diverged_ = true;
  epochs_.push_back(e);
  ++epoch_;
  batch_ = 0;
}

bool Trainer::advance(double& budget) {
  if (done()) return false;
  if (plan_.finished()) {
    plan_.clear();
    plan_step();
  }
  return plan_.run(budget);
}

bool Trainer::step() {
  if (done()) return false;
  const int e = epoch_;
  double unlimited = INFINITY;
  while (!advance(unlimited)) {
  }
  return epoch_ != e;
}

void Trainer::step_epoch() {
  if (done()) return;
  while (!step()) {
  }
}

void Trainer::predict(const float* x, int rows, float* out) const {
  const int c = n_out();
  // Eval forwards draw nothing; chunks keep the scratch buffers small.
  constexpr int kChunk = 1024;
  for (int r0 = 0; r0 < rows; r0 += kChunk) {
    const int n = std::min(kChunk, rows - r0);
    const float* o =
        model_->forward(x + static_cast<size_t>(r0) * data_.dim, n, 0.0, false, eval_gen_);
    std::copy(o, o + static_cast<size_t>(n) * c, out + static_cast<size_t>(r0) * c);
  }
}

std::vector<std::vector<float>> Trainer::params() const {
  std::vector<std::vector<float>> ps;
  for (const ParamRef& p : model_->params()) ps.emplace_back(p.value, p.value + p.size);
  return ps;
}

static Config with_dropout(Config c, double p) {
  set_hidden_dropout(c, p);
  c.input_dropout = 0.0;
  return c;
}

TwinTrainer::TwinTrainer(const Config& cfg, bool with_baseline) : run(cfg) {
  if (with_baseline) baseline_ = std::make_unique<Trainer>(with_dropout(cfg, 0.0), run.data());
}

bool TwinTrainer::step() {
  if (run.done()) return false;
  const int e = run.epoch();
  double unlimited = INFINITY;
  while (!advance(unlimited) && !run.done()) {
  }
  return run.epoch() != e;
}

bool TwinTrainer::advance(double& budget) {
  // The twin's step first, then the run's, as step() does.
  if (!twin_stepped_ && baseline_ && !baseline_->done()) {
    if (!baseline_->advance(budget)) return false;
    twin_stepped_ = true;
  }
  if (run.done() || !run.advance(budget)) return false;
  twin_stepped_ = false;
  return true;
}

bool TwinTrainer::step_under_way() const {
  return twin_stepped_ || run.step_under_way() || (baseline_ && baseline_->step_under_way());
}

double TwinTrainer::work_left() const {
  return run.work_left() + (baseline_ ? baseline_->work_left() : 0.0);
}

void TwinTrainer::finish_step() {
  if (!step_under_way()) return;
  double unlimited = INFINITY;
  while (!advance(unlimited) && !run.done()) {
  }
}

void TwinTrainer::set_lr(double lr) {
  run.set_lr(lr);
  if (baseline_) baseline_->set_lr(lr);
}

}  // namespace dp
