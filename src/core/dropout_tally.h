// The PyTorch panel's "try 20 seeds": nn.Dropout(p) applied to the same x under
// torch.manual_seed(seed), torch.manual_seed(seed + 1), ..., and how many elements each
// draw kept, against the binomial law of the kept count (n independent keeps of
// probability 1 - p). It shows that one draw keeping 4 of 4 at p = 0.8 is luck.
#pragma once
#include <cstddef>
#include <cstdint>
#include <vector>

namespace dp {

struct DropoutTally {
  int64_t first_seed = 0, last_seed = 0;  // the seeds drawn: first_seed..last_seed
  int draws = 0;
  size_t n = 0;                // elements per draw
  double p = 0;                // the dropout probability
  std::vector<int> kept;       // kept elements of each draw, in seed order
  long total = 0;              // kept elements of all draws
  double expected = 0;         // draws * n * (1 - p)
  double sd = 0;               // its standard deviation: sqrt(draws * n * p * (1 - p))
  std::vector<int> histogram;  // histogram[k]: draws that kept k elements, k = 0..n
  std::vector<double> pmf;     // binomial P(kept = k), k = 0..n
};

// Expected kept elements of one draw: (1 - p) * n.
double dropout_expected_kept(size_t n, double p);

// `draws` draws of dropout_forward (training) on x, one per seed from `seed` on, each with
// a fresh Generator(seed + i) as torch.manual_seed(seed + i) before drop(x).
// Precondition: dropout_check(p) == "", draws >= 1.
DropoutTally dropout_tally(const float* x, size_t n, double p, int64_t seed, int draws);

}  // namespace dp
