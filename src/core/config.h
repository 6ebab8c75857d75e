// One Config: every knob of a run, with its default and range, validated in one
// place and serialized in one place (the shared config JSON of torchref.py).
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace dp {

struct OptimizerConfig {
  std::string name = "adam";   // "sgd" | "adam" | "adamw"
  double lr = 0.01;            // learning rate, e.g. 0.1; (0, 100]
  double momentum = 0.0;       // sgd only, [0, 1)
  bool nesterov = false;       // sgd only; needs momentum > 0
  double weight_decay = 0.0;   // [0, 1]; adamw's default is 0.01 when the JSON omits it
  double beta1 = 0.9;          // adam/adamw, [0, 1)
  double beta2 = 0.999;        // adam/adamw, [0, 1)
  double eps = 1e-8;           // adam/adamw, (0, 1]
};

struct Config {
  std::string name;                 // free label, e.g. "moons_relu_sgdm"
  std::string data = "spiral";      // moons | circles | xor | spiral | sine
  double noise = 0.1;               // data noise (std of the Gaussian), [0, 2]
  uint64_t data_seed = 1;           // seed of the data generator, [0, 2^53]
  int n_train = 90;                 // training rows, [1, kMaxTrain]
  int n_val = 400;                  // validation rows, [1, kMaxVal]
  std::vector<int> sizes{2, 96, 96, 3};  // layer widths incl. input and output
  std::string activation = "relu";  // relu | tanh | sigmoid
  double dropout = 0.5;             // nn.Dropout(p) after every hidden activation, [0, 1]
  std::string loss = "cross_entropy";  // bce_with_logits | mse | cross_entropy
  OptimizerConfig optimizer;
  int batch = 8;                    // minibatch size, [1, kMaxBatch]
  int epochs = 200;                 // [1, kMaxEpochs]
  int64_t seed = 1;                 // torch.manual_seed(seed)

  // Optional explicit data (then data/noise/data_seed are ignored):
  bool has_xy = false;
  std::vector<float> x;             // x is (n_train + n_val, sizes[0]) row-major
  std::vector<float> y;             // y is (n_train + n_val)
};

// Caps that keep a browser tab safe (README: "Limits").
constexpr int kMaxHiddenLayers = 8;
constexpr int kMaxWidth = 512;      // any layer, input and output included
constexpr int kMaxTrain = 4096;
constexpr int kMaxVal = 8192;
constexpr int kMaxBatch = 4096;
constexpr int kMaxEpochs = 100000;
constexpr int kMaxClasses = 64;

// "" when valid, else one line naming the field: "sizes[1] must be between 1 and 512, got 0".
std::string validate(const Config& c);

// Parses a complete config (the shared JSON). Missing fields take the defaults
// of torchref.py's program where it has them (optimizer extras), else are errors
// for the required keys: data (unless x/y given), n_train, n_val, sizes,
// activation, dropout, loss, optimizer.name, optimizer.lr, batch, epochs, seed.
// Returns "" and fills *out, or returns the error and leaves *out untouched.
std::string config_from_json(const std::string& text, Config* out);

// Applies a partial JSON object onto *cfg (UI / URL / JS API). Keys are the
// config keys; nested "optimizer" may be partial. All or nothing: on error
// *cfg is unchanged. Also accepts the flat optimizer keys lr, momentum, ...
std::string config_apply_json(const std::string& partial, Config* cfg);

// The shared JSON (keys of torchref.py's CONFIGS); x/y included when has_xy.
std::string config_to_json(const Config& c, int indent = -1);

bool is_classification(const Config& c);  // loss != mse
int n_classes(const Config& c);           // 2 for bce, sizes.back() for cross_entropy, 0 for mse

}  // namespace dp
