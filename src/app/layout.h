// The layouts of app/layout.cpp (app/app.cpp picks one per frame).
#pragma once

namespace app {

struct State;

void desktop_layout(State& s, float W, float H);  // every panel, the full layout
void grid_layout(State& s, float W, float H);     // embed=1 and panels=: the chosen panels
void phone_layout(State& s, float W, float H);    // narrow or short screens
void touch_scroll(const State& s);                // call once per frame

}  // namespace app
