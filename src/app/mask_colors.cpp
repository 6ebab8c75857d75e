#include "app/mask_colors.h"

#include <cmath>

namespace app {

Rgb8 kept_rgb(float t) {
  if (!(t > 0.0f)) t = 0.0f;  // NaN too
  if (t > 1.0f) t = 1.0f;
  const float x = t * (kKeptRampStops - 1);
  const int i = x >= kKeptRampStops - 1 ? kKeptRampStops - 2 : static_cast<int>(x);
  const float f = x - static_cast<float>(i);
  const Rgb8& a = kKeptRamp[i];
  const Rgb8& b = kKeptRamp[i + 1];
  auto mix = [f](uint8_t u, uint8_t v) {
    return static_cast<uint8_t>(std::lround(u + (static_cast<float>(v) - u) * f));
  };
  return {mix(a.r, b.r), mix(a.g, b.g), mix(a.b, b.b)};
}

}  // namespace app
