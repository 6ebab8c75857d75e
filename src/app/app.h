// The playground app as the platform layer sees it: create it once the GL context
// and Dear ImGui exist, call frame() between ImGui::NewFrame() and ImGui::Render()
// every frame, destroy it at exit. The app never owns the loop or the window.
#pragma once
#include <string>

namespace app {

struct State;

// Below this width (UI units = CSS pixels) the phone layout is used
// (app/layout_narrow.cpp); with a finger for a pointer the runner then draws the text
// kNarrowFontScale times larger.
constexpr float kNarrowWidth = 700.0f;
constexpr float kShortHeight = 480.0f;  // a phone in landscape: the same layout, side by side
constexpr float kNarrowFontScale = 1.25f;

struct LaunchOptions {
  std::string config_json;  // partial config applied before the first frame, e.g. {"dropout":0.5}
  int train_epochs = 0;     // epochs trained before the first frame (screenshots, demos)
  bool paused = false;      // start paused instead of playing
  bool max_speed = false;   // train as fast as the frame budget allows
};

// Returns nullptr and fills *error when the options are invalid.
State* create(const LaunchOptions& options, std::string* error);
void frame(State& state);  // app_frame: one bounded slice of training + the whole UI
void destroy(State* state);

// Seconds spent training in the last frame (for the runner's frame-time report).
double last_train_seconds(const State& state);

// The GL context was lost and restored (WebGL): every GL object is gone; the app's
// textures and programs are dropped and made again when next drawn.
void gl_context_restored(State& state);

}  // namespace app
