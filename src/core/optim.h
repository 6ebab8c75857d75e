// torch.optim's optimizers, one table: SGD (momentum, dampening 0, nesterov,
// weight_decay), Adam, AdamW and RMSprop (alpha, eps, momentum, centered,
// weight_decay), each with the single-tensor CPU update formulas, element by element
// in float32. The table also says which config parameters each one takes (in torch's
// argument order), which the config validation, the exported script and the Controls
// read.
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "core/config.h"
#include "core/mlp.h"

namespace dp {

class Optimizer {
 public:
  virtual ~Optimizer() = default;
  void step(const std::vector<ParamRef>& params);  // uses each param's grad
  // The same step a tensor at a time (the trainer's sliced steps): begin_step(), then
  // update_tensor() for every parameter k in order.
  void begin_step() { ++step_; }
  void update_tensor(const ParamRef& p, size_t k) { update(p, k); }
  void set_lr(double lr) { cfg_.lr = lr; }
  const OptimizerConfig& config() const { return cfg_; }
  // The buffers it keeps (torch's optimizer.state), each kind for every parameter in
  // order: SGD's momentum_buffer; Adam's exp_avg, then exp_avg_sq; RMSprop's square_avg,
  // grad_avg, momentum_buffer.
  virtual std::vector<std::vector<float>> state() const = 0;
  long steps() const { return step_; }

 protected:
  explicit Optimizer(const OptimizerConfig& cfg) : cfg_(cfg) {}
  // Parameter k (model.parameters() order); step_ already counts this step.
  virtual void update(const ParamRef& p, size_t k) = 0;
  OptimizerConfig cfg_;
  long step_ = 0;
};

struct OptimizerInfo {
  const char* name;         // config optimizer.name, e.g. "rmsprop"
  const char* torch_class;  // torch.optim.<class>, e.g. "RMSprop"
  // The config's optimizer parameters it takes (keys of "optimizer"), in the order of
  // torch's arguments: the exported script passes exactly these.
  std::vector<std::string> params;
  double weight_decay_default;  // torch's default when a config omits it (AdamW: 0.01)
  // Rules beyond each field's range, e.g. "nesterov needs momentum > 0"; "" when fine.
  std::string (*check)(const OptimizerConfig&);
  std::unique_ptr<Optimizer> (*make)(const OptimizerConfig&, const std::vector<ParamRef>&);
};

const std::vector<OptimizerInfo>& optimizers();
const OptimizerInfo* find_optimizer(const std::string& name);  // nullptr when unknown
const std::vector<std::string>& optimizer_names();
bool optimizer_takes(const OptimizerInfo& o, const std::string& param);  // e.g. "momentum"

// precondition: find_optimizer(cfg.name) (validate()); throws std::invalid_argument otherwise.
std::unique_ptr<Optimizer> make_optimizer(const OptimizerConfig& cfg,
                                          const std::vector<ParamRef>& params);

}  // namespace dp
