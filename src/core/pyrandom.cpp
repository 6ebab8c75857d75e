// Python's random.Random for integer seeds: MT19937 seeded by init_by_array with the
// 32-bit words of the seed (CPython's random_seed), random() from two outputs, and
// gauss()/uniform() exactly as Lib/random.py writes them, on detmath's log/cos/sin.
#include "core/pyrandom.h"

#include <cmath>

#include "core/detmath.h"

namespace dp {

namespace {
constexpr int kN = 624;
constexpr int kM = 397;
constexpr uint32_t kMatrixA = 0x9908b0dfu;
constexpr uint32_t kUpperMask = 0x80000000u;
constexpr uint32_t kLowerMask = 0x7fffffffu;
constexpr double kTwoPi = 2.0 * 3.141592653589793;  // random.TWOPI = 2.0 * math.pi
}  // namespace

PyRandom::PyRandom(uint64_t seed) {
  // CPython takes abs(seed) apart into 32-bit words, least significant first, and drops
  // leading zero words; seed 0 still gives the one-word key [0].
  uint32_t key[2] = {static_cast<uint32_t>(seed), static_cast<uint32_t>(seed >> 32)};
  init_by_array(key, key[1] != 0 ? 2 : 1);
  has_gauss_next_ = false;  // Random.seed() resets the cached gauss value
}

void PyRandom::init_genrand(uint32_t s) {
  mt_[0] = s;
  for (int i = 1; i < kN; ++i) {
    uint32_t prev = mt_[i - 1];
    mt_[i] = 1812433253u * (prev ^ (prev >> 30)) + static_cast<uint32_t>(i);
  }
  mti_ = kN;
}

// The reference MT19937 array seeding (Matsumoto and Nishimura, 2002), which CPython uses.
void PyRandom::init_by_array(const uint32_t* key, int len) {
  init_genrand(19650218u);
  int i = 1;
  int j = 0;
  for (int k = (kN > len ? kN : len); k > 0; --k) {
    uint32_t prev = mt_[i - 1];
    mt_[i] = (mt_[i] ^ ((prev ^ (prev >> 30)) * 1664525u)) + key[j] + static_cast<uint32_t>(j);
    ++i;
    ++j;
    if (i >= kN) {
      mt_[0] = mt_[kN - 1];
      i = 1;
    }
    if (j >= len) j = 0;
  }
  for (int k = kN - 1; k > 0; --k) {
    uint32_t prev = mt_[i - 1];
    mt_[i] = (mt_[i] ^ ((prev ^ (prev >> 30)) * 1566083941u)) - static_cast<uint32_t>(i);
    ++i;
    if (i >= kN) {
      mt_[0] = mt_[kN - 1];
      i = 1;
    }
  }
  mt_[0] = 0x80000000u;  // guarantees a non-zero state
}

uint32_t PyRandom::genrand_uint32() {
  if (mti_ >= kN) {
    if (mti_ == kN + 1) init_genrand(5489u);  // never seeded (cannot happen via the ctor)
    // Regenerate the whole block of 624 words (the "twist").
    for (int k = 0; k < kN; ++k) {
      uint32_t y = (mt_[k] & kUpperMask) | (mt_[(k + 1) % kN] & kLowerMask);
      mt_[k] = mt_[(k + kM) % kN] ^ (y >> 1) ^ ((y & 1u) ? kMatrixA : 0u);
    }
    mti_ = 0;
  }
  uint32_t y = mt_[mti_++];
  // Tempering.
  y ^= y >> 11;
  y ^= (y << 7) & 0x9d2c5680u;
  y ^= (y << 15) & 0xefc60000u;
  y ^= y >> 18;
  return y;
}

double PyRandom::random() {
  // 27 + 26 bits from two outputs: the 53-bit fraction CPython's random_random builds.
  uint32_t a = genrand_uint32() >> 5;
  uint32_t b = genrand_uint32() >> 6;
  return (a * 67108864.0 + b) * (1.0 / 9007199254740992.0);
}

double PyRandom::gauss(double mu, double sigma) {
  // Box-Muller as in Lib/random.py: one call makes a pair and caches the second value.
  double z;
  if (has_gauss_next_) {
    z = gauss_next_;
    has_gauss_next_ = false;
  } else {
    double x2pi = random() * kTwoPi;
    double g2rad = std::sqrt(-2.0 * detmath::log(1.0 - random()));
    z = detmath::cos(x2pi) * g2rad;
    gauss_next_ = detmath::sin(x2pi) * g2rad;
    has_gauss_next_ = true;
  }
  return mu + z * sigma;
}

double PyRandom::uniform(double a, double b) { return a + (b - a) * random(); }

}  // namespace dp
