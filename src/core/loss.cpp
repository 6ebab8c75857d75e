// Mean-reduced losses as torch.nn.functional computes them. Per-sample terms are
// evaluated in double and summed in order; the mean is rounded to float32 once, so
// the value agrees with torch's float32 result to rounding.
#include "core/loss.h"

#include <cmath>
#include <stdexcept>

#include "core/detmath.h"
#include "core/names.h"

namespace dp {

const std::vector<LossInfo>& losses() {
  static const std::vector<LossInfo> table = {
      {"bce_with_logits", LossKind::BceWithLogits, true,
       "F.binary_cross_entropy_with_logits(out.squeeze(1), y)",
       "(out.squeeze(1) > 0).long()  # class 1 when the logit > 0"},
      {"mse", LossKind::Mse, false, "F.mse_loss(out.squeeze(1), y)", ""},
      {"cross_entropy", LossKind::CrossEntropy, true, "F.cross_entropy(out, y)", "out.argmax(1)"},
  };
  return table;
}

const LossInfo* find_loss(const std::string& name) { return find_by_name(losses(), name); }

const std::vector<std::string>& loss_names() {
  static const std::vector<std::string> names = names_of(losses());
  return names;
}

bool loss_from_name(const std::string& name, LossKind* out) {
  const LossInfo* l = find_loss(name);
  if (l) *out = l->kind;
  return l != nullptr;
}

const char* loss_name(LossKind k) {
  for (const LossInfo& l : losses())
    if (l.kind == k) return l.name;
  throw std::logic_error("loss missing from the table");
}

float loss_forward(LossKind k, const float* logits, const float* y, int rows, int cols,
                   float* dlogits) {
  double sum = 0.0;
  const float inv_n = 1.0f / static_cast<float>(rows);  // mean's backward: grad / N
  switch (k) {
    case LossKind::BceWithLogits:
      // loss = (1 - y) x + softplus(-x), softplus(-x) = max(-x, 0) + log1p(exp(-|x|));
      // grad = (sigmoid(x) - y) / N, with sigmoid from the same exp(-|x|).
      for (int r = 0; r < rows; ++r) {
        const double x = logits[r], t = y[r];
        const double e = detmath::exp_fast(-(x < 0.0 ? -x : x));
        sum += (1.0 - t) * x + (x < 0.0 ? -x : 0.0) + detmath::log1p_fast(e);
        if (dlogits) {
          const float sig = static_cast<float>(x >= 0.0 ? 1.0 / (1.0 + e) : e / (1.0 + e));
          dlogits[r] = (sig - y[r]) * inv_n;
        }
      }
      break;
    case LossKind::Mse:
      for (int r = 0; r < rows; ++r) {
        const float diff = logits[r] - y[r];
        sum += static_cast<double>(diff) * diff;
        if (dlogits) dlogits[r] = (2.0f * inv_n) * diff;
      }
      break;
    case LossKind::CrossEntropy:
      // loss = logsumexp(x) - x[y]; grad = (softmax(x) - onehot(y)) / N.
      for (int r = 0; r < rows; ++r) {
        const float* x = logits + static_cast<size_t>(r) * cols;
        const int t = static_cast<int>(y[r]);
        double mx = x[0];
        for (int c = 1; c < cols; ++c) mx = x[c] > mx ? x[c] : mx;
        double se = 0.0;
        for (int c = 0; c < cols; ++c) se += detmath::exp_fast(x[c] - mx);
        const double lse = mx + detmath::log_fast(se);
        sum += lse - x[t];
        if (dlogits) {
          float* d = dlogits + static_cast<size_t>(r) * cols;
          for (int c = 0; c < cols; ++c) {
            const float sm = static_cast<float>(detmath::exp_fast(x[c] - lse));
            d[c] = (sm - (c == t ? 1.0f : 0.0f)) * inv_n;
          }
        }
      }
      break;
  }
  return static_cast<float>(sum / rows);
}

float accuracy(LossKind k, const float* logits, const float* y, int rows, int cols) {
  int correct = 0;
  for (int r = 0; r < rows; ++r) {
    int pred;
    if (k == LossKind::BceWithLogits) {
      pred = logits[r] > 0.0f ? 1 : 0;
    } else {
      const float* x = logits + static_cast<size_t>(r) * cols;
      pred = 0;  // first maximum, NaN counts as the maximum (torch.argmax)
      for (int c = 1; c < cols; ++c)
        if (x[c] > x[pred] || (x[c] != x[c] && x[pred] == x[pred])) pred = c;
    }
    if (pred == static_cast<int>(y[r])) ++correct;
  }
  // torch: (pred == y).float().mean() -> one float32 rounding of correct / N.
  return static_cast<float>(correct) / static_cast<float>(rows);
}

}  // namespace dp
