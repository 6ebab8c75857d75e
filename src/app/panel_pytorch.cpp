// PyTorch panel: the classic example, `drop = nn.Dropout(config.dropout)`, run by
// the core's dropout (the same routine as the CLI's `dropout` command) on an editable
// x with its own seed, printed exactly as PyTorch prints it, next to the Python lines
// that reproduce it. Beside the draw: how many elements dropout is expected to keep,
// and the kept counts of 20 seeds in a row against the binomial law, so that one lucky
// draw is not taken for the rule.
#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "app/panels.h"
#include "app/state.h"
#include "core/dropout.h"
#include "core/dropout_tally.h"
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

// 0.8, 2, 2.67, 3.58: at most two decimals, no trailing zeros.
std::string short_number(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f", v);
  std::string t = buf;
  while (!t.empty() && t.back() == '0') t.pop_back();
  if (!t.empty() && t.back() == '.') t.pop_back();
  return t == "-0" ? "0" : t;
}

// The panel's draw: torch.manual_seed(seed); drop(x), in the panel's mode.
void draw(const PytorchPanel& pp, double p, const std::vector<float>& x, std::vector<float>* out,
          std::vector<uint8_t>* mask) {
  out->assign(x.size(), 0.0f);
  mask->assign(x.size(), 0);
  dp::Generator gen(static_cast<uint64_t>(pp.seed));
  dp::dropout_forward(x.data(), out->data(), mask->data(), x.size(), p, pp.training, gen);
}

constexpr int kTallySeeds = 20;

// The tally's histogram: a caption with the help marker over bars (how many draws kept
// k, k = 0..n) with a tick on each for the draws the binomial law expects, k under each.
float histogram_bin_width() {
  return std::max(ImGui::GetFontSize() * 1.3f, ImGui::CalcTextSize("00").x + 4);
}
float histogram_width(const dp::DropoutTally& t) {
  const float caption = ImGui::CalcTextSize(tr(S::pytorch_tally_axis)).x +
                        ImGui::GetStyle().ItemSpacing.x + ImGui::CalcTextSize("(?)").x;
  return std::max(caption, histogram_bin_width() * static_cast<float>(t.n + 1));
}

void tally_histogram(State& s, const dp::DropoutTally& t) {
  const float fh = ImGui::GetFontSize();
  const int bins = static_cast<int>(t.n) + 1;
  const float bw = histogram_bin_width();
  const float bar_h = fh * 2;
  ImGui::BeginGroup();
  ImGui::TextDisabled("%s", tr(S::pytorch_tally_axis));
  help_marker(s, "pytorch.tally.help", tr(S::pytorch_tally_help));
  const ImVec2 o = ImGui::GetCursorScreenPos();
  ImGui::Dummy(ImVec2(bw * bins, bar_h + fh + 2));
  mark_widget(s, "pytorch.tally.histogram");
  ImGui::EndGroup();
  double top = 1e-9;  // the tallest of bars and ticks fills the height
  for (int k = 0; k < bins; ++k)
    top = std::max({top, static_cast<double>(t.histogram[k]), t.draws * t.pmf[k]});
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImU32 bar = IM_COL32(140, 240, 160, 200), tick = IM_COL32(255, 255, 255, 230);
  const ImU32 axis = ImGui::GetColorU32(ImGuiCol_TextDisabled);
  const float base = o.y + bar_h;
  for (int k = 0; k < bins; ++k) {
    const float x0 = o.x + k * bw + 2, x1 = o.x + (k + 1) * bw - 2;
    const float hk = static_cast<float>(bar_h * t.histogram[k] / top);
    if (hk > 0) dl->AddRectFilled(ImVec2(x0, base - hk), ImVec2(x1, base), bar);
    const float he = static_cast<float>(bar_h * t.draws * t.pmf[k] / top);
    dl->AddLine(ImVec2(x0 - 1, std::round(base - he)), ImVec2(x1 + 1, std::round(base - he)), tick,
                2.0f);
    char label[16];
    std::snprintf(label, sizeof label, "%d", k);
    const float lw = ImGui::CalcTextSize(label).x;
    dl->AddText(ImVec2(std::floor((x0 + x1 - lw) / 2), base + 2), axis, label);
  }
  dl->AddLine(ImVec2(o.x, base + 0.5f), ImVec2(o.x + bw * bins, base + 0.5f), axis);
  if (ImGui::IsMouseHoveringRect(o, ImVec2(o.x + bw * bins, base + fh + 2)) &&
      ImGui::IsWindowHovered()) {
    const int k = std::clamp(static_cast<int>((ImGui::GetIO().MousePos.x - o.x) / bw), 0, bins - 1);
    ImGui::SetTooltip(tr(S::pytorch_tally_bin), t.histogram[k], t.draws, k, t.n,
                      short_number(t.draws * t.pmf[k]).c_str());
  }
}

}  // namespace

void panel_pytorch(State& s) {
  PytorchPanel& pp = s.pytorch;
  const double p = s.cfg.dropout;
  ImGui::PushTextWrapPos(0);  // every sentence wraps at the panel's edge
  ImGui::TextUnformatted("drop = nn.Dropout(config.dropout)");
  ImGui::TextDisabled(tr(S::pytorch_config_dropout), dp::python_float_repr(p).c_str());
  ImGui::SetNextItemWidth(-ImGui::GetFontSize() * 2);
  ImGui::InputText("x", pp.x_text, sizeof pp.x_text);
  mark_text_field(s, "pytorch.x");
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 7);
  // Any seed torch.manual_seed takes in a link's range (the low 32 bits drive the generator).
  const int64_t step = 1;
  ImGui::InputScalar((std::string(tr(S::pytorch_seed)) + "##torch").c_str(), ImGuiDataType_S64,
                     &pp.seed, &step, nullptr, "%lld");
  mark_text_field(s, "pytorch.seed");
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
    ImGui::PopTextWrapPos();
    return;
  }
  std::vector<float> x(xv.begin(), xv.end()), out;
  std::vector<uint8_t> mask;
  draw(pp, p, x, &out, &mask);

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
  mark_widget(s, "pytorch.printed");
  // The classic example's widely shared claim, next to what torch really prints for it:
  // shown for that example (x = [1, 2, 3, 4], seed 42, p = 0.5, train mode) only.
  {
    static const float kClassicX[4] = {1, 2, 3, 4};
    if (pp.training && p == 0.5 && pp.seed == 42 && x.size() == 4 &&
        std::equal(x.begin(), x.end(), kClassicX)) {
      ImGui::TextDisabled("%s", tr(S::pytorch_claim));
      mark_widget(s, "pytorch.claim");
    }
  }
  if (pp.training && p > 0 && p < 1) {
    int kept = 0;
    for (uint8_t k : mask) kept += k;
    // Seeds seed..seed+19: the same x and p, one draw each, as torch computes them.
    const dp::DropoutTally t = dp::dropout_tally(x.data(), x.size(), p, pp.seed, kTallySeeds);
    // The sentences, with the histogram on their right when it leaves them room.
    const float avail = ImGui::GetContentRegionAvail().x, gap = st.ItemSpacing.x * 2;
    const bool hist = t.n <= 16;
    const bool beside = hist && histogram_width(t) + gap <= avail * 0.45f;
    if (beside) {
      ImGui::BeginGroup();
      ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + avail - histogram_width(t) - gap);
    }
    ImGui::TextDisabled(tr(S::pytorch_kept),
                        short_number(dp::dropout_expected_kept(mask.size(), p)).c_str(),
                        mask.size(), kept, static_cast<double>(dp::dropout_scale(p)));
    mark_widget(s, "pytorch.expected");
    ImGui::Text(tr(S::pytorch_tally), t.draws, static_cast<long long>(t.first_seed),
                static_cast<long long>(t.last_seed), t.total, static_cast<long>(t.draws * t.n),
                short_number(t.expected).c_str(), short_number(t.sd).c_str());
    mark_widget(s, "pytorch.tally");
    if (beside) {
      ImGui::PopTextWrapPos();
      ImGui::EndGroup();
      ImGui::SameLine(0, gap);
    }
    if (hist)
      tally_histogram(s, t);
    else
      help_marker(s, "pytorch.tally.help", tr(S::pytorch_tally_help));
  } else if (!pp.training) {
    ImGui::TextDisabled("%s", tr(S::pytorch_eval));
    mark_widget(s, "pytorch.eval_note");
  }
  // The Python lines; a long x is broken inside its brackets (still valid Python) to fit
  // the panel, and the box scrolls sideways for what still does not.
  const float char_w = ImGui::CalcTextSize("0").x;
  const size_t fit = static_cast<size_t>(
      std::max(24.0f, (ImGui::GetContentRegionAvail().x - 2 * st.WindowPadding.x) / char_w));
  const std::string lead = "x = torch.tensor([";
  std::string xs, line = lead;
  for (size_t i = 0; i < xv.size(); ++i) {
    const std::string item = dp::python_float_repr(xv[i]) + (i + 1 < xv.size() ? "," : "])");
    if (line.size() > lead.size() && line.size() + 1 + item.size() > fit) {
      xs += line + "\n";
      line = std::string(lead.size(), ' ');
    } else if (line.size() > lead.size()) {
      line += ' ';
    }
    line += item;
  }
  xs += line;
  std::string code = "import torch\nfrom torch import nn\n\ntorch.manual_seed(" +
                     std::to_string(pp.seed) + ")\ndrop = nn.Dropout(" + dp::python_float_repr(p) +
                     ")  # config.dropout\n" + xs + "\n" +
                     (pp.training ? "drop.train()" : "drop.eval()") + "\nprint(drop(x))\n";
  ImGui::Spacing();
  ImGui::TextDisabled("%s", tr(S::pytorch_in_python));
  ImGui::SameLine();
  if (ImGui::SmallButton(tr(S::pytorch_copy))) s.host->copy(code, tr(S::pytorch_copy_what));
  mark_widget(s, "pytorch.copy");
  ImGui::PopTextWrapPos();
  // As tall as the code (the panel scrolls when it is short), the room left when more.
  const int code_lines = 1 + static_cast<int>(std::count(code.begin(), code.end(), '\n'));
  const float code_h = code_lines * ImGui::GetTextLineHeightWithSpacing() + 2 * st.WindowPadding.y +
                       st.ScrollbarSize;
  ImGui::PushStyleColor(ImGuiCol_ChildBg, IM_COL32(14, 14, 18, 255));
  ImGui::BeginChild("##py", ImVec2(0, std::max(code_h, ImGui::GetContentRegionAvail().y)), true,
                    ImGuiWindowFlags_HorizontalScrollbar);
  ImGui::TextUnformatted(code.c_str());
  ImGui::EndChild();
  mark_widget(s, "pytorch.code");
  ImGui::PopStyleColor();
}

int pytorch_dropped(const State& s) {
  std::vector<double> xv;
  if (!parse_values(s.pytorch.x_text, &xv).empty() || !dp::dropout_check(s.cfg.dropout).empty())
    return -1;
  std::vector<float> x(xv.begin(), xv.end()), out;
  std::vector<uint8_t> mask;
  draw(s.pytorch, s.cfg.dropout, x, &out, &mask);
  return static_cast<int>(std::count(mask.begin(), mask.end(), 0));
}

}  // namespace app
