// The kept counts of dropout over consecutive seeds, and the binomial law they follow.
#include "core/dropout_tally.h"

#include <cmath>

#include "core/dropout.h"
#include "core/rng.h"

namespace dp {

double dropout_expected_kept(size_t n, double p) { return (1.0 - p) * static_cast<double>(n); }

DropoutTally dropout_tally(const float* x, size_t n, double p, int64_t seed, int draws) {
  DropoutTally t;
  t.first_seed = seed;
  // seed + i modulo 2^64, as two's complement (the generator takes the low 32 bits).
  t.last_seed =
      static_cast<int64_t>(static_cast<uint64_t>(seed) + static_cast<uint64_t>(draws - 1));
  t.draws = draws;
  t.n = n;
  t.p = p;
  t.histogram.assign(n + 1, 0);
  std::vector<float> out(n);
  std::vector<uint8_t> mask(n);
  for (int i = 0; i < draws; ++i) {
    Generator gen(static_cast<uint64_t>(seed) + static_cast<uint64_t>(i));
    dropout_forward(x, out.data(), mask.data(), n, p, true, gen);
    int k = 0;
    for (uint8_t m : mask) k += m;
    t.kept.push_back(k);
    t.total += k;
    ++t.histogram[k];
  }
  const double q = 1.0 - p, dn = static_cast<double>(n);
  t.expected = draws * dn * q;
  t.sd = std::sqrt(draws * dn * p * q);
  // P(k) = C(n, k) q^k p^(n-k), in logs (n up to 1000); p = 0 or 1 puts all of it on one k.
  t.pmf.assign(n + 1, 0.0);
  if (p <= 0.0 || p >= 1.0) {
    t.pmf[p <= 0.0 ? n : 0] = 1.0;
  } else {
    for (size_t k = 0; k <= n; ++k) {
      const double dk = static_cast<double>(k);
      const double lc = std::lgamma(dn + 1) - std::lgamma(dk + 1) - std::lgamma(dn - dk + 1);
      t.pmf[k] = std::exp(lc + dk * std::log(q) + (dn - dk) * std::log(p));
    }
  }
  return t;
}

}  // namespace dp
