// The runner's one piece of shared state: the app it drives (for the web API glue).
#pragma once

namespace app {
struct State;
}

namespace platform {

app::State* current_app();  // nullptr before the app exists

// Exports: called after each frame is drawn, before it is presented (files.cpp).
void after_render();

// The WebGL context was lost / restored (web_api.cpp, from web/glcontext.js).
void gl_context_lost();
void gl_context_restored();

}  // namespace platform
