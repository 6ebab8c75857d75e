// The Masks and PyTorch panels as a student reads them: the 20-seed tally of the PyTorch
// panel against counts recorded from real torch; the mask colours told apart in CIELAB
// (normal vision, red-green colour blindness, greyscale); the Masks grid's zoom to units
// that stay at least 5 px wide; the "(?)" help markers under the pointer and the finger.
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "app/api.h"
#include "app/app.h"
#include "app/mask_colors.h"
#include "app_fixture.h"
#include "core/config.h"
#include "core/dropout_tally.h"
#include "imgui.h"
#include "imgui_internal.h"

namespace {

// ---- The tally against real PyTorch ----

// Kept elements of nn.Dropout(p) on x = [1, 2, 3, 4] in training mode for
// torch.manual_seed(42), ..., torch.manual_seed(61), recorded from real PyTorch (Debian's
// python3-torch 1.13) with:
//   /usr/bin/python3 -c "import torch; x = torch.tensor([1., 2., 3., 4.]);
//     [print(p, [(torch.manual_seed(s), int((torch.nn.Dropout(p)(x) != 0).sum()))[1]
//      for s in range(42, 62)]) for p in (0.5, 0.8)]"
constexpr std::array<int, 20> kTorchKeptP05 = {4, 2, 2, 4, 3, 2, 2, 3, 2, 1,
                                               1, 2, 1, 0, 1, 2, 1, 4, 2, 2};  // 41 in all
constexpr std::array<int, 20> kTorchKeptP08 = {4, 1, 1, 0, 2, 0, 0, 2, 1, 1,
                                               0, 0, 0, 0, 0, 1, 1, 0, 1, 1};  // 16 in all

void expect_tally_is_torchs(double p, const std::array<int, 20>& torch_kept, long torch_total) {
  const float x[4] = {1, 2, 3, 4};
  const dp::DropoutTally t = dp::dropout_tally(x, 4, p, 42, 20);
  EXPECT_EQ(t.first_seed, 42);
  EXPECT_EQ(t.last_seed, 61);
  ASSERT_EQ(t.kept.size(), 20u);
  for (int i = 0; i < 20; ++i) EXPECT_EQ(t.kept[i], torch_kept[i]) << "seed " << 42 + i;
  EXPECT_EQ(t.total, torch_total);
  // The binomial law of 20 draws of 4 elements kept with probability 1 - p.
  EXPECT_NEAR(t.expected, 80 * (1 - p), 1e-12);
  EXPECT_NEAR(t.sd, std::sqrt(80 * p * (1 - p)), 1e-12);
  ASSERT_EQ(t.histogram.size(), 5u);
  for (int k = 0; k <= 4; ++k)
    EXPECT_EQ(t.histogram[k], std::count(torch_kept.begin(), torch_kept.end(), k)) << k;
  const double q = 1 - p, choose[5] = {1, 4, 6, 4, 1};
  for (int k = 0; k <= 4; ++k)
    EXPECT_NEAR(t.pmf[k], choose[k] * std::pow(q, k) * std::pow(p, 4 - k), 1e-12) << k;
}

TEST(MasksPytorchTally, TwentySeedsKeepWhatTorchKeptAtHalf) {
  expect_tally_is_torchs(0.5, kTorchKeptP05, 41);
}

TEST(MasksPytorchTally, TwentySeedsKeepWhatTorchKeptAtPointEight) {
  // Seed 42 keeps all 4 at p = 0.8 (expected 0.8 of 4): luck, as the other 19 seeds show.
  expect_tally_is_torchs(0.8, kTorchKeptP08, 16);
}

// What a student reads on the screen: the glyphs of the last frame's draw data, decoded
// from their font-atlas coordinates (a glyph is a quad whose corners carry its U0 V0 and
// U1 V1), into lines by pen position, one window after the other, the lines joined by
// spaces (wrapped sentences read on); only the glyphs within a rectangle when one is
// given. A glyph cut by a clip rectangle has other coordinates and is not read.
std::string screen_text(const app::WidgetRect* within = nullptr) {
  ImFont* font = ImGui::GetIO().Fonts->Fonts[0];
  std::map<std::pair<float, float>, const ImFontGlyph*> by_uv;
  for (const ImFontGlyph& g : font->Glyphs)
    if (g.Visible) by_uv[{g.U0, g.V0}] = &g;
  std::string out;
  ImDrawData* dd = ImGui::GetDrawData();
  for (int l = 0; dd && l < dd->CmdListsCount; ++l) {
    const ImVector<ImDrawVert>& v = dd->CmdLists[l]->VtxBuffer;
    std::map<float, std::map<float, const ImFontGlyph*>> lines;  // pen y -> pen x -> glyph
    for (int i = 0; i + 3 < v.Size; ++i) {
      auto it = by_uv.find({v[i].uv.x, v[i].uv.y});
      if (it == by_uv.end()) continue;
      const ImFontGlyph* g = it->second;
      if (v[i + 2].uv.x != g->U1 || v[i + 2].uv.y != g->V1) continue;
      const float x = v[i].pos.x - g->X0, y = v[i].pos.y - g->Y0;  // the pen
      if (within && (x < within->x || x >= within->x + within->w || y < within->y ||
                     y >= within->y + within->h))
        continue;
      lines[y][x] = g;
      i += 3;
    }
    for (const auto& line : lines) {
      float pen = 0;
      bool first = true;
      for (const auto& [x, g] : line.second) {
        if (!first)
          for (int k = static_cast<int>(std::lround((x - pen) / g->AdvanceX)); k > 1; --k)
            out += ' ';
        first = false;
        pen = x;
        const unsigned c = g->Codepoint;
        if (c < 0x80) {
          out += static_cast<char>(c);
        } else {  // UTF-8, two bytes (the font's Latin-1 half)
          out += static_cast<char>(0xC0 | (c >> 6));
          out += static_cast<char>(0x80 | (c & 0x3F));
        }
      }
      out += ' ';
    }
  }
  return out;
}

class MasksPytorchTest : public AppTest {
 protected:
  std::string text_frame(float width = 1280, float height = 800, float x = -1e9f, float y = -1e9f) {
    frame(width, height, x, y);
    return screen_text();
  }
  void set_config(const char* json) {
    dp::Config c = app::config(*state);
    ASSERT_EQ(dp::config_apply_json(json, &c), "");
    ASSERT_EQ(app::set_config(*state, c), "");
  }
  app::WidgetRect rect(const std::string& id) {
    app::WidgetRect r;
    EXPECT_TRUE(app::widget_rect(*state, id, &r)) << id;
    return r;
  }
  static bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
  }
};

TEST_F(MasksPytorchTest, ThePanelShowsTheExpectationAndTheTallyOfTwentySeeds) {
  start();
  for (int i = 0; i < 3; ++i) frame();
  auto read = [&](const char* id) {
    const app::WidgetRect r = rect(id);
    return screen_text(&r);
  };
  frame();
  EXPECT_EQ(read("pytorch.printed"), "tensor([2., 4., 6., 8.]) ");
  EXPECT_TRUE(
      contains(read("pytorch.expected"), "expected kept ~ (1-p)*n = 2 of 4; this draw kept 4;"));
  EXPECT_EQ(read("pytorch.tally"), "20 seeds (42..61): kept 41 of 80; expected 40 ± 4.47 ");
  // The classic example: the widely shared claim, and what PyTorch really prints.
  EXPECT_TRUE(contains(read("pytorch.claim"), "tensor([0., 0., 0., 8.])"));

  set_config(R"({"dropout": 0.8})");
  for (int i = 0; i < 3; ++i) frame();
  EXPECT_EQ(read("pytorch.printed"), "tensor([ 5., 10., 15., 20.]) ");  // torch's print
  EXPECT_TRUE(
      contains(read("pytorch.expected"), "expected kept ~ (1-p)*n = 0.8 of 4; this draw kept 4;"));
  EXPECT_EQ(read("pytorch.tally"), "20 seeds (42..61): kept 16 of 80; expected 16 ± 3.58 ");
  EXPECT_FALSE(has("pytorch.claim"));  // the claim is about p = 0.5
  EXPECT_TRUE(has("pytorch.tally.histogram"));
}

TEST_F(MasksPytorchTest, EveryLineOfThePytorchPanelStaysInsideIt) {
  start();
  for (int i = 0; i < 3; ++i) frame();
  click("pytorch.eval");
  frame();
  const app::WidgetRect panel = rect("panel.pytorch");
  const app::WidgetRect note = rect("pytorch.eval_note");
  EXPECT_GT(note.h, 1.5f * ImGui::GetFontSize());  // it wraps: two lines at 1280 x 800
  for (const app::WidgetRect& w : app::widget_rects(*state))
    if (w.id.rfind("pytorch.", 0) == 0) {
      EXPECT_LE(w.x + w.w, panel.x + panel.w) << w.id;
    }
}

TEST_F(MasksPytorchTest, ALongXIsBrokenIntoPythonLinesThatFitTheCodeBox) {
  start();
  for (int i = 0; i < 3; ++i) frame();
  // Select x's text and type eight values.
  type_into("pytorch.x", "1, 2, 3, 4, 5, 6, 7, 8");
  click("pytorch.copy");
  ASSERT_FALSE(machine->copied.empty());
  const std::string code = machine->copied.back();
  // Valid Python: the list goes on inside its brackets.
  std::string joined;
  for (char c : code.substr(code.find("x = ")))
    if (c != ' ' && c != '\n') joined += c;
  EXPECT_EQ(joined.rfind("x=torch.tensor([1.0,2.0,3.0,4.0,5.0,6.0,7.0,8.0])", 0), 0u) << code;
  const app::WidgetRect box = rect("pytorch.code");
  const float char_w = ImGui::CalcTextSize("0").x;
  size_t start = 0, longest = 0;
  while (start < code.size()) {
    size_t end = code.find('\n', start);
    if (end == std::string::npos) end = code.size();
    longest = std::max(longest, end - start);
    start = end + 1;
  }
  EXPECT_LE(longest * char_w, box.w - 2 * ImGui::GetStyle().WindowPadding.x) << code;
}

// ---- The mask colours, in the test's own CIELAB ----

struct Lab {
  double L, a, b;
};

double srgb_to_linear(double c8) {
  const double c = c8 / 255.0;
  return c <= 0.04045 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4);
}

// Linear sRGB -> XYZ (IEC 61966-2-1 primaries, D65) -> CIELAB with the D65 white.
Lab lab_of_linear(const double rgb[3]) {
  const double X = 0.4124564 * rgb[0] + 0.3575761 * rgb[1] + 0.1804375 * rgb[2];
  const double Y = 0.2126729 * rgb[0] + 0.7151522 * rgb[1] + 0.0721750 * rgb[2];
  const double Z = 0.0193339 * rgb[0] + 0.1191920 * rgb[1] + 0.9503041 * rgb[2];
  auto f = [](double t) {
    const double d = 6.0 / 29.0;
    return t > d * d * d ? std::cbrt(t) : t / (3 * d * d) + 4.0 / 29.0;
  };
  const double fx = f(X / 0.95047), fy = f(Y / 1.0), fz = f(Z / 1.08883);
  return {116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)};
}

// Colour vision deficiency at severity 1.0, in linear RGB: the matrices of Machado,
// Oliveira and Fernandes, "A Physiologically-based Model for Simulation of Color Vision
// Deficiency", IEEE TVCG 15(6), 2009 (their table, severity 1.0).
constexpr double kProtanopia[3][3] = {{0.152286, 1.052583, -0.204868},
                                      {0.114503, 0.786281, 0.099216},
                                      {-0.003882, -0.048116, 1.051998}};
constexpr double kDeuteranopia[3][3] = {{0.367322, 0.860646, -0.227968},
                                        {0.280085, 0.672501, 0.047413},
                                        {-0.011820, 0.042940, 0.968881}};

enum class Vision { Normal, Protanopia, Deuteranopia };

Lab lab_of(app::Rgb8 c, Vision v = Vision::Normal) {
  double lin[3] = {srgb_to_linear(c.r), srgb_to_linear(c.g), srgb_to_linear(c.b)};
  if (v != Vision::Normal) {
    const double(*m)[3] = v == Vision::Protanopia ? kProtanopia : kDeuteranopia;
    double out[3];
    for (int i = 0; i < 3; ++i)
      out[i] = std::clamp(m[i][0] * lin[0] + m[i][1] * lin[1] + m[i][2] * lin[2], 0.0, 1.0);
    std::copy(out, out + 3, lin);
  }
  return lab_of_linear(lin);
}

double delta_e76(const Lab& x, const Lab& y) {
  return std::sqrt((x.L - y.L) * (x.L - y.L) + (x.a - y.a) * (x.a - y.a) +
                   (x.b - y.b) * (x.b - y.b));
}

// The smallest difference between the dropped colour and any of 256 steps of the ramp.
template <class Ramp>
double min_delta_e(app::Rgb8 dropped, Ramp ramp, Vision v) {
  double m = 1e9;
  for (int i = 0; i < 256; ++i)
    m = std::min(m, delta_e76(lab_of(dropped, v), lab_of(ramp(i / 255.0f), v)));
  return m;
}
template <class Ramp>
double min_lightness_gap(app::Rgb8 dropped, Ramp ramp) {
  double m = 1e9;
  for (int i = 0; i < 256; ++i)
    m = std::min(m, std::fabs(lab_of(dropped).L - lab_of(ramp(i / 255.0f)).L));
  return m;
}

TEST(MasksPytorchColours, TheTestsCielabIsTheStandardOne) {
  // Reference values of sRGB colours in CIELAB (D65).
  const Lab white = lab_of({255, 255, 255}), red = lab_of({255, 0, 0}),
            grey = lab_of({119, 119, 119});
  EXPECT_NEAR(white.L, 100.0, 0.01);
  EXPECT_NEAR(white.a, 0.0, 0.01);
  EXPECT_NEAR(white.b, 0.0, 0.01);
  EXPECT_NEAR(red.L, 53.24, 0.02);
  EXPECT_NEAR(red.a, 80.09, 0.05);
  EXPECT_NEAR(red.b, 67.20, 0.05);
  EXPECT_NEAR(grey.L, 50.0, 0.3);
  // Grey stays grey for every simulated vision (each matrix row sums to 1).
  for (Vision v : {Vision::Protanopia, Vision::Deuteranopia})
    EXPECT_LT(delta_e76(lab_of({119, 119, 119}, v), grey), 0.01);
}

TEST(MasksPytorchColours, DroppedIsFarFromEveryKeptShadeForEveryVision) {
  const auto ramp = [](float t) { return app::kept_rgb(t); };
  const app::Rgb8 dropped = app::kMaskDroppedRgb;
  const double normal = min_delta_e(dropped, ramp, Vision::Normal);
  const double protan = min_delta_e(dropped, ramp, Vision::Protanopia);
  const double deutan = min_delta_e(dropped, ramp, Vision::Deuteranopia);
  const double grey = min_lightness_gap(dropped, ramp);
  EXPECT_GE(normal, 20.0);
  EXPECT_GE(protan, 20.0);
  EXPECT_GE(deutan, 20.0);
  EXPECT_GE(grey, 15.0);  // greyscale: the lightness alone tells them apart
  RecordProperty("min_delta_e_normal", std::to_string(normal));
  RecordProperty("min_delta_e_protanopia", std::to_string(protan));
  RecordProperty("min_delta_e_deuteranopia", std::to_string(deutan));
  RecordProperty("min_lightness_gap", std::to_string(grey));
  std::printf("min dE76: normal %.1f, protanopia %.1f, deuteranopia %.1f; min |dL*| %.1f\n", normal,
              protan, deutan, grey);
}

TEST(MasksPytorchColours, TheKeptRampIsColouredAndRisesInLightness) {
  double last_L = -1, min_chroma = 1e9;
  for (int i = 0; i < 256; ++i) {
    const Lab c = lab_of(app::kept_rgb(i / 255.0f));
    min_chroma = std::min(min_chroma, std::hypot(c.a, c.b));
    EXPECT_GE(c.L, last_L - 0.5) << i;  // larger values are lighter, also in greyscale
    last_L = c.L;
  }
  EXPECT_GE(min_chroma, 25.0);  // never near neutral grey
  EXPECT_GE(lab_of(app::kept_rgb(1.0f)).L - lab_of(app::kept_rgb(0.0f)).L, 30.0);
}

TEST(MasksPytorchColours, TheCheckFailsTheFormerDarkRedAndTeal) {
  // The former colours: dropped (120, 40, 48), kept from (38, 78, 92) to (250, 220, 90).
  const auto former = [](float t) {
    const double a[3] = {38, 78, 92}, b[3] = {250, 220, 90};
    auto at = [&](int k) { return static_cast<uint8_t>(a[k] + (b[k] - a[k]) * t); };
    return app::Rgb8{at(0), at(1), at(2)};
  };
  EXPECT_LT(min_delta_e(app::Rgb8{120, 40, 48}, former, Vision::Deuteranopia), 20.0);
  EXPECT_LT(min_lightness_gap(app::Rgb8{120, 40, 48}, former), 15.0);
}

// ---- The Masks grid ----

TEST_F(MasksPytorchTest, NinetySixUnitsAtTwelveEightyShowTheUnitsThatFitAtFivePixels) {
  start();
  app::step(*state, 13);  // a full batch of 8 (the 13th batch opens the second epoch)
  for (int i = 0; i < 3; ++i) frame();
  const std::string text = text_frame();
  const app::WidgetRect grid = rect("masks.layer.1"), cell = rect("masks.cell.1");
  EXPECT_GE(cell.w, 5.0f);
  const int shown = static_cast<int>(std::lround(grid.w / cell.w));
  EXPECT_LT(shown, 96);
  EXPECT_GT(shown, 40);
  EXPECT_TRUE(has("masks.units"));
  EXPECT_TRUE(contains(text, "units 1-" + std::to_string(shown) + " of 96 are drawn")) << text;
  EXPECT_TRUE(contains(text, "units ->")) << text;
  // The next page ends at unit 96; hovering its first cell names that unit.
  click("masks.units.next");
  frame();
  const app::WidgetRect first = rect("masks.cell.1");
  frame(1280, 800, first.x + first.w / 2, first.y + first.h / 2);
  const std::string tip = text_frame(1280, 800, first.x + first.w / 2, first.y + first.h / 2);
  const int first_unit = std::min(shown, 96 - shown) + 1;
  EXPECT_TRUE(contains(tip, "units " + std::to_string(first_unit) + "-96 of 96")) << tip;
  EXPECT_TRUE(contains(tip, "sample 1, unit " + std::to_string(first_unit) + ":")) << tip;
}

TEST_F(MasksPytorchTest, AWideWindowShowsEveryUnit) {
  start();
  app::step(*state, 13);
  for (int i = 0; i < 3; ++i) frame(1920, 1080);
  const app::WidgetRect grid = rect("masks.layer.1"), cell = rect("masks.cell.1");
  EXPECT_GE(cell.w, 5.0f);
  EXPECT_NEAR(grid.w / cell.w, 96.0, 0.01);
  EXPECT_FALSE(has("masks.units"));
}

// ---- Help markers ----

bool tooltip_open() {
  ImGuiWindow* w = ImGui::FindWindowByName("##Tooltip_00");
  return w && w->Active;
}

TEST_F(MasksPytorchTest, HoveringTheHelpGlyphShowsItsTooltip) {
  start();
  app::step(*state, 13);
  for (int i = 0; i < 3; ++i) frame();
  const app::WidgetRect r = rect("masks.help");
  EXPECT_FALSE(tooltip_open());
  for (float fx : {0.15f, 0.5f, 0.85f}) {  // anywhere on the glyph
    frame(1280, 800, r.x + r.w * fx, r.y + r.h / 2);
    frame(1280, 800, r.x + r.w * fx, r.y + r.h / 2);
    EXPECT_TRUE(tooltip_open()) << fx;
    EXPECT_TRUE(has("masks.help.tooltip")) << fx;
  }
  frame(1280, 800, r.x + r.w + 12, r.y + r.h / 2);  // off it: no tooltip
  frame(1280, 800, r.x + r.w + 12, r.y + r.h / 2);
  EXPECT_FALSE(tooltip_open());
  EXPECT_FALSE(has("masks.help.tooltip"));
}

TEST_F(MasksPytorchTest, ATapOnTheHelpGlyphTogglesItsText) {
  start(true);  // the browser; a tap is a press and release where the finger is, then nothing
  app::step(*state, 13);
  for (int i = 0; i < 3; ++i) frame();
  EXPECT_FALSE(has("masks.help.open"));
  click("masks.help");
  frame();  // the finger is lifted and gone: the text stays
  frame();
  EXPECT_TRUE(has("masks.help.open"));
  EXPECT_FALSE(has("masks.help.tooltip"));
  click("masks.help");  // a second tap closes it
  frame();
  frame();
  EXPECT_FALSE(has("masks.help.open"));
}

}  // namespace
