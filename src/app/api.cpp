// window.playground's functions as JSON in, JSON out. The page and the tests see
// exactly what the panels see: the same State, the same trainers.
#include "app/api.h"

#include <cmath>
#include <nlohmann/json.hpp>

#include "app/state.h"
#include "app/view.h"
#include "core/config.h"
#include "core/torch_export.h"
#include "core/trace.h"
#include "core/url_query.h"
#include "platform/platform.h"

namespace app {

using nlohmann::json;

namespace {

// NaN (accuracy of a regression) becomes null in JSON.
json number(double v) { return std::isfinite(v) ? json(v) : json(nullptr); }

json curves_of(const dp::Trainer& t, bool full) {
  json c;
  json epoch = json::array(), tl = json::array(), tle = json::array(), vl = json::array(),
       ta = json::array(), va = json::array(), p = json::array();
  for (const dp::EpochStats& e : t.epochs()) {
    epoch.push_back(e.epoch);
    tl.push_back(number(e.train_loss));
    tle.push_back(number(e.train_loss_eval));
    vl.push_back(number(e.val_loss));
    ta.push_back(number(e.train_acc));
    va.push_back(number(e.val_acc));
    p.push_back(e.dropout);
  }
  if (full) {
    c["epoch"] = epoch;
    c["dropout"] = p;
  }
  c["train_loss"] = tl;
  c["train_loss_eval"] = tle;
  c["val_loss"] = vl;
  c["train_acc"] = ta;
  c["val_acc"] = va;
  return c;
}

std::string ok() { return "{\"ok\":true}"; }
std::string fail(const std::string& e) { return json{{"ok", false}, {"error", e}}.dump(); }

}  // namespace

std::string api_get_state(const State& s) {
  const dp::Trainer& run = s.twin->run;
  json j;
  j["config"] = json::parse(dp::config_to_json(s.cfg));
  j["epoch"] = run.epoch();
  j["step"] = run.steps();
  j["batch_in_epoch"] = run.batch_in_epoch();
  j["batches_per_epoch"] = run.batches_per_epoch();
  j["running"] = s.running;
  j["done"] = run.done();
  j["diverged"] = run.diverged();
  j["speed"] = s.speed;
  json curves = curves_of(run, true);
  curves["baseline"] = curves_of(s.twin->baseline, false);
  j["curves"] = curves;

  const dp::Mlp& m = run.model();
  json masks = json::array();
  for (int l = 0; l < m.num_dropout(); ++l) {
    int rows = m.batch_rows(), cols = m.sizes()[l + 1];
    json kept = json::array();
    const std::vector<uint8_t>& mask = m.mask(l);
    for (int r = 0; r < rows && static_cast<size_t>((r + 1) * cols) <= mask.size(); ++r) {
      std::string bits(cols, '0');
      for (int c = 0; c < cols; ++c) bits[c] = mask[r * cols + c] ? '1' : '0';
      kept.push_back(bits);
    }
    masks.push_back({{"layer", l + 1},
                     {"rows", kept.size()},
                     {"cols", cols},
                     {"p", m.batch_p()},
                     {"kept", kept}});
  }
  j["masks"] = masks;
  json pc = json::array();
  for (const PChange& c : s.p_changes)
    pc.push_back({{"epoch", c.epoch}, {"from", c.from}, {"to", c.to}});
  j["p_changes"] = pc;
  j["notices"] = s.notices;
  j["embed"] = {{"embed", s.view.embed}, {"panels", s.view.panels}, {"controls", s.view.controls}};
  j["frames"] = s.frames;
  j["share_url"] = api_share_url(s);
  return j.dump();
}

std::string api_share_url(const State& s) {
  return platform::page_url() + "?" + dp::config_to_query(s.cfg);
}

std::string api_set_config(State& s, const std::string& partial_json) {
  dp::Config next = s.cfg;
  std::string err = dp::config_apply_json(partial_json, &next);
  if (err.empty()) err = apply_config(s, next);
  if (!err.empty()) return fail(err);
  return ok();
}

std::string api_apply_query(State& s, const std::string& query,
                            const std::vector<std::string>& ui_names) {
  dp::Config next = s.cfg;
  std::vector<std::string> names = ui_names;
  names.insert(names.end(), {"embed", "panels", "controls"});
  std::vector<dp::QueryNotice> notices = dp::config_apply_query(query, &next, names);
  std::vector<std::string> messages;
  for (const dp::QueryNotice& n : notices) messages.push_back(n.message);
  s.view = view_from_query(query, &messages);
  // The link's run from its first step: a restart (no "Restarted" notice, no p marker).
  std::string err = dp::validate(next);
  if (err.empty()) {
    s.cfg = next;
    restart(s);
  }
  json j{{"ok", err.empty()}};
  json list = json::array();
  for (const std::string& m : messages) {
    list.push_back(m);
    add_notice(s, "Link: " + m);
  }
  j["notices"] = list;
  if (!err.empty()) j["error"] = err;
  return j.dump();
}

void api_play(State& s) {
  if (s.twin->run.done()) restart(s);
  s.running = true;
}

void api_pause(State& s) { s.running = false; }

std::string api_step(State& s, int n) {
  if (n < 0 || n > 1000000) return fail("step(n): n must be between 0 and 1000000");
  s.running = false;  // stepping is for inspection: the run holds still afterwards
  step_batches(s, n);
  return json{{"ok", true}, {"epoch", s.twin->run.epoch()}, {"step", s.twin->run.steps()}}.dump();
}

void api_restart(State& s) { restart(s); }

std::string api_reseed(State& s, int64_t seed) {
  dp::Config next = s.cfg;
  next.seed = seed;
  std::string err = dp::validate(next);
  if (!err.empty()) return fail(err);
  reseed(s, seed);
  return ok();
}

std::string api_export_csv(const State& s) {
  return dp::curves_csv(s.twin->run, &s.twin->baseline);
}

std::string api_export_torch_script(const State& s) {
  const dp::Trainer& run = s.twin->run;
  return dp::export_torch_script(run.config(), run.schedule());
}

std::string api_export_config(const State& s) { return dp::config_to_json(s.cfg, 2) + "\n"; }

std::string api_import_config(State& s, const std::string& json_text) {
  dp::Config next;
  std::string err = dp::config_from_json(json_text, &next);
  if (err.empty()) err = dp::validate(next);
  if (!err.empty()) return fail("config: " + err);
  s.cfg = next;
  restart(s);
  add_notice(s, "Config imported: the run restarted from it.");
  return ok();
}

}  // namespace app
