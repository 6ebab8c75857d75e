// Stepping and config changes. The trainers are the truth; this file only schedules
// them and keeps the config in force consistent with what they run.
#include "app/state.h"

#include <algorithm>
#include <cmath>

#include "app/strings.h"

namespace app {

State::State() : twin(std::make_unique<dp::TwinTrainer>(cfg)), edit(cfg) {}
State::~State() = default;

void add_notice(State& s, const std::string& text) {
  s.notices.push_back(text);
  if (s.notices.size() > 6) s.notices.erase(s.notices.begin());
}

void restart_run(State& s) {
  s.twin = std::make_unique<dp::TwinTrainer>(s.cfg);
  s.notices.clear();
  s.steps_owed = 0;
  ++s.model_version;
  s.edit = s.cfg;
}

double epoch_position(const State& s) {
  const dp::Trainer& t = run_of(s);
  return t.epoch() + static_cast<double>(t.batch_in_epoch()) / t.batches_per_epoch();
}

std::vector<PChange> p_changes(const State& s) {
  const dp::Trainer& t = run_of(s);
  std::vector<PChange> marks;
  double p = t.config().dropout;
  for (const dp::ScheduleChange& c : t.schedule()) {
    if (c.dropout == p) continue;  // a change of the learning rate only
    // Before the first step the run simply starts with the new p: no mark.
    const double at = static_cast<double>(c.step) / t.batches_per_epoch();
    if (c.step == 0) {
    } else if (!marks.empty() && at - marks.back().epoch < 0.5) {
      marks.back().to = c.dropout;
    } else {
      marks.push_back({at, p, c.dropout});
    }
    p = c.dropout;
  }
  return marks;
}

std::string apply_config(State& s, const dp::Config& next) {
  const std::string err = dp::validate(next);
  if (!err.empty()) return err;
  const std::string why = dp::restart_difference(s.cfg, next);
  if (!why.empty()) {
    s.cfg = next;
    restart_run(s);
    const dp::Field* f = dp::find_field(why);
    add_notice(s, trf(S::notice_restarted, f ? f->label : why.c_str()));
    return "";
  }
  // p and lr: from the next batch on; the trainers record the change in their schedule.
  s.twin->run.set_dropout(next.dropout);
  s.twin->set_lr(next.optimizer.lr);
  s.cfg = next;
  return "";
}

void reseed_run(State& s, int64_t seed) {
  s.cfg.seed = seed;
  restart_run(s);
}

static void after_steps(State& s, long before) {
  if (run_of(s).steps() != before) ++s.model_version;
  // A diverged run (or twin) has NaN weights: pause rather than train on garbage; the
  // panels show a message instead of its predictions.
  if ((run_of(s).diverged() || twin_of(s).diverged()) && s.running) {
    s.running = false;
    const std::string text =
        tr(run_of(s).diverged() ? S::notice_diverged : S::notice_twin_diverged);
    if (s.notices.empty() || s.notices.back() != text) add_notice(s, text);
  }
  if (run_of(s).done() && s.running) {
    s.running = false;
    add_notice(s, trf(S::notice_finished, s.cfg.epochs));
  }
}

void step_batches(State& s, long n) {
  const long before = run_of(s).steps();
  for (long i = 0; i < n && !run_of(s).done(); ++i) s.twin->step();
  after_steps(s, before);
}

void step_epoch(State& s) {
  const long before = run_of(s).steps();
  const int e = run_of(s).epoch();
  while (!run_of(s).done() && run_of(s).epoch() == e) s.twin->step();
  after_steps(s, before);
}

void train_slice(State& s, double now) {
  const double dt = s.last_frame < 0 ? 0.0 : std::min(now - s.last_frame, 0.25);
  s.last_frame = now;
  s.last_train_s = 0;
  if (!s.running || run_of(s).done()) {
    s.steps_owed = 0;
    return;
  }
  const long before = run_of(s).steps();
  const double start = s.host->now();
  if (s.max_speed) {
    while (!run_of(s).done() && s.host->now() - start < kTrainBudget) s.twin->step();
    s.steps_owed = 0;
  } else {
    s.steps_owed += dt * s.speed * run_of(s).batches_per_epoch();
    while (s.steps_owed >= 1.0 && !run_of(s).done()) {
      s.twin->step();
      s.steps_owed -= 1.0;
      if (s.host->now() - start >= kTrainBudget) {
        // Over budget: drop the backlog rather than fall further behind.
        s.steps_owed = std::min(s.steps_owed, 1.0);
        break;
      }
    }
  }
  s.last_train_s = s.host->now() - start;
  after_steps(s, before);
}

void mark_widget(State& s, const char* id) {
  if (!ImGui::IsItemVisible()) return;
  const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
  s.widgets_next.push_back({id, a.x, a.y, b.x - a.x, b.y - a.y});
}

void mark_panel(State& s, const char* id) {
  const ImVec2 a = ImGui::GetWindowPos(), size = ImGui::GetWindowSize();
  s.widgets_next.push_back({std::string("panel.") + id, a.x, a.y, size.x, size.y});
}

}  // namespace app
