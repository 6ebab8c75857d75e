// The p-sweep: the canonical program once per (p, seed), everything else from one
// config (its data, init and batch order). p sets every hidden layer's dropout; the
// input dropout stays as configured. Each run is a standalone deterministic program,
// so a sweep gives the same numbers however many workers run its points, in any order.
#pragma once
#include <cmath>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/config.h"
#include "core/trainer.h"

namespace dp {

constexpr int kMaxSweepPoints = 101;  // p values in one sweep
constexpr int kMaxSweepSeeds = 5;     // seeds per p

struct SweepPoint {
  double dropout = 0;
  int64_t seed = 0;
};

// The sweep's points: the p list in its order, seeds inner (seed, seed + 1, ...).
std::vector<SweepPoint> sweep_points(const Config& base, const std::vector<double>& ps, int seeds);

// "" when the list and the seed count are valid, else one line naming what is wrong.
std::string validate_sweep(const Config& base, const std::vector<double>& ps, int seeds);

// The config of one point: base with p on every hidden layer and the point's seed.
Config sweep_config(const Config& base, const SweepPoint& point);

struct SweepRun {
  SweepPoint point;
  std::vector<EpochStats> epochs;
  int best_epoch = 0;         // 1-based epoch of the lowest val loss (the first, on ties); 0: none finite
  float best_val_loss = NAN;  // at best_epoch
  float final_val_loss = NAN;
  bool diverged = false;
};

// Runs one point to its end. `cancelled`, when given, is asked between steps; a cancelled
// run returns false and leaves *out as it was.
bool run_sweep_point(const Config& base, const SweepPoint& point, SweepRun* out,
                     const std::function<bool()>& cancelled = {});

// The SweepRun of a point's Trainer run to its end (what run_sweep_point returns).
SweepRun sweep_run_of(const Trainer& t, const SweepPoint& point);

// The summary fields of a run from its epochs (best and final val loss).
void summarize_sweep_run(SweepRun* run);

// One run as the sweep's JSON: {"dropout", "seed", "epochs": [the trace's per-epoch
// records], "best_epoch", "best_val_loss", "final_val_loss"}.
nlohmann::ordered_json sweep_run_json(const Config& base, const SweepRun& run);

// {"runs": [...]} in the given order, as `playground-cli sweep --json` prints it.
std::string sweep_json(const Config& base, const std::vector<SweepRun>& runs);

// Reads one run back from sweep_run_json's text (a worker's answer). "" or the error.
std::string sweep_run_from_json(const std::string& text, SweepRun* out);

}  // namespace dp
