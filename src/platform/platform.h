// What the platform layer offers the app: a clock, shader programs built from the
// files in shaders/ (the #version line is prepended here), the clipboard, and the
// few facts about the target the UI mentions. Everything target-specific lives in
// src/platform/; the app never tests __EMSCRIPTEN__ itself.
#pragma once
#include <string>

#include "platform/gl.h"

namespace platform {

// "#version 300 es" (WebGL2) or "#version 330 core" (desktop), without newline.
const char* glsl_version();

// True in the browser build. Used for wording only ("tab" vs "window").
bool is_web();

// Monotonic seconds.
double now_seconds();

// Links a program from two embedded shader files, e.g. ("fullscreen.vert",
// "heatmap.frag"). Returns 0 and fills *error (compiler log) on failure.
GLuint shader_program(const char* vertex_file, const char* fragment_file, std::string* error);

// Lets vertex shaders set gl_PointSize (always on in GLES 3 / WebGL2; a switch in GL core).
void enable_program_point_size();

// The page's address without query ("http://127.0.0.1:8000/"), "" on the desktop.
std::string page_url();

// Puts text on the system clipboard (the browser's, on the web). `what` names it in
// the notice that reports the outcome ("the PyTorch script"). On the web the browser
// may refuse (no permission, insecure page): that arrives later as a notice, never an
// error. Returns a notice to show now ("" when the outcome arrives later).
std::string set_clipboard(const std::string& text, const std::string& what = "the link");

// Exports (src/platform/files.cpp). Offers text as a file named `name`: a download on
// the web (Blob + a[download], web/exports.js); on the desktop a file in the current
// directory. Returns a notice for the user ("Saved /home/me/curves.csv").
std::string save_text_file(const std::string& name, const std::string& mime,
                           const std::string& text);

// Saves the next rendered frame, exactly as shown, as a PNG named `name` (download on
// the web, a file in the current directory on the desktop). The runner does it after
// drawing (src/platform/main.cpp); the outcome arrives as a notice.
void request_view_png(const std::string& name);

// A config file for Import. Web: opens the browser's file picker, the page imports the
// chosen file itself (playground.importConfig) and reports it; returns false.
// Desktop: reads `name` from the current directory into *text and returns true, or
// returns false with *error set.
bool pick_config_file(const std::string& name, std::string* text, std::string* error);

// True while the user works with a finger (web/device.js replays touches as mouse
// events); false on the desktop and after a real mouse click.
bool touch_input();

// How much larger than normal the text is drawn (1, or app::kNarrowFontScale on a phone).
float font_scale();

}  // namespace platform
