// Fuzz target: the playground's Import (app::import_config, src/app/api.cpp, and
// app::import_file, the browser's file picker), run on a real app State with a Host made
// up here, as tests/app/test_app.cpp does: no window, no GPU. Every input starts from the
// default app. Properties: fuzz_check.h; an accepted file is the config in force and equals
// what dp::config_from_json reads; a refused one leaves the app's config alone and its
// message ("config: ...") is config_from_json's, in one line naming a field.
#include "app/api.h"
#include "app/app.h"
#include "core/config.h"
#include "fuzz_check.h"
#include "imgui.h"

namespace {

app::Host make_host() {
  app::Host h;
  h.now = [] { return 0.0; };
  h.page_url = [] { return std::string("http://127.0.0.1:8000/"); };
  h.copy = [](const std::string&, const std::string&) {};
  h.save_text = [](const std::string& name, const std::string&, const std::string&,
                   std::string* where) {
    *where = name;
    return std::string();
  };
  h.save_view_png = [](const std::string&) {};
  h.open_config = [](const std::string&, std::string*, std::string* where) {
    *where = "";
    return false;
  };
  h.remember = [](const std::string&, const std::string&) {};
  h.touch_input = [] { return false; };
  h.font_scale = [] { return 1.0f; };
  h.texture = [](const app::Image&) { return ImTextureID{}; };
  h.heatmap = [](const app::HeatmapScene&, int, int, float, std::string*) { return ImTextureID{}; };
  return h;
}

app::State* fresh_app(const app::Host& host) {
  app::LaunchOptions o;
  o.paused = true;
  std::string err;
  app::State* s = app::create(host, o, &err);
  FUZZ_CHECK(s != nullptr, "app::create: " + err);
  return s;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const app::Host host = make_host();
  static app::State* state = [] {
    ImGui::CreateContext();
    ImGui::GetIO().IniFilename = nullptr;
    return fresh_app(host);
  }();
  const std::string text = fuzz::text_of(data, size);
  const std::string before = dp::config_to_json(app::config(*state));
  dp::Config expected;
  const std::string core_err = dp::config_from_json(text, &expected);
  const std::string err = app::import_config(*state, text);
  if (err.empty()) {
    FUZZ_CHECK(core_err.empty(), "imported, but config_from_json says " + core_err);
    const dp::Config& now = app::config(*state);
    FUZZ_CHECK(dp::config_to_json(now) == dp::config_to_json(expected),
               "imported " + dp::config_to_json(now) + ", read " + dp::config_to_json(expected));
    fuzz::check_accepted(now);
    // Back to the default app for the next input.
    app::destroy(state);
    state = fresh_app(host);
  } else {
    FUZZ_CHECK(err == "config: " + core_err, "import said " + err + ", the core " + core_err);
    fuzz::check_config_refusal(text, core_err);
    FUZZ_CHECK(dp::config_to_json(app::config(*state)) == before, "a refused import changed it");
    app::import_file(*state, "fuzz.json", text);  // the browser's picker: a notice, no change
    FUZZ_CHECK(dp::config_to_json(app::config(*state)) == before, "a refused file changed it");
    const std::vector<std::string> notices = app::snapshot(*state).notices;
    FUZZ_CHECK(!notices.empty() && notices.back().find(err) != std::string::npos,
               "no notice of the refused file");
    FUZZ_CHECK(fuzz::readable_line(notices.back()), "notice: " + notices.back());
  }
  return 0;
}
