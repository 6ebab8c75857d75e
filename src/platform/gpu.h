// The GPU work the app asks of the platform (app::Host::texture and ::heatmap), on
// OpenGL ES 3.0 (WebGL2) in the browser and OpenGL 3.3 core on the desktop, and the
// framebuffer as a PNG file on the desktop (Debian's stb_image_write).
#pragma once
#include <string>

#include "app/app.h"

namespace platform::gpu {

// "#version 300 es" (WebGL2) or "#version 330 core" (desktop), without newline.
const char* glsl_version();

// The texture of an image, uploaded again when its version changes.
ImTextureID texture(const app::Image& image);
// The heatmap scene coloured by shaders/heatmap.frag with the points over it
// (shaders/points.*), in an offscreen w x h texture; rerendered only when the scene, the
// size or the point size change. 0 and *error when GL cannot do it.
ImTextureID heatmap(const app::HeatmapScene& scene, int w, int h, float point_px,
                    std::string* error);

// The context was lost: every GL name is gone. Forget them; they are made again on use.
void forget_all();

#ifndef __EMSCRIPTEN__
// The current framebuffer (w x h, opaque) as a PNG at path, written to a temporary file
// and renamed (never half a file). "" or the error.
std::string save_framebuffer_png(const std::string& path, int w, int h);
#endif

}  // namespace platform::gpu
