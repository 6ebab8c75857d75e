// Python's random.Random, reproduced exactly: the dataset generators use it so
// that a config's data equal the reference program's (shared/pytorch/torchref.py
// make_data) value for value.
#pragma once
#include <cstdint>

namespace dp {

class PyRandom {
 public:
  explicit PyRandom(uint64_t seed);  // random.Random(seed) for 0 <= seed < 2^64
  uint32_t genrand_uint32();         // one MT19937 output
  double random();                   // random.random(): 53-bit float in [0, 1)
  double gauss(double mu, double sigma);    // random.gauss (Box-Muller, caches a pair)
  double uniform(double a, double b);       // random.uniform: a + (b - a) * random()

 private:
  uint32_t mt_[624];
  int mti_ = 625;
  bool has_gauss_next_ = false;
  double gauss_next_ = 0.0;
  void init_genrand(uint32_t s);
  void init_by_array(const uint32_t* key, int len);
};

}  // namespace dp
