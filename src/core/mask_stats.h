// What the dropout masks add up to, batch after batch: per-unit keep counts over the
// current epoch, the number of units dropped in each batch of the epoch, the distinct
// thinned networks seen so far (one per batch row: its mask over every unit of every
// dropout layer) and the recent masks of every unit. Fed once per completed training
// step from the model's last batch; memory stays bounded however long the run.
#pragma once

#include <cstdint>
#include <vector>

#include "core/mlp.h"
#include "core/trainer.h"

namespace dp {

// The p that dropout layer l of the model's last batch was drawn with.
double mask_p(const Mlp& m, int l);

class MaskStats {
 public:
  static constexpr int kHistoryBatches = 100;  // batches kept for the history strip
  static constexpr int kHistoryRows = 8;       // rows of each batch kept there
  static constexpr size_t kMaxDistinct = 1u << 18;  // distinct masks counted at most

  struct BatchDrops {
    long dropped = 0;  // units dropped in the batch, over all its rows
    long cells = 0;    // rows * units
    double p = 0;      // the p they were drawn with
  };
  struct Layer {
    int units = 0;
    std::vector<long> kept;          // per unit: rows of this epoch that kept it
    std::vector<BatchDrops> drops;   // per batch of this epoch
  };
  // Of the epoch's batches with the most cells (full batches; a shorter last batch of an
  // epoch follows another binomial): counts per bin and what the binomial predicts.
  struct Histogram {
    long cells = 0;                  // of the batches counted
    long batches = 0;
    long lo = 0, width = 1;          // bin b holds dropped counts [lo + b*width, lo + (b+1)*width)
    std::vector<long> observed;      // batches per bin
    std::vector<double> expected;    // sum over the batches of Binomial(cells, p) mass per bin
  };

  void clear();
  // After a completed step of the epoch `epoch` (0-based): the model's last batch.
  void add_batch(const Mlp& m, int epoch);
  // After each completed step of the trainer: its model's last batch, in its epoch.
  void add_step(const Trainer& t);
  // The same from raw masks (tests): masks[l] is rows x units[l], 1 kept / 0 dropped.
  void add_masks(const std::vector<std::vector<uint8_t>>& masks, int rows,
                 const std::vector<double>& p, int epoch);

  int epoch() const { return epoch_; }        // of the batches counted; -1 before any
  long epoch_rows() const { return epoch_rows_; }  // rows seen in this epoch
  long rows_seen() const { return rows_seen_; }    // rows seen in the run
  double last_p(int l) const { return l < static_cast<int>(last_p_.size()) ? last_p_[l] : 0; }
  const std::vector<Layer>& layers() const { return layers_; }
  int total_units() const;
  long distinct() const { return distinct_; }
  bool capped() const { return capped_; }  // some rows went uncounted: distinct() is a floor

  // The history: up to kHistoryBatches batches, oldest first; for batch i, the masks of
  // its first history_rows(i) rows for unit u of layer l.
  int history_size() const { return static_cast<int>(hist_.size()); }
  int history_rows(int i) const;
  bool history_kept(int i, int row, int l, int u) const;

  Histogram dropped_histogram(int l, int max_bins) const;

 private:
  bool insert_hash(uint64_t h);
  struct HistBatch {
    int rows = 0;
    std::vector<uint8_t> bits;  // per layer block: rows x units
  };
  int epoch_ = -1;
  long epoch_rows_ = 0, rows_seen_ = 0, distinct_ = 0;
  bool capped_ = false;
  std::vector<Layer> layers_;
  std::vector<double> last_p_;
  std::vector<uint64_t> table_;  // open addressing; 0 = empty
  std::vector<HistBatch> hist_;  // ring
  int hist_next_ = 0;
};

// Binomial(n, p) probability of exactly k.
double binomial_pmf(long k, long n, double p);

}  // namespace dp
