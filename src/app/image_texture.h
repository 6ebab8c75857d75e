// An RGBA8 texture filled from the CPU and drawn by ImGui with nearest filtering:
// a whole grid of cells (the masks) costs one quad instead of one quad per cell.
#pragma once
#include <cstdint>

#include "imgui.h"

namespace app {

class ImageTexture {
 public:
  ImageTexture() = default;
  ~ImageTexture();
  ImageTexture(const ImageTexture&) = delete;
  ImageTexture& operator=(const ImageTexture&) = delete;

  // rgba is (h, w, 4), first row on top.
  void upload(int w, int h, const uint8_t* rgba);
  ImTextureID id() const;

 private:
  unsigned tex_ = 0;
  int w_ = 0, h_ = 0;
};

}  // namespace app
