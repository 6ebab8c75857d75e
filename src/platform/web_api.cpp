// The C functions behind window.playground (web/playground-api.js calls them with
// ccall). Each returns a JSON string that stays valid until the next call. Built
// into the browser target only.
#include <emscripten.h>

#include <cmath>
#include <string>

#include "app/api.h"
#include "app/state.h"
#include "platform/platform.h"
#include "platform/runner.h"

namespace {

std::string g_result;

const char* not_ready() {
  g_result = "{\"ok\":false,\"error\":\"the playground is not running yet\"}";
  return g_result.c_str();
}

}  // namespace

extern "C" {

EMSCRIPTEN_KEEPALIVE const char* dp_js_get_state() {
  app::State* s = platform::current_app();
  if (!s) return not_ready();
  g_result = app::api_get_state(*s);
  return g_result.c_str();
}

EMSCRIPTEN_KEEPALIVE const char* dp_js_set_config(const char* partial_json) {
  app::State* s = platform::current_app();
  if (!s) return not_ready();
  g_result = app::api_set_config(*s, partial_json ? partial_json : "");
  return g_result.c_str();
}

// The page URL's query string; "paused" is the page's own parameter.
EMSCRIPTEN_KEEPALIVE const char* dp_js_apply_query(const char* query) {
  app::State* s = platform::current_app();
  if (!s) return not_ready();
  g_result = app::api_apply_query(*s, query ? query : "", {"paused"});
  return g_result.c_str();
}

EMSCRIPTEN_KEEPALIVE const char* dp_js_play() {
  app::State* s = platform::current_app();
  if (!s) return not_ready();
  app::api_play(*s);
  return "{\"ok\":true}";
}

EMSCRIPTEN_KEEPALIVE const char* dp_js_pause() {
  app::State* s = platform::current_app();
  if (!s) return not_ready();
  app::api_pause(*s);
  return "{\"ok\":true}";
}

EMSCRIPTEN_KEEPALIVE const char* dp_js_step(int n) {
  app::State* s = platform::current_app();
  if (!s) return not_ready();
  g_result = app::api_step(*s, n);
  return g_result.c_str();
}

EMSCRIPTEN_KEEPALIVE const char* dp_js_restart() {
  app::State* s = platform::current_app();
  if (!s) return not_ready();
  app::api_restart(*s);
  return "{\"ok\":true}";
}

// seed arrives as a JS number (exact for |seed| <= 2^53).
EMSCRIPTEN_KEEPALIVE const char* dp_js_reseed(double seed) {
  app::State* s = platform::current_app();
  if (!s) return not_ready();
  if (!std::isfinite(seed) || seed != std::floor(seed) || std::fabs(seed) > 9007199254740992.0) {
    g_result = "{\"ok\":false,\"error\":\"seed must be an integer\"}";
    return g_result.c_str();
  }
  g_result = app::api_reseed(*s, static_cast<int64_t>(seed));
  return g_result.c_str();
}

// What the Share button copies: the page address with the config as query.
EMSCRIPTEN_KEEPALIVE const char* dp_js_share_url() {
  app::State* s = platform::current_app();
  if (!s) return not_ready();
  g_result = app::api_share_url(*s);
  return g_result.c_str();
}

// A hidden tab draws nothing (issue 4): the page calls this on visibilitychange. The
// frame loop stops; on return the clock restarts, so training does not jump ahead by
// the time the tab was hidden.
EMSCRIPTEN_KEEPALIVE const char* dp_js_set_page_visible(int visible) {
  app::State* s = platform::current_app();
  if (!s) return not_ready();
  if (visible) {
    s->last_frame = -1.0;
    emscripten_resume_main_loop();
  } else {
    emscripten_pause_main_loop();
  }
  return "{\"ok\":true}";
}

// ---- Exports (web/exports.js): the text itself, which the page downloads or copies ----

EMSCRIPTEN_KEEPALIVE const char* dp_js_export_csv() {
  app::State* s = platform::current_app();
  if (!s) return not_ready();
  g_result = app::api_export_csv(*s);
  return g_result.c_str();
}

EMSCRIPTEN_KEEPALIVE const char* dp_js_export_torch_script() {
  app::State* s = platform::current_app();
  if (!s) return not_ready();
  g_result = app::api_export_torch_script(*s);
  return g_result.c_str();
}

EMSCRIPTEN_KEEPALIVE const char* dp_js_export_config() {
  app::State* s = platform::current_app();
  if (!s) return not_ready();
  g_result = app::api_export_config(*s);
  return g_result.c_str();
}

EMSCRIPTEN_KEEPALIVE const char* dp_js_import_config(const char* json_text) {
  app::State* s = platform::current_app();
  if (!s) return not_ready();
  g_result = app::api_import_config(*s, json_text ? json_text : "");
  return g_result.c_str();
}

// The next drawn frame goes to window.playgroundCaptureView(name) ("" = no download).
EMSCRIPTEN_KEEPALIVE const char* dp_js_request_png(const char* name) {
  platform::request_view_png(name ? name : "");
  return "{\"ok\":true}";
}

// A notice from the page (clipboard refused, import failed), shown like the app's own.
EMSCRIPTEN_KEEPALIVE const char* dp_js_notice(const char* text) {
  app::State* s = platform::current_app();
  if (!s) return not_ready();
  app::add_notice(*s, text ? text : "");
  return "{\"ok\":true}";
}

EMSCRIPTEN_KEEPALIVE const char* dp_js_gl_lost() {
  platform::gl_context_lost();
  return "{\"ok\":true}";
}

EMSCRIPTEN_KEEPALIVE const char* dp_js_gl_restored() {
  platform::gl_context_restored();
  return "{\"ok\":true}";
}

}  // extern "C"
