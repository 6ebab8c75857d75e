// Export (issue 4): the run taken home. Curves as CSV, the view as PNG, the PyTorch
// script that reproduces the run (download or copy), the config as JSON (export and
// import). The texts come from the same functions as window.playground.exportCSV()
// etc. (app/api.h); where they go is the platform's business (src/platform/files.cpp).
#include <string>

#include "app/api.h"
#include "app/panels.h"
#include "app/state.h"
#include "imgui.h"
#include "nlohmann/json.hpp"
#include "platform/platform.h"

namespace app {
namespace {

constexpr const char* kCsvName = "dropout-playground-curves.csv";
constexpr const char* kPngName = "dropout-playground.png";
constexpr const char* kScriptName = "dropout_playground_run.py";
constexpr const char* kConfigName = "dropout-playground-config.json";

void report(State& s, const std::string& notice) {
  if (!notice.empty()) add_notice(s, notice);
}

bool button(const char* label, float w, const char* tip) {
  bool pressed = ImGui::Button(label, ImVec2(w, 0));
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tip);
  return pressed;
}

}  // namespace

void panel_export(State& s) {
  const float sp = ImGui::GetStyle().ItemSpacing.x;
  const float bw = (ImGui::GetContentRegionAvail().x - sp) / 2;  // two per row: whole labels
  if (button("Curves CSV", bw,
             "Per-epoch losses and accuracies of this run and its p = 0 twin, one row per "
             "epoch."))
    report(s, platform::save_text_file(kCsvName, "text/csv", api_export_csv(s)));
  ImGui::SameLine();
  if (button("View PNG", bw, "The playground as you see it now, as a PNG image."))
    platform::request_view_png(kPngName);
  if (button("Config JSON", bw,
             "The config as JSON: Import it here later, or run it with playground-cli "
             "--config."))
    report(s, platform::save_text_file(kConfigName, "application/json", api_export_config(s)));

  ImGui::SameLine();
  if (button("Import config", bw,
             platform::is_web()
                 ? "Load a config JSON file (from Config JSON): the run restarts from it."
                 : "Reads dropout-playground-config.json from the current directory: the run "
                   "restarts from it.")) {
    std::string text, error;
    if (platform::pick_config_file(kConfigName, &text, &error)) {
      nlohmann::json r = nlohmann::json::parse(api_import_config(s, text));
      if (!r.value("ok", false))
        add_notice(s, "Import failed: " + r.value("error", std::string("not a config")));
    } else if (!error.empty()) {
      add_notice(s, error);
    }
  }

  if (button("PyTorch script", bw,
             "A standalone PyTorch script that reproduces this run, including your changes of "
             "p and the learning rate: python3 dropout_playground_run.py > trace.json"))
    report(s, platform::save_text_file(kScriptName, "text/x-python", api_export_torch_script(s)));
  ImGui::SameLine();
  if (button("Copy script", bw, "Copies the PyTorch script to the clipboard."))
    report(s, platform::set_clipboard(api_export_torch_script(s), "the PyTorch script"));
}

}  // namespace app
