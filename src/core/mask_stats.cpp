#include "core/mask_stats.h"

#include "core/detmath.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <utility>

namespace dp {

// The one place that says which p a layer's masks were drawn with.
double mask_p(const Mlp& m, int l) { return m.batch_p(l); }

namespace {
uint64_t mix64(uint64_t z) {
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

// log(n!): exact sums for small n, Stirling's series (error < 1e-12) beyond; the core's
// own log (see detmath.h), not the C library's lgamma.
double log_factorial(long n) {
  if (n < 16) {
    double s = 0;
    for (long i = 2; i <= n; ++i) s += detmath::log(static_cast<double>(i));
    return s;
  }
  const double x = static_cast<double>(n), x2 = x * x;
  constexpr double kHalfLog2Pi = 0.91893853320467274178;
  return x * detmath::log(x) - x + 0.5 * detmath::log(x) + kHalfLog2Pi + 1 / (12 * x) -
         1 / (360 * x * x2) + 1 / (1260 * x * x2 * x2);
}
}  // namespace

double binomial_pmf(long k, long n, double p) {
  if (k < 0 || k > n) return 0.0;
  if (p <= 0) return k == 0 ? 1.0 : 0.0;
  if (p >= 1) return k == n ? 1.0 : 0.0;
  const double lg = log_factorial(n) - log_factorial(k) - log_factorial(n - k) +
                    k * detmath::log(p) + (n - k) * detmath::log1p(-p);
  return detmath::exp_fast(lg);
}

void MaskStats::clear() { *this = MaskStats{}; }

int MaskStats::total_units() const {
  int n = 0;
  for (const Layer& L : layers_) n += L.units;
  return n;
}

void MaskStats::add_batch(const Mlp& m, int epoch) {
  const int rows = m.batch_rows();
  if (rows <= 0 || m.num_dropout() == 0) return;
  std::vector<std::vector<uint8_t>> masks(m.num_dropout());
  std::vector<double> p(m.num_dropout());
  for (int l = 0; l < m.num_dropout(); ++l) {
    const std::vector<uint8_t>& k = m.mask(l);
    const size_t units = k.size() / rows;
    masks[l].assign(k.begin(), k.begin() + static_cast<long>(units * rows));
    p[l] = mask_p(m, l);
  }
  add_masks(masks, rows, p, epoch);
}

void MaskStats::add_step(const Trainer& t) {
  if (t.steps() == 0) return;
  // A step that completed an epoch has already moved the trainer on to the next one.
  add_batch(t.model(), t.batch_in_epoch() == 0 ? t.epoch() - 1 : t.epoch());
}

bool MaskStats::insert_hash(uint64_t h) {
  if (h == 0) h = 1;
  if (table_.empty()) table_.assign(1024, 0);
  for (;;) {
    const size_t mask = table_.size() - 1;
    for (size_t i = h & mask;; i = (i + 1) & mask) {
      if (table_[i] == h) return false;
      if (table_[i] == 0) break;
    }
    if (static_cast<size_t>(distinct_) >= kMaxDistinct) {
      capped_ = true;
      return false;
    }
    if (static_cast<size_t>(distinct_ + 1) * 2 > table_.size()) {  // grow, then look again
      std::vector<uint64_t> old;
      old.swap(table_);
      table_.assign(old.size() * 2, 0);
      const size_t m2 = table_.size() - 1;
      for (uint64_t v : old) {
        if (!v) continue;
        size_t i = v & m2;
        while (table_[i]) i = (i + 1) & m2;
        table_[i] = v;
      }
      continue;
    }
    size_t i = h & mask;
    while (table_[i]) i = (i + 1) & mask;
    table_[i] = h;
    ++distinct_;
    return true;
  }
}

void MaskStats::add_masks(const std::vector<std::vector<uint8_t>>& masks, int rows,
                          const std::vector<double>& p, int epoch) {
  if (rows <= 0 || masks.empty()) return;
  // A different set of layers is a different run: start over.
  bool same = masks.size() == layers_.size();
  for (size_t l = 0; same && l < masks.size(); ++l)
    same = layers_[l].units == static_cast<int>(masks[l].size() / rows);
  if (!same) {
    clear();
    layers_.resize(masks.size());
    for (size_t l = 0; l < masks.size(); ++l) layers_[l].units = static_cast<int>(masks[l].size() / rows);
  }
  if (epoch != epoch_) {
    epoch_ = epoch;
    epoch_rows_ = 0;
    for (Layer& L : layers_) {
      L.kept.assign(L.units, 0);
      L.drops.clear();
    }
  }
  last_p_ = p;
  last_p_.resize(layers_.size(), 0.0);
  for (size_t l = 0; l < layers_.size(); ++l) {
    Layer& L = layers_[l];
    const uint8_t* k = masks[l].data();
    long kept_all = 0;
    for (int r = 0; r < rows; ++r)
      for (int u = 0; u < L.units; ++u) {
        const uint8_t b = k[static_cast<size_t>(r) * L.units + u] ? 1 : 0;
        L.kept[u] += b;
        kept_all += b;
      }
    const long cells = static_cast<long>(rows) * L.units;
    L.drops.push_back({cells - kept_all, cells, last_p_[l]});
  }
  epoch_rows_ += rows;
  rows_seen_ += rows;
  // One thinned network per row: its mask over every unit of every layer, 64 at a time.
  for (int r = 0; r < rows; ++r) {
    uint64_t h = 0x243F6A8885A308D3ull, word = 0;
    int bits = 0;
    for (size_t l = 0; l < layers_.size(); ++l) {
      const uint8_t* k = masks[l].data() + static_cast<size_t>(r) * layers_[l].units;
      for (int u = 0; u < layers_[l].units; ++u) {
        word |= static_cast<uint64_t>(k[u] ? 1 : 0) << bits;
        if (++bits == 64) {
          h = mix64(h ^ mix64(word + 0x9E3779B97F4A7C15ull));
          word = 0;
          bits = 0;
        }
      }
    }
    if (bits) h = mix64(h ^ mix64(word + 0x9E3779B97F4A7C15ull));
    insert_hash(h);
  }
  // The history ring.
  HistBatch hb;
  hb.rows = std::min(rows, kHistoryRows);
  for (size_t l = 0; l < layers_.size(); ++l)
    for (int r = 0; r < hb.rows; ++r)
      for (int u = 0; u < layers_[l].units; ++u)
        hb.bits.push_back(masks[l][static_cast<size_t>(r) * layers_[l].units + u] ? 1 : 0);
  if (static_cast<int>(hist_.size()) < kHistoryBatches) {
    hist_.push_back(std::move(hb));
  } else {
    hist_[hist_next_] = std::move(hb);
    hist_next_ = (hist_next_ + 1) % kHistoryBatches;
  }
}

int MaskStats::history_rows(int i) const {
  const int n = history_size();
  if (i < 0 || i >= n) return 0;
  return hist_[(n < kHistoryBatches ? i : (hist_next_ + i) % kHistoryBatches)].rows;
}

bool MaskStats::history_kept(int i, int row, int l, int u) const {
  const int n = history_size();
  if (i < 0 || i >= n || l < 0 || l >= static_cast<int>(layers_.size())) return false;
  const HistBatch& hb = hist_[(n < kHistoryBatches ? i : (hist_next_ + i) % kHistoryBatches)];
  if (row < 0 || row >= hb.rows || u < 0 || u >= layers_[l].units) return false;
  size_t off = 0;
  for (int j = 0; j < l; ++j) off += static_cast<size_t>(hb.rows) * layers_[j].units;
  return hb.bits[off + static_cast<size_t>(row) * layers_[l].units + u] != 0;
}

MaskStats::Histogram MaskStats::dropped_histogram(int l, int max_bins) const {
  Histogram H;
  if (l < 0 || l >= static_cast<int>(layers_.size()) || layers_[l].drops.empty()) return H;
  long cells = 0;
  for (const BatchDrops& b : layers_[l].drops) cells = std::max(cells, b.cells);
  std::vector<BatchDrops> D;
  for (const BatchDrops& b : layers_[l].drops)
    if (b.cells == cells) D.push_back(b);
  H.cells = cells;
  H.batches = static_cast<long>(D.size());
  // The range: every observed count and the bulk (mean +- 4 sd) of every batch's binomial.
  std::map<std::pair<long, double>, long> groups;  // (cells, p) -> batches
  long lo = D[0].dropped, hi = D[0].dropped;
  for (const BatchDrops& b : D) {
    lo = std::min(lo, b.dropped);
    hi = std::max(hi, b.dropped);
    ++groups[{b.cells, b.p}];
  }
  for (const auto& g : groups) {
    const double n = static_cast<double>(g.first.first), p = g.first.second;
    const double mean = n * p, sd = std::sqrt(n * p * (1 - p));
    lo = std::min(lo, std::max(0L, static_cast<long>(std::floor(mean - 4 * sd))));
    hi = std::max(hi, std::min(g.first.first, static_cast<long>(std::ceil(mean + 4 * sd))));
  }
  max_bins = std::max(1, max_bins);
  const long span = hi - lo + 1;
  H.width = (span + max_bins - 1) / max_bins;
  H.lo = lo;
  const long bins = (span + H.width - 1) / H.width;
  H.observed.assign(bins, 0);
  H.expected.assign(bins, 0.0);
  for (const BatchDrops& b : D) ++H.observed[(b.dropped - lo) / H.width];
  for (const auto& g : groups)
    for (long k = lo; k <= hi; ++k)
      H.expected[(k - lo) / H.width] += g.second * binomial_pmf(k, g.first.first, g.first.second);
  return H;
}

}  // namespace dp
