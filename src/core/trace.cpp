// Trace JSON and curve CSV. nlohmann/json prints doubles shortest-round-trip with
// its own algorithm, so the bytes are the same natively and in WASM, and a float32
// value reads back as the same float (as Python's json.dump of float(v) does).
#include "core/trace.h"

#include <cmath>
#include <nlohmann/json.hpp>

#include "core/tensor_print.h"

namespace dp {

using Json = nlohmann::ordered_json;

static Json floats(const std::vector<float>& v) {
  Json a = Json::array();
  for (float f : v) a.push_back(static_cast<double>(f));
  return a;
}

static Json float_lists(const std::vector<std::vector<float>>& vs) {
  Json a = Json::array();
  for (const auto& v : vs) a.push_back(floats(v));
  return a;
}

Json epoch_json(const EpochStats& e, bool classification) {
  Json o;
  o["epoch"] = e.epoch;
  o["train_loss"] = static_cast<double>(e.train_loss);
  o["train_loss_eval"] = static_cast<double>(e.train_loss_eval);
  o["val_loss"] = static_cast<double>(e.val_loss);
  if (classification) {
    o["train_acc"] = static_cast<double>(e.train_acc);
    o["val_acc"] = static_cast<double>(e.val_acc);
  }
  return o;
}

std::string trace_json(const Trainer& t) {
  const Config& c = t.config();
  const Dataset& d = t.data();
  Json j;
  j["config"] = Json::parse(config_to_json(c));
  const bool ce = c.loss == "cross_entropy";
  Json xs = Json::array(), ys = Json::array();
  const int rows = d.n_train + d.n_val;
  for (int r = 0; r < rows; ++r) {
    Json row = Json::array();
    for (int k = 0; k < d.dim; ++k)
      row.push_back(static_cast<double>(d.x[static_cast<size_t>(r) * d.dim + k]));
    xs.push_back(row);
    if (ce)
      ys.push_back(static_cast<int>(d.y[r]));
    else
      ys.push_back(static_cast<double>(d.y[r]));
  }
  j["x"] = xs;
  j["y"] = ys;
  j["init_params"] = float_lists(t.init_params());
  const FirstStep& f = t.first_step();
  j["first_perm"] = f.perm;
  Json masks = Json::array();
  const int b = std::min(c.batch, c.n_train);
  for (size_t l = 0; l < f.masks.size(); ++l) {
    const int units = static_cast<int>(f.masks[l].size()) / std::max(b, 1);  // module l's width
    Json m = Json::array();
    for (int r = 0; r < b; ++r) {
      Json row = Json::array();
      for (int u = 0; u < units; ++u)
        row.push_back(static_cast<int>(f.masks[l][static_cast<size_t>(r) * units + u]));
      m.push_back(row);
    }
    masks.push_back(m);
  }
  j["first_step_masks"] = masks;
  j["first_step_grads"] = float_lists(f.grads);
  j["step_losses"] = floats(t.step_losses());
  Json eps = Json::array();
  for (const EpochStats& e : t.epochs()) eps.push_back(epoch_json(e, is_classification(c)));
  j["epochs"] = eps;
  j["final_params"] = float_lists(t.params());
  // Non-finite numbers (a diverged run) become null; a JSON reader must not choke.
  return j.dump();
}

static std::string csv_num(double v) {
  if (std::isnan(v)) return "";
  return python_float_repr(v);
}

std::string curves_csv(const Trainer& run, const Trainer* baseline) {
  const bool cls = is_classification(run.config());
  std::string s = "epoch,dropout,train_loss,train_loss_eval,val_loss";
  if (cls) s += ",train_acc,val_acc";
  if (baseline) {
    s += ",baseline_train_loss,baseline_train_loss_eval,baseline_val_loss";
    if (cls) s += ",baseline_train_acc,baseline_val_acc";
  }
  s += "\n";
  const auto& E = run.epochs();
  for (size_t i = 0; i < E.size(); ++i) {
    const EpochStats& e = E[i];
    s += std::to_string(e.epoch) + "," + csv_num(e.dropout) + "," + csv_num(e.train_loss) + "," +
         csv_num(e.train_loss_eval) + "," + csv_num(e.val_loss);
    if (cls) s += "," + csv_num(e.train_acc) + "," + csv_num(e.val_acc);
    if (baseline) {
      const auto& B = baseline->epochs();
      if (i < B.size()) {
        const EpochStats& q = B[i];
        s += "," + csv_num(q.train_loss) + "," + csv_num(q.train_loss_eval) + "," +
             csv_num(q.val_loss);
        if (cls) s += "," + csv_num(q.train_acc) + "," + csv_num(q.val_acc);
      } else {
        s += cls ? ",,,,," : ",,,";
      }
    }
    s += "\n";
  }
  return s;
}

}  // namespace dp
