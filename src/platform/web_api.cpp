// The C functions behind window.playground (web/playground-api.js calls them with
// ccall). Each returns a JSON string that stays valid until the next call. Built
// into the browser target only.
#include <emscripten.h>

#include <cmath>
#include <string>

#include "app/api.h"
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

}  // extern "C"
