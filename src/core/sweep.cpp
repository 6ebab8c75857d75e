// The p-sweep's runs: each point is Trainer's canonical program run to its end.
#include "core/sweep.h"
#include "core/messages.h"

#include "core/trace.h"

namespace dp {

using Json = nlohmann::ordered_json;

std::vector<SweepPoint> sweep_points(const Config& base, const std::vector<double>& ps, int seeds) {
  std::vector<SweepPoint> pts;
  for (double p : ps)
    for (int k = 0; k < seeds; ++k) pts.push_back({p, base.seed + k});
  return pts;
}

std::string validate_sweep(const Config& base, const std::vector<double>& ps, int seeds) {
  if (ps.empty()) return say(Msg::sweep_empty);
  if (ps.size() > static_cast<size_t>(kMaxSweepPoints))
    return say(Msg::sweep_too_many, {std::to_string(ps.size()), std::to_string(kMaxSweepPoints)});
  for (size_t i = 0; i < ps.size(); ++i)
    if (!(ps[i] >= 0 && ps[i] <= 1))
      return say(Msg::sweep_p_range, {std::to_string(i)});
  if (seeds < 1 || seeds > kMaxSweepSeeds)
    return say(Msg::sweep_seeds, {std::to_string(kMaxSweepSeeds), std::to_string(seeds)});
  // In integers: 2^53 + 1 is not a double, and would round back to 2^53.
  if (base.seed > static_cast<int64_t>(kMaxSeed) - (seeds - 1))
    return say(Msg::sweep_seed_max);
  return validate(sweep_config(base, {ps.front(), base.seed}));
}

Config sweep_config(const Config& base, const SweepPoint& point) {
  Config c = base;
  set_hidden_dropout(c, point.dropout);  // every hidden layer; input_dropout unchanged
  c.seed = point.seed;
  return c;
}

void summarize_sweep_run(SweepRun* run) {
  run->best_epoch = 0;
  run->best_val_loss = NAN;
  run->final_val_loss = run->epochs.empty() ? NAN : run->epochs.back().val_loss;
  for (const EpochStats& e : run->epochs)
    if (std::isfinite(e.val_loss) && (run->best_epoch == 0 || e.val_loss < run->best_val_loss)) {
      run->best_epoch = e.epoch;
      run->best_val_loss = e.val_loss;
    }
}

bool run_sweep_point(const Config& base, const SweepPoint& point, SweepRun* out,
                     const std::function<bool()>& cancelled) {
  Trainer t(sweep_config(base, point));
  while (!t.done()) {
    if (cancelled && cancelled()) return false;
    t.step();
  }
  *out = sweep_run_of(t, point);
  return true;
}

SweepRun sweep_run_of(const Trainer& t, const SweepPoint& point) {
  SweepRun r;
  r.point = point;
  r.epochs = t.epochs();
  r.diverged = t.diverged();
  summarize_sweep_run(&r);
  return r;
}

Json sweep_run_json(const Config& base, const SweepRun& run) {
  const bool cls = is_classification(base);
  Json o;
  o["dropout"] = run.point.dropout;
  o["seed"] = run.point.seed;
  Json eps = Json::array();
  for (const EpochStats& e : run.epochs) eps.push_back(epoch_json(e, cls));
  o["epochs"] = eps;
  o["best_epoch"] = run.best_epoch;
  o["best_val_loss"] = static_cast<double>(run.best_val_loss);
  o["final_val_loss"] = static_cast<double>(run.final_val_loss);
  return o;
}

std::string sweep_json(const Config& base, const std::vector<SweepRun>& runs) {
  Json a = Json::array();
  for (const SweepRun& r : runs) a.push_back(sweep_run_json(base, r));
  Json j;
  j["runs"] = a;
  return j.dump();
}

static float num_or_nan(const Json& v) {
  return v.is_number() ? static_cast<float>(v.get<double>()) : NAN;  // null: not finite
}

std::string sweep_run_from_json(const std::string& text, SweepRun* out) {
  const Json j = Json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return "a sweep run is not a JSON object";
  if (!j.contains("dropout") || !j["dropout"].is_number() || !j.contains("seed") ||
      !j["seed"].is_number_integer() || !j.contains("epochs") || !j["epochs"].is_array())
    return "a sweep run needs dropout, seed and epochs";
  SweepRun r;
  r.point = {j["dropout"].get<double>(), j["seed"].get<int64_t>()};
  for (const Json& e : j["epochs"]) {
    if (!e.is_object() || !e.contains("epoch") || !e["epoch"].is_number_integer())
      return "a sweep run's epoch record needs an epoch number";
    EpochStats s;
    s.epoch = e["epoch"].get<int>();
    s.train_loss = num_or_nan(e.value("train_loss", Json()));
    s.train_loss_eval = num_or_nan(e.value("train_loss_eval", Json()));
    s.val_loss = num_or_nan(e.value("val_loss", Json()));
    s.train_acc = num_or_nan(e.value("train_acc", Json()));
    s.val_acc = num_or_nan(e.value("val_acc", Json()));
    s.dropout = r.point.dropout;
    // As Trainer::diverged(): a non-finite step loss (so its epoch's mean) or eval loss.
    if (!std::isfinite(s.train_loss) || !std::isfinite(s.train_loss_eval) ||
        !std::isfinite(s.val_loss))
      r.diverged = true;
    r.epochs.push_back(s);
  }
  summarize_sweep_run(&r);
  *out = std::move(r);
  return "";
}

}  // namespace dp
