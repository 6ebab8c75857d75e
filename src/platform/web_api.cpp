// The page boundary: the C functions behind window.playground (web/playground-api.js
// calls them through one ccall wrapper). JSON exists only here: the app's API (app/api.h)
// takes and returns plain structs, and this file turns them into JSON and back. Each
// function returns a JSON string that stays valid until the next call. Built into the
// browser target only.
#include <emscripten.h>

#include <cmath>
#include <nlohmann/json.hpp>
#include <string>

#include <GLFW/glfw3.h>

#include "app/api.h"
#include "app/app.h"
#include "core/config.h"
#include "imgui.h"
#include "platform/runner.h"

namespace {

using nlohmann::json;

std::string g_result;

const char* reply(const json& j) {
  g_result = j.dump();
  return g_result.c_str();
}
const char* ok() { return reply({{"ok", true}}); }
const char* result(const std::string& error) {  // "" -> {"ok": true}, else the error
  return error.empty() ? ok() : reply({{"ok", false}, {"error", error}});
}
const char* not_ready() { return result("the playground is not running yet"); }

json number(double v) { return std::isfinite(v) ? json(v) : json(nullptr); }  // NaN -> null

// The per-epoch curves as columns, {epoch: [...], train_loss: [...], ...}, written
// straight to text: as a tree of JSON values a long run's curves would take several times
// their size in the WebAssembly heap (which never shrinks).
struct Column {
  const char* key;
  json (*get)(const dp::EpochStats&);
};
std::string curves_text(const std::vector<dp::EpochStats>& epochs, bool full) {
  static const Column all[] = {
      {"epoch", [](const dp::EpochStats& e) { return json(e.epoch); }},
      {"dropout", [](const dp::EpochStats& e) { return json(e.dropout); }},
      {"train_loss", [](const dp::EpochStats& e) { return number(e.train_loss); }},
      {"train_loss_eval", [](const dp::EpochStats& e) { return number(e.train_loss_eval); }},
      {"val_loss", [](const dp::EpochStats& e) { return number(e.val_loss); }},
      {"train_acc", [](const dp::EpochStats& e) { return number(e.train_acc); }},
      {"val_acc", [](const dp::EpochStats& e) { return number(e.val_acc); }},
  };
  std::string out = "{";
  for (size_t k = full ? 0 : 2; k < sizeof all / sizeof all[0]; ++k) {
    if (out.size() > 1) out += ',';
    out += '"';
    out += all[k].key;
    out += "\":[";
    for (size_t i = 0; i < epochs.size(); ++i) {
      if (i) out += ',';
      out += all[k].get(epochs[i]).dump();
    }
    out += ']';
  }
  return out + "}";
}

json state_json(const app::Snapshot& s) {
  json j;
  j["config"] = json::parse(dp::config_to_json(s.config));
  j["epoch"] = s.epoch;
  j["step"] = s.step;
  j["batch_in_epoch"] = s.batch_in_epoch;
  j["batches_per_epoch"] = s.batches_per_epoch;
  j["running"] = s.running;
  j["done"] = s.done;
  j["diverged"] = s.diverged;
  j["speed"] = s.speed;
  json masks = json::array();
  for (const app::MaskSnapshot& m : s.masks) {
    json kept = json::array();
    for (int r = 0; r < m.rows; ++r) {
      std::string bits(m.cols, '0');
      for (int k = 0; k < m.cols; ++k)
        bits[k] = m.kept[static_cast<size_t>(r) * m.cols + k] ? '1' : '0';
      kept.push_back(bits);
    }
    masks.push_back({{"layer", m.layer},
                     {"rows", m.rows},
                     {"batch_rows", m.batch_rows},
                     {"cols", m.cols},
                     {"p", m.p},
                     {"kept", kept}});
  }
  j["masks"] = masks;
  json pc = json::array();
  for (const app::PChange& m : s.p_changes)
    pc.push_back({{"epoch", m.epoch}, {"from", m.from}, {"to", m.to}, {"tag", m.tag}});
  j["p_changes"] = pc;
  j["notices"] = s.notices;
  j["embed"] = {{"embed", s.view.embed}, {"panels", s.view.panels}, {"controls", s.view.controls}};
  j["data_view"] = s.data_view;
  j["lang"] = s.lang;
  j["lesson"] = json::parse(s.lesson);
  j["frames"] = s.frames;
  j["share_url"] = s.share_url;
  json w = json::object();
  for (const app::WidgetRect& r : s.widgets) w[r.id] = {r.x, r.y, r.w, r.h};
  j["widgets"] = w;
  return j;
}

std::string text_of(const char* s) { return s ? s : ""; }

// Every call that changes something (or asks for a picture) wakes an idle page; reading
// the state does not.
app::State* awake_app() {
  platform::wake();
  return platform::current_app();
}

}  // namespace

extern "C" {

EMSCRIPTEN_KEEPALIVE const char* dp_js_get_state() {
  app::State* s = platform::current_app();
  if (!s) return not_ready();
  const app::Snapshot snap = app::snapshot(*s);
  // The state, with the curves (text already) as its "curves" member.
  g_result = state_json(snap).dump();
  std::string c = curves_text(snap.curves, true);
  c.insert(c.size() - 1, ",\"baseline\":" + curves_text(snap.baseline, false));
  g_result.insert(g_result.size() - 1, ",\"curves\":" + c);
  return g_result.c_str();
}

EMSCRIPTEN_KEEPALIVE const char* dp_js_status() {
  app::State* s = platform::current_app();
  if (!s) return not_ready();
  const app::Status st = app::status(*s);
  return reply({{"frames", st.frames},
                {"epoch", st.epoch},
                {"epochs", st.epochs},
                {"val_loss", std::isfinite(st.val_loss) ? json(st.val_loss) : json(nullptr)},
                {"step", st.step},
                {"running", st.running},
                {"done", st.done},
                {"busy", st.busy},
                {"hold_epoch", st.hold_epoch},
                {"max_frame_work_ms", st.max_frame_work_ms},
                {"sweep",
                 {{"running", st.sweep_running},
                  {"done", st.sweep_done},
                  {"total", st.sweep_total},
                  {"seconds", st.sweep_seconds},
                  {"generation", st.sweep_generation},
                  {"error", st.sweep_error}}},
                {"uncertainty",
                 {{"on", st.uncertainty_on},
                  {"refreshes", st.uncertainty_refreshes},
                  {"passes", st.uncertainty_passes}}}});
}

// playground.sweep(): the p list as JSON, seeds per p.
EMSCRIPTEN_KEEPALIVE const char* dp_js_sweep(const char* ps_json, int seeds) {
  app::State* s = awake_app();
  if (!s) return not_ready();
  const json a = json::parse(text_of(ps_json), nullptr, false);
  if (!a.is_array()) return result("sweep: p must be an array of numbers");
  std::vector<double> ps;
  for (const json& v : a) {
    if (!v.is_number()) return result("sweep: p must be an array of numbers");
    ps.push_back(v.get<double>());
  }
  const std::string err = app::sweep(*s, ps, seeds);
  if (!err.empty()) return result(err);
  return reply({{"ok", true}, {"generation", app::status_sweep_generation(*s)}});
}

EMSCRIPTEN_KEEPALIVE const char* dp_js_sweep_results() {
  app::State* s = platform::current_app();
  if (!s) return not_ready();
  g_result = app::sweep_results(*s);
  return g_result.c_str();
}

// The page fetched a data table the app asked for (Host::fetch_data): n bytes at p, or
// error (why not).
EMSCRIPTEN_KEEPALIVE const char* dp_js_data_arrived(const uint8_t* p, int n, const char* error) {
  app::State* s = awake_app();
  if (!s) return not_ready();
  app::data_arrived(*s, p, n > 0 ? static_cast<size_t>(n) : 0, error ? error : "");
  return result("");
}

// The page's hidden <input> on phones (web/textinput.js): is (x, y) on a text field (1/0);
// text typed there (UTF-8, IME compositions included) and named keys pressed there.
// The interface language (the page's choice at load: lang= or the browser's language).
EMSCRIPTEN_KEEPALIVE const char* dp_js_set_language(const char* code) {
  app::State* s = awake_app();
  if (!s) return not_ready();
  return result(app::choose_language(*s, text_of(code), false));
}

EMSCRIPTEN_KEEPALIVE int dp_js_text_field_at(double x, double y) {
  app::State* s = platform::current_app();
  return s && app::text_field_at(*s, static_cast<float>(x), static_cast<float>(y)) ? 1 : 0;
}

EMSCRIPTEN_KEEPALIVE const char* dp_js_text_input(const char* utf8) {
  if (!platform::current_app()) return not_ready();
  ImGui::GetIO().AddInputCharactersUTF8(utf8 ? utf8 : "");
  platform::wake();
  return result("");
}

EMSCRIPTEN_KEEPALIVE const char* dp_js_key(const char* name) {
  static const struct {
    const char* name;
    int key;
  } keys[] = {{"Backspace", GLFW_KEY_BACKSPACE}, {"Enter", GLFW_KEY_ENTER}, {"Escape", GLFW_KEY_ESCAPE},
              {"Tab", GLFW_KEY_TAB}, {"Delete", GLFW_KEY_DELETE}, {"ArrowLeft", GLFW_KEY_LEFT},
              {"ArrowRight", GLFW_KEY_RIGHT}, {"Home", GLFW_KEY_HOME}, {"End", GLFW_KEY_END}};
  const std::string n = name ? name : "";
  for (const auto& k : keys)
    if (n == k.name) {
      platform::press_key(k.key);
      return result("");
    }
  return result("key: one of Backspace, Enter, Escape, Tab, Delete, ArrowLeft, ArrowRight, Home, End");
}

EMSCRIPTEN_KEEPALIVE const char* dp_js_image_views() {
  app::State* s = platform::current_app();
  if (!s) return not_ready();
  g_result = app::image_views(*s);
  return g_result.c_str();
}

EMSCRIPTEN_KEEPALIVE const char* dp_js_uncertainty() {
  app::State* s = platform::current_app();
  if (!s) return not_ready();
  g_result = app::uncertainty_result(*s);
  return g_result.c_str();
}

// The guided lessons: open one (by number or name, at a 1-based step; 0: the first), close it.
EMSCRIPTEN_KEEPALIVE const char* dp_js_open_lesson(const char* id, int step) {
  app::State* s = awake_app();
  if (!s) return not_ready();
  return result(app::lesson_open(*s, text_of(id), step));
}

EMSCRIPTEN_KEEPALIVE const char* dp_js_close_lesson() {
  app::State* s = awake_app();
  if (!s) return not_ready();
  app::lesson_close(*s);
  return ok();
}

EMSCRIPTEN_KEEPALIVE const char* dp_js_set_data_view(const char* mode) {
  app::State* s = awake_app();
  if (!s) return not_ready();
  return result(app::set_data_view(*s, mode));
}

EMSCRIPTEN_KEEPALIVE const char* dp_js_sweep_cancel() {
  app::State* s = awake_app();
  if (!s) return not_ready();
  app::stop_sweep(*s);
  return ok();
}

EMSCRIPTEN_KEEPALIVE const char* dp_js_set_config(const char* partial_json) {
  app::State* s = awake_app();
  if (!s) return not_ready();
  dp::Config next = app::config(*s);
  std::string err = dp::config_apply_json(text_of(partial_json), &next);
  if (err.empty()) err = app::set_config(*s, next);
  return result(err);
}

// The page URL's query string; "paused" is the page's own parameter.
EMSCRIPTEN_KEEPALIVE const char* dp_js_apply_query(const char* query) {
  app::State* s = awake_app();
  if (!s) return not_ready();
  const app::QueryResult r = app::apply_query(*s, text_of(query), {"paused"});
  json j{{"ok", r.error.empty()}, {"notices", r.notices}};
  if (!r.error.empty()) j["error"] = r.error;
  return reply(j);
}

EMSCRIPTEN_KEEPALIVE const char* dp_js_play() {
  app::State* s = awake_app();
  if (!s) return not_ready();
  app::play(*s);
  return ok();
}

EMSCRIPTEN_KEEPALIVE const char* dp_js_pause() {
  app::State* s = awake_app();
  if (!s) return not_ready();
  app::pause(*s);
  return ok();
}

EMSCRIPTEN_KEEPALIVE const char* dp_js_step(int n) {
  app::State* s = awake_app();
  if (!s) return not_ready();
  const std::string err = app::step(*s, n);
  if (!err.empty()) return result(err);
  const app::Position at = app::position(*s);
  return reply({{"ok", true}, {"epoch", at.epoch}, {"step", at.step}});
}

EMSCRIPTEN_KEEPALIVE const char* dp_js_run_to(int epoch) {
  app::State* s = awake_app();
  if (!s) return not_ready();
  return result(app::run_to(*s, epoch));
}

EMSCRIPTEN_KEEPALIVE const char* dp_js_restart() {
  app::State* s = awake_app();
  if (!s) return not_ready();
  app::restart(*s);
  return ok();
}

// seed arrives as a JS number (exact for |seed| <= 2^53).
EMSCRIPTEN_KEEPALIVE const char* dp_js_reseed(double seed) {
  app::State* s = awake_app();
  if (!s) return not_ready();
  if (!std::isfinite(seed) || seed != std::floor(seed) || std::fabs(seed) > dp::kMaxSeed)
    return result("seed must be an integer");
  return result(app::reseed(*s, static_cast<int64_t>(seed)));
}

// What the Share button copies: the page address with the config as query.
EMSCRIPTEN_KEEPALIVE const char* dp_js_share_url() {
  app::State* s = platform::current_app();
  if (!s) return not_ready();
  g_result = app::share_url(*s);
  return g_result.c_str();
}

// A hidden page draws nothing: the page calls this on visibilitychange. The frame loop
// stops; on return the clock restarts, so training does not jump ahead by the time the
// page was hidden.
EMSCRIPTEN_KEEPALIVE const char* dp_js_set_page_visible(int visible) {
  app::State* s = awake_app();
  if (!s) return not_ready();
  app::page_visible(*s, visible != 0);
  if (visible)
    emscripten_resume_main_loop();
  else
    emscripten_pause_main_loop();
  return ok();
}

// ---- Exports: the text itself, which the page downloads or copies ----

EMSCRIPTEN_KEEPALIVE const char* dp_js_export(const char* kind) {
  app::State* s = awake_app();
  if (!s) return not_ready();
  const std::string k = text_of(kind);
  g_result = k == "csv"     ? app::export_csv(*s)
             : k == "torch" ? app::export_torch_script(*s)
                            : app::export_config(*s);
  return g_result.c_str();
}

// The take-home notebook: {"ok": true, "name", "text"} or {"ok": false, "error"}.
EMSCRIPTEN_KEEPALIVE const char* dp_js_export_notebook(const char* kind) {
  app::State* s = awake_app();
  if (!s) return not_ready();
  const app::NotebookExport nb = app::export_notebook(*s, text_of(kind));
  if (!nb.error.empty()) return result(nb.error);
  return reply({{"ok", true}, {"name", nb.name}, {"text", nb.text}});
}

EMSCRIPTEN_KEEPALIVE const char* dp_js_import_config(const char* json_text) {
  app::State* s = awake_app();
  return s ? result(app::import_config(*s, text_of(json_text))) : not_ready();
}

// The next drawn frame goes to the page's captureView(name) ("" = no download).
EMSCRIPTEN_KEEPALIVE const char* dp_js_request_png(const char* name) {
  platform::wake();
  platform::host().save_view_png(text_of(name));
  return ok();
}

// ---- What the page reports back (shown as the app's notices) ----

EMSCRIPTEN_KEEPALIVE const char* dp_js_copy_result(const char* what, int copied, const char* why) {
  app::State* s = awake_app();
  if (!s) return not_ready();
  app::copy_result(*s, text_of(what), copied != 0, text_of(why));
  return ok();
}

// A file chosen in the page's file picker (Import config).
EMSCRIPTEN_KEEPALIVE const char* dp_js_import_file(const char* name, const char* text) {
  app::State* s = awake_app();
  if (!s) return not_ready();
  app::import_file(*s, text_of(name), text_of(text));
  return ok();
}

EMSCRIPTEN_KEEPALIVE const char* dp_js_import_read_failed(const char* name, const char* why) {
  app::State* s = awake_app();
  if (!s) return not_ready();
  app::import_read_failed(*s, text_of(name), text_of(why));
  return ok();
}

// Page events the canvas does not see through GLFW (touch, a resize of the frame).
EMSCRIPTEN_KEEPALIVE const char* dp_js_wake() {
  platform::wake();
  return ok();
}

EMSCRIPTEN_KEEPALIVE const char* dp_js_gl_lost() {
  platform::wake();
  platform::gl_context_lost();
  return ok();
}

EMSCRIPTEN_KEEPALIVE const char* dp_js_gl_restored() {
  platform::gl_context_restored();
  return ok();
}

}  // extern "C"
