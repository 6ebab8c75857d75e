// MaskStats on hand-made masks: the counts are worked out here by hand.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "core/mask_stats.h"

namespace dp {
namespace {

using Masks = std::vector<std::vector<uint8_t>>;

TEST(MaskStats, KeepCountsDropsAndEpochReset) {
  MaskStats s;
  // Two layers (3 units, 2 units), batch of 2 rows.
  s.add_masks({{1, 0, 1, 1, 1, 0}, {0, 1, 1, 1}}, 2, {0.5, 0.5}, 0);
  s.add_masks({{0, 0, 1, 1, 0, 1}, {1, 1, 0, 0}}, 2, {0.5, 0.5}, 0);
  ASSERT_EQ(s.layers().size(), 2u);
  EXPECT_EQ(s.epoch_rows(), 4);
  EXPECT_EQ(s.layers()[0].kept, (std::vector<long>{3, 1, 3}));
  EXPECT_EQ(s.layers()[1].kept, (std::vector<long>{2, 3}));
  ASSERT_EQ(s.layers()[0].drops.size(), 2u);
  EXPECT_EQ(s.layers()[0].drops[0].dropped, 2);
  EXPECT_EQ(s.layers()[0].drops[1].dropped, 3);
  EXPECT_EQ(s.layers()[0].drops[1].cells, 6);
  EXPECT_EQ(s.layers()[1].drops[1].dropped, 2);
  // Rows: (101|01) (110|11) (001|10) (101|00): 4 distinct networks.
  EXPECT_EQ(s.distinct(), 4);
  // A new epoch: the per-epoch parts start over, the distinct count does not.
  s.add_masks({{1, 0, 1, 1, 1, 0}, {0, 1, 1, 1}}, 2, {0.25, 0.25}, 1);  // both rows seen
  EXPECT_EQ(s.epoch(), 1);
  EXPECT_EQ(s.epoch_rows(), 2);
  EXPECT_EQ(s.layers()[0].kept, (std::vector<long>{2, 1, 1}));
  EXPECT_EQ(s.layers()[0].drops.size(), 1u);
  EXPECT_EQ(s.distinct(), 4);
  EXPECT_EQ(s.rows_seen(), 6);
  EXPECT_DOUBLE_EQ(s.last_p(0), 0.25);
}

TEST(MaskStats, HistoryKeepsTheLastBatchesInOrder) {
  MaskStats s;
  const int n = MaskStats::kHistoryBatches + 7;
  for (int b = 0; b < n; ++b) {
    // 1 layer, 2 units, 1 row: unit 0 kept on even batches, unit 1 always dropped.
    s.add_masks({{static_cast<uint8_t>(b % 2 == 0), 0}}, 1, {0.5}, 0);
  }
  ASSERT_EQ(s.history_size(), MaskStats::kHistoryBatches);
  EXPECT_EQ(s.history_rows(0), 1);
  for (int i = 0; i < s.history_size(); ++i) {
    const int batch = n - MaskStats::kHistoryBatches + i;
    EXPECT_EQ(s.history_kept(i, 0, 0, 0), batch % 2 == 0) << i;
    EXPECT_FALSE(s.history_kept(i, 0, 0, 1));
  }
  EXPECT_EQ(s.distinct(), 2);  // (1,0) and (0,0)
}

TEST(MaskStats, WideMasksHashAllTheirUnits) {
  // 130 units: masks that differ only in the last unit are different networks.
  std::vector<uint8_t> a(130, 1), b(130, 1);
  b[129] = 0;
  MaskStats s;
  s.add_masks({a}, 1, {0.1}, 0);
  s.add_masks({b}, 1, {0.1}, 0);
  s.add_masks({a}, 1, {0.1}, 0);
  EXPECT_EQ(s.distinct(), 2);
  EXPECT_FALSE(s.capped());
}

TEST(MaskStats, DistinctIsCapped) {
  MaskStats s;
  // 20 units, one row per batch: row r's mask is the binary of r (all distinct).
  const long n = static_cast<long>(MaskStats::kMaxDistinct) + 10;
  std::vector<uint8_t> m(20);
  for (long r = 0; r < n; ++r) {
    for (int u = 0; u < 20; ++u) m[u] = (r >> u) & 1;
    s.add_masks({m}, 1, {0.5}, 0);
  }
  EXPECT_EQ(s.distinct(), static_cast<long>(MaskStats::kMaxDistinct));
  EXPECT_TRUE(s.capped());
}

TEST(MaskStats, DroppedHistogramAgainstBinomial) {
  MaskStats s;
  // 1 layer of 4 units, 1 row: dropped counts 0, 1, 1, 4.
  s.add_masks({{1, 1, 1, 1}}, 1, {0.5}, 0);
  s.add_masks({{0, 1, 1, 1}}, 1, {0.5}, 0);
  s.add_masks({{1, 0, 1, 1}}, 1, {0.5}, 0);
  s.add_masks({{0, 0, 0, 0}}, 1, {0.5}, 0);
  const MaskStats::Histogram h = s.dropped_histogram(0, 10);
  EXPECT_EQ(h.lo, 0);
  EXPECT_EQ(h.width, 1);
  ASSERT_EQ(h.observed.size(), 5u);
  EXPECT_EQ(h.observed, (std::vector<long>{1, 2, 0, 0, 1}));
  // 4 batches x Binomial(4, 1/2): 4 * {1, 4, 6, 4, 1} / 16.
  const double want[] = {0.25, 1.0, 1.5, 1.0, 0.25};
  for (int k = 0; k < 5; ++k) EXPECT_NEAR(h.expected[k], want[k], 1e-12) << k;
  // Two bins per count when squeezed into 3 bins: [0,1] [2,3] [4].
  const MaskStats::Histogram h3 = s.dropped_histogram(0, 3);
  EXPECT_EQ(h3.width, 2);
  EXPECT_EQ(h3.observed, (std::vector<long>{3, 0, 1}));
  EXPECT_NEAR(h3.expected[0], 1.25, 1e-12);
  // A layer of 2 units: two batches of 2 rows, then a shorter one of 1 row.
  MaskStats t;
  t.add_masks({{1, 0, 0, 0}}, 2, {0.5}, 0);  // 2 rows x 2 units: 3 dropped of 4
  t.add_masks({{1, 1, 0, 1}}, 2, {0.5}, 0);  // 1 dropped of 4
  t.add_masks({{0, 0}}, 1, {0.5}, 0);        // 1 row: 2 dropped of 2, left out
  const MaskStats::Histogram ht = t.dropped_histogram(0, 10);
  EXPECT_EQ(ht.cells, 4);
  EXPECT_EQ(ht.batches, 2);
  EXPECT_EQ(ht.observed, (std::vector<long>{0, 1, 0, 1, 0}));
  EXPECT_NEAR(ht.expected[2], 2 * 6.0 / 16, 1e-12);
}

TEST(MaskStats, BinomialPmf) {
  EXPECT_NEAR(binomial_pmf(3, 10, 0.2), 120 * 0.008 * std::pow(0.8, 7), 1e-12);
  EXPECT_EQ(binomial_pmf(0, 5, 0.0), 1.0);
  EXPECT_EQ(binomial_pmf(5, 5, 1.0), 1.0);
  EXPECT_EQ(binomial_pmf(6, 5, 0.5), 0.0);
  // Past the exact sums: C(40, 20) / 2^40 = 137846528820 / 1099511627776.
  EXPECT_NEAR(binomial_pmf(20, 40, 0.5), 137846528820.0 / 1099511627776.0, 1e-12);
  // The masses add up to 1 for a large n.
  double sum = 0;
  for (long k = 0; k <= 2000; ++k) sum += binomial_pmf(k, 2000, 0.3);
  EXPECT_NEAR(sum, 1.0, 1e-9);
}

}  // namespace
}  // namespace dp
