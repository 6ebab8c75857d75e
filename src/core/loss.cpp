// Mean-reduced losses as torch.nn.functional computes them. Per-sample terms are
// evaluated in double and summed in order; the mean is rounded to float32 once, so
// the value agrees with torch's float32 result to rounding.
#include "core/loss.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <vector>

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

// Doubles of stack scratch per array in cross_entropy's blocks.
constexpr int kScratch = 256;

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
    case LossKind::CrossEntropy: {
      // loss = logsumexp(x) - x[y]; grad = (softmax(x) - onehot(y)) / N. A block of rows
      // at a time, so that the exps and logs run as array loops (exp_fast_n, log_fast_n:
      // the same bits as one call each).
      const int block = std::max(1, kScratch / std::max(cols, 1));
      std::vector<double> big;  // only for rows wider than the stack scratch
      double stack[2 * kScratch + kScratch];
      double* arg = stack;
      double* e = stack + kScratch;
      double* lse = stack + 2 * kScratch;
      if (cols > kScratch) {
        big.resize(3 * static_cast<size_t>(cols));
        arg = big.data();
        e = arg + cols;
        lse = e + cols;
      }
      for (int r0 = 0; r0 < rows; r0 += block) {
        const int nr = std::min(block, rows - r0);
        const size_t n = static_cast<size_t>(nr) * cols;
        const float* xb = logits + static_cast<size_t>(r0) * cols;
        for (int r = 0; r < nr; ++r) {
          const float* x = xb + static_cast<size_t>(r) * cols;
          double mx = x[0];
          for (int c = 1; c < cols; ++c) mx = x[c] > mx ? x[c] : mx;
          lse[r] = mx;
          for (int c = 0; c < cols; ++c) arg[static_cast<size_t>(r) * cols + c] = x[c] - mx;
        }
        detmath::exp_fast_n(arg, e, n);
        for (int r = 0; r < nr; ++r) {
          double se = 0.0;
          for (int c = 0; c < cols; ++c) se += e[static_cast<size_t>(r) * cols + c];
          arg[r] = se;
        }
        detmath::log_fast_n(arg, e, static_cast<size_t>(nr));
        for (int r = 0; r < nr; ++r) {
          lse[r] = lse[r] + e[r];
          sum += lse[r] - xb[static_cast<size_t>(r) * cols + static_cast<int>(y[r0 + r])];
        }
        if (!dlogits) continue;
        for (int r = 0; r < nr; ++r)
          for (int c = 0; c < cols; ++c)
            arg[static_cast<size_t>(r) * cols + c] = xb[static_cast<size_t>(r) * cols + c] - lse[r];
        detmath::exp_fast_n(arg, e, n);
        for (int r = 0; r < nr; ++r) {
          const int t = static_cast<int>(y[r0 + r]);
          float* d = dlogits + static_cast<size_t>(r0 + r) * cols;
          for (int c = 0; c < cols; ++c) {
            const float sm = static_cast<float>(e[static_cast<size_t>(r) * cols + c]);
            d[c] = (sm - (c == t ? 1.0f : 0.0f)) * inv_n;
          }
        }
      }
      break;
    }
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
