// torch's CPU generator (at::CPUGeneratorImpl), bit for bit: MT19937 seeded with the
// low 32 bits of the seed; random(), random64(), float uniform_, randperm and the
// Bernoulli draws of dropout. The generator is always passed in; there is no global one.
#pragma once
#include <cstddef>
#include <cstdint>
#include <vector>

#include "core/mt19937.h"

namespace dp {

class Generator {
 public:
  explicit Generator(uint64_t seed = 67280421310721ULL) {
    manual_seed(seed);
  }  // torch's default seed

  // torch.manual_seed(s): negative seeds arrive as their two's complement.
  void manual_seed(uint64_t seed);

  uint32_t random() { return mt_.next(); }  // one MT19937 output (std::mt19937's sequence)
  uint64_t random64() {                     // two outputs, the first one high
    uint64_t hi = random();
    uint64_t lo = random();
    return (hi << 32) | lo;
  }

  // tensor.uniform_(from, to) on float32, one element: 24 random bits; the bounds are
  // float32 but the affine map runs in double (torch's dist_acctype), then rounds once.
  float uniform_float(float from, float to) {
    const double u = static_cast<double>(random() & 0xFFFFFFu) * (1.0 / 16777216.0);
    return static_cast<float>(u * (static_cast<double>(to) - static_cast<double>(from)) +
                              static_cast<double>(from));
  }

  // Dropout's Bernoulli draws for n elements in a row: mask[i] = 1 when the i-th
  // random64()'s low 53 bits are below `threshold`. torch keeps an element when the
  // double uniform bits53 * 2^-53 is below 1 - p; dropout.cpp turns that into this
  // integer comparison. The same draws as n calls of random64(), done in bulk.
  void keep_mask(uint8_t* mask, size_t n, uint64_t threshold);

  // torch.randperm(n) for n < 2^32 / 20 (the playground's sizes).
  std::vector<int32_t> randperm(int32_t n);

 private:
  Mt19937 mt_;
};

}  // namespace dp
