// Losses with mean reduction, as torch.nn.functional computes them, and their gradients.
#pragma once
#include <string>
#include <vector>

namespace dp {

enum class LossKind { BceWithLogits, Mse, CrossEntropy };

// The one table of losses (config "loss"), in display order, with the PyTorch the
// exported script writes for each (out is the model's output, y the targets).
struct LossInfo {
  const char* name;  // "bce_with_logits"
  LossKind kind;
  bool classification;     // false for regression (mse)
  const char* torch_loss;  // "F.binary_cross_entropy_with_logits(out.squeeze(1), y)"
  const char* torch_pred;  // the predicted class: "(out.squeeze(1) > 0).long()", or ""
};
const std::vector<LossInfo>& losses();
const LossInfo* find_loss(const std::string& name);  // nullptr when unknown
const std::vector<std::string>& loss_names();
bool loss_from_name(const std::string& name, LossKind* out);  // false when unknown
const char* loss_name(LossKind k);

// logits is (rows, cols); y is (rows): target (bce, mse; cols == 1) or class index
// (cross_entropy). Returns the mean loss as float32. When dlogits != nullptr it
// receives d(mean loss)/d(logits), (rows, cols).
float loss_forward(LossKind k, const float* logits, const float* y, int rows, int cols,
                   float* dlogits);

// Fraction correct: bce predicts class 1 when logit > 0; cross_entropy takes the
// argmax (first maximum, like torch.argmax).
float accuracy(LossKind k, const float* logits, const float* y, int rows, int cols);

}  // namespace dp
