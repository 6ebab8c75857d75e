// What the platform's files share: the runner's app (for the page glue of web_api.cpp),
// the Host it hands the app (host.cpp), and the GL context's state.
#pragma once
#include <string>

#include "app/app.h"

namespace platform {

app::State* current_app();  // nullptr before the app exists

// Something happened (an input, a page call or message, a change of visibility or GL
// context): the runner draws frames again for a while, even when the app is idle.
void wake();

// The services the app reaches the machine through (host.cpp).
const app::Host& host();
// A setting Host::remember kept from an earlier visit ("" when none).
std::string recalled(const std::string& key);

// Called by the runner right after a frame is drawn, before it is presented: a
// requested PNG of the view is taken then (the drawing buffer holds exactly what is shown).
void after_render(int framebuffer_w, int framebuffer_h);

// The WebGL context was lost / restored (web_api.cpp, from web/device.js).
void gl_context_lost();
void gl_context_restored();

// The Host's sweep workers (sweep_workers.cpp): threads, or the page's Web Workers.
void fill_sweep_host(app::Host* h);

// Runner facts the host reports (main.cpp).
float font_scale();

// Typing from the page's hidden <input> (phones, web/textinput.js): a key (a GLFW key code:
// Backspace, Enter, ...) pressed in the next frame and released in the one after.
void press_key(int glfw_key);

}  // namespace platform
