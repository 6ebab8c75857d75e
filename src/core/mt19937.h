// The Mersenne Twister MT19937 (Matsumoto and Nishimura), the engine of both generators
// the playground reproduces: torch's CPU generator (rng.h) and Python's random.Random
// (pyrandom.h). They differ only in how they seed it. Outputs are made a block of 624
// at a time (twist, then tempering), which callers may also read in bulk.
#pragma once
#include <cstdint>

namespace dp {

class Mt19937 {
 public:
  static constexpr int kN = 624;

  void seed(uint32_t s);                             // the standard init_genrand (std::mt19937(s))
  void seed_by_array(const uint32_t* key, int len);  // init_by_array (CPython's random.seed)

  uint32_t next() {  // one tempered output
    if (index_ >= kN) twist();
    return out_[index_++];
  }
  // Bulk reading: the outputs left in the current block, then skip() the ones used.
  int available() const { return kN - index_; }
  const uint32_t* peek() const { return out_ + index_; }
  void skip(int n) { index_ += n; }

 private:
  void twist();
  uint32_t state_[kN];
  uint32_t out_[kN];  // the tempered outputs of the current state, made by twist()
  int index_ = kN;
};

}  // namespace dp
