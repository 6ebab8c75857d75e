// Controls: play/pause/step, speed, p, the seed, Share, the exports, and every field of
// the config table (core/config.h) that has a widget, grouped as the table says. Fields
// that restart are committed when the widget is released (one restart, not one per
// slider tick); p and the learning rate apply live, from the next batch.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <initializer_list>
#include <string>

#include "app/api.h"
#include "app/panels.h"
#include "app/state.h"
#include "core/config.h"
#include "core/optim.h"
#include "imgui.h"

namespace app {

void export_section(State& s);  // app/panel_export.cpp

const std::vector<std::string>& control_groups() {
  static const std::vector<std::string> groups = {"lessons", "run",   "speed", "dropout",
                                                  "seed",    "share", "data",  "model",
                                                  "lr",      "optimizer", "help", "lang"};
  return groups;
}

namespace {

using Json = nlohmann::ordered_json;

constexpr int kNoticeLines = 2;  // the notices' slot under the progress bar, in text lines

// Sets one field through the core's partial-change rules (the network's ends follow a
// dataset, an optimizer drops the parameters it does not take), then applies the result.
void commit_field(State& s, const dp::Field& f, const Json& value) {
  dp::Config next = s.cfg;
  if (next.has_xy && f.generated_data) {  // a dataset chosen again: your data is left
    next.has_xy = false;
    next.x.clear();
    next.y.clear();
  }
  std::string err = dp::config_apply_json(dp::field_change(f, value).dump(), &next);
  if (err.empty()) err = apply_config(s, next);
  if (!err.empty()) add_notice(s, trf(S::notice_not_applied, err.c_str()));
  s.edit = s.cfg;
}

// A slider's float rounded to what its format shows ("%.2f": 0.01, "%.4g": 4 digits), so
// links and scripts carry 0.3, not 0.30000001192.
double rounded(float v, const char* format) {
  const int prec = std::atoi(std::strchr(format, '.') ? std::strchr(format, '.') + 1 : "6");
  char buf[64];
  std::snprintf(buf, sizeof buf, format[std::strlen(format) - 1] == 'g' ? "%.*g" : "%.*f", prec,
                static_cast<double>(v));
  return std::strtod(buf, nullptr);
}

bool is_live(const dp::Field& f) { return f.on_change == dp::OnChange::Live; }

// The widget of one table field. Restart fields edit s.edit and commit on release; live
// fields and choices commit at once.
void field_widget(State& s, const dp::Field& f) {
  const Json shown = f.get(is_live(f) ? s.cfg : s.edit);
  const char* label = field_label(f.key, f.label);
  bool now = false, on_release = false;
  Json value;
  switch (f.widget) {
    case dp::Widget::Combo: {
      const std::vector<std::string>& names = f.names();
      const auto it = std::find(names.begin(), names.end(), shown.get<std::string>());
      int i = it == names.end() ? 0 : static_cast<int>(it - names.begin());
      const bool yours = f.generated_data && s.cfg.has_xy;  // the dataset: your CSV in force
      if (ImGui::BeginCombo(label, yours ? tr(S::data_yours) : names[i].c_str())) {
        for (int k = 0; k < static_cast<int>(names.size()); ++k)
          if (ImGui::Selectable(names[k].c_str(), k == i)) i = k, now = true;
        ImGui::EndCombo();
      }
      value = names[i];
      break;
    }
    case dp::Widget::Slider:
    case dp::Widget::LogSlider: {
      const ImGuiSliderFlags flags =
          f.widget == dp::Widget::LogSlider ? ImGuiSliderFlags_Logarithmic : 0;
      bool changed;
      if (f.type == dp::FieldType::Integer) {
        int v = shown.get<int>();
        int hi = static_cast<int>(f.ui_hi);
        if (std::string(f.key) == "batch")
          hi = std::max(1, std::min(hi, s.edit.n_train));  // a batch beyond the data is the data
        changed = ImGui::SliderInt(label, &v, static_cast<int>(f.ui_lo), hi, f.format, flags);
        value = v;
      } else {
        float v = static_cast<float>(shown.get<double>());
        changed = ImGui::SliderFloat(label, &v, static_cast<float>(f.ui_lo),
                                     static_cast<float>(f.ui_hi), f.format, flags);
        value = rounded(v, f.format);
      }
      if (changed && is_live(f))
        now = true;
      else if (changed)
        f.set(s.edit, value);
      on_release = !is_live(f);
      break;
    }
    case dp::Widget::Input: {
      uint64_t v = shown.get<uint64_t>();
      const uint64_t one = 1, ten = 10;
      if (ImGui::InputScalar(label, ImGuiDataType_U64, &v, &one, &ten, "%llu"))
        f.set(s.edit, Json(v));
      value = v;
      on_release = true;
      break;
    }
    case dp::Widget::Checkbox: {
      bool v = shown.get<bool>();
      if (ImGui::Checkbox(label, &v)) now = true;
      value = v;
      break;
    }
    case dp::Widget::None:
    case dp::Widget::Custom:
      return;
  }
  const std::string id = std::string("field.") + f.key;
  if (f.widget == dp::Widget::Input)
    mark_text_field(s, id.c_str());
  else
    mark_widget(s, id.c_str());
  item_tooltip(field_help(f.key, f.help));
  if (now || (on_release && ImGui::IsItemDeactivatedAfterEdit()))
    commit_field(s, f, now ? value : f.get(s.edit));
}

// The table's fields of the given Controls groups, in table order; optimizer parameters
// only when the optimizer in force takes them.
void group_fields(State& s, std::initializer_list<const char*> groups) {
  const dp::OptimizerInfo* o = dp::find_optimizer(s.edit.optimizer.name);
  for (const dp::Field& f : dp::config_fields()) {
    if (std::none_of(groups.begin(), groups.end(),
                     [&](const char* g) { return std::string(f.group) == g; }))
      continue;
    if (dp::is_optimizer_param(f) && o && !dp::optimizer_takes(*o, dp::field_param(f))) continue;
    if (f.generated_data && f.widget != dp::Widget::Combo && s.cfg.has_xy) continue;  // your data
    if (std::string(f.key) == "noise" && !s.edit.has_xy && dp::dataset_known(s.edit.data) &&
        !dp::find_dataset(s.edit.data)->noisy) {
      ImGui::TextDisabled("%s", tr(S::data_noise_not_used));  // real images: no noise to add
      mark_widget(s, "field.noise");
      item_tooltip(field_help(f.key, f.help));
      continue;
    }
    field_widget(s, f);
  }
}

void section(const char* title) {
  ImGui::Spacing();
  ImGui::PushStyleColor(ImGuiCol_Text, IM_COL32(140, 190, 255, 255));
  ImGui::TextUnformatted(title);
  ImGui::PopStyleColor();
  ImGui::Separator();
}

void run_buttons(State& s) {
  const dp::Trainer& run = run_of(s);
  const float bw = (ImGui::GetContentRegionAvail().x - 2 * ImGui::GetStyle().ItemSpacing.x) / 3;
  const bool space = ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Space), false) &&
                     !ImGui::GetIO().WantTextInput;
  const bool clicked = ImGui::Button(tr(s.running ? S::run_pause : S::run_play), ImVec2(bw, 0));
  mark_widget(s, "run.play");
  if (clicked || space) {
    dismiss_intro(s);
    if (!s.running && run.done()) restart_run(s);
    if (s.running)
      pause_run(s);
    else
      s.running = true;
  }
  ImGui::SameLine();
  if (ImGui::Button(tr(S::run_step), ImVec2(bw, 0))) {
    queue_steps(s, 1);
  }
  mark_widget(s, "run.step");
  item_tooltip(tr(S::run_step_tip));
  ImGui::SameLine();
  // Narrow (embedded) columns: a label that fits.
  const bool fits =
      ImGui::CalcTextSize(tr(S::run_step_epoch)).x + 2 * ImGui::GetStyle().FramePadding.x <= bw;
  if (ImGui::Button(tr(fits ? S::run_step_epoch : S::run_epoch), ImVec2(bw, 0))) {
    queue_epoch(s);
  }
  mark_widget(s, "run.epoch");
}

void speed_slider(State& s) {
  float speed = static_cast<float>(s.speed);
  ImGui::BeginDisabled(s.max_speed);
  if (ImGui::SliderFloat("##speed", &speed, 0.2f, 200.0f, tr(S::run_speed_format),
                         ImGuiSliderFlags_Logarithmic))
    s.speed = speed;
  mark_widget(s, "run.speed");
  ImGui::EndDisabled();
  ImGui::SameLine();
  ImGui::Checkbox(tr(S::run_max_speed), &s.max_speed);
  mark_widget(s, "run.max_speed");
}

// The run's position and its notices, in a slot of fixed height: nothing below moves
// when a notice comes or goes (a finished run, a restart), so a click lands where the
// pointer was aimed. The newest notice comes first; more than fit scroll.
void progress(State& s) {
  const dp::Trainer& run = run_of(s);
  // As high as the line would be at its widest (the last epoch), so that it never grows.
  const long last_step = static_cast<long>(s.cfg.epochs) * run.batches_per_epoch();
  const std::string widest = trf(S::run_progress, s.cfg.epochs, s.cfg.epochs,
                                 run.batches_per_epoch(), run.batches_per_epoch(), last_step);
  const float h =
      ImGui::CalcTextSize(widest.c_str(), nullptr, false, ImGui::GetContentRegionAvail().x).y;
  ImGui::BeginChild("##progress", ImVec2(0, h), false, ImGuiWindowFlags_NoScrollbar);
  ImGui::TextWrapped(tr(S::run_progress), run.epoch(), s.cfg.epochs, run.batch_in_epoch(),
                     run.batches_per_epoch(), run.steps());
  ImGui::EndChild();
  const float frac = static_cast<float>(epoch_position(s) / std::max(1, s.cfg.epochs));
  ImGui::ProgressBar(frac, ImVec2(-1, ImGui::GetFontSize() * 0.5f), "");
  const float line = ImGui::GetTextLineHeightWithSpacing();
  ImGui::BeginChild("##notices", ImVec2(0, line * kNoticeLines), false);
  ImGui::PushTextWrapPos(0);
  for (size_t i = s.notices.size(); i-- > 0;)
    ImGui::TextColored(kNoticeColor, "%s", s.notices[i].c_str());
  if (s.notices.empty())
    ImGui::TextDisabled("%s", tr(s.running ? S::run_status_running : S::run_status_paused));
  ImGui::PopTextWrapPos();
  ImGui::EndChild();
  mark_widget(s, "run.notices");
}

// "What to look for": the lesson in three lines, first in the panel (closed at first on
// a phone, where the start card says the same and the screen is short).
// The interface language: each choice in its own language.
void language_switch(State& s) {
  ImGui::TextUnformatted(tr(S::lang_label));
  const std::string now = language();
  const struct {
    const char* code;
    S label;
    const char* id;
  } choices[] = {{"en", S::lang_english, "lang.en"}, {"fr", S::lang_french, "lang.fr"}};
  for (const auto& c : choices) {
    ImGui::SameLine();
    if (ImGui::RadioButton(tr(c.label), now == c.code) && now != c.code) choose_language(s, c.code, true);
    mark_widget(s, c.id);
  }
}

// The way into the lessons: the list, with how many are done.
// The way into the lessons: the list, with how many are done. `beside`: at the right end
// of the line of the item before (the "What to look for" header) when it fits there.
void lessons_button(State& s, bool beside) {
  int done = 0;
  for (const Lesson& L : lessons())
    done += std::count(s.lesson.completed.begin(), s.lesson.completed.end(), L.id) > 0;
  const std::string label = trf(S::lesson_open_button, done, static_cast<int>(lessons().size()));
  if (beside) {
    const float w = ImGui::CalcTextSize(label.c_str()).x + 2 * ImGui::GetStyle().FramePadding.x;
    const float right = ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x;
    const float header_text = ImGui::GetItemRectMin().x + ImGui::GetFontSize() * 2 +
                              ImGui::CalcTextSize(tr(S::help_section)).x;
    if (header_text + w <= right) ImGui::SameLine(right - w - ImGui::GetWindowPos().x);
  }
  if (ImGui::Button(label.c_str())) {
    dismiss_intro(s);
    if (s.lesson.open && s.lesson.lesson < 0)
      close_lesson(s);
    else
      show_lesson_list(s);
  }
  mark_widget(s, "lessons.open");
  item_tooltip(tr(S::lesson_open_tip));
}

// "What to look for", with the Lessons button on its header's line.
void help_section(State& s, bool with_lessons) {
  ImGui::SetNextItemOpen(!s.phone, ImGuiCond_Once);
  if (s.lesson.fold_help) ImGui::SetNextItemOpen(false, ImGuiCond_Always), s.lesson.fold_help = false;
  const bool open = ImGui::CollapsingHeader(tr(S::help_section), ImGuiTreeNodeFlags_AllowItemOverlap);
  mark_widget(s, "help.section");
  if (with_lessons) lessons_button(s, true);
  if (!open) return;
  ImGui::PushStyleColor(ImGuiCol_Text, IM_COL32(200, 200, 205, 255));
  ImGui::PushTextWrapPos(0);
  ImGui::TextUnformatted(tr(S::help_text));
  ImGui::PopTextWrapPos();
  ImGui::PopStyleColor();
}

void dropout_section(State& s) {
  const dp::Field& f = *dp::find_field("dropout");
  section(tr(S::dropout_section));
  float p = static_cast<float>(s.cfg.dropout);
  if (ImGui::SliderFloat(field_label(f.key, f.label), &p, static_cast<float>(f.ui_lo), static_cast<float>(f.ui_hi),
                         f.format))
    commit_field(s, f, rounded(p, f.format));
  mark_widget(s, "field.dropout");
  help_marker(s, "dropout.help", tr(S::dropout_help));
  double exact = s.cfg.dropout;
  if (ImGui::InputDouble(tr(S::dropout_exact), &exact, 0.0, 0.0, "%.4f",
                         ImGuiInputTextFlags_EnterReturnsTrue))
    commit_field(s, f, exact);
  mark_text_field(s, "dropout.exact");
  // Per layer (collapsed): one p per hidden layer, and the input's Dropout.
  const bool open = ImGui::TreeNode(tr(S::dropout_per_layer));
  mark_widget(s, "dropout.per_layer");
  if (open) {
    const int hidden = static_cast<int>(s.cfg.sizes.size()) - 2;
    for (int i = 0; i < hidden; ++i) {
      float pi = static_cast<float>(dp::hidden_dropout(s.cfg, i));
      char label[48];
      std::snprintf(label, sizeof label, tr(S::dropout_layer_p), i + 1);
      if (ImGui::SliderFloat(label, &pi, static_cast<float>(f.ui_lo), static_cast<float>(f.ui_hi),
                             f.format)) {
        Json list = Json::array();
        for (int k = 0; k < hidden; ++k)
          list.push_back(k == i ? rounded(pi, f.format) : dp::hidden_dropout(s.cfg, k));
        commit_field(s, f, list);
      }
      mark_widget(s, ("dropout.layer." + std::to_string(i + 1)).c_str());
    }
    const dp::Field& fi = *dp::find_field("input_dropout");
    float pin = static_cast<float>(s.cfg.input_dropout);
    if (ImGui::SliderFloat(field_label(fi.key, fi.label), &pin, static_cast<float>(fi.ui_lo),
                           static_cast<float>(fi.ui_hi), fi.format))
      commit_field(s, fi, rounded(pin, fi.format));
    mark_widget(s, "field.input_dropout");
    help_marker(s, "dropout.input_help", fi.help);
    ImGui::TreePop();
  }
  if (touch_target(s) > 0) ImGui::AlignTextToFramePadding();
  ImGui::TextDisabled("%s", tr(S::dropout_restart_at));
  for (const double v : {0.0, 0.2, 0.5, 0.8}) {
    char label[16];
    std::snprintf(label, sizeof label, "%g", v);
    // On the same line while it fits (narrow embedded columns wrap).
    const float t = touch_target(s);
    const float w =
        std::max(t, ImGui::CalcTextSize(label).x + 2 * ImGui::GetStyle().FramePadding.x);
    ImGui::SameLine();
    if (ImGui::GetContentRegionAvail().x < w) ImGui::NewLine();
    const bool pressed = t > 0 ? ImGui::Button(label, ImVec2(w, t)) : ImGui::SmallButton(label);
    if (pressed) {
      dp::Config next = s.cfg;
      dp::set_hidden_dropout(next, v);
      if (apply_config(s, next).empty()) restart_run(s);
      s.running = true;
    }
    mark_widget(s, (std::string("dropout.restart.") + label).c_str());
  }
}

void seed_section(State& s) {
  section(tr(S::seed_section));
  int64_t seed = s.edit.seed;
  if (ImGui::InputScalar(field_label("seed", dp::find_field("seed")->label), ImGuiDataType_S64, &seed, nullptr, nullptr,
                         "%lld", ImGuiInputTextFlags_EnterReturnsTrue))
    commit_field(s, *dp::find_field("seed"), seed);
  mark_text_field(s, "field.seed");
  if (ImGui::Button(tr(S::seed_reseed))) {
    dp::Config next = s.cfg;
    next.seed = s.cfg.seed + 1;
    if (dp::validate(next).empty()) reseed_run(s, next.seed);
  }
  mark_widget(s, "seed.reseed");
  item_tooltip(tr(S::seed_reseed_tip));
  ImGui::SameLine();
  if (ImGui::Button(tr(S::seed_restart))) restart_run(s);
  mark_widget(s, "seed.restart");
  item_tooltip(tr(S::seed_restart_tip));
}

void share_button(State& s) {
  if (ImGui::Button(tr(S::share_button))) s.host->copy(share_url(s), tr(S::share_what));
  mark_widget(s, "seed.share");
  item_tooltip(tr(S::share_tip));
}

void model_section(State& s) {
  const dp::Field& f = *dp::find_field("sizes");
  dp::Config& e = s.edit;
  int hidden = static_cast<int>(e.sizes.size()) - 2;
  int width = hidden > 0 ? e.sizes[1] : 16;
  if (ImGui::SliderInt(field_label(f.key, f.label), &hidden, static_cast<int>(f.ui_lo), static_cast<int>(f.ui_hi))) {
    std::vector<int> sz{e.sizes.front()};
    for (int i = 0; i < hidden; ++i) sz.push_back(width);
    sz.push_back(e.sizes.back());
    e.sizes = sz;
  }
  mark_widget(s, "model.hidden_layers");
  item_tooltip(field_help(f.key, f.help));
  if (ImGui::IsItemDeactivatedAfterEdit()) commit_field(s, f, e.sizes);
  if (ImGui::SliderInt(tr(S::model_width), &width, 2, 256, "%d", ImGuiSliderFlags_Logarithmic))
    for (size_t i = 1; i + 1 < e.sizes.size(); ++i) e.sizes[i] = width;
  mark_widget(s, "model.width");
  if (ImGui::IsItemDeactivatedAfterEdit()) commit_field(s, f, e.sizes);
  group_fields(s, {"model"});
  std::string sizes;
  for (size_t i = 0; i < s.cfg.sizes.size(); ++i)
    sizes += (i ? "-" : "") + std::to_string(s.cfg.sizes[i]);
  ImGui::TextDisabled(tr(S::model_summary), sizes.c_str(), s.cfg.loss.c_str());
}

}  // namespace

void panel_controls(State& s) {
  // While nothing is being edited, the widgets mirror the config in force (which the JS
  // API may have changed).
  if (!ImGui::IsAnyItemActive()) s.edit = s.cfg;
  ImGui::PushItemWidth(ImGui::GetContentRegionAvail().x * 0.56f);
  // Each group shows unless the page's controls= leaves it out (app/view.h).
  const View& view = s.view;
  if (view.control("help"))
    help_section(s, view.control("lessons"));
  else if (view.control("lessons"))
    lessons_button(s, false);
  if (view.control("run")) run_buttons(s);
  if (view.control("speed")) speed_slider(s);
  progress(s);
  if (view.control("dropout")) dropout_section(s);
  if (view.control("seed")) seed_section(s);
  if (s.host->web && view.control("share")) {
    // Beside Reseed and Restart when it fits (longer labels in French: on its own line).
    const ImGuiStyle& st = ImGui::GetStyle();
    const float w = ImGui::CalcTextSize(tr(S::share_button)).x + 2 * st.FramePadding.x;
    if (view.control("seed") &&
        ImGui::GetItemRectMax().x + st.ItemSpacing.x + w <= ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x)
      ImGui::SameLine();
    share_button(s);
  }
  if (!view.embed) {
    section(tr(S::export_section));
    export_section(s);
  }
  ImGui::Spacing();
  if (view.control("lang")) language_switch(s);
  // The collapsible sections of table fields (controls=data, model, optimizer or lr).
  if (view.control("data")) ImGui::SetNextItemOpen(true, ImGuiCond_Once);
  if (view.control("data") && ImGui::CollapsingHeader(tr(S::data_section)))
  {
    group_fields(s, {"data"});
    // Your own data: the browser's file picker (or a drop on the page), or data.csv here.
    if (ImGui::Button(tr(S::data_load_csv))) {
      std::string text, where;
      if (s.host->open_data && s.host->open_data(kDataFileName, &text, &where))
        import_file(s, kDataFileName, text);
      else if (!where.empty())
        add_notice(s, trf(S::notice_data_missing, where.c_str()));
    }
    mark_widget(s, "data.load_csv");
    item_tooltip(tr(s.host->web ? S::data_load_csv_tip_web : S::data_load_csv_tip_desktop));
  }
  if (view.control("model")) ImGui::SetNextItemOpen(true, ImGuiCond_Once);
  if (view.control("model") && ImGui::CollapsingHeader(tr(S::model_section))) model_section(s);
  const bool optimizer = view.control("optimizer"), lr = view.control("lr");
  if (optimizer || lr) ImGui::SetNextItemOpen(true, ImGuiCond_Once);
  if ((optimizer || lr) && ImGui::CollapsingHeader(tr(S::optimizer_section))) {
    if (optimizer)
      group_fields(s, {"optimizer", "lr"});
    else
      group_fields(s, {"lr"});
  }
  ImGui::PopItemWidth();
}

}  // namespace app
