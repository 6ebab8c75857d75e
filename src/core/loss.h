// Losses with mean reduction, as torch.nn.functional computes them, and their gradients.
#pragma once
#include <string>

namespace dp {

enum class LossKind { BceWithLogits, Mse, CrossEntropy };
bool loss_from_name(const std::string& name, LossKind* out);
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
