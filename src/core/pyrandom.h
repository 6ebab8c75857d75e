// Python's random.Random, reproduced exactly: the dataset generators use it so
// that a config's data equal the reference program's (make_data of
// tests/reference/torchref.py) value for value.
#pragma once
#include <cstdint>
#include <vector>

#include "core/mt19937.h"

namespace dp {

class PyRandom {
 public:
  explicit PyRandom(uint64_t seed);                 // random.Random(seed) for 0 <= seed < 2^64
  uint32_t genrand_uint32() { return mt_.next(); }  // one MT19937 output
  double random();                                  // random.random(): 53-bit float in [0, 1)
  double gauss(double mu, double sigma);            // random.gauss (Box-Muller, caches a pair)
  double uniform(double a, double b);               // random.uniform: a + (b - a) * random()
  uint32_t getrandbits(int k);                      // random.getrandbits(k), 1 <= k <= 32
  uint32_t randbelow(uint32_t n);                   // random._randbelow(n), n >= 1
  void shuffle(std::vector<int>& x);                // random.shuffle(x), in place

 private:
  Mt19937 mt_;
  bool has_gauss_next_ = false;
  double gauss_next_ = 0.0;
};

}  // namespace dp
