// torch.randperm's CPU algorithm (aten/src/ATen/native/TensorFactories.cpp, randperm_cpu).
#include "core/rng.h"

#include <algorithm>
#include <utility>

namespace dp {

void Generator::manual_seed(uint64_t seed) {
  state_[0] = static_cast<uint32_t>(seed);  // torch uses the low 32 bits
  for (int i = 1; i < kN; ++i)
    state_[i] = 1812433253u * (state_[i - 1] ^ (state_[i - 1] >> 30)) + static_cast<uint32_t>(i);
  index_ = kN;
}

// Regenerates all 624 words at once (the standard MT19937 recurrence, M = 397).
void Generator::twist() {
  constexpr int kM = 397;
  auto mix = [](uint32_t a, uint32_t b) {
    const uint32_t y = (a & 0x80000000u) | (b & 0x7fffffffu);
    return (y >> 1) ^ ((y & 1u) ? 0x9908b0dfu : 0u);
  };
  int i = 0;
  for (; i < kN - kM; ++i) state_[i] = state_[i + kM] ^ mix(state_[i], state_[i + 1]);
  for (; i < kN - 1; ++i) state_[i] = state_[i + kM - kN] ^ mix(state_[i], state_[i + 1]);
  state_[kN - 1] = state_[kM - 1] ^ mix(state_[kN - 1], state_[0]);
  for (i = 0; i < kN; ++i) {  // tempering, all at once (vectorizes)
    uint32_t y = state_[i];
    y ^= y >> 11;
    y ^= (y << 7) & 0x9d2c5680u;
    y ^= (y << 15) & 0xefc60000u;
    out_[i] = y ^ (y >> 18);
  }
  index_ = 0;
}

void Generator::keep_mask(uint8_t* mask, size_t n, uint64_t threshold) {
  constexpr uint64_t kLow53 = (uint64_t{1} << 53) - 1;
  size_t i = 0;
  while (i < n) {
    if (index_ + 1 >= kN) {  // a pair would straddle a twist: one draw the plain way
      mask[i++] = (random64() & kLow53) < threshold ? 1 : 0;
      continue;
    }
    const size_t m = std::min(static_cast<size_t>(kN - index_) / 2, n - i);
    const uint32_t* o = out_ + index_;
    for (size_t k = 0; k < m; ++k) {
      const uint64_t v = ((static_cast<uint64_t>(o[2 * k]) << 32) | o[2 * k + 1]) & kLow53;
      mask[i + k] = v < threshold ? 1 : 0;
    }
    index_ += static_cast<int>(2 * m);
    i += m;
  }
}

std::vector<int32_t> Generator::randperm(int32_t n) {
  std::vector<int32_t> r(n > 0 ? n : 0);
  for (int32_t i = 0; i < n; ++i) r[i] = i;
  for (int32_t i = 0; i + 1 < n; ++i) {
    uint32_t z = random() % static_cast<uint32_t>(n - i);
    std::swap(r[i], r[i + z]);
  }
  return r;
}

}  // namespace dp
