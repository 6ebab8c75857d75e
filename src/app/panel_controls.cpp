// Controls: every knob of the config, play/pause/step, speed, seed. Structure
// changes are committed when the widget is released (one restart, not one per
// slider tick); p and the learning rate apply live, from the next batch.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

#include "app/api.h"
#include "app/panels.h"
#include "app/state.h"
#include "core/config.h"
#include "core/url_query.h"
#include "imgui.h"
#include "platform/platform.h"

namespace app {
namespace {

const char* kDatasets[] = {"spiral", "moons", "circles", "xor", "sine"};
const char* kActivations[] = {"relu", "tanh", "sigmoid"};
const char* kOptimizers[] = {"sgd", "adam", "adamw"};

int index_of(const char* const* names, int n, const std::string& v) {
  for (int i = 0; i < n; ++i)
    if (v == names[i]) return i;
  return 0;
}

void commit(State& s) {
  std::string err = apply_config(s, s.edit);
  if (!err.empty()) {
    add_notice(s, "Not applied: " + err);
    s.edit = s.cfg;
  }
}

// After an edit of a field that restarts: commit when the widget is released.
void commit_on_release(State& s) {
  if (ImGui::IsItemDeactivatedAfterEdit()) commit(s);
}

void set_live(State& s, double p, double lr) {
  dp::Config next = s.cfg;
  next.dropout = p;
  next.optimizer.lr = lr;
  std::string err = apply_config(s, next);
  if (!err.empty()) add_notice(s, "Not applied: " + err);
  s.edit.dropout = s.cfg.dropout;
  s.edit.optimizer.lr = s.cfg.optimizer.lr;
}

void section(const char* title) {
  ImGui::Spacing();
  ImGui::PushStyleColor(ImGuiCol_Text, IM_COL32(140, 190, 255, 255));
  ImGui::TextUnformatted(title);
  ImGui::PopStyleColor();
  ImGui::Separator();
}

}  // namespace

void help_marker(const char* text) {
  ImGui::SameLine();
  ImGui::TextDisabled("(?)");
  if (ImGui::IsItemHovered()) {
    ImGui::BeginTooltip();
    ImGui::PushTextWrapPos(ImGui::GetFontSize() * 28.0f);
    ImGui::TextUnformatted(text);
    ImGui::PopTextWrapPos();
    ImGui::EndTooltip();
  }
}

void panel_controls(State& s) {
  // While nothing is being edited, the widgets mirror the config in force (which
  // the JS API may have changed).
  if (!ImGui::IsAnyItemActive()) s.edit = s.cfg;
  dp::Config& e = s.edit;
  const dp::Trainer& run = s.twin->run;
  ImGui::PushItemWidth(ImGui::GetContentRegionAvail().x * 0.56f);

  // Each group shows unless the page's controls= leaves it out (app/view.h).
  const View& view = s.view;

  // --- Run ---
  const float bw = (ImGui::GetContentRegionAvail().x - 2 * ImGui::GetStyle().ItemSpacing.x) / 3;
  if (view.control("run") && (ImGui::Button(s.running ? "Pause" : "Play", ImVec2(bw, 0)) ||
                              (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Space), false) &&
                               !ImGui::GetIO().WantTextInput))) {
    if (s.running) {
      s.running = false;
    } else {
      if (run.done()) restart(s);
      s.running = true;
    }
  }
  if (view.control("run")) {
    ImGui::SameLine();
    if (ImGui::Button("Step", ImVec2(bw, 0))) {
      s.running = false;
      step_batches(s, 1);
    }
    if (ImGui::IsItemHovered())
      ImGui::SetTooltip("One optimizer step on the next minibatch (one new mask).");
    ImGui::SameLine();
    // Narrow (embedded) columns: a label that fits.
    const bool fits =
        ImGui::CalcTextSize("Step epoch").x + 2 * ImGui::GetStyle().FramePadding.x <= bw;
    if (ImGui::Button(fits ? "Step epoch" : "Epoch", ImVec2(bw, 0))) {
      s.running = false;
      step_epoch(s);
    }
  }
  if (view.control("speed")) {
    float speed = static_cast<float>(s.speed);
    ImGui::BeginDisabled(s.max_speed);
    if (ImGui::SliderFloat("##speed", &speed, 0.2f, 200.0f, "%.1f epochs/s",
                           ImGuiSliderFlags_Logarithmic))
      s.speed = speed;
    ImGui::EndDisabled();
    ImGui::SameLine();
    ImGui::Checkbox("max speed", &s.max_speed);
  }
  ImGui::TextWrapped("epoch %d/%d batch %d/%d step %ld", run.epoch(), s.cfg.epochs,
                     run.batch_in_epoch(), run.batches_per_epoch(), run.steps());
  float frac = static_cast<float>(epoch_position(s) / std::max(1, s.cfg.epochs));
  ImGui::ProgressBar(frac, ImVec2(-1, ImGui::GetFontSize() * 0.5f), "");
  // Notices of this run (restart clears them): where the eye already is.
  for (size_t i = s.notices.size() > 3 ? s.notices.size() - 3 : 0; i < s.notices.size(); ++i) {
    ImGui::PushTextWrapPos(0);
    ImGui::TextColored(ImVec4(1.0f, 0.85f, 0.45f, 1.0f), "%s", s.notices[i].c_str());
    ImGui::PopTextWrapPos();
  }

  // --- Dropout ---
  if (view.control("dropout")) {
    section("Dropout  (config.dropout)");
    float p = static_cast<float>(s.cfg.dropout);
    if (ImGui::SliderFloat("p", &p, 0.0f, 0.95f, "%.2f"))
      set_live(s, std::round(p * 100.0) / 100.0, s.cfg.optimizer.lr);
    help_marker(
        "nn.Dropout(p) after every hidden activation: in training each unit is zeroed with "
        "probability p and the kept ones are scaled by 1/(1-p). Applies from the next batch; "
        "the change is marked on the curves. The dashed curves are a twin run with p = 0.");
    double pe = s.cfg.dropout;
    if (ImGui::InputDouble("exact p", &pe, 0.0, 0.0, "%.4f",
                           ImGuiInputTextFlags_EnterReturnsTrue)) {
      if (pe >= 0.0 && pe <= 1.0) {
        set_live(s, pe, s.cfg.optimizer.lr);
      } else {
        add_notice(s, "p must be between 0 and 1.");
      }
    }
    ImGui::TextDisabled("Restart at p =");
    const double presets[] = {0.0, 0.2, 0.5, 0.8};
    for (double v : presets) {
      char label[16];
      std::snprintf(label, sizeof label, "%g", v);
      // On the same line while it fits (narrow embedded columns wrap).
      const float w = ImGui::CalcTextSize(label).x + 2 * ImGui::GetStyle().FramePadding.x;
      ImGui::SameLine();
      if (ImGui::GetContentRegionAvail().x < w) ImGui::NewLine();
      if (ImGui::SmallButton(label)) {
        dp::Config next = s.cfg;
        next.dropout = v;
        if (apply_config(s, next).empty()) restart(s);
        s.running = true;
      }
    }
  }

  // --- Seed ---
  if (view.control("seed")) {
    section("Seed  (torch.manual_seed)");
    int seed = static_cast<int>(e.seed);
    if (ImGui::InputInt("seed", &seed, 0, 0, ImGuiInputTextFlags_EnterReturnsTrue)) {
      e.seed = seed;
      commit(s);
    }
    if (ImGui::Button("Reseed")) reseed(s, s.cfg.seed + 1);
    if (ImGui::IsItemHovered())
      ImGui::SetTooltip("A new seed (seed + 1): new init, new masks, new batches. Restarts.");
    ImGui::SameLine();
    if (ImGui::Button("Restart")) restart(s);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Same seed: the identical run again.");
  }
  if (platform::is_web() && view.control("share")) {
    if (view.control("seed")) ImGui::SameLine();
    if (ImGui::Button("Share")) {
      const std::string notice = platform::set_clipboard(api_share_url(s), "the link");
      if (!notice.empty()) add_notice(s, notice);
    }
    if (ImGui::IsItemHovered())
      ImGui::SetTooltip(
          "Copies a link to this run: the page's address with the config as\n"
          "query parameters. Opening it reproduces the run exactly.");
  }

  // --- Export (app/panel_export.cpp) ---
  if (!view.embed) {
    section("Export");
    panel_export(s);
  }

  if (view.control("help")) {
    section("What to look for");
    ImGui::PushStyleColor(ImGuiCol_Text, IM_COL32(200, 200, 205, 255));
    ImGui::PushTextWrapPos(0);
    ImGui::TextUnformatted(
        "Dashed curves: the same network without dropout (p = 0). Its val loss turns up while "
        "its train loss keeps falling: overfitting.\n"
        "Solid curves: with dropout p. Val loss stays low: the gap closes.\n"
        "Restart with p = 0.8: train and val loss both stay high: too much dropout underfits.");
    ImGui::PopTextWrapPos();
    ImGui::PopStyleColor();
  }

  // --- Data ---
  ImGui::Spacing();
  if (view.control("data")) ImGui::SetNextItemOpen(true, ImGuiCond_Once);
  if (view.control("data") && ImGui::CollapsingHeader("Data")) {
    int d = index_of(kDatasets, 5, e.data);
    if (ImGui::Combo("dataset", &d, kDatasets, 5)) {
      // Through the core's partial-config rules: the network's input and output
      // widths (and the loss, where it must) follow the dataset.
      dp::Config next = s.cfg;
      next.has_xy = false;
      next.x.clear();
      next.y.clear();
      std::string err =
          dp::config_apply_json(std::string("{\"data\":\"") + kDatasets[d] + "\"}", &next);
      if (err.empty()) err = apply_config(s, next);
      if (!err.empty()) add_notice(s, "Not applied: " + err);
      s.edit = s.cfg;
    }
    float noise = static_cast<float>(e.noise);
    if (ImGui::SliderFloat("noise", &noise, 0.0f, 1.0f, "%.2f"))
      e.noise = std::round(noise * 100.0) / 100.0;
    commit_on_release(s);
    ImGui::SliderInt("train points", &e.n_train, 8, 1000, "%d", ImGuiSliderFlags_Logarithmic);
    commit_on_release(s);
    ImGui::SliderInt("val points", &e.n_val, 20, 2000, "%d", ImGuiSliderFlags_Logarithmic);
    commit_on_release(s);
    int ds = static_cast<int>(e.data_seed);
    if (ImGui::InputInt("data seed", &ds, 1, 10))
      e.data_seed = static_cast<uint64_t>(std::max(0, ds));
    commit_on_release(s);
  }

  // --- Model ---
  if (view.control("model")) ImGui::SetNextItemOpen(true, ImGuiCond_Once);
  if (view.control("model") && ImGui::CollapsingHeader("Model")) {
    int hidden = static_cast<int>(e.sizes.size()) - 2;
    int width = hidden > 0 ? e.sizes[1] : 16;
    if (ImGui::SliderInt("hidden layers", &hidden, 1, 4)) {
      std::vector<int> sz{e.sizes.front()};
      for (int i = 0; i < hidden; ++i) sz.push_back(width);
      sz.push_back(e.sizes.back());
      e.sizes = sz;
    }
    commit_on_release(s);
    if (ImGui::SliderInt("width", &width, 2, 256, "%d", ImGuiSliderFlags_Logarithmic)) {
      for (size_t i = 1; i + 1 < e.sizes.size(); ++i) e.sizes[i] = width;
    }
    commit_on_release(s);
    int a = index_of(kActivations, 3, e.activation);
    if (ImGui::Combo("activation", &a, kActivations, 3)) {
      e.activation = kActivations[a];
      commit(s);
    }
    std::string sizes;
    for (size_t i = 0; i < s.cfg.sizes.size(); ++i)
      sizes += (i ? "-" : "") + std::to_string(s.cfg.sizes[i]);
    ImGui::TextDisabled("sizes %s, loss %s", sizes.c_str(), s.cfg.loss.c_str());
  }

  // --- Optimizer ---
  if ((view.control("optimizer") || view.control("lr")))
    ImGui::SetNextItemOpen(true, ImGuiCond_Once);
  if ((view.control("optimizer") || view.control("lr")) && ImGui::CollapsingHeader("Optimizer")) {
    int o = index_of(kOptimizers, 3, e.optimizer.name);
    if (view.control("optimizer") && ImGui::Combo("optimizer", &o, kOptimizers, 3)) {
      e.optimizer.name = kOptimizers[o];
      if (e.optimizer.name != "sgd") {
        e.optimizer.momentum = 0;
        e.optimizer.nesterov = false;
      }
      commit(s);
    }
    float lr = static_cast<float>(s.cfg.optimizer.lr);
    if (view.control("lr") &&
        ImGui::SliderFloat("learning rate", &lr, 1e-4f, 1.0f, "%.4g", ImGuiSliderFlags_Logarithmic))
      set_live(s, s.cfg.dropout, static_cast<double>(lr));
    if (view.control("optimizer")) {
      ImGui::SliderInt("batch size", &e.batch, 1, std::max(1, std::min(256, e.n_train)));
      commit_on_release(s);
      ImGui::BeginDisabled(e.optimizer.name != "sgd");
      float mom = static_cast<float>(e.optimizer.momentum);
      if (ImGui::SliderFloat("momentum", &mom, 0.0f, 0.99f, "%.2f"))
        e.optimizer.momentum = std::round(mom * 100.0) / 100.0;
      commit_on_release(s);
      ImGui::EndDisabled();
      float wd = static_cast<float>(e.optimizer.weight_decay);
      if (ImGui::SliderFloat("weight decay", &wd, 0.0f, 0.1f, "%.4g", ImGuiSliderFlags_Logarithmic))
        e.optimizer.weight_decay = wd;
      commit_on_release(s);
      ImGui::SliderInt("epochs", &e.epochs, 10, 2000, "%d", ImGuiSliderFlags_Logarithmic);
      commit_on_release(s);
    }
  }
  ImGui::PopItemWidth();
}

}  // namespace app
