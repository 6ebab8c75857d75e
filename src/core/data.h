// Seeded float32 datasets: moons, circles, xor, spiral (3 classes), sine (1-D regression).
// Generated with Python's random.Random so they equal torchref.py's make_data exactly.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace dp {

struct Dataset {
  int dim = 2;                 // input features per row, e.g. 2
  int n_train = 0;             // first n_train rows are the training set, e.g. 64
  int n_val = 0;               // the rest is validation, e.g. 200
  int n_classes = 2;           // 0 = regression (sine)
  std::vector<float> x;        // x is (n_train + n_val, dim), row-major
  std::vector<float> y;        // y is (n_train + n_val): class index (exact integer) or target
};

// Known names: "moons", "circles", "xor", "spiral" (alias "spiral3"), "sine".
bool dataset_known(const std::string& kind);
std::string dataset_canonical(const std::string& kind);  // "spiral3" -> "spiral"
int dataset_dim(const std::string& kind);       // 2, or 1 for sine
int dataset_classes(const std::string& kind);   // 2, 3 for spiral, 0 for sine

// Precondition: dataset_known(kind), n_train >= 0, n_val >= 0, noise >= 0.
Dataset make_dataset(const std::string& kind, int n_train, int n_val, double noise,
                     uint64_t data_seed);

}  // namespace dp
