// The scripting API as plain structs: the page glue (src/platform/web_api.cpp) turns
// them into JSON; the tests and the panels see the same State.
#include "app/api.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>

#include <cstdio>

#include "app/lessons.h"
#include "app/panels.h"
#include "app/state.h"
#include "app/strings.h"
#include "app/view.h"
#include "core/csv_data.h"
#include "core/digits.h"
#include "core/mc.h"
#include "core/notebook.h"
#include "core/torch_export.h"
#include "core/trace.h"
#include "core/url_query.h"

namespace app {

Snapshot snapshot(const State& s) {
  const dp::Trainer& run = run_of(s);
  Snapshot o;
  o.config = s.cfg;
  o.epoch = run.epoch();
  o.step = run.steps();
  o.batch_in_epoch = run.batch_in_epoch();
  o.batches_per_epoch = run.batches_per_epoch();
  o.running = s.running;
  o.done = run.done();
  o.diverged = run.diverged();
  o.speed = s.speed;
  o.curves = run.epochs();
  o.baseline = twin_of(s).epochs();
  for (size_t l = 0; l < s.batch.layers.size(); ++l) {
    const BatchView::Layer& L = s.batch.layers[l];
    MaskSnapshot k;
    k.layer = L.net_layer;
    k.cols = L.cols;
    k.batch_rows = L.kept.empty() ? 0 : s.batch.rows;
    k.rows = L.kept.empty() ? 0 : s.batch.shown_rows();
    k.p = L.p;
    k.kept = L.kept;
    o.masks.push_back(std::move(k));
  }
  o.p_changes = p_changes(s);
  o.notices = s.notices;
  o.view = {s.view.embed, s.view.panels, s.view.controls};
  o.data_view = kDataModeNames[s.data_mode];
  o.lang = language();
  o.lesson = lesson_state_json(s).dump();
  o.frames = s.frames;
  o.share_url = share_url(s);
  o.widgets = s.widgets;
  return o;
}

Status status(State& s) {
  Status o;
  o.frames = s.frames;
  o.epoch = run_of(s).epoch();
  o.epochs = run_of(s).config().epochs;
  if (!run_of(s).epochs().empty()) o.val_loss = run_of(s).epochs().back().val_loss;
  o.step = run_of(s).steps();
  o.running = s.running;
  o.done = run_of(s).done();
  o.busy = busy(s);
  o.hold_epoch = s.running ? s.hold_epoch : -1;
  o.max_frame_work_ms = s.max_frame_work_s * 1000.0;
  o.sweep_running = s.sweep.running;
  o.sweep_done = s.sweep.completed;
  o.sweep_total = static_cast<int>(s.sweep.points.size());
  o.sweep_seconds = s.sweep.seconds;
  o.sweep_generation = s.sweep.generation;
  o.sweep_error = s.sweep.error;
  o.uncertainty_on = s.data_mode == 1;
  o.uncertainty_refreshes = s.uncertainty.refreshes();
  o.uncertainty_passes = s.uncertainty.passes_done();
  s.max_frame_work_s = 0;
  return o;
}

const dp::Config& config(const State& s) { return s.cfg; }

std::string sweep(State& s, const std::vector<double>& ps, int seeds) {
  const std::string err = start_sweep(s, ps, seeds);
  if (!err.empty()) return err;
  std::string text;
  for (double p : ps) {
    char b[32];
    std::snprintf(b, sizeof b, "%.6g", p);
    text += (text.empty() ? "" : ", ") + std::string(b);
  }
  if (text.size() < sizeof s.sweep.p_text) std::snprintf(s.sweep.p_text, sizeof s.sweep.p_text, "%s", text.c_str());
  s.sweep.seeds = seeds;
  return "";
}

void stop_sweep(State& s) { cancel_sweep(s); }

std::string sweep_results(const State& s) { return sweep_results_json(s); }

std::string set_data_view(State& s, const std::string& mode) {
  const int m = data_mode_by_name(mode);
  if (m < 0) return trf(S::view_bad_mode, mode.c_str(), kDataModeNames[0], kDataModeNames[1]);
  s.data_mode = m;
  return "";
}

const dp::Trainer& run_trainer(const State& s) { return run_of(s); }

std::string uncertainty_result(const State& s) {
  const Uncertainty::Result* r = s.uncertainty.result();
  nlohmann::ordered_json j = nlohmann::ordered_json::object();
  if (!r) return j.dump();
  auto finite = [](double v) { return std::isfinite(v) ? nlohmann::ordered_json(v) : nullptr; };
  auto list = [&](const std::vector<double>& v) {
    nlohmann::ordered_json a = nlohmann::ordered_json::array();
    for (double x : v) a.push_back(finite(x));
    return a;
  };
  j["samples"] = r->samples;
  j["mc_seed"] = r->seed;
  j["dim"] = r->dim;
  j["x"] = r->x;
  const int w = r->rows ? static_cast<int>(r->mean.size()) / r->rows : 0;
  nlohmann::ordered_json mean = nlohmann::ordered_json::array();
  for (int i = 0; i < r->rows; ++i)
    mean.push_back(list(std::vector<double>(r->mean.begin() + i * w, r->mean.begin() + (i + 1) * w)));
  j["mean"] = mean;
  if (r->classification) {
    j["entropy"] = list(r->entropy);
    j["mutual_information"] = list(r->mutual_information);
  } else {
    j["std"] = list(r->spread);
  }
  j["val_loss_by_t"] = list(r->val_loss_by_t);
  j["eval_val_loss"] = finite(r->eval_val_loss);
  return j.dump();
}

long status_sweep_generation(const State& s) { return s.sweep.generation; }

Position position(const State& s) { return {run_of(s).epoch(), run_of(s).steps()}; }

const dp::MaskStats& mask_stats(const State& s) { return s.mask_stats; }

std::string set_config(State& s, const dp::Config& next) { return apply_config(s, next); }

std::string share_url(const State& s) {
  std::string url = s.host->page_url() + "?" + dp::config_to_query(s.cfg);
  if (s.data_mode != 0) url += std::string("&view=") + kDataModeNames[s.data_mode];
  if (std::string(language()) != kLanguageCodes[0]) url += std::string("&lang=") + language();
  if (const Lesson* L = current_lesson(s); L && s.lesson.open) {
    url += "&lesson=" + L->id;
    if (s.lesson.step > 0 && s.lesson.step < static_cast<int>(L->steps.size()))
      url += "&step=" + std::to_string(s.lesson.step + 1);
  }
  return url;
}

QueryResult apply_query(State& s, const std::string& query,
                        const std::vector<std::string>& page_names) {
  std::vector<std::string> names = page_names;
  names.insert(names.end(), {"embed", "panels", "controls", "view", "lang", "lesson", "step"});
  QueryResult r;
  // The language first, so that every notice of the link is in it (a bad lang= is
  // reported with the other view= values, below); then a lesson (its preset is the run's
  // start), and the link's own config on top of it.
  std::string lesson, step_text;
  bool has_panels = false;
  for (const auto& [name, value] : dp::parse_query(query)) {
    if (name == "lesson") lesson = value;
    if (name == "step") step_text = value;
    if (name == "panels") has_panels = true;
    if (name == "lang") choose_language(s, value, false);
  }
  if (!lesson.empty()) {
    char* end = nullptr;
    const long k = step_text.empty() ? 0 : std::strtol(step_text.c_str(), &end, 10);
    if (!step_text.empty() && (*end || k < 1 || k > 99)) {
      r.notices.push_back(trf(S::lesson_bad_step_text, dp::message_text(step_text).c_str()));
      step_text.clear();
    }
    std::string err = open_lesson(s, lesson, step_text.empty() ? 0 : static_cast<int>(k));
    if (!err.empty() && !step_text.empty()) {
      r.notices.push_back(err);  // a step past the lesson's end: its first step instead
      err = open_lesson(s, lesson, 0);
    }
    if (!err.empty()) r.notices.push_back(err);
  } else if (!step_text.empty()) {
    r.notices.push_back(tr(S::lesson_step_without_lesson));
  }
  dp::Config next = s.cfg;
  for (const dp::QueryNotice& n : dp::config_apply_query(query, &next, names))
    r.notices.push_back(n.message);
  s.view = view_from_query(query, &r.notices);
  // An embedded lesson shows its own panels unless the link names them.
  if (const Lesson* L = current_lesson(s); L && s.view.embed && !has_panels && !L->panels.empty()) {
    s.view.panels.clear();
    for (const std::string& id : panel_ids())
      if (std::find(L->panels.begin(), L->panels.end(), id) != L->panels.end()) s.view.panels.push_back(id);
  }
  if (s.view.data_mode >= 0) s.data_mode = s.view.data_mode;
  // The link's run from its first step: a restart (no "Restarted" notice, no p mark).
  r.error = dp::validate(next);
  if (r.error.empty() && data_at_hand(s, next)) {
    s.cfg = next;
    restart_run(s);
    if (const Lesson* L = current_lesson(s); L && L->paused) s.running = false;
  }
  for (const std::string& m : r.notices) add_notice(s, trf(S::notice_link, m.c_str()));
  return r;
}

void play(State& s) {
  if (run_of(s).done()) restart_run(s);
  s.running = true;
}

void pause(State& s) { pause_run(s); }

std::string step(State& s, long n) {
  if (n < 0 || n > 1000000) return "step(n): n must be between 0 and 1000000";
  s.running = false;  // stepping is for inspection: the run holds still afterwards
  step_batches(s, n);
  return "";
}

void restart(State& s) { restart_run(s); }

std::string run_to(State& s, int epoch) {
  if (epoch < 0 || epoch > 100000) return "runTo(epoch): epoch must be between 0 and 100000";
  s.hold_epoch = epoch;
  if (!run_of(s).done()) s.running = true;
  return "";
}

std::string reseed(State& s, int64_t seed) {
  dp::Config next = s.cfg;
  next.seed = seed;
  const std::string err = dp::validate(next);
  if (err.empty()) reseed_run(s, seed);
  return err;
}

std::string export_csv(const State& s) { return dp::curves_csv(run_of(s), &twin_of(s)); }

std::string export_torch_script(const State& s) {
  return dp::export_torch_script(run_of(s).config(), run_of(s).schedule(), run_of(s).data());
}

std::string export_config(const State& s) { return dp::config_to_json(s.cfg, 2) + "\n"; }

NotebookExport export_notebook(State& s, const std::string& kind) {
  NotebookExport out;
  const std::string link = s.host->web ? share_url(s) : "";
  if (kind == "sweep") {
    const Sweep& w = s.sweep;
    std::vector<dp::SweepRun> runs;
    for (size_t i = 0; i < w.runs.size(); ++i)
      if (w.has(i)) runs.push_back(w.runs[i]);
    if (runs.empty()) {
      out.error = tr(S::notebook_no_sweep);
      return out;
    }
    out.text = dp::export_sweep_notebook(w.base, dp::dataset_for(w.base), w.ps, w.seeds_run, runs, link);
    out.name = "dropout_playground_sweep.ipynb";
    return out;
  }
  if (kind != "run" && kind != "mc") {
    out.error = trf(S::notebook_bad_kind, dp::message_text(kind).c_str());
    return out;
  }
  s.twin->finish_step();  // the model as the recorded steps left it
  const dp::Trainer& run = run_of(s);
  if (kind == "run") {
    const dp::RecordedRun twin = dp::recorded_run(twin_of(s));
    out.text = dp::export_run_notebook(run.config(), run.data(), dp::recorded_run(run),
                                       show_twin(s) ? &twin : nullptr, link);
    out.name = "dropout_playground_run.ipynb";
    return out;
  }
  // MC dropout with the T and seed in force (live fields), on the run's validation rows.
  dp::Config cfg = run.config();
  cfg.mc_samples = s.cfg.mc_samples;
  cfg.mc_seed = s.cfg.mc_seed;
  const dp::McReport r = dp::mc_validation_report(run, cfg.mc_samples, cfg.mc_seed);
  out.text = dp::export_mc_notebook(cfg, run.data(), dp::recorded_run(run), run.steps(), run.done(),
                                    r.loss_by_t, link);
  out.name = "dropout_playground_mc.ipynb";
  return out;
}

std::string import_config(State& s, const std::string& json_text) {
  dp::Config next;
  const std::string err = dp::config_from_json(json_text, &next);
  if (!err.empty()) return "config: " + err;
  if (!data_at_hand(s, next)) return "";
  s.cfg = next;
  restart_run(s);
  add_notice(s, tr(S::notice_imported));
  return "";
}

std::string choose_language(State& s, const std::string& code, bool keep) {
  if (!set_language(code)) return trf(S::view_bad_lang, code.c_str());
  if (s.host->language_changed) s.host->language_changed(code);
  if (keep && s.host->remember) s.host->remember(kLanguageKey, code);
  return "";
}

std::string import_data(State& s, const std::string& name, const std::string& text) {
  dp::CsvData d;
  dp::Config next;
  std::string err = dp::parse_csv_data(text, &d);
  if (err.empty()) err = dp::config_with_csv(s.cfg, d, &next);
  if (!err.empty()) {
    add_notice(s, trf(S::notice_data_bad, name.c_str(), err.c_str()));
    return err;
  }
  s.cfg = next;
  restart_run(s);
  const std::string what = d.classes == 0 ? tr(S::data_csv_regression)
                                          : trf(S::data_csv_classes, d.classes);
  const std::string base = name.substr(name.find_last_of("/\\") + 1);
  s.data_note = trf(S::data_csv_note, base.c_str(), d.n_train, d.n_val,
                    static_cast<int>(d.features.size()), d.target.c_str(), what.c_str(),
                    tr(d.split_column ? S::data_csv_split_column : S::data_csv_split_last));
  add_notice(s, trf(S::notice_data_loaded, name.c_str(), d.n_train, d.n_val,
                    static_cast<int>(d.features.size())));
  return "";
}

std::string image_views(State& s) {
  nlohmann::ordered_json j = nlohmann::ordered_json::object();
  const dp::Trainer& run = run_of(s);
  if (run.config().has_xy || !dp::dataset_is_image(run.config().data)) return j.dump();
  const int which = s.heatmap_model == 1 && show_twin(s) ? 1 : 0;
  const std::vector<int>& pred = val_predictions(s, which, 0.0);
  const dp::Dataset& d = run.data();
  std::vector<std::vector<int>> m(10, std::vector<int>(10, 0));
  int wrong = 0;
  for (int i = 0; i < d.n_val; ++i) {
    const int y = static_cast<int>(d.y[d.n_train + i]);
    ++m[y][pred[i]];
    wrong += pred[i] != y;
  }
  j["model"] = which ? "twin" : "run";
  j["n_val"] = d.n_val;
  j["wrong"] = wrong;
  j["confusion"] = m;
  const BatchView::Layer* in = s.batch.layer_for(0);
  j["batch"] = {{"step", s.batch.step},
                {"images", s.batch.rows},
                {"input_p", in ? in->p : 0.0},
                {"pixels_dropped", in ? in->dropped : 0}};
  return j.dump();
}

void data_arrived(State& s, const uint8_t* bytes, size_t n, const std::string& error) {
  std::unique_ptr<dp::Config> next = std::move(s.waiting_for_data);
  dp::DigitsTable table;
  const std::string err = error.empty() ? dp::digits_from_bytes(bytes, n, &table) : error;
  if (!err.empty()) {
    add_notice(s, trf(S::notice_data_failed, err.c_str()));
    return;
  }
  dp::provide_digits(std::move(table));
  if (!next || !data_at_hand(s, *next)) return;
  s.cfg = *next;
  restart_run(s);
}

std::string lesson_open(State& s, const std::string& id_or_number, int step) {
  return open_lesson(s, id_or_number, step);
}

void lesson_close(State& s) { close_lesson(s); }

}  // namespace app
