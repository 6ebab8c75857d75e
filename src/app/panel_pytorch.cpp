// PyTorch panel: the classic example, `drop = nn.Dropout(config.dropout)`, run by
// the core's dropout (the same routine as the CLI's `dropout` command) on an editable
// x with its own seed, printed exactly as PyTorch prints it, next to the Python lines
// that reproduce it.
#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <string>
#include <vector>

#include "app/panels.h"
#include "app/state.h"
#include "core/dropout.h"
#include "core/rng.h"
#include "core/tensor_print.h"
#include "imgui.h"

namespace app {
namespace {

// "1, -2.5 3e-1" -> {1, -2.5, 0.3}. Returns "" or a message naming the bad token.
std::string parse_values(const char* text, std::vector<double>* out) {
  out->clear();
  const char* p = text;
  while (*p) {
    while (*p == ' ' || *p == ',' || *p == '\t' || *p == '[' || *p == ']') ++p;
    if (!*p) break;
    char* end = nullptr;
    errno = 0;
    double v = std::strtod(p, &end);
    if (end == p) {
      std::string tok;
      while (*p && *p != ',' && *p != ' ') tok += *p++;
      return trf(S::pytorch_not_a_number, tok.c_str());
    }
    out->push_back(v);
    p = end;
    if (out->size() > 1000) return tr(S::pytorch_too_many);
  }
  if (out->empty()) return tr(S::pytorch_empty);
  return "";
}

}  // namespace

void panel_pytorch(State& s) {
  PytorchPanel& pp = s.pytorch;
  const double p = s.cfg.dropout;
  ImGui::TextUnformatted("drop = nn.Dropout(config.dropout)");
  ImGui::TextDisabled(tr(S::pytorch_config_dropout), dp::python_float_repr(p).c_str());
  ImGui::SetNextItemWidth(-ImGui::GetFontSize() * 2);
  ImGui::InputText("x", pp.x_text, sizeof pp.x_text);
  mark_widget(s, "pytorch.x");
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 7);
  // Any seed torch.manual_seed takes in a link's range (the low 32 bits drive the generator).
  const int64_t step = 1;
  ImGui::InputScalar((std::string(tr(S::pytorch_seed)) + "##torch").c_str(), ImGuiDataType_S64,
                     &pp.seed, &step, nullptr, "%lld");
  mark_widget(s, "pytorch.seed");
  if (ImGui::RadioButton("drop.train()", pp.training)) pp.training = true;
  mark_widget(s, "pytorch.train");
  ImGui::SameLine();
  if (ImGui::RadioButton("drop.eval()", !pp.training)) pp.training = false;
  mark_widget(s, "pytorch.eval");

  std::vector<double> xv;
  std::string err = parse_values(pp.x_text, &xv);
  if (err.empty()) err = dp::dropout_check(p);
  if (!err.empty()) {
    ImGui::TextColored(kErrorColor, "%s", err.c_str());
    return;
  }
  std::vector<float> x(xv.begin(), xv.end()), out(x.size());
  std::vector<uint8_t> mask(x.size());
  dp::Generator gen(static_cast<uint64_t>(pp.seed));
  dp::dropout_forward(x.data(), out.data(), mask.data(), x.size(), p, pp.training, gen);

  ImGui::Spacing();
  ImGui::TextDisabled(">>> print(drop(x))");
  // Exactly what PyTorch prints, line breaks included: never re-wrapped, scrolls sideways.
  const std::string printed = dp::torch_repr_1d(out);
  const int lines = 1 + static_cast<int>(std::count(printed.begin(), printed.end(), '\n'));
  const ImGuiStyle& st = ImGui::GetStyle();
  const bool wide = ImGui::CalcTextSize(printed.c_str()).x > ImGui::GetContentRegionAvail().x;
  const float h =
      std::min(lines, 8) * ImGui::GetTextLineHeight() + (wide ? st.ScrollbarSize : 0) + 2;
  ImGui::BeginChild("##printed", ImVec2(0, h), false, ImGuiWindowFlags_HorizontalScrollbar);
  ImGui::PushStyleColor(ImGuiCol_Text, IM_COL32(140, 240, 160, 255));
  ImGui::TextUnformatted(printed.c_str());
  ImGui::PopStyleColor();
  ImGui::EndChild();
  if (pp.training && p > 0 && p < 1) {
    int kept = 0;
    for (uint8_t k : mask) kept += k;
    ImGui::TextDisabled(tr(S::pytorch_kept), kept, mask.size(),
                        static_cast<double>(dp::dropout_scale(p)));
  } else if (!pp.training) {
    ImGui::TextDisabled("%s", tr(S::pytorch_eval));
  }

  std::string xs;
  for (size_t i = 0; i < xv.size(); ++i) xs += (i ? ", " : "") + dp::python_float_repr(xv[i]);
  std::string code = "import torch\nfrom torch import nn\n\ntorch.manual_seed(" +
                     std::to_string(pp.seed) + ")\ndrop = nn.Dropout(" + dp::python_float_repr(p) +
                     ")  # config.dropout\nx = torch.tensor([" + xs + "])\n" +
                     (pp.training ? "drop.train()" : "drop.eval()") + "\nprint(drop(x))\n";
  ImGui::Spacing();
  ImGui::TextDisabled("%s", tr(S::pytorch_in_python));
  ImGui::SameLine();
  if (ImGui::SmallButton(tr(S::pytorch_copy))) s.host->copy(code, tr(S::pytorch_copy_what));
  mark_widget(s, "pytorch.copy");
  ImGui::PushStyleColor(ImGuiCol_ChildBg, IM_COL32(14, 14, 18, 255));
  ImGui::BeginChild("##py", ImVec2(0, 0), true, ImGuiWindowFlags_HorizontalScrollbar);
  ImGui::TextUnformatted(code.c_str());
  ImGui::EndChild();
  ImGui::PopStyleColor();
}

}  // namespace app
