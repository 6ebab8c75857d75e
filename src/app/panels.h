// The registry of panels: one row per panel (id, titles, draw function, where the
// desktop layout puts it). The desktop, embed and phone layouts (app/layout.cpp) and the
// URL's panels= (app/view.cpp) all read it, so a new panel is one new file and one row.
// Each draw function reads the State and changes the config only through
// apply_config / restart_run / reseed_run, so a change lands between steps.
#pragma once
#include <string>
#include <vector>

#include "app/mask_colors.h"
#include "app/strings.h"
#include "imgui.h"

namespace app {

struct State;

void panel_controls(State& s);
void panel_curves(State& s);
void panel_data(State& s);
void uncertainty_view(State& s);  // the data view's Uncertainty mode (panel_uncertainty.cpp)
void image_view(State& s);        // the data view for image data (panel_images.cpp)
// The data view's choice of the model shown: the run with dropout or its p = 0 twin
// (s.heatmap_model), or a note when the run has no twin.
void model_choice(State& s);
void panel_masks(State& s);
// The Masks panel's "What they add up to" view (app/panel_mask_stats.cpp).
void mask_stats_view(State& s);
void panel_network(State& s);
void panel_pytorch(State& s);
void panel_sweep(State& s);
// The lesson panel (app/panel_lesson.cpp): the lesson open, or the list of lessons. Not
// a registry panel: the layouts give it room only while it is open.
void panel_lesson(State& s);
// The frames around what the lesson's step points at (drawn over the panels, last).
void lesson_highlights(State& s);
// How many elements the PyTorch panel's draw zeroes (-1: its x or p is not valid).
int pytorch_dropped(const State& s);

// Where the desktop layout puts a panel: the left column, the top row (Wide panels share
// what the Square ones leave), or the bottom row (by weight; narrow windows tab all but
// the first bottom panel together).
enum class Slot { Left, TopWide, TopSquare, Bottom };

struct PanelInfo {
  const char* id;  // "curves": the URL's panels=, getState().embed.panels
  S title;         // window title in the desktop layout
  S embed_title;   // shorter, in embed and phone layouts
  S tab;           // tab label (phone layout, narrow windows)
  void (*draw)(State&);
  Slot slot;
  float weight;  // share of its row; 0 in the bottom row: a tab beside the panel before it
};

const std::vector<PanelInfo>& panel_registry();  // in layout order
const PanelInfo* find_panel(const std::string& id);
extern const PanelInfo kLessonPanel;  // the lesson panel's titles (layouts)
std::vector<std::string> panel_ids();

// The groups of the Controls panel (the URL's controls=), in the panel's order.
const std::vector<std::string>& control_groups();

// Shared colours: one per class (data view, network) and one per curve.
extern const float kClassColors[4][3];
ImU32 class_color(int k, float alpha = 1.0f);
// The Curves: one colour per run (Okabe-Ito sky blue and orange, told apart with any
// colour vision), one line style per metric; each run's best epoch in its colour.
constexpr ImU32 kRunColor = IM_COL32(86, 180, 233, 255);       // the run with dropout p
constexpr ImU32 kTwinColor = IM_COL32(230, 159, 0, 255);       // its p = 0 twin
constexpr ImU32 kPChangeColor = IM_COL32(204, 121, 167, 255);  // p changed here
// A dropout mask's colours (app/mask_colors.h): kept at its largest, dropped.
constexpr ImU32 kKeptColor =
    IM_COL32(kKeptRamp[kKeptRampStops - 1].r, kKeptRamp[kKeptRampStops - 1].g,
             kKeptRamp[kKeptRampStops - 1].b, 255);
constexpr ImU32 kDroppedColor =
    IM_COL32(kMaskDroppedRgb.r, kMaskDroppedRgb.g, kMaskDroppedRgb.b, 255);
// Kept units and cells shaded by the value Dropout passed on, t = |output| / the layer's
// largest in [0, 1]: from kKeptLowColor (small) to kKeptColor (large), along the ramp of
// app/mask_colors.h.
constexpr ImU32 kKeptLowColor = IM_COL32(kKeptRamp[0].r, kKeptRamp[0].g, kKeptRamp[0].b, 255);
ImU32 kept_shade_color(float t);
inline const ImVec4 kNoticeColor = ImVec4(1.0f, 0.85f, 0.45f, 1.0f);
inline const ImVec4 kErrorColor = ImVec4(1.0f, 0.55f, 0.45f, 1.0f);

// The start card of a first visit (app/intro.cpp): over the Curves, drawn after the
// layout; nothing once dismissed.
void intro_card(State& s);
void dismiss_intro(State& s);  // remembered: the card does not come back

// kTouchTarget (app/app.h) on a touch screen; 0 with a mouse.
float touch_target(const State& s);

// When the run has diverged (NaN or infinite loss: its weights are NaN), says so and
// returns true; the panel then draws nothing of the model.
bool diverged_note(const State& s);
// A run at p = 0 all along has no twin to draw (show_twin() is false): the panel says so
// in its place (reported as widget id for the tests).
void no_twin_note(State& s, const char* id);

// Help marker: a "(?)" after the last item; hovering it shows the text as a tooltip, a
// click or a tap opens it in a popup until the next click or tap (touch screens). The
// "(?)" is reported as `id` (mark_widget), its text as id + ".tooltip" or ".open".
void help_marker(State& s, const char* id, const char* text);
// Rows of options that wrap rather than run off a narrow panel: SameLine() when a
// checkbox or radio button with this label still fits on the line, else nothing (it
// goes on the next line).
void same_line_if_fits(const char* label);
// A tooltip for the last item while it is hovered.
void item_tooltip(const char* text);

// A button (reported as `id`) that saves the take-home notebook of `kind` ("run", "sweep",
// "mc": export_notebook) through the host, or says why there is none. width, height:
// ImGui's (0: the label's, -1: the rest of the line). True when pressed.
bool notebook_button(State& s, const char* id, const char* kind, S label, S tip, float width,
                     float height = 0);

}  // namespace app
