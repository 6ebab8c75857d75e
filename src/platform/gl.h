// The OpenGL headers for both targets: OpenGL ES 3.0 (WebGL2) in the browser,
// OpenGL 3.3 core on the desktop. App code includes this instead of any GL header.
#pragma once
#ifdef __EMSCRIPTEN__
#include <GLES3/gl3.h>
#else
// Linux's libGL exports every core entry point, so prototypes suffice (no loader).
#define GL_GLEXT_PROTOTYPES 1
#include <GL/gl.h>
#include <GL/glext.h>
#endif
