// MC dropout's passes and their summaries (mc.h).
#include "core/mc.h"

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>

#include "core/detmath.h"

namespace dp {

McPasses::McPasses(const Mlp& model, const std::vector<double>& ps, const float* x, int rows,
                   uint64_t mc_seed)
    : model_(model), ps_(ps), x_(x), rows_(rows), gen_(mc_seed) {}

void McPasses::begin_pass() {
  model_.draw_pass_masks(rows_, ps_, gen_, &masks_);
  ++begun_;
}

void McPasses::run_rows(int r0, int r1, float* out) {
  model_.forward_pass(x_, r0, r1, masks_, out, scratch_);
}

namespace {

// p log p, 0 for p = 0 (torch.special.xlogy(p, p)); log_fast is within 2e-12 relative.
double xlogx(double p) { return p > 0.0 ? p * detmath::log_fast(p) : 0.0; }

}  // namespace

McSummary::McSummary(LossKind loss, int rows, int outputs)
    : loss_(loss),
      rows_(rows),
      outputs_(outputs),
      width_(loss == LossKind::BceWithLogits ? 1 : outputs),
      sum_(static_cast<size_t>(rows) * width_, 0.0),
      sum_h_(loss == LossKind::Mse ? 0 : static_cast<size_t>(rows), 0.0),
      scratch_() {}

void McSummary::add_pass(const float* out) {
  ++passes_;
  for (int r = 0; r < rows_; ++r) {
    const float* o = out + static_cast<size_t>(r) * outputs_;
    double* s = sum_.data() + static_cast<size_t>(r) * width_;
    switch (loss_) {
      case LossKind::Mse:
        for (int c = 0; c < width_; ++c) {
          s[c] += o[c];
          outs_.push_back(o[c]);
        }
        break;
      case LossKind::BceWithLogits: {
        const double p = 1.0 / (1.0 + detmath::exp_fast(-static_cast<double>(o[0])));
        s[0] += p;
        sum_h_[r] += -(xlogx(p) + xlogx(1.0 - p));
        break;
      }
      case LossKind::CrossEntropy:
        break;  // below, all rows at once
    }
  }
  if (loss_ != LossKind::CrossEntropy) return;
  // Softmax and its entropy, a row's log p_c = o_c - logsumexp(o), with the exps and the
  // logs of every row as array loops (they vectorize).
  const size_t n = static_cast<size_t>(rows_) * width_;
  scratch_.resize(2 * n + 2 * static_cast<size_t>(rows_));
  double* arg = scratch_.data();
  double* e = arg + n;
  double* se = e + n;
  double* lse = se + rows_;
  for (int r = 0; r < rows_; ++r) {
    const float* o = out + static_cast<size_t>(r) * outputs_;
    double mx = o[0];
    for (int c = 1; c < width_; ++c) mx = std::max(mx, static_cast<double>(o[c]));
    lse[r] = mx;
    for (int c = 0; c < width_; ++c) arg[static_cast<size_t>(r) * width_ + c] = o[c] - mx;
  }
  detmath::exp_fast_n(arg, e, n);
  for (int r = 0; r < rows_; ++r) {
    double t = 0.0;
    for (int c = 0; c < width_; ++c) t += e[static_cast<size_t>(r) * width_ + c];
    se[r] = t;
  }
  detmath::log_fast_n(se, arg, static_cast<size_t>(rows_));
  for (int r = 0; r < rows_; ++r) {
    const float* o = out + static_cast<size_t>(r) * outputs_;
    const double l = lse[r] + arg[r];
    double* s = sum_.data() + static_cast<size_t>(r) * width_;
    double h = 0.0;
    for (int c = 0; c < width_; ++c) {
      const double p = e[static_cast<size_t>(r) * width_ + c] / se[r];
      s[c] += p;
      h -= p * (o[c] - l);
    }
    sum_h_[r] += h;
  }
}

std::vector<double> McSummary::mean() const {
  std::vector<double> m(sum_.size());
  for (size_t i = 0; i < m.size(); ++i) m[i] = sum_[i] / passes_;
  return m;
}

// Two passes over the kept outputs: the mean, then the mean squared deviation (a sum of
// T equal floats is exact in double, so equal passes give exactly 0).
std::vector<double> McSummary::std_dev() const {
  const std::vector<double> mu = mean();
  std::vector<double> sd(mu.size(), 0.0);
  const size_t n = mu.size();
  for (int t = 0; t < passes_; ++t)
    for (size_t i = 0; i < n; ++i) {
      const double d = outs_[static_cast<size_t>(t) * n + i] - mu[i];
      sd[i] += d * d;
    }
  for (double& v : sd) v = std::sqrt(v / passes_);
  return sd;
}

std::vector<double> McSummary::entropy() const {
  std::vector<double> h(static_cast<size_t>(rows_));
  const std::vector<double> m = mean();
  for (int r = 0; r < rows_; ++r) {
    const double* p = m.data() + static_cast<size_t>(r) * width_;
    double e = 0.0;
    if (loss_ == LossKind::BceWithLogits)
      e = -(xlogx(p[0]) + xlogx(1.0 - p[0]));
    else
      for (int c = 0; c < width_; ++c) e -= xlogx(p[c]);
    h[r] = e;
  }
  return h;
}

std::vector<double> McSummary::mutual_information() const {
  std::vector<double> mi = entropy();
  for (int r = 0; r < rows_; ++r) mi[r] -= sum_h_[r] / passes_;
  return mi;
}

double McSummary::loss(const float* y) const {
  const std::vector<double> m = mean();
  double total = 0.0;
  for (int r = 0; r < rows_; ++r) {
    const double* p = m.data() + static_cast<size_t>(r) * width_;
    switch (loss_) {
      case LossKind::Mse: {
        const double d = p[0] - y[r];
        total += d * d;
        break;
      }
      case LossKind::BceWithLogits: {
        // torch clamps each log at -100.
        const double lp = std::max(-100.0, detmath::log_fast(p[0]));
        const double lq = std::max(-100.0, detmath::log_fast(1.0 - p[0]));
        total -= y[r] * lp + (1.0 - y[r]) * lq;
        break;
      }
      case LossKind::CrossEntropy:
        total -= detmath::log_fast(p[static_cast<int>(y[r])]);
        break;
    }
  }
  return total / rows_;
}

double McSummary::accuracy(const float* y) const {
  const std::vector<double> m = mean();
  int correct = 0;
  for (int r = 0; r < rows_; ++r) {
    const double* p = m.data() + static_cast<size_t>(r) * width_;
    int pred = 0;
    if (loss_ == LossKind::BceWithLogits) {
      pred = p[0] > 0.5 ? 1 : 0;
    } else {
      for (int c = 1; c < width_; ++c)
        if (p[c] > p[pred]) pred = c;  // the first maximum (torch.argmax)
    }
    if (pred == static_cast<int>(y[r])) ++correct;
  }
  return static_cast<double>(correct) / rows_;
}

McReport mc_report(const Mlp& model, const std::vector<double>& ps, LossKind loss, const float* x,
                   const float* y, int rows, int samples, uint64_t mc_seed) {
  return mc_report(model, ps, loss, x, y, rows, samples, mc_seed, true);
}

McReport mc_report(const Mlp& model, const std::vector<double>& ps, LossKind loss, const float* x,
                   const float* y, int rows, int samples, uint64_t mc_seed, bool by_t) {
  const int outputs = model.sizes().back();
  McReport r{McSummary(loss, rows, outputs), {}, {}};
  McPasses passes(model, ps, x, rows, mc_seed);
  std::vector<float> out(static_cast<size_t>(rows) * outputs);
  constexpr int kRows = 1024;  // a pass in pieces keeps the scratch small
  for (int t = 0; t < samples; ++t) {
    passes.begin_pass();
    for (int r0 = 0; r0 < rows; r0 += kRows)
      passes.run_rows(r0, std::min(rows, r0 + kRows), out.data() + static_cast<size_t>(r0) * outputs);
    r.summary.add_pass(out.data());
    if (!by_t) continue;
    r.loss_by_t.push_back(r.summary.loss(y));
    if (r.summary.classification()) r.acc_by_t.push_back(r.summary.accuracy(y));
  }
  return r;
}

namespace {

using Json = nlohmann::ordered_json;

Json num(double v) { return std::isfinite(v) ? Json(v) : Json(nullptr); }

Json list(const std::vector<double>& v) {
  Json a = Json::array();
  for (double x : v) a.push_back(num(x));
  return a;
}

Json rows_of(const std::vector<double>& v, int width) {
  Json a = Json::array();
  for (size_t i = 0; i < v.size(); i += static_cast<size_t>(width))
    a.push_back(list(std::vector<double>(v.begin() + static_cast<long>(i),
                                         v.begin() + static_cast<long>(i) + width)));
  return a;
}

}  // namespace

std::string mc_json(const McReport& r, int samples, int64_t mc_seed) {
  const McSummary& s = r.summary;
  Json j;
  j["samples"] = samples;
  j["mc_seed"] = mc_seed;
  j["val_loss_by_t"] = list(r.loss_by_t);
  if (s.classification()) j["val_acc_by_t"] = list(r.acc_by_t);
  j["mean"] = rows_of(s.mean(), s.width());
  if (s.classification()) {
    j["entropy"] = list(s.entropy());
    j["mutual_information"] = list(s.mutual_information());
  } else {
    j["std"] = rows_of(s.std_dev(), s.width());
  }
  return j.dump();
}

McReport mc_validation_report(const Trainer& t, int samples, int64_t mc_seed) {
  const Dataset& d = t.data();
  const size_t off = static_cast<size_t>(d.n_train);
  LossKind loss;
  loss_from_name(t.config().loss, &loss);
  return mc_report(t.model(), t.module_ps(), loss, d.x.data() + off * d.dim, d.y.data() + off, d.n_val,
                   samples, static_cast<uint64_t>(mc_seed));
}

}  // namespace dp
