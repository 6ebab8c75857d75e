// The colours of a dropout mask (Masks grid, Network units): a dropped cell is neutral
// dark grey, a colour no kept value takes; a kept cell is shaded by the value Dropout
// passed on along a blue -> teal -> green -> yellow ramp that rises in lightness and
// keeps its chroma, so it never passes near grey. The two stay apart in greyscale
// (the ramp's darkest end is lighter than the grey by over 20 L*) and for red-green
// colour blindness (tests/app/test_masks_pytorch.cpp checks both in CIELAB).
// Plain numbers, no Dear ImGui: panels.h turns them into ImU32.
#pragma once
#include <cstdint>

namespace app {

struct Rgb8 {
  uint8_t r, g, b;
};

constexpr Rgb8 kMaskDroppedRgb = {64, 64, 64};  // L* 27; the window background is L* 10

// The kept ramp's stops, evenly spaced in t (sRGB, L* 52, 63, 78, 91).
constexpr int kKeptRampStops = 4;
constexpr Rgb8 kKeptRamp[kKeptRampStops] = {
    {80, 120, 215},  // blue: small values
    {40, 170, 150},  // teal
    {150, 210, 70},  // green
    {250, 230, 80},  // yellow: the layer's largest value
};

// t in [0, 1] (|output| / the layer's largest; clamped, NaN as 0): the stops
// interpolated linearly in sRGB, rounded.
Rgb8 kept_rgb(float t);

}  // namespace app
