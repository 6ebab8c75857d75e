// Python's random.Random, reproduced exactly: the dataset generators use it so
// that a config's data equal the reference program's (make_data of
// tests/reference/torchref.py) value for value.
#pragma once
#include <cstdint>

#include "core/mt19937.h"

namespace dp {

class PyRandom {
 public:
  explicit PyRandom(uint64_t seed);                 // random.Random(seed) for 0 <= seed < 2^64
  uint32_t genrand_uint32() { return mt_.next(); }  // one MT19937 output
  double random();                                  // random.random(): 53-bit float in [0, 1)
  double gauss(double mu, double sigma);            // random.gauss (Box-Muller, caches a pair)
  double uniform(double a, double b);               // random.uniform: a + (b - a) * random()

 private:
  Mt19937 mt_;
  bool has_gauss_next_ = false;
  double gauss_next_ = 0.0;
};

}  // namespace dp
