// The p-sweep as the app runs it (app/sweep.h).
#include "app/sweep.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <sstream>

#include "app/state.h"
#include "app/strings.h"

namespace app {
namespace {

constexpr double kInlinePieceMacs = 1e6;  // a piece of a step between looks at the clock
constexpr int kInlineMaxPieces = 400;     // and at most this many per frame, whatever the clock says

void take_answer(State& s, int index, const std::string& text, const std::string& error) {
  Sweep& w = s.sweep;
  const bool known = index >= 0 && index < static_cast<int>(w.points.size());
  if (error.empty() && (!known || w.has(index))) return;
  dp::SweepRun run;
  std::string err = error.empty() ? dp::sweep_run_from_json(text, &run) : error;
  if (err.empty() && (run.point.dropout != w.points[index].dropout ||
                      run.point.seed != w.points[index].seed))
    err = "a worker answered for another point";
  if (!err.empty()) {
    // The sweep stops: a point that cannot run means the others will not either.
    w.error = err;
    add_notice(s, trf(S::notice_sweep_failed, err.c_str()));
    cancel_sweep(s);
    return;
  }
  w.texts[index] = text;
  w.runs[index] = std::move(run);
  ++w.completed;
}

void finish_if_done(State& s) {
  Sweep& w = s.sweep;
  if (!w.running || w.completed < static_cast<int>(w.points.size())) return;
  w.running = false;
  w.seconds = s.host->now() - w.started;
}

void stats3(const std::vector<float>& v, float out[3]) {
  out[0] = out[1] = out[2] = NAN;
  double sum = 0;
  int n = 0;
  for (float x : v) {
    if (!std::isfinite(x)) continue;
    sum += x;
    out[1] = n == 0 ? x : std::min(out[1], x);
    out[2] = n == 0 ? x : std::max(out[2], x);
    ++n;
  }
  if (n) out[0] = static_cast<float>(sum / n);
}

std::string num(double v) {
  if (!std::isfinite(v)) return "";
  char b[32];
  std::snprintf(b, sizeof b, "%.9g", v);
  return b;
}

}  // namespace

std::string parse_p_list(const std::string& text, std::vector<double>* out) {
  out->clear();
  std::string item;
  std::stringstream ss(text);
  int k = 0;
  while (std::getline(ss, item, ',')) {
    ++k;
    const size_t a = item.find_first_not_of(" \t"), b = item.find_last_not_of(" \t");
    if (a == std::string::npos) {
      if (ss.eof() && k > 1) break;  // a trailing comma
      return trf(S::sweep_p_empty_item, k);
    }
    const std::string t = item.substr(a, b - a + 1);
    char* end = nullptr;
    const double v = std::strtod(t.c_str(), &end);
    if (end != t.c_str() + t.size() || !std::isfinite(v)) return trf(S::sweep_p_bad_item, t.c_str());
    out->push_back(v);
  }
  return "";
}

std::string start_sweep(State& s, const std::vector<double>& ps, int seeds) {
  const std::string err = dp::validate_sweep(s.cfg, ps, seeds);
  if (!err.empty()) return err;
  cancel_sweep(s);
  Sweep& w = s.sweep;
  w.base = s.cfg;
  w.ps = ps;
  w.seeds_run = seeds;
  w.points = dp::sweep_points(w.base, ps, seeds);
  const size_t n = w.points.size();
  w.texts.assign(n, "");
  w.runs.assign(n, dp::SweepRun());
  w.completed = 0;
  w.running = true;
  w.cancelled = false;
  w.error.clear();
  w.started = s.host->now();
  w.seconds = 0;
  ++w.generation;
  w.hover = -1;
  std::vector<SweepJob> jobs;
  for (size_t i = 0; i < n; ++i)
    jobs.push_back({static_cast<int>(i), w.points[i].dropout, w.points[i].seed});
  w.on_workers = s.host->start_sweep(dp::config_to_json(w.base), jobs);
  return "";
}

void cancel_sweep(State& s) {
  Sweep& w = s.sweep;
  if (!w.running) return;
  if (w.on_workers) s.host->cancel_sweep();
  w.inline_run.reset();
  w.inline_index = -1;
  w.running = false;
  w.cancelled = true;
  w.seconds = s.host->now() - w.started;
}

bool sweep_busy(const State& s) { return s.sweep.running; }

void sweep_slice(State& s, double budget_s) {
  Sweep& w = s.sweep;
  if (!w.running) return;
  if (w.on_workers) {
    for (const SweepAnswer& a : s.host->poll_sweep()) {
      take_answer(s, a.index, a.json, a.error);
      if (!w.running) return;
    }
    finish_if_done(s);
    if (w.running) w.seconds = s.host->now() - w.started;
    return;
  }
  // No workers: this frame's slice of the points, in order, a piece of a step at a time.
  const double start = s.host->now();
  for (int pieces = 0; w.running && pieces < kInlineMaxPieces && s.host->now() - start < budget_s;
       ++pieces) {
    if (!w.inline_run) {
      int next = -1;
      for (size_t i = 0; i < w.points.size(); ++i)
        if (!w.has(i)) {
          next = static_cast<int>(i);
          break;
        }
      if (next < 0) break;
      w.inline_index = next;
      w.inline_run = std::make_unique<dp::Trainer>(dp::sweep_config(w.base, w.points[next]));
    }
    dp::Trainer& t = *w.inline_run;
    if (!t.done()) {
      double piece = kInlinePieceMacs;
      t.advance(piece);
      continue;
    }
    // The point's run, exactly as dp::run_sweep_point makes it, through the same text.
    const dp::SweepRun run = dp::sweep_run_of(t, w.points[w.inline_index]);
    const std::string text = dp::sweep_run_json(w.base, run).dump();
    const int index = w.inline_index;
    w.inline_run.reset();
    w.inline_index = -1;
    take_answer(s, index, text, "");
  }
  finish_if_done(s);
  if (w.running) w.seconds = s.host->now() - w.started;
}

std::vector<SweepRow> sweep_rows(const State& s) {
  const Sweep& w = s.sweep;
  std::vector<SweepRow> rows;
  const int k = std::max(1, w.seeds_run);
  for (size_t i = 0; i < w.ps.size(); ++i) {
    SweepRow r;
    r.p = w.ps[i];
    std::vector<float> fv, bv, ft, fa;
    for (int j = 0; j < k; ++j) {
      const size_t idx = i * k + j;
      if (idx >= w.runs.size() || !w.has(idx)) continue;
      const dp::SweepRun& run = w.runs[idx];
      ++r.runs;
      fv.push_back(run.final_val_loss);
      bv.push_back(run.best_val_loss);
      ft.push_back(run.epochs.empty() ? NAN : run.epochs.back().train_loss_eval);
      fa.push_back(run.epochs.empty() ? NAN : run.epochs.back().val_acc);
    }
    stats3(fv, r.final_val);
    stats3(bv, r.best_val);
    stats3(ft, r.final_train_eval);
    stats3(fa, r.final_val_acc);
    rows.push_back(r);
  }
  return rows;
}

int best_row(const std::vector<SweepRow>& rows) {
  int best = -1;
  for (int i = 0; i < static_cast<int>(rows.size()); ++i)
    if (std::isfinite(rows[i].final_val[0]) &&
        (best < 0 || rows[i].final_val[0] < rows[best].final_val[0]))
      best = i;
  return best;
}

std::string sweep_results_json(const State& s) {
  const Sweep& w = s.sweep;
  std::string out = "{\"runs\":[";
  bool first = true;
  for (size_t i = 0; i < w.texts.size(); ++i) {
    if (!w.has(i)) continue;
    if (!first) out += ',';
    out += w.texts[i];
    first = false;
  }
  return out + "]}";
}

std::string sweep_csv(const State& s) {
  const Sweep& w = s.sweep;
  std::string out =
      "dropout,seed,best_epoch,best_val_loss,final_val_loss,final_train_loss_eval,final_val_acc\n";
  for (size_t i = 0; i < w.runs.size(); ++i) {
    if (!w.has(i)) continue;
    const dp::SweepRun& r = w.runs[i];
    const dp::EpochStats* last = r.epochs.empty() ? nullptr : &r.epochs.back();
    out += num(r.point.dropout) + "," + std::to_string(r.point.seed) + "," +
           std::to_string(r.best_epoch) + "," + num(r.best_val_loss) + "," +
           num(r.final_val_loss) + "," + num(last ? last->train_loss_eval : NAN) + "," +
           num(last ? last->val_acc : NAN) + "\n";
  }
  return out;
}

}  // namespace app
