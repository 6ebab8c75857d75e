// Seeded float32 datasets: moons, circles, xor, spiral (3 classes), sine (1-D regression),
// generated with Python's random.Random so they equal the reference program's make_data
// (tests/reference/torchref.py) exactly; and digits (8x8 images, 10 classes), a fixed
// table (core/digits.h) split by Python's random.Random(data_seed).shuffle.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace dp {

struct Dataset {
  int dim = 2;           // input features per row, e.g. 2
  int n_train = 0;       // first n_train rows are the training set, e.g. 64
  int n_val = 0;         // the rest is validation, e.g. 200
  int n_classes = 2;     // 0 = regression (sine)
  std::vector<float> x;  // x is (n_train + n_val, dim), row-major
  std::vector<float> y;  // y is (n_train + n_val): class index (exact integer) or target
};

class PyRandom;

// One generated row: inputs x0 (and x1 when 2-D) and the target y.
struct DataPoint {
  double x0 = 0, x1 = 0, y = 0;
};

// The one table of datasets (config "data", URL "dataset"), in display order.
struct DatasetInfo {
  const char* name;   // e.g. "moons"
  const char* alias;  // another accepted spelling ("spiral3", the reference program's), or ""
  int dim;            // input features, e.g. 2
  int classes;        // 2, 3 for spiral, 0 for regression (sine)
  DataPoint (*point)(PyRandom& r, int row, double noise);  // row `row`'s draws, in order
  int rows = 0;       // a fixed table's rows (digits: 1797; n_train + n_val at most), 0 = generated
  bool noisy = true;  // takes `noise`
};
const std::vector<DatasetInfo>& datasets();
const DatasetInfo* find_dataset(const std::string& name);  // nullptr when unknown
const std::vector<std::string>& dataset_names();           // "moons", ... (no aliases)

// Lookups by name; an unknown name throws std::invalid_argument (validate() first).
bool dataset_known(const std::string& kind);
std::string dataset_canonical(const std::string& kind);  // "spiral3" -> "spiral"
int dataset_dim(const std::string& kind);                // 2, or 1 for sine
int dataset_classes(const std::string& kind);            // 2, 3 for spiral, 0 for sine
bool dataset_is_image(const std::string& kind);          // digits: rows are 8x8 images

// Precondition: n_train >= 0, n_val >= 0, noise >= 0 (and for a fixed table, n_train +
// n_val at most its rows). Throws on an unknown kind, and for digits before
// provide_digits (core/digits.h).
Dataset make_dataset(const std::string& kind, int n_train, int n_val, double noise,
                     uint64_t data_seed);

}  // namespace dp
