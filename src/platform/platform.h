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

// Puts text on the system clipboard (the browser's, on the web).
void set_clipboard(const std::string& text);

}  // namespace platform
