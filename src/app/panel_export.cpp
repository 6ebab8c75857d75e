// Export, a section of the Controls: the run taken home. Curves as CSV, the view as PNG,
// the PyTorch script that reproduces the run (download or copy), the Jupyter notebook
// that rebuilds and plots it, the config as JSON (export and import). The texts come from the same functions as
// window.playground.exportCSV() etc. (app/api.h); where they go is the host's business.
#include <string>

#include "app/api.h"
#include "app/panels.h"
#include "app/state.h"
#include "imgui.h"

namespace app {

namespace {

constexpr const char* kCsvName = "dropout-playground-curves.csv";
constexpr const char* kPngName = "dropout-playground.png";
constexpr const char* kScriptName = "dropout_playground_run.py";
constexpr const char* kConfigName = "dropout-playground-config.json";

bool button(State& s, const char* id, S label, float w, S tip, float h = 0) {
  const bool pressed = ImGui::Button(tr(label), ImVec2(w, h));
  mark_widget(s, id);
  item_tooltip(tr(tip));
  return pressed;
}

void save(State& s, const char* name, const char* mime, const std::string& text) {
  std::string where;
  const std::string err = s.host->save_text(name, mime, text, &where);
  file_saved(s, where, err.empty(), err);
}

}  // namespace

bool notebook_button(State& s, const char* id, const char* kind, S label, S tip, float width,
                     float height) {
  const bool pressed = button(s, id, label, width, tip, height);
  if (pressed) {
    const NotebookExport nb = export_notebook(s, kind);
    if (nb.error.empty())
      save(s, nb.name.c_str(), "application/x-ipynb+json", nb.text);
    else
      add_notice(s, nb.error);
  }
  return pressed;
}

void export_section(State& s) {
  const float sp = ImGui::GetStyle().ItemSpacing.x;
  const float bw = (ImGui::GetContentRegionAvail().x - sp) / 2;  // two per row: whole labels
  if (button(s, "export.csv", S::export_csv, bw, S::export_csv_tip))
    save(s, kCsvName, "text/csv", export_csv(s));
  ImGui::SameLine();
  if (button(s, "export.png", S::export_png, bw, S::export_png_tip))
    s.host->save_view_png(kPngName);
  if (button(s, "export.config", S::export_config, bw, S::export_config_tip))
    save(s, kConfigName, "application/json", export_config(s));
  ImGui::SameLine();
  if (button(s, "export.import", S::export_import, bw,
             s.host->web ? S::export_import_tip_web : S::export_import_tip_desktop)) {
    std::string text, where;
    if (s.host->open_config(kConfigName, &text, &where))
      import_file(s, kConfigName, text);
    else if (!where.empty())
      add_notice(s, trf(S::notice_import_missing, where.c_str()));
  }
  if (button(s, "export.script", S::export_script, bw, S::export_script_tip))
    save(s, kScriptName, "text/x-python", export_torch_script(s));
  ImGui::SameLine();
  if (button(s, "export.copy", S::export_copy, bw, S::export_copy_tip))
    s.host->copy(export_torch_script(s), tr(S::export_copy_what));
  notebook_button(s, "export.notebook", "run", S::export_notebook, S::export_notebook_tip, -1);
}

}  // namespace app
