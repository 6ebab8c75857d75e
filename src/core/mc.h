// MC dropout (Gal and Ghahramani, 2016): dropout kept on at test time, T stochastic
// passes of the model on a set of inputs, exactly as this PyTorch code makes them:
//
//     with torch.random.fork_rng(devices=[]):
//         torch.manual_seed(mc_seed)
//         model.train()
//         with torch.no_grad():
//             outs = torch.stack([model(X) for _ in range(T)])   # (T, rows, outputs)
//     model.eval()
//
// and what they add up to. The passes draw from their own generator, so the training
// run goes on identically whether or not anyone looks. The summaries are computed in
// double from the passes' float32 outputs (the exported script does the same).
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "core/config.h"
#include "core/loss.h"
#include "core/mlp.h"
#include "core/rng.h"
#include "core/trainer.h"

namespace dp {

// The passes one at a time: next() draws pass t's masks (in order: the generator is
// seeded with mc_seed at construction) and computes its outputs for rows r0 .. r1 - 1,
// any pieces of rows in any order, before the following pass.
class McPasses {
 public:
  McPasses(const Mlp& model, const std::vector<double>& ps, const float* x, int rows,
           uint64_t mc_seed);
  void begin_pass();  // draws the next pass's masks
  void run_rows(int r0, int r1, float* out);  // out: (r1 - r0, outputs) of the current pass
  int passes_begun() const { return begun_; }

 private:
  const Mlp& model_;
  std::vector<double> ps_;
  const float* x_;
  int rows_;
  Generator gen_;
  Mlp::PassMasks masks_;
  Mlp::PassScratch scratch_;
  int begun_ = 0;
};

// What the passes add up to, a pass at a time (add_pass), for the loss's kind of output:
// regression (mse): the mean and the standard deviation (unbiased=False) per output;
// classification: the mean probability (softmax for cross_entropy: per class; sigmoid for
// bce: of class 1), the predictive entropy H[mean p] and the mutual information
// H[mean p] - mean_t H[p_t], in nats.
class McSummary {
 public:
  McSummary(LossKind loss, int rows, int outputs);
  void add_pass(const float* out);  // one pass's (rows, outputs) logits
  int passes() const { return passes_; }
  bool classification() const { return loss_ != LossKind::Mse; }
  int rows() const { return rows_; }
  int width() const { return width_; }  // values per row of mean(): classes, 1 for bce
  std::vector<double> mean() const;     // (rows, width)
  std::vector<double> std_dev() const;  // regression: (rows, outputs)
  std::vector<double> entropy() const;  // classification: (rows)
  std::vector<double> mutual_information() const;
  // The loss of the passes so far as torch computes it from their mean against targets y
  // (F.nll_loss(log(mean_prob), y), F.binary_cross_entropy(mean_prob, y) or
  // F.mse_loss(mean_out, y)), and the accuracy of the mean's prediction.
  double loss(const float* y) const;
  double accuracy(const float* y) const;

 private:
  LossKind loss_;
  int rows_, outputs_, width_;
  int passes_ = 0;
  std::vector<double> sum_;   // per (row, width): the sum of p (regression: of the output)
  std::vector<float> outs_;   // regression: every pass's outputs, for the deviations
  std::vector<double> sum_h_;         // per row: sum over passes of H[p_t]
  std::vector<double> scratch_;      // add_pass's arrays
};

// The CLI's and the tests' whole computation: T passes on x (rows), the summary, and the
// loss and accuracy after each t = 1..T against y.
struct McReport {
  McSummary summary;
  std::vector<double> loss_by_t, acc_by_t;
};
McReport mc_report(const Mlp& model, const std::vector<double>& ps, LossKind loss, const float* x,
                   const float* y, int rows, int samples, uint64_t mc_seed);
// The same without the loss and accuracy by t (y unused): a map's summary only.
McReport mc_report(const Mlp& model, const std::vector<double>& ps, LossKind loss, const float* x,
                   const float* y, int rows, int samples, uint64_t mc_seed, bool by_t);

// The same on a trainer's validation rows with its model as it is now (its dropout p's in
// force): what `playground-cli mc` reports and the MC notebook checks against.
McReport mc_validation_report(const Trainer& t, int samples, int64_t mc_seed);

// {"samples": T, "mc_seed": S, "val_loss_by_t": [...], "val_acc_by_t": [...] (classification),
//  "mean": [[...], ...], then "std": [[...], ...] or "entropy": [...] and
//  "mutual_information": [...]}; non-finite numbers as null.
std::string mc_json(const McReport& r, int samples, int64_t mc_seed);

}  // namespace dp
