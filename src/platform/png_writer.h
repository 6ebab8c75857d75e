// A minimal PNG writer for screenshots: 8-bit RGBA, zlib "stored" blocks (no
// compression), CRC-32 and Adler-32 computed here. Used by --screenshot.
#pragma once
#include <cstdint>
#include <string>

namespace platform {

// rgba is (height, width, 4), top row first. Returns false if the file cannot be written.
bool write_png(const std::string& path, int width, int height, const uint8_t* rgba);

// The current GL framebuffer (width x height, opaque) as a PNG file.
bool write_framebuffer_png(const std::string& path, int width, int height);

}  // namespace platform
