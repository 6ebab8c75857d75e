// torch.optim.SGD (momentum, dampening 0, nesterov, weight_decay), Adam and AdamW:
// the single-tensor CPU update formulas, element by element in float32.
#pragma once
#include <vector>

#include "core/config.h"
#include "core/mlp.h"

namespace dp {

class Optimizer {
 public:
  Optimizer(const OptimizerConfig& cfg, const std::vector<ParamRef>& params);
  void step(const std::vector<ParamRef>& params);  // uses each param's grad
  void set_lr(double lr) { cfg_.lr = lr; }
  const OptimizerConfig& config() const { return cfg_; }
  long steps() const { return step_; }

 private:
  enum class Kind { Sgd, Adam, AdamW } kind_;
  OptimizerConfig cfg_;
  long step_ = 0;
  std::vector<std::vector<float>> buf1_;  // sgd momentum buffer / adam exp_avg
  std::vector<std::vector<float>> buf2_;  // adam exp_avg_sq
};

}  // namespace dp
