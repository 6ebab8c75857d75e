// The Uncertainty mode's sliced MC dropout (uncertainty.h).
#include "app/uncertainty.h"

#include <algorithm>

#include "core/loss.h"

namespace app {

namespace {

// The view's inputs: the centres of a kGrid x kGrid grid (2-D), or kCurvePoints x values.
std::vector<float> view_inputs(int dim, const PlaneBounds& b) {
  std::vector<float> x;
  if (dim == 1) {
    const int n = Uncertainty::kCurvePoints;
    for (int i = 0; i < n; ++i) x.push_back(b.x0 + (b.x1 - b.x0) * i / (n - 1));
    return x;
  }
  const int g = Uncertainty::kGrid;
  for (int j = 0; j < g; ++j)
    for (int i = 0; i < g; ++i) {
      x.push_back(b.x0 + (b.x1 - b.x0) * (i + 0.5f) / g);
      x.push_back(b.y0 + (b.y1 - b.y0) * (j + 0.5f) / g);
    }
  return x;
}

}  // namespace

bool Uncertainty::advance(const dp::Trainer& run, long model_version, const dp::Config& cfg,
                          const PlaneBounds& view, double min_interval,
                          const std::function<double()>& now) {
  const double t0 = now();
  const dp::Dataset& d = run.data();
  if (!job_) {
    const bool changed = !done_ || shown_.samples != cfg.mc_samples || shown_.seed != cfg.mc_seed ||
                         shown_.view.x0 != view.x0 || shown_.view.x1 != view.x1 ||
                         shown_.view.y0 != view.y0 || shown_.view.y1 != view.y1 ||
                         shown_.dim != d.dim;
    if (!changed && (shown_.model_version == model_version || t0 - last_start_ < min_interval))
      return false;
    last_start_ = t0;
    auto j = std::make_unique<Job>();
    j->model = std::make_unique<dp::Mlp>(run.model());
    j->ps = run.module_ps();
    dp::loss_from_name(cfg.loss, &j->loss);
    Result& r = j->r;
    r.model_version = model_version;
    r.samples = cfg.mc_samples;
    r.seed = cfg.mc_seed;
    r.view = view;
    r.dim = d.dim;
    r.outputs = run.n_out();
    r.classification = j->loss != dp::LossKind::Mse;
    r.x = view_inputs(d.dim, view);
    r.rows = static_cast<int>(r.x.size()) / d.dim;
    Set& v = j->sets[0];
    v.x = r.x;
    v.rows = r.rows;
    Set& val = j->sets[1];
    const size_t off = static_cast<size_t>(d.n_train);
    val.x.assign(d.x.begin() + static_cast<long>(off * d.dim), d.x.end());
    val.y.assign(d.y.begin() + static_cast<long>(off), d.y.end());
    val.rows = d.n_val;
    for (Set& s : j->sets) {
      s.passes = std::make_unique<dp::McPasses>(*j->model, j->ps, s.x.data(), s.rows,
                                                static_cast<uint64_t>(cfg.mc_seed));
      s.summary = std::make_unique<dp::McSummary>(j->loss, s.rows, r.outputs);
      s.out.resize(static_cast<size_t>(s.rows) * r.outputs);
    }
    // Eval mode (weight scaling), for comparison: at the view's inputs and on the
    // validation set.
    dp::Generator unused;
    const float* e = j->model->forward(v.x.data(), v.rows, 0.0, false, unused);
    r.eval.assign(e, e + static_cast<size_t>(v.rows) * r.outputs);
    if (val.rows > 0) {
      const float* o = j->model->forward(val.x.data(), val.rows, 0.0, false, unused);
      r.eval_val_loss = dp::loss_forward(j->loss, o, val.y.data(), val.rows, r.outputs, nullptr);
      if (r.classification)
        r.eval_val_acc = dp::accuracy(j->loss, o, val.y.data(), val.rows, r.outputs);
    }
    job_ = std::move(j);
  }
  Job& j = *job_;
  Result& r = j.r;
  while (j.set < 2) {
    Set& s = j.sets[j.set];
    if (s.rows == 0 || (s.passes->passes_begun() == r.samples && s.row == 0)) {
      ++j.set;  // this set is complete (or empty)
      continue;
    }
    if (s.row == 0) s.passes->begin_pass();
    const int r1 = std::min(s.rows, s.row + kPieceRows);
    s.passes->run_rows(s.row, r1, s.out.data() + static_cast<size_t>(s.row) * r.outputs);
    s.row = r1;
    if (s.row == s.rows) {
      s.row = 0;
      s.summary->add_pass(s.out.data());
      ++passes_done_;
      if (j.set == 0 && r.dim == 1 && static_cast<int>(r.passes.size()) < kKeptPasses)
        r.passes.push_back(s.out);
      if (j.set == 1) {
        r.val_loss_by_t.push_back(s.summary->loss(s.y.data()));
        if (r.classification) r.val_acc_by_t.push_back(s.summary->accuracy(s.y.data()));
      }
    }
    if (now() - t0 >= kSliceSeconds) return false;
  }
  // Complete: publish.
  const dp::McSummary& v = *j.sets[0].summary;
  r.mean = v.mean();
  if (r.classification) {
    r.entropy = v.entropy();
    r.mutual_information = v.mutual_information();
  } else {
    r.spread = v.std_dev();
  }
  shown_ = std::move(r);
  job_.reset();
  done_ = true;
  ++refreshes_;
  return true;
}

}  // namespace app
