// Python's random.Random for integer seeds: the shared MT19937 seeded by init_by_array with
// the 32-bit words of the seed (CPython's random_seed), random() from two outputs, and
// gauss()/uniform() exactly as Lib/random.py writes them, on detmath's log/cos/sin.
#include "core/pyrandom.h"

#include <cmath>
#include <utility>

#include "core/detmath.h"

namespace dp {

namespace {
constexpr double kTwoPi = 2.0 * 3.141592653589793;  // random.TWOPI = 2.0 * math.pi
}  // namespace

PyRandom::PyRandom(uint64_t seed) {
  // CPython takes abs(seed) apart into 32-bit words, least significant first, and drops
  // leading zero words; seed 0 still gives the one-word key [0].
  const uint32_t key[2] = {static_cast<uint32_t>(seed), static_cast<uint32_t>(seed >> 32)};
  mt_.seed_by_array(key, key[1] != 0 ? 2 : 1);
  has_gauss_next_ = false;  // Random.seed() resets the cached gauss value
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

// CPython's random_getrandbits for k <= 32: the top k bits of one output.
uint32_t PyRandom::getrandbits(int k) { return genrand_uint32() >> (32 - k); }

// Lib/random.py's _randbelow_with_getrandbits: k = n.bit_length() bits, drawn again while
// the result is n or more.
uint32_t PyRandom::randbelow(uint32_t n) {
  int k = 0;
  while (k < 32 && (n >> k) != 0) ++k;
  uint32_t r = getrandbits(k);
  while (r >= n) r = getrandbits(k);
  return r;
}

// Lib/random.py's shuffle: for i from len-1 down to 1, swap x[i] with x[randbelow(i + 1)].
void PyRandom::shuffle(std::vector<int>& x) {
  for (size_t i = x.size(); i-- > 1;) {
    const uint32_t j = randbelow(static_cast<uint32_t>(i + 1));
    std::swap(x[i], x[j]);
  }
}

}  // namespace dp
