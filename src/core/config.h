// One Config: every knob of a run. Its defaults are the member initializers below; every
// field's key, URL name, type, range and "live or restart" are one row of the field
// table (config_fields(), config.cpp), which drives validation, JSON read and write, the
// URL query and Share, the Controls and the README's parameter table.
#pragma once
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace dp {

struct OptimizerConfig {
  std::string name = "adam";  // sgd | adam | adamw | rmsprop (optim.h's table)
  double lr = 0.01;           // learning rate, e.g. 0.1
  double momentum = 0.0;      // sgd, rmsprop, e.g. 0.9
  bool nesterov = false;      // sgd; needs momentum > 0
  double weight_decay = 0.0;  // e.g. 5e-4; AdamW's default is 0.01 when a config omits it
  double beta1 = 0.9;         // adam, adamw: betas[0]
  double beta2 = 0.999;       // adam, adamw: betas[1]
  double alpha = 0.99;        // rmsprop: smoothing constant of the squared-gradient average
  double eps = 1e-8;          // adam, adamw, rmsprop
  bool centered = false;      // rmsprop: divide by the gradient's estimated variance
};

struct Config {
  std::string name;                      // free label, e.g. "moons_relu_sgdm"
  std::string data = "spiral";           // moons | circles | xor | spiral | sine (data.h's table)
  double noise = 0.1;                    // data noise (std of the Gaussian), e.g. 0.25
  uint64_t data_seed = 1;                // seed of the data generator, e.g. 7
  int n_train = 90;                      // training rows, e.g. 64
  int n_val = 400;                       // validation rows, e.g. 200
  std::vector<int> sizes{2, 96, 96, 3};  // layer widths incl. input and output
  std::string activation = "relu";       // relu | tanh | sigmoid (mlp.h's table)
  double dropout = 0.5;                  // nn.Dropout(p) after every hidden activation...
  std::vector<double> dropout_layers;    // ...or one p per hidden layer (empty: all `dropout`)
  double input_dropout = 0.0;            // nn.Dropout on the inputs, first module, when > 0
  std::string loss = "cross_entropy";    // bce_with_logits | mse | cross_entropy (loss.h's table)
  OptimizerConfig optimizer;
  int batch = 8;     // minibatch size, e.g. 16
  int epochs = 200;  // e.g. 30
  int64_t seed = 1;  // torch.manual_seed(seed)
  // MC dropout (the data view's Uncertainty mode, `playground-cli mc`): T passes with
  // dropout on, their masks drawn after torch.manual_seed(mc_seed) in a forked generator.
  int mc_samples = 50;
  int64_t mc_seed = 0;

  // Optional explicit data (then data/noise/data_seed are ignored):
  bool has_xy = false;
  std::vector<float> x;  // x is (n_train + n_val, sizes[0]) row-major
  std::vector<float> y;  // y is (n_train + n_val)
};

// Caps that keep a browser tab safe (README: "Limits").
constexpr int kMaxHiddenLayers = 8;
constexpr int kMaxWidth = 512;  // any layer, input and output included
constexpr int kMaxTrain = 4096;
constexpr int kMaxVal = 8192;
constexpr int kMaxBatch = 4096;
constexpr int kMaxEpochs = 100000;
constexpr int kMaxMcSamples = 200;
constexpr double kMaxSeed = 9007199254740992.0;  // 2^53: exact in JSON, JavaScript and Python

// ---- The field table ----

enum class FieldType {
  Text,     // free text (name)
  Name,     // one of a name table (data, activation, loss, optimizer.name)
  Number,   // a double in [lo, hi] (ends open or closed)
  Integer,  // an integer in [lo, hi]
  Bool,
  Sizes,  // the layer widths; in URLs only the hidden ones ("hidden=32,32")
  Pair,   // two numbers, each in [lo, hi) (betas)
  PerLayer,  // a number in [lo, hi] for every hidden layer, or a list of one per hidden layer
};

enum class OnChange { Restart, Live };  // Live: applies from the next batch (p, lr)

// How the Controls offer a field (the valid range may be wider than the widget's).
enum class Widget { None, Combo, Slider, LogSlider, Input, Checkbox, Custom };

struct Field {
  const char* key;  // the JSON key; "optimizer.lr" is "lr" inside "optimizer"
  const char* url;  // the query parameter, or nullptr (not in links)
  FieldType type;
  double lo, hi;  // range (Number, Integer, each width of Sizes, each of Pair)
  bool lo_open, hi_open;
  const std::vector<std::string>& (*names)();  // Name: the accepted names, or nullptr
  OnChange on_change;
  bool required;  // in a complete config (unless it is about generated data and x/y are given)
  bool generated_data;  // describes the generated data: unused, and absent, with explicit x/y
  const char* label;    // English, for the Controls: "learning rate"
  const char* help;     // English, one sentence: the Controls' tooltip and the README
  Widget widget;
  const char* group;    // which Controls section shows it: data, model, optimizer, ...
  double ui_lo, ui_hi;  // the widget's range
  const char* format;   // the widget's printf format, e.g. "%.2f"
  nlohmann::ordered_json (*get)(const Config&);
  void (*set)(Config&, const nlohmann::ordered_json&);  // the value has the field's JSON type
};

const std::vector<Field>& config_fields();
const Field* find_field(const std::string& key);      // by JSON key, e.g. "optimizer.lr"
const Field* find_url_field(const std::string& url);  // by query parameter, e.g. "lr"

// The field's last key part: "optimizer.lr" -> "lr" (torch's argument name).
std::string field_param(const Field& f);

// An optimizer's parameter ("optimizer.lr", not "optimizer.name"): optimizers take some of these.
bool is_optimizer_param(const Field& f);

// The one-key partial config change that sets field f to value, for config_apply_json:
// {"optimizer": {"lr": 0.1}} for "optimizer.lr".
nlohmann::ordered_json field_change(const Field& f, const nlohmann::ordered_json& value);

// The first field that differs between a and b in a way that needs a restart (its key,
// e.g. "optimizer.momentum", or "x/y" for explicit data), or "" when a can become b live.
std::string restart_difference(const Config& a, const Config& b);

// Whether a config written out (JSON, link) leaves field f out: generated-data fields of
// explicit x/y, input_dropout when 0 (no such module; configs from before it stay valid),
// and the MC dropout fields at their defaults (they do not change the run).
bool field_omitted(const Field& f, const Config& c);

// ---- Validation and (de)serialization ----

// "" when valid, else one line naming the field: "sizes[1] must be between 1 and 512, got 0".
std::string validate(const Config& c);

// Parses a complete config (the JSON of the reference program's configs). Missing optional
// fields take their defaults (the optimizer's own weight_decay default included); missing
// required ones are errors. Returns "" and fills *out, or returns the error and leaves
// *out untouched.
std::string config_from_json(const std::string& text, Config* out);

// Applies a partial JSON object onto *cfg (UI / URL / JS API). Keys are the config keys;
// nested "optimizer" may be partial or just a name ("optimizer": "sgd"), and the flat
// optimizer keys (lr, momentum, ...) are accepted too. The network's ends follow a new
// dataset or loss, and a new optimizer drops the parameters it does not take (back to
// their defaults), unless the same change sets them. All or nothing: on error *cfg is
// unchanged.
std::string config_apply_json(const std::string& partial, Config* cfg);

// The config JSON (every field, in table order); x/y included when has_xy.
std::string config_to_json(const Config& c, int indent = -1);

// Outside text as a message quotes it: control characters and bytes that are not UTF-8
// written as escapes (\n, \x01, \xff), and at most `max` bytes (cut at a character, "..."
// at the end), so that every message is one short line of valid UTF-8 whatever it quotes.
std::string message_text(const std::string& s, size_t max = 40);

// Hidden layers' dropout: set_hidden_dropout gives every hidden layer p (the list goes);
// hidden_dropout is the p of hidden layer `layer` (0-based). resize_hidden_dropout keeps a
// per-layer list as long as the hidden layers after a change of their count (repeating
// the last value).
void set_hidden_dropout(Config& c, double p);
double hidden_dropout(const Config& c, int layer);
void resize_hidden_dropout(Config& c);

bool is_classification(const Config& c);  // loss != mse
bool has_dropout(const Config& c);        // any nn.Dropout with p > 0: a hidden layer's or the input's
int n_classes(const Config& c);           // 2 for bce, sizes.back() for cross_entropy, 0 for mse

}  // namespace dp
