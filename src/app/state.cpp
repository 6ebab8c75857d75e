// Stepping and config changes. The trainers are the truth; this file only schedules
// them and keeps the config in force consistent with what they run.
#include "app/state.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "app/strings.h"
#include "core/digits.h"

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
  s.queued_steps = 0;
  s.heatmap.invalidate();  // the pictures under way were of the old run
  s.curve_run.invalidate();
  s.curve_twin.invalidate();
  s.uncertainty.invalidate();
  s.batch = BatchView{};
  s.mask_stats.clear();
  s.mask_stats_step = 0;
  s.edges = NetworkEdges{};
  ++s.model_version;
  ++s.run_version;
  s.images.pred_version[0] = s.images.pred_version[1] = -1;
  s.images.features_version[0] = s.images.features_version[1] = -1;
  s.images.batch_step = -1;
  s.table.which = -1;  // a new run: its outputs
  s.edit = s.cfg;
}

double epoch_position(const State& s) {
  const dp::Trainer& t = run_of(s);
  return t.epoch() + static_cast<double>(t.batch_in_epoch()) / t.batches_per_epoch();
}

namespace {

// The p of every dropout module after a change, as the curves label it.
std::string p_tag(const dp::ScheduleChange& c) {
  std::string hidden;
  char num[16];
  const bool same = std::all_of(c.hidden.begin(), c.hidden.end(), [&](double p) { return p == c.dropout; });
  for (size_t i = 0; i < (same ? 1 : c.hidden.size()); ++i) {
    std::snprintf(num, sizeof num, "%s%.2f", i ? "," : "", same ? c.dropout : c.hidden[i]);
    hidden += num;
  }
  char tag[96];
  if (c.input > 0)
    std::snprintf(tag, sizeof tag, tr(S::curves_p_tag_input), c.input, hidden.c_str());
  else
    std::snprintf(tag, sizeof tag, tr(S::curves_p_tag), hidden.c_str());
  return tag;
}

bool same_ps(const dp::ScheduleChange& a, const dp::ScheduleChange& b) {
  return a.dropout == b.dropout && a.hidden == b.hidden && a.input == b.input;
}

}  // namespace

std::vector<PChange> p_changes(const State& s) {
  const dp::Trainer& t = run_of(s);
  std::vector<PChange> marks;
  // What the run started with, as a change at step 0 would carry it.
  dp::ScheduleChange in_force;
  in_force.dropout = t.config().dropout;
  for (int l = 0; l < t.hidden_layers(); ++l) in_force.hidden.push_back(dp::hidden_dropout(t.config(), l));
  in_force.input = t.config().input_dropout;
  for (const dp::ScheduleChange& c : t.schedule()) {
    if (same_ps(c, in_force)) continue;  // a change of the learning rate only
    // Before the first step the run simply starts with the new p: no mark.
    const double at = static_cast<double>(c.step) / t.batches_per_epoch();
    if (c.step == 0) {
    } else if (!marks.empty() && at - marks.back().epoch < 0.5) {
      marks.back().to = c.dropout;
      marks.back().tag = p_tag(c);
    } else {
      marks.push_back({at, in_force.dropout, c.dropout, p_tag(c)});
    }
    in_force = c;
  }
  return marks;
}

std::string apply_config(State& s, const dp::Config& next) {
  const std::string err = dp::validate(next);
  if (!err.empty()) return err;
  const std::string why = dp::restart_difference(s.cfg, next);
  if (!why.empty()) {
    if (!data_at_hand(s, next)) return "";
    s.cfg = next;
    restart_run(s);
    const dp::Field* f = dp::find_field(why);
    add_notice(s, trf(S::notice_restarted, f ? field_label(f->key, f->label) : why.c_str()));
    return "";
  }
  // p and lr: from the next batch on; the trainers record the change in their schedule.
  dp::Trainer& run = s.twin->run;
  for (int i = 0; i < run.hidden_layers(); ++i) run.set_hidden_dropout(i, dp::hidden_dropout(next, i));
  run.set_input_dropout(next.input_dropout);
  s.twin->set_lr(next.optimizer.lr);
  s.cfg = next;
  return "";
}

const std::vector<int>& val_predictions(State& s, int which, double every) {
  ImageViews& v = s.images;
  const dp::Trainer& t = which == 0 ? run_of(s) : twin_of(s);
  const double now = s.host->now();
  if (v.pred_version[which] != s.model_version &&
      (v.pred_version[which] < 0 || !s.running || now - v.pred_taken[which] >= every)) {
    const dp::Dataset& d = t.data();
    std::vector<float> out(static_cast<size_t>(d.n_val) * t.n_out());
    t.predict(d.x.data() + static_cast<size_t>(d.n_train) * d.dim, d.n_val, out.data());
    std::vector<int>& p = v.pred[which];
    p.assign(d.n_val, 0);
    for (int i = 0; i < d.n_val; ++i) {
      const float* o = &out[static_cast<size_t>(i) * t.n_out()];
      p[i] = static_cast<int>(std::max_element(o, o + t.n_out()) - o);
    }
    v.pred_version[which] = s.model_version;
    v.pred_taken[which] = now;
  }
  return v.pred[which];
}

bool data_at_hand(State& s, const dp::Config& next) {
  if (next.has_xy || !dp::dataset_is_image(next.data) || dp::digits()) return true;
  if (s.host && s.host->fetch_data && s.host->fetch_data(next.data) && dp::digits()) return true;
  const bool asked = s.waiting_for_data != nullptr;
  s.waiting_for_data = std::make_unique<dp::Config>(next);
  if (!asked) add_notice(s, tr(S::notice_data_loading));
  return false;
}

void reseed_run(State& s, int64_t seed) {
  s.cfg.seed = seed;
  ++s.reseeds;
  restart_run(s);
}

void capture_batch(State& s) {
  const dp::Trainer& t = run_of(s);
  const dp::Mlp& m = t.model();
  BatchView& v = s.batch;
  v.step = t.steps();
  v.rows = t.steps() > 0 ? m.batch_rows() : 0;
  const int first_hidden = m.has_input_dropout() ? 1 : 0;
  v.p = m.num_dropout() > first_hidden ? m.batch_p(first_hidden) : 0.0;
  v.layers.resize(m.num_dropout());
  const int shown = std::min(v.rows, BatchView::kShownRows);
  for (int l = 0; l < m.num_dropout(); ++l) {
    BatchView::Layer& L = v.layers[l];
    L.cols = m.dropout_units(l);
    L.net_layer = l + 1 - first_hidden;
    L.p = m.batch_p(l);
    const size_t n = static_cast<size_t>(v.rows) * L.cols, ns = static_cast<size_t>(shown) * L.cols;
    const std::vector<uint8_t>& mask = m.mask(l);
    if (mask.size() < n) {  // no batch yet
      L = BatchView::Layer{};
      L.cols = m.dropout_units(l);
      L.net_layer = l + 1 - first_hidden;
      continue;
    }
    L.kept.assign(mask.begin(), mask.begin() + static_cast<long>(ns));
    L.in.assign(m.dropout_input(l).begin(), m.dropout_input(l).begin() + static_cast<long>(ns));
    L.out.assign(m.dropout_output(l).begin(), m.dropout_output(l).begin() + static_cast<long>(ns));
    L.dropped = static_cast<long>(n) -
                std::count(mask.begin(), mask.begin() + static_cast<long>(n), uint8_t{1});
    L.vmax = 1e-12f;
    for (size_t i = 0; i < ns; ++i)
      if (L.kept[i]) L.vmax = std::max(L.vmax, std::fabs(L.out[i]));
  }
  v.x.clear();
  v.y.clear();
  const dp::Dataset& d = t.data();
  if (v.rows > 0 && !t.config().has_xy && dp::dataset_is_image(t.config().data)) {
    v.x.assign(t.batch_x().begin(), t.batch_x().begin() + static_cast<long>(shown) * d.dim);
    for (int r = 0; r < shown; ++r) v.y.push_back(static_cast<int>(t.batch_y()[r]));
  }
}

void count_masks(State& s) {
  const dp::Trainer& t = run_of(s);
  if (t.steps() == s.mask_stats_step) return;
  s.mask_stats.add_step(t);
  s.mask_stats_step = t.steps();
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
  for (long i = 0; i < n && !run_of(s).done(); ++i) {
    s.twin->step();
    count_masks(s);
  }
  if (run_of(s).steps() != before) capture_batch(s);
  after_steps(s, before);
}

void queue_steps(State& s, long n) {
  s.running = false;
  s.queued_steps += n;
}

void queue_epoch(State& s) {
  const dp::Trainer& t = run_of(s);
  s.running = false;
  if (!t.done())
    s.queued_steps = std::max<long>(s.queued_steps, t.batches_per_epoch() - t.batch_in_epoch());
}

void pause_run(State& s) {
  s.running = false;
  if (s.twin->step_under_way() && s.twin->work_left() < kPauseFinishMacs) {
    const long before = run_of(s).steps();
    s.twin->finish_step();
    count_masks(s);
    if (run_of(s).steps() != before) capture_batch(s);
    after_steps(s, before);
  }
}

// Playing, held by runTo() at the end of an epoch until the page moves the hold on.
static bool held(const State& s) { return s.hold_epoch >= 0 && run_of(s).epoch() >= s.hold_epoch; }

bool has_work(const State& s) {
  return !run_of(s).done() && ((s.running && !held(s)) || s.queued_steps > 0);
}

bool show_twin(const State& s) {
  const dp::Trainer& t = run_of(s);
  auto any_change = [](const dp::ScheduleChange& c) {
    bool any = c.input > 0 || c.dropout > 0;
    for (double v : c.hidden) any = any || v > 0;
    return any;
  };
  bool now = t.input_dropout() > 0;
  for (int i = 0; i < t.hidden_layers(); ++i) now = now || t.hidden_dropout(i) > 0;
  if (dp::has_dropout(s.cfg) || now) return true;
  bool p = dp::has_dropout(t.config());  // in force from step 0, then each change from its step
  long from = 0;
  for (const dp::ScheduleChange& c : t.schedule()) {
    if (p && c.step > from) return true;  // p > 0 was in force for at least one step
    p = any_change(c);
    from = c.step;
  }
  return false;
}

bool busy(const State& s) {
  return has_work(s) || s.heatmap.busy() || s.curve_run.busy() || s.curve_twin.busy() ||
         (s.data_mode == 1 && s.uncertainty.busy()) || sweep_busy(s);
}

// One piece of the step under way (of the run, or of its twin): true when both have
// completed a step. Pieces are small enough that the frame budget is kept to about a
// millisecond even when one step of a wide network takes seconds.
static bool advance_piece(State& s) {
  double budget = kPieceMacs;
  if (!s.twin->advance(budget)) return false;
  count_masks(s);
  capture_batch(s);  // before the next step's pieces overwrite the batch
  return true;
}

void train_slice(State& s, double now) {
  const double dt = s.last_frame < 0 ? 0.0 : std::min(now - s.last_frame, 0.25);
  s.last_frame = now;
  s.last_train_s = 0;
  if (!s.running) s.hold_epoch = -1;  // a hold lasts while the run plays
  if (s.running && held(s) && !run_of(s).done()) {
    // Held by runTo(): the time still counts (up to an epoch's steps), so that a run
    // moved on goes at its speed again, not slower by the time it waited.
    const double bpe = run_of(s).batches_per_epoch();
    s.steps_owed = std::min(s.steps_owed + dt * s.speed * bpe, bpe);
    return;
  }
  if (!has_work(s)) {
    s.steps_owed = 0;
    s.queued_steps = 0;
    return;
  }
  const long before = run_of(s).steps();
  const double start = s.host->now();
  const double budget = s.max_speed ? kMaxSpeedBudget : kTrainBudget;
  auto in_time = [&] {
    return s.host->now() - start < budget ||
           (s.twin->step_under_way() && s.twin->work_left() < kFinishMacs);
  };
  if (s.queued_steps > 0) {  // Step / Step epoch: as fast as the budget allows, then pause
    while (s.queued_steps > 0 && !run_of(s).done() && in_time())
      if (advance_piece(s)) --s.queued_steps;
  } else if (s.max_speed) {
    while (!run_of(s).done() && !held(s) && in_time()) advance_piece(s);
    s.steps_owed = 0;
  } else {
    s.steps_owed += dt * s.speed * run_of(s).batches_per_epoch();
    while (s.steps_owed >= 1.0 && !run_of(s).done() && !held(s)) {
      if (advance_piece(s)) s.steps_owed -= 1.0;
      if (!in_time()) {
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
  // What a lesson's new step points at is scrolled into view in its panel.
  if (s.lesson.reveal > 0 && step_points_at(s, id)) {
    const float y = ImGui::GetItemRectMin().y - ImGui::GetWindowPos().y + ImGui::GetScrollY();
    const float view = ImGui::GetWindowHeight();
    if (y < ImGui::GetScrollY() || y + ImGui::GetItemRectSize().y > ImGui::GetScrollY() + view)
      ImGui::SetScrollY(std::max(0.0f, y - view * 0.4f));
  }
  if (!ImGui::IsItemVisible()) return;
  const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
  s.widgets_next.push_back({id, a.x, a.y, b.x - a.x, b.y - a.y});
}

void mark_text_field(State& s, const char* id) {
  const size_t n = s.widgets_next.size();
  mark_widget(s, id);
  if (s.widgets_next.size() > n) s.widgets_next.back().text = true;
}

void mark_panel(State& s, const char* id) {
  const ImVec2 a = ImGui::GetWindowPos(), size = ImGui::GetWindowSize();
  s.widgets_next.push_back({std::string("panel.") + id, a.x, a.y, size.x, size.y});
}

}  // namespace app
