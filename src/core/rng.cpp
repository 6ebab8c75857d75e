// torch.randperm's CPU algorithm (aten/src/ATen/native/TensorFactories.cpp, randperm_cpu).
#include "core/rng.h"

#include <utility>

namespace dp {

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
