// The panels. Each reads the State (and the trainers in it) and may change the config
// only through apply_config / restart / reseed, so a change lands between steps.
#pragma once
#include "imgui.h"

namespace app {

struct State;

void panel_controls(State& s);
void panel_curves(State& s);
void panel_masks(State& s);
void panel_data(State& s);
void panel_network(State& s);
void panel_pytorch(State& s);
void panel_export(State& s);  // the Export buttons (a section of Controls)

// Phone-sized windows (app/layout_narrow.cpp): Curves on top, the rest as tabs
// (below kNarrowWidth, app.h).
void narrow_layout(State& s, float W, float H);
// Touch screens: dragging a panel's empty space scrolls it (call once per frame).
void touch_scroll();

// Shared colours: one per class (data view, network) and one per curve.
extern const float kClassColors[4][3];
ImU32 class_color(int k, float alpha = 1.0f);
constexpr ImU32 kTrainColor = IM_COL32(90, 160, 255, 255);       // training loss (eval mode)
constexpr ImU32 kTrainModeColor = IM_COL32(150, 150, 160, 255);  // training loss (train mode)
constexpr ImU32 kValColor = IM_COL32(255, 150, 60, 255);         // validation loss
constexpr ImU32 kTwinTrainColor = IM_COL32(150, 195, 255, 190);  // the p = 0 twin: dashed, lighter
constexpr ImU32 kTwinValColor = IM_COL32(255, 110, 90, 200);
constexpr ImU32 kBestColor = IM_COL32(120, 230, 140, 255);     // best validation epoch
constexpr ImU32 kPChangeColor = IM_COL32(230, 120, 230, 255);  // p changed here
constexpr ImU32 kKeptColor = IM_COL32(250, 220, 90, 255);
constexpr ImU32 kDroppedColor = IM_COL32(120, 40, 48, 255);

// When the run has diverged (NaN or infinite loss: its weights are NaN), says so and
// returns true; the panel then draws nothing of the model (issue 4: no garbage).
bool diverged_note(const State& s);

// Help marker: a "(?)" with a tooltip, the ImGui idiom.
void help_marker(const char* text);

}  // namespace app
