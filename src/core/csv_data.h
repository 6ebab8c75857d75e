// A user's own data as CSV (the page's drop or file picker, the desktop's --data, the
// CLI's --csv-data): a header row, then one row per sample. The feature columns come
// first and the last column is the target; an optional column named `split` holding
// train or val chooses each row's set (otherwise the last 30% of the rows validate).
// Targets that are all integers 0..K-1 (K >= 2, at most kMaxCsvClasses) make it
// classification (bce_with_logits for 2 classes, cross_entropy for more); anything else
// is regression (mse). Features are standardized on the training rows' mean and standard
// deviation (population: divided by n); a constant feature is only centred. The result
// is explicit x/y data (Config::has_xy), so exports reproduce it.
#pragma once
#include <string>
#include <vector>

#include "core/config.h"

namespace dp {

constexpr int kMaxCsvFeatures = 64;
constexpr int kMaxCsvClasses = 32;
constexpr size_t kMaxCsvBytes = 8u << 20;  // 8 MB: far more than 12288 rows of 64 numbers

struct CsvData {
  std::vector<std::string> features;  // the feature columns' names, in order
  std::string target;                 // the target column's name
  int n_train = 0, n_val = 0;
  int classes = 0;                    // 0: regression
  bool split_column = false;          // the split came from a `split` column
  std::vector<double> mean, sd;       // per feature, of the training rows (sd 1 when constant)
  std::vector<float> x;               // (n_train + n_val, features) standardized, training rows first
  std::vector<float> y;               // (n_train + n_val)
};

// Parses the file's text: "" or one line naming the line and the problem ("line 7: 3
// values, but the header has 4 columns"); on error *out is unchanged.
std::string parse_csv_data(const std::string& text, CsvData* out);

// The config `base` with the CSV's data: x, y, n_train, n_val, the input and output widths
// and the loss; the rest (hidden layers, p, optimizer, ...) stays. "" or the error
// (validate's), with *out unchanged.
std::string config_with_csv(const Config& base, const CsvData& d, Config* out);

}  // namespace dp
