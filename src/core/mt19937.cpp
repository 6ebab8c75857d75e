// MT19937 on 32-bit words (std::mt19937 keeps 64-bit words on LP64: slower, same output).
#include "core/mt19937.h"

#include "core/simd.h"

namespace dp {

void Mt19937::seed(uint32_t s) {
  state_[0] = s;
  for (int i = 1; i < kN; ++i)
    state_[i] = 1812433253u * (state_[i - 1] ^ (state_[i - 1] >> 30)) + static_cast<uint32_t>(i);
  index_ = kN;
}

// The reference array seeding (Matsumoto and Nishimura, 2002), which CPython uses.
void Mt19937::seed_by_array(const uint32_t* key, int len) {
  seed(19650218u);
  int i = 1, j = 0;
  for (int k = (kN > len ? kN : len); k > 0; --k) {
    const uint32_t prev = state_[i - 1];
    state_[i] =
        (state_[i] ^ ((prev ^ (prev >> 30)) * 1664525u)) + key[j] + static_cast<uint32_t>(j);
    ++i;
    ++j;
    if (i >= kN) {
      state_[0] = state_[kN - 1];
      i = 1;
    }
    if (j >= len) j = 0;
  }
  for (int k = kN - 1; k > 0; --k) {
    const uint32_t prev = state_[i - 1];
    state_[i] = (state_[i] ^ ((prev ^ (prev >> 30)) * 1566083941u)) - static_cast<uint32_t>(i);
    ++i;
    if (i >= kN) {
      state_[0] = state_[kN - 1];
      i = 1;
    }
  }
  state_[0] = 0x80000000u;  // guarantees a non-zero state
  index_ = kN;
}

// Regenerates all 624 words at once (the standard recurrence, M = 397), then tempers them.
// The next kN words of the state and their tempered outputs: loops that vectorize (the
// state's reads run ahead of its writes by 397 and 227 words), in the core's SIMD clones.
DP_SIMD_CLONES
static void twist_state(uint32_t* state, uint32_t* out, int n) {
  constexpr int kM = 397;
  auto mix = [](uint32_t a, uint32_t b) {
    const uint32_t y = (a & 0x80000000u) | (b & 0x7fffffffu);
    return (y >> 1) ^ ((y & 1u) ? 0x9908b0dfu : 0u);
  };
  int i = 0;
  for (; i < n - kM; ++i) state[i] = state[i + kM] ^ mix(state[i], state[i + 1]);
  for (; i < n - 1; ++i) state[i] = state[i + kM - n] ^ mix(state[i], state[i + 1]);
  state[n - 1] = state[kM - 1] ^ mix(state[n - 1], state[0]);
  for (i = 0; i < n; ++i) {  // tempering, all at once
    uint32_t y = state[i];
    y ^= y >> 11;
    y ^= (y << 7) & 0x9d2c5680u;
    y ^= (y << 15) & 0xefc60000u;
    out[i] = y ^ (y >> 18);
  }
}

void Mt19937::twist() {
  twist_state(state_, out_, kN);
  index_ = 0;
}

}  // namespace dp
