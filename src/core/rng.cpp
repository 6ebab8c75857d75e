// torch's CPU generator on the shared MT19937: seeding, the bulk Bernoulli draws of
// dropout, and randperm's CPU algorithm (aten/src/ATen/native/TensorFactories.cpp,
// randperm_cpu).
#include "core/rng.h"

#include <algorithm>
#include <cstring>
#include <utility>

#include "core/simd.h"

namespace dp {

void Generator::manual_seed(uint64_t seed) {
  mt_.seed(static_cast<uint32_t>(seed));
}  // the low 32 bits

// mask[k] = the 53 low bits of the 64-bit draw (o[2k] high, o[2k + 1] low) < threshold:
// a loop that vectorizes (64-bit comparisons: the core's SIMD clones have them).
DP_SIMD_CLONES
static void keep_from_pairs(const uint32_t* __restrict o, uint8_t* __restrict mask, size_t m,
                            uint64_t threshold) {
  constexpr uint64_t kLow53 = (uint64_t{1} << 53) - 1;
  for (size_t k = 0; k < m; ++k) {
    // The pair as one little-endian 64-bit load has its halves swapped: a rotation.
    uint64_t w;
    std::memcpy(&w, o + 2 * k, sizeof w);
    const uint64_t v = ((w << 32) | (w >> 32)) & kLow53;
    mask[k] = v < threshold ? 1 : 0;
  }
}

void Generator::keep_mask(uint8_t* mask, size_t n, uint64_t threshold) {
  constexpr uint64_t kLow53 = (uint64_t{1} << 53) - 1;
  size_t i = 0;
  while (i < n) {
    if (mt_.available() < 2) {  // a pair would straddle a twist: one draw the plain way
      mask[i++] = (random64() & kLow53) < threshold ? 1 : 0;
      continue;
    }
    const size_t m = std::min(static_cast<size_t>(mt_.available()) / 2, n - i);
    keep_from_pairs(mt_.peek(), mask + i, m, threshold);
    mt_.skip(static_cast<int>(2 * m));
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
