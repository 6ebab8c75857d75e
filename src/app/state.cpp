// Stepping and config changes. The trainers are the truth; this file only schedules
// them and keeps the config in force consistent with what they run.
#include "app/state.h"

#include <algorithm>
#include <cmath>

#include "app/heatmap.h"
#include "app/image_texture.h"
#include "platform/platform.h"

namespace app {

State::State() : twin(std::make_unique<dp::TwinTrainer>(cfg)), edit(cfg) {}
State::~State() = default;

void add_notice(State& s, const std::string& text) {
  s.notices.push_back(text);
  if (s.notices.size() > 6) s.notices.erase(s.notices.begin());
}

void restart(State& s) {
  s.twin = std::make_unique<dp::TwinTrainer>(s.cfg);
  s.p_changes.clear();
  s.notices.clear();
  s.steps_owed = 0;
  ++s.model_version;
  s.edit = s.cfg;
}

std::string structural_difference(const dp::Config& a, const dp::Config& b) {
  if (a.data != b.data) return "data";
  if (a.noise != b.noise) return "noise";
  if (a.data_seed != b.data_seed) return "data_seed";
  if (a.n_train != b.n_train) return "n_train";
  if (a.n_val != b.n_val) return "n_val";
  if (a.sizes != b.sizes) return "sizes";
  if (a.activation != b.activation) return "activation";
  if (a.loss != b.loss) return "loss";
  const dp::OptimizerConfig &o = a.optimizer, &q = b.optimizer;
  if (o.name != q.name) return "optimizer";
  if (o.momentum != q.momentum) return "momentum";
  if (o.nesterov != q.nesterov) return "nesterov";
  if (o.weight_decay != q.weight_decay) return "weight_decay";
  if (o.beta1 != q.beta1 || o.beta2 != q.beta2) return "betas";
  if (o.eps != q.eps) return "eps";
  if (a.batch != b.batch) return "batch";
  if (a.epochs != b.epochs) return "epochs";
  if (a.seed != b.seed) return "seed";
  if (a.has_xy != b.has_xy || a.x != b.x || a.y != b.y) return "x/y";
  return "";
}

double epoch_position(const State& s) {
  const dp::Trainer& t = s.twin->run;
  return t.epoch() + static_cast<double>(t.batch_in_epoch()) / t.batches_per_epoch();
}

std::string apply_config(State& s, const dp::Config& next) {
  std::string err = dp::validate(next);
  if (!err.empty()) return err;
  std::string why = structural_difference(s.cfg, next);
  if (!why.empty()) {
    s.cfg = next;
    restart(s);
    add_notice(s, "Restarted: " + why + " changed.");
    return "";
  }
  if (next.dropout != s.cfg.dropout) {
    // From the next batch on (issue 3). Markers closer than half an epoch merge,
    // so dragging the slider leaves one marker, not fifty; before the first step the
    // run simply starts with the new p (initialisation does not depend on p).
    double at = epoch_position(s);
    if (s.twin->run.steps() == 0) {
      // no marker
    } else if (!s.p_changes.empty() && at - s.p_changes.back().epoch < 0.5) {
      s.p_changes.back().to = next.dropout;
    } else {
      s.p_changes.push_back({at, s.cfg.dropout, next.dropout});
    }
    s.twin->run.set_dropout(next.dropout);
  }
  if (next.optimizer.lr != s.cfg.optimizer.lr) {
    s.twin->run.set_lr(next.optimizer.lr);
    s.twin->baseline.set_lr(next.optimizer.lr);
  }
  s.cfg = next;
  return "";
}

void reseed(State& s, int64_t seed) {
  s.cfg.seed = seed;
  restart(s);
}

static void after_steps(State& s, long before) {
  if (s.twin->run.steps() != before) ++s.model_version;
  // A diverged run (or twin) has NaN weights: pause rather than train on garbage
  // (issue 4); the panels show a message instead of its predictions.
  if ((s.twin->run.diverged() || s.twin->baseline.diverged()) && s.running) {
    s.running = false;
    const char* who = s.twin->run.diverged() ? "The loss" : "The p = 0 twin's loss";
    std::string text =
        std::string(who) +
        " became NaN or infinite (diverged): paused. Lower the learning rate, then Restart.";
    if (s.notices.empty() || s.notices.back() != text) add_notice(s, text);
  }
  if (s.twin->run.done() && s.running) {
    s.running = false;
    add_notice(s, "Finished " + std::to_string(s.cfg.epochs) + " epochs. Play restarts the run.");
  }
}

void step_batches(State& s, int n) {
  long before = s.twin->run.steps();
  for (int i = 0; i < n && !s.twin->run.done(); ++i) s.twin->step();
  after_steps(s, before);
}

void step_epoch(State& s) {
  long before = s.twin->run.steps();
  int e = s.twin->run.epoch();
  while (!s.twin->run.done() && s.twin->run.epoch() == e) s.twin->step();
  after_steps(s, before);
}

void train_slice(State& s, double now) {
  double dt = s.last_frame < 0 ? 0.0 : std::min(now - s.last_frame, 0.25);
  s.last_frame = now;
  s.last_train_s = 0;
  if (!s.running || s.twin->run.done()) {
    s.steps_owed = 0;
    return;
  }
  long before = s.twin->run.steps();
  const double start = platform::now_seconds();
  if (s.max_speed) {
    while (!s.twin->run.done() && platform::now_seconds() - start < kTrainBudget) s.twin->step();
    s.steps_owed = 0;
  } else {
    s.steps_owed += dt * s.speed * s.twin->run.batches_per_epoch();
    while (s.steps_owed >= 1.0 && !s.twin->run.done()) {
      s.twin->step();
      s.steps_owed -= 1.0;
      if (platform::now_seconds() - start >= kTrainBudget) {
        // Over budget: drop the backlog rather than fall further behind.
        s.steps_owed = std::min(s.steps_owed, 1.0);
        break;
      }
    }
  }
  s.last_train_s = platform::now_seconds() - start;
  after_steps(s, before);
}

}  // namespace app
