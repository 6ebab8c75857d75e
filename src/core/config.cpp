// The field table, and the Config's one validator and one (de)serializer built on it.
// Every message names the field and says what was wrong, in one line a student can act on.
#include "core/config.h"
#include "core/messages.h"

#include <algorithm>
#include <cmath>

#include "core/data.h"
#include "core/loss.h"
#include "core/mlp.h"
#include "core/names.h"
#include "core/optim.h"
#include "core/tensor_print.h"

namespace dp {

using Json = nlohmann::ordered_json;

namespace {

// get/set of a Config member, for a table row (the member's type is its JSON type).
#define DP_MEMBER(m)                           \
  [](const Config& c) -> Json { return c.m; }, \
      [](Config& c, const Json& v) { c.m = v.get<decltype(Config{}.m)>(); }

Json get_betas(const Config& c) { return Json::array({c.optimizer.beta1, c.optimizer.beta2}); }
void set_betas(Config& c, const Json& v) {
  c.optimizer.beta1 = v[0].get<double>();
  c.optimizer.beta2 = v[1].get<double>();
}
Json get_data(const Config& c) { return c.data; }
void set_data(Config& c, const Json& v) {  // aliases ("spiral3") become the table's name
  const std::string s = v.get<std::string>();
  c.data = dataset_known(s) ? dataset_canonical(s) : s;
}

// "dropout": a number when every hidden layer shares p, else the list.
Json get_dropout(const Config& c) {
  if (c.dropout_layers.empty()) return c.dropout;
  bool same = true;
  for (double v : c.dropout_layers) same = same && v == c.dropout_layers[0];
  if (same && c.dropout_layers.size() + 2 == c.sizes.size()) return c.dropout_layers[0];
  return c.dropout_layers;
}
void set_dropout(Config& c, const Json& v) {
  if (v.is_array()) {
    c.dropout_layers = v.get<std::vector<double>>();
    if (!c.dropout_layers.empty()) c.dropout = c.dropout_layers[0];
  } else {
    c.dropout = v.get<double>();
    c.dropout_layers.clear();
  }
}

constexpr double kSeed = kMaxSeed;
constexpr bool O = true;   // an open end of a range
constexpr bool C = false;  // a closed end

}  // namespace

// clang-format off
const std::vector<Field>& config_fields() {
  // key, url, type, lo, hi, lo_open, hi_open, names, on_change, required, generated_data,
  // label, help, widget, group, ui_lo, ui_hi, format, get/set.
  // Links apply their parameters in this order: the dataset before the widths it adapts,
  // momentum before nesterov.
  static const std::vector<Field> table = {
    {"name", nullptr, FieldType::Text, 0, 0, C, C, nullptr, OnChange::Live, false, false,
     "name", "A free label for the run, e.g. moons_relu_sgdm.",
     Widget::None, "", 0, 0, "", DP_MEMBER(name)},
    {"data", "dataset", FieldType::Name, 0, 0, C, C, dataset_names, OnChange::Restart, true, true,
     "dataset", "The data: 2-D moons, circles, xor or spiral (3 classes), a 1-D sine (regression), or "
     "digits: scikit-learn's 1797 handwritten 8x8 images (64 inputs, 10 classes). "
     "The network's input and output widths and the loss follow it.",
     Widget::Combo, "data", 0, 0, "", get_data, set_data},
    {"noise", "noise", FieldType::Number, 0, 2, C, C, nullptr, OnChange::Restart, true, true,
     "noise", "Standard deviation of the Gaussian noise added to every point (not for digits: real images).",
     Widget::Slider, "data", 0, 1, "%.2f", DP_MEMBER(noise)},
    {"data_seed", "data_seed", FieldType::Integer, 0, kSeed, C, C, nullptr, OnChange::Restart, true, true,
     "data seed", "Seed of the data generator (Python's random.Random): other points, same shape.",
     Widget::Input, "data", 0, kSeed, "%d", DP_MEMBER(data_seed)},
    {"n_train", "n_train", FieldType::Integer, 1, kMaxTrain, C, C, nullptr, OnChange::Restart, true, false,
     "train points", "Training rows: the first n_train rows of the data.",
     Widget::LogSlider, "data", 8, 1000, "%d", DP_MEMBER(n_train)},
    {"n_val", "n_val", FieldType::Integer, 1, kMaxVal, C, C, nullptr, OnChange::Restart, true, false,
     "val points", "Validation rows, after the training rows: never trained on.",
     Widget::LogSlider, "data", 20, 2000, "%d", DP_MEMBER(n_val)},
    {"sizes", "hidden", FieldType::Sizes, 1, kMaxWidth, C, C, nullptr, OnChange::Restart, true, false,
     "hidden layers", "The layer widths: input, hidden..., output. A link carries the hidden ones: hidden=32,32.",
     Widget::Custom, "model", 1, 4, "%d", DP_MEMBER(sizes)},
    {"activation", "activation", FieldType::Name, 0, 0, C, C, activation_names, OnChange::Restart, true, false,
     "activation", "The activation after every hidden nn.Linear: nn.ReLU, nn.Tanh or nn.Sigmoid.",
     Widget::Combo, "model", 0, 0, "", DP_MEMBER(activation)},
    {"dropout", "dropout", FieldType::PerLayer, 0, 1, C, C, nullptr, OnChange::Live, true, false,
     "p", "nn.Dropout(p) after every hidden activation: in training each unit is zeroed with "
     "probability p and the kept ones are scaled by 1/(1-p). One number for every hidden layer, "
     "or one per hidden layer (dropout=0.2,0.5); a new layer count repeats the last. A change "
     "applies from the next batch.",
     Widget::Custom, "dropout", 0, 0.95, "%.2f", get_dropout, set_dropout},
    {"input_dropout", "input_dropout", FieldType::Number, 0, 1, C, C, nullptr, OnChange::Live, false,
     false, "input dropout", "nn.Dropout(input_dropout) on the inputs, the first module of the "
     "network (only when > 0). A change applies from the next batch.",
     Widget::Custom, "dropout", 0, 0.95, "%.2f", DP_MEMBER(input_dropout)},
    {"loss", "loss", FieldType::Name, 0, 0, C, C, loss_names, OnChange::Restart, true, false,
     "loss", "bce_with_logits (1 output), mse (1 output, regression) or cross_entropy (one output per "
     "class). The output width follows it.",
     Widget::None, "model", 0, 0, "", DP_MEMBER(loss)},
    {"optimizer.name", "optimizer", FieldType::Name, 0, 0, C, C, optimizer_names, OnChange::Restart, true, false,
     "optimizer", "torch.optim.SGD, Adam, AdamW or RMSprop. Parameters the new one does not take go "
     "back to their defaults.",
     Widget::Combo, "optimizer", 0, 0, "", DP_MEMBER(optimizer.name)},
    {"optimizer.lr", "lr", FieldType::Number, 0, 100, O, C, nullptr, OnChange::Live, true, false,
     "learning rate", "The optimizer's step size. A change applies from the next batch.",
     Widget::LogSlider, "lr", 1e-4, 1, "%.4g", DP_MEMBER(optimizer.lr)},
    {"optimizer.momentum", "momentum", FieldType::Number, 0, 1, C, O, nullptr, OnChange::Restart, false, false,
     "momentum", "Momentum (SGD, RMSprop): each step adds this fraction of the previous one.",
     Widget::Slider, "optimizer", 0, 0.99, "%.2f", DP_MEMBER(optimizer.momentum)},
    {"optimizer.nesterov", "nesterov", FieldType::Bool, 0, 0, C, C, nullptr, OnChange::Restart, false, false,
     "nesterov", "Nesterov momentum (SGD; needs momentum > 0).",
     Widget::Checkbox, "optimizer", 0, 0, "", DP_MEMBER(optimizer.nesterov)},
    {"optimizer.weight_decay", "weight_decay", FieldType::Number, 0, 1, C, C, nullptr, OnChange::Restart, false,
     false, "weight decay", "An L2 penalty on the weights (decoupled from the gradient in AdamW, whose "
     "default is 0.01).",
     Widget::LogSlider, "optimizer", 0, 0.1, "%.4g", DP_MEMBER(optimizer.weight_decay)},
    {"optimizer.betas", "betas", FieldType::Pair, 0, 1, C, O, nullptr, OnChange::Restart, false, false,
     "betas", "Adam and AdamW: the averaging constants of the gradient and of its square.",
     Widget::None, "optimizer", 0, 0, "", get_betas, set_betas},
    {"optimizer.alpha", "alpha", FieldType::Number, 0, 1, C, O, nullptr, OnChange::Restart, false, false,
     "alpha", "RMSprop: the smoothing constant of the average of squared gradients.",
     Widget::Slider, "optimizer", 0.5, 0.999, "%.3f", DP_MEMBER(optimizer.alpha)},
    {"optimizer.eps", "eps", FieldType::Number, 0, 1, O, C, nullptr, OnChange::Restart, false, false,
     "eps", "Adam, AdamW and RMSprop: added to the denominator so it never is 0.",
     Widget::None, "optimizer", 0, 0, "", DP_MEMBER(optimizer.eps)},
    {"optimizer.centered", "centered", FieldType::Bool, 0, 0, C, C, nullptr, OnChange::Restart, false, false,
     "centered", "RMSprop: divide by the gradient's estimated variance instead of its mean square.",
     Widget::Checkbox, "optimizer", 0, 0, "", DP_MEMBER(optimizer.centered)},
    {"batch", "batch", FieldType::Integer, 1, kMaxBatch, C, C, nullptr, OnChange::Restart, true, false,
     "batch size", "Minibatch size; the last, partial batch of an epoch is kept.",
     Widget::Slider, "optimizer", 1, 256, "%d", DP_MEMBER(batch)},
    {"epochs", "epochs", FieldType::Integer, 1, kMaxEpochs, C, C, nullptr, OnChange::Restart, true, false,
     "epochs", "How many passes over the training rows.",
     Widget::LogSlider, "optimizer", 10, 2000, "%d", DP_MEMBER(epochs)},
    {"seed", "seed", FieldType::Integer, -kSeed, kSeed, C, C, nullptr, OnChange::Restart, true, false,
     "seed", "torch.manual_seed(seed): the initial weights, the minibatch order and every dropout mask.",
     Widget::Custom, "seed", -kSeed, kSeed, "%d", DP_MEMBER(seed)},
    {"mc_samples", "mc_samples", FieldType::Integer, 1, kMaxMcSamples, C, C, nullptr, OnChange::Live,
     false, false, "MC passes", "T, the stochastic passes (dropout on) that MC dropout averages: "
     "the data view's Uncertainty mode and `playground-cli mc`.",
     Widget::None, "uncertainty", 1, kMaxMcSamples, "%d", DP_MEMBER(mc_samples)},
    {"mc_seed", "mc_seed", FieldType::Integer, -kSeed, kSeed, C, C, nullptr, OnChange::Live, false,
     false, "MC seed", "torch.manual_seed(mc_seed) in a forked generator before the MC passes: "
     "their masks. The training run does not see it.",
     Widget::None, "uncertainty", -kSeed, kSeed, "%d", DP_MEMBER(mc_seed)},
  };
  return table;
}
// clang-format on
#undef DP_MEMBER

const Field* find_field(const std::string& key) {
  for (const Field& f : config_fields())
    if (key == f.key) return &f;
  return nullptr;
}

const Field* find_url_field(const std::string& url) {
  for (const Field& f : config_fields())
    if (f.url && url == f.url) return &f;
  return nullptr;
}

std::string field_param(const Field& f) {
  const std::string k = f.key;
  const size_t dot = k.rfind('.');
  return dot == std::string::npos ? k : k.substr(dot + 1);
}

Json field_change(const Field& f, const Json& value) {
  const std::string k = f.key;
  const size_t dot = k.find('.');
  Json j = Json::object();
  if (dot == std::string::npos)
    j[k] = value;
  else
    j[k.substr(0, dot)][k.substr(dot + 1)] = value;
  return j;
}

bool is_optimizer_param(const Field& f) {
  return std::string(f.key).rfind("optimizer.", 0) == 0 && std::string(f.key) != "optimizer.name";
}

namespace {

// Numbers in messages: integers without a ".0", others as Python prints them.
std::string num(double v) {
  if (std::isfinite(v) && v == std::floor(v) && std::fabs(v) < 1e15)
    return std::to_string(static_cast<long long>(v));
  return python_float_repr(v);
}

// "dropout must be between 0 and 1, got 1.7", "optimizer.lr must be > 0 and at most 100, got 0".
std::string range_msg(const std::string& what, const Field& f, double got) {
  const Msg m = !f.lo_open && !f.hi_open ? Msg::range_between
                : f.lo_open && f.hi_open  ? Msg::range_gt_below
                : f.lo_open               ? Msg::range_gt_at_most
                                          : Msg::range_at_least_below;
  return say(m, {what, num(f.lo), num(f.hi), num(got)});
}

bool in_range(const Field& f, double v) {
  return std::isfinite(v) && (f.lo_open ? v > f.lo : v >= f.lo) &&
         (f.hi_open ? v < f.hi : v <= f.hi);
}

// A short rendering of a JSON value for messages: "\"abc\"", "1.5", "[...]".
std::string show(const Json& j) {
  return message_text(j.dump(-1, ' ', false, Json::error_handler_t::replace));
}

// ---- typed readers: each throws std::string naming the field ----

double get_number(const Json& j, const std::string& field) {
  if (!j.is_number()) throw say(Msg::not_number, {field, show(j)});
  const double v = j.get<double>();
  if (!std::isfinite(v)) throw say(Msg::not_finite, {field});
  return v;
}

std::string int_range(const std::string& field, long long lo, long long hi,
                      const std::string& got) {
  return say(Msg::range_between, {field, std::to_string(lo), std::to_string(hi), got});
}

long long get_integer(const Json& j, const std::string& field, long long lo, long long hi) {
  if (j.is_number_float()) {
    const double v = j.get<double>();
    if (std::isfinite(v) && v == std::floor(v) && std::fabs(v) <= kMaxSeed) {
      // 64.0 is accepted as 64 (JavaScript has only doubles).
      const long long iv = static_cast<long long>(v);
      if (iv < lo || iv > hi) throw int_range(field, lo, hi, std::to_string(iv));
      return iv;
    }
    if (std::isfinite(v) && v == std::floor(v)) throw int_range(field, lo, hi, num(v));
    throw say(Msg::not_integer, {field, show(j)});
  }
  if (j.is_number_unsigned()) {
    const unsigned long long u = j.get<unsigned long long>();
    if (u > static_cast<unsigned long long>(hi) || static_cast<long long>(u) < lo)
      throw int_range(field, lo, hi, std::to_string(u));
    return static_cast<long long>(u);
  }
  if (j.is_number_integer()) {
    const long long v = j.get<long long>();
    if (v < lo || v > hi) throw int_range(field, lo, hi, std::to_string(v));
    return v;
  }
  throw say(Msg::not_integer, {field, show(j)});
}

// The input, 1 to kMaxHiddenLayers hidden layers and the output: what a link's hidden=
// (1 to 8 widths) can carry.
bool layer_count_ok(size_t n) { return n >= 3 && n <= static_cast<size_t>(kMaxHiddenLayers + 2); }
std::string layer_count_msg(const std::string& k, size_t n) {
  return say(Msg::layer_count, {k, std::to_string(kMaxHiddenLayers + 2),
                                std::to_string(kMaxHiddenLayers), std::to_string(n)});
}

// The value of field f read from j, as the JSON type its set() expects.
Json read_value(const Field& f, const Json& j) {
  const std::string k = f.key;
  switch (f.type) {
    case FieldType::Text:
    case FieldType::Name:
      if (!j.is_string()) throw say(Msg::not_string, {k, show(j)});
      return j;
    case FieldType::Number:
      return get_number(j, k);
    case FieldType::Integer:
      return get_integer(j, k, static_cast<long long>(f.lo), static_cast<long long>(f.hi));
    case FieldType::Bool:
      if (!j.is_boolean()) throw say(Msg::not_bool, {k, show(j)});
      return j;
    case FieldType::Sizes: {
      if (!j.is_array())
        throw say(Msg::not_sizes, {k, show(j)});
      if (!layer_count_ok(j.size())) throw layer_count_msg(k, j.size());
      const size_t n = j.size();
      Json out = Json::array();
      for (size_t i = 0; i < n; ++i)
        out.push_back(get_integer(j[i], k + "[" + std::to_string(i) + "]",
                                  static_cast<long long>(f.lo), static_cast<long long>(f.hi)));
      return out;
    }
    case FieldType::PerLayer: {
      if (!j.is_array()) return get_number(j, k);
      if (j.empty() || j.size() > static_cast<size_t>(kMaxHiddenLayers))
        throw say(Msg::not_per_layer, {k, std::to_string(kMaxHiddenLayers), show(j)});
      Json out = Json::array();
      for (size_t i = 0; i < j.size(); ++i)
        out.push_back(get_number(j[i], k + "[" + std::to_string(i) + "]"));
      return out;
    }
    case FieldType::Pair:
      if (!j.is_array() || j.size() != 2)
        throw say(Msg::not_pair, {k, show(j)});
      return Json::array({get_number(j[0], k + "[0]"), get_number(j[1], k + "[1]")});
  }
  throw say(Msg::unreadable, {k});
}

// The top-level keys, for the "unknown key" message.
std::string known_keys(const std::string& prefix) {
  std::vector<std::string> keys;
  for (const Field& f : config_fields()) {
    std::string k = f.key;
    if (!prefix.empty()) {
      if (k.rfind(prefix, 0) == 0) keys.push_back(k.substr(prefix.size()));
      continue;
    }
    k = k.substr(0, k.find('.'));
    if (std::find(keys.begin(), keys.end(), k) == keys.end()) keys.push_back(k);
  }
  if (prefix.empty()) keys.insert(keys.end(), {"x", "y"});
  return join_names(keys);
}

void read_xy(const Json& jx, const Json& jy, Config* c) {
  if (!jx.is_array()) throw say(Msg::x_not_rows, {show(jx)});
  if (!jy.is_array()) throw say(Msg::y_not_targets, {show(jy)});
  if (jx.size() > static_cast<size_t>(kMaxTrain + kMaxVal))
    throw say(Msg::x_too_many_rows, {std::to_string(jx.size()), std::to_string(kMaxTrain + kMaxVal)});
  if (jx.size() != jy.size())
    throw say(Msg::xy_row_counts, {std::to_string(jx.size()), std::to_string(jy.size())});
  std::vector<float> x, y;
  size_t dim = 0;
  for (size_t r = 0; r < jx.size(); ++r) {
    const std::string f = "x[" + std::to_string(r) + "]";
    if (!jx[r].is_array() || jx[r].empty())
      throw say(Msg::row_not_numbers, {f, show(jx[r])});
    if (r == 0) dim = jx[r].size();
    if (jx[r].size() != dim)
      throw say(Msg::row_width, {f, std::to_string(jx[r].size()), std::to_string(dim)});
    if (dim > static_cast<size_t>(kMaxWidth))
      throw say(Msg::row_too_wide, {f, std::to_string(kMaxWidth)});
    for (size_t k = 0; k < dim; ++k)
      x.push_back(static_cast<float>(get_number(jx[r][k], f + "[" + std::to_string(k) + "]")));
    y.push_back(static_cast<float>(get_number(jy[r], "y[" + std::to_string(r) + "]")));
  }
  c->has_xy = true;
  c->x = std::move(x);
  c->y = std::move(y);
}

// Applies one field's value; records its key in *set.
void apply_field(const Field& f, const Json& v, Config* c, std::vector<std::string>* set) {
  f.set(*c, read_value(f, v));
  set->push_back(f.key);
}

// Applies one top-level key of a config object. Flat optimizer keys (lr, momentum, ...)
// are accepted in partial changes from the UI, URL and JS API.
void apply_key(const std::string& key, const Json& v, Config* c, bool partial,
               std::vector<std::string>* set) {
  if (key == "x" || key == "y") return;  // read together by the caller
  if (key == "optimizer") {
    if (v.is_string() && partial) {  // shorthand in a partial change: "optimizer": "sgd"
      apply_field(*find_field("optimizer.name"), v, c, set);
      return;
    }
    if (!v.is_object())
      throw say(Msg::optimizer_not_object, {show(v)});
    if (!partial) {
      if (!v.contains("name")) throw say(Msg::key_missing, {"optimizer.name"});
      if (!v.contains("lr")) throw say(Msg::key_missing, {"optimizer.lr"});
    }
    for (auto it = v.begin(); it != v.end(); ++it) {
      const Field* f = find_field("optimizer." + it.key());
      if (!f)
        throw say(Msg::unknown_key, {"optimizer." + message_text(it.key()), known_keys("optimizer.")});
      apply_field(*f, it.value(), c, set);
    }
    return;
  }
  const Field* f = key.find('.') == std::string::npos ? find_field(key) : nullptr;
  if (!f && partial && key != "name") f = find_field("optimizer." + key);
  if (!f) throw say(Msg::unknown_key, {message_text(key), known_keys("")});
  apply_field(*f, v, c, set);
}

Json parse_object(const std::string& text, const std::string& what) {
  Json j;
  try {
    j = Json::parse(text);
  } catch (const Json::exception& e) {
    // "[json.exception.parse_error.101] parse error at line 1, column 9: syntax error ...;
    // last read: '<the text read>'", or "[json.exception.out_of_range.406] number overflow
    // parsing '1e310'": the reader's words without its tag; the text read, which may be long
    // or hold any byte, quoted like any outside text.
    std::string m = e.what();
    const auto pos = m.find("] ");
    if (m.rfind("[json.exception.", 0) == 0 && pos != std::string::npos) m = m.substr(pos + 2);
    const std::string read = "; last read: '";
    const auto at = m.find(read);
    if (at != std::string::npos && m.back() == '\'')
      m = message_text(m.substr(0, at), 200) + read +
          message_text(m.substr(at + read.size(), m.size() - at - read.size() - 1)) + "'";
    else
      m = message_text(m, 200);
    throw say(Msg::not_json, {what, m});
  }
  if (!j.is_object()) throw say(Msg::not_object, {what, show(j)});
  return j;
}

bool was_set(const std::vector<std::string>& set, const std::string& key) {
  return std::find(set.begin(), set.end(), key) != set.end();
}

// After a partial change, keep the rest consistent with it unless the same change says
// otherwise: the network's ends and the loss follow a new dataset, the output width
// follows a new loss, and a new optimizer drops the parameters it does not take.
void harmonize(const std::vector<std::string>& set, Config* c) {
  const bool data = was_set(set, "data") && !c->has_xy && dataset_known(c->data);
  if (data && !was_set(set, "loss")) {
    const int classes = dataset_classes(c->data);
    if (classes == 0)
      c->loss = "mse";
    else if (classes > 2)
      c->loss = "cross_entropy";
    else if (c->loss == "mse")
      c->loss = "bce_with_logits";
  }
  if (data && dataset_is_image(c->data)) {
    // The digits' teaching default (measured with torch, README "Real data"): a change
    // to digits brings it, field by field, unless the same change sets the field.
    const int hidden = 128;
    if (!was_set(set, "n_train")) c->n_train = 150;
    if (!was_set(set, "n_val")) c->n_val = 500;
    if (!was_set(set, "sizes")) c->sizes = {dataset_dim(c->data), hidden, hidden, dataset_classes(c->data)};
    if (!was_set(set, "batch")) c->batch = 16;
    if (!was_set(set, "epochs")) c->epochs = 120;
    if (!was_set(set, "optimizer.lr")) c->optimizer.lr = 1e-3;
    if (!was_set(set, "sizes") && !was_set(set, "dropout")) resize_hidden_dropout(*c);
  }
  if ((data || was_set(set, "loss")) && !was_set(set, "sizes") && c->sizes.size() >= 2) {
    const bool known = !c->has_xy && dataset_known(c->data);
    if (data) c->sizes.front() = dataset_dim(c->data);
    const int classes = known ? dataset_classes(c->data) : 2;
    c->sizes.back() = c->loss == "cross_entropy" ? std::max(classes, 2) : 1;
  }
  if (was_set(set, "sizes") && !was_set(set, "dropout")) resize_hidden_dropout(*c);
  const OptimizerInfo* o = find_optimizer(c->optimizer.name);
  if (was_set(set, "optimizer.name") && o) {
    const Config defaults;
    for (const Field& f : config_fields())
      if (is_optimizer_param(f) && !optimizer_takes(*o, field_param(f)) && !was_set(set, f.key))
        f.set(*c, f.get(defaults));
  }
}

// Both readers: a complete config (from defaults, required keys enforced) or a partial
// change (from *out, flat optimizer keys allowed, the rest follows the change).
std::string read_config(const std::string& text, bool partial, Config* out) {
  const std::string what = say(partial ? Msg::the_config_change : Msg::the_config);
  try {
    const Json j = parse_object(text, what);
    Config c = partial ? *out : Config{};
    const bool xy = j.contains("x") || j.contains("y");
    if (!partial) {
      c.name.clear();
      for (const Field& f : config_fields()) {
        const std::string top = std::string(f.key).substr(0, std::string(f.key).find('.'));
        if (f.required && !(xy && f.generated_data) && !j.contains(top))
          return say(Msg::missing_from_config, {top});
      }
    }
    if (xy && (!j.contains("x") || !j.contains("y"))) return say(Msg::xy_together);
    std::vector<std::string> set;
    for (auto it = j.begin(); it != j.end(); ++it)
      apply_key(it.key(), it.value(), &c, partial, &set);
    if (xy) read_xy(j.at("x"), j.at("y"), &c);
    if (partial && c.has_xy && !xy) {
      // The run's data are explicit x/y: a change to the generated data would be ignored.
      for (const std::string& key : set) {
        const Field* f = find_field(key);
        if (f && f->generated_data)
          return say(Msg::generated_with_xy, {key});
      }
    }
    if (partial) {
      harmonize(set, &c);
    } else if (!was_set(set, "optimizer.weight_decay")) {
      // torch's default for this optimizer (AdamW: 0.01).
      if (const OptimizerInfo* o = find_optimizer(c.optimizer.name))
        c.optimizer.weight_decay = o->weight_decay_default;
    }
    const std::string err = validate(c);
    if (!err.empty()) return err;
    *out = std::move(c);
    return "";
  } catch (const std::string& e) {
    return e;
  } catch (const std::exception& e) {
    return say(Msg::could_not_read, {what, message_text(e.what(), 200)});
  }
}

// The range and name checks of one field; "" when fine.
std::string check_field(const Field& f, const Config& c) {
  const Json v = f.get(c);
  const std::string k = f.key;
  switch (f.type) {
    case FieldType::Text:
    case FieldType::Bool:
      return "";
    case FieldType::Name: {
      const std::string s = v.get<std::string>();
      const std::vector<std::string>& names = f.names();
      if (std::find(names.begin(), names.end(), s) == names.end())
        return say(Msg::not_one_of, {k, join_names(names), message_text(s)});
      return "";
    }
    case FieldType::Number:
      return in_range(f, v.get<double>()) ? "" : range_msg(k, f, v.get<double>());
    case FieldType::Integer:
      return in_range(f, v.get<double>()) ? ""
                                          : int_range(k, static_cast<long long>(f.lo),
                                                      static_cast<long long>(f.hi), v.dump());
    case FieldType::Sizes: {
      if (!layer_count_ok(v.size())) return layer_count_msg(k, v.size());
      for (size_t i = 0; i < v.size(); ++i)
        if (!in_range(f, v[i].get<double>()))
          return range_msg(k + "[" + std::to_string(i) + "]", f, v[i].get<double>());
      return "";
    }
    case FieldType::PerLayer: {
      if (!v.is_array()) return in_range(f, v.get<double>()) ? "" : range_msg(k, f, v.get<double>());
      const size_t hidden = c.sizes.size() >= 2 ? c.sizes.size() - 2 : 0;
      if (v.size() != hidden)
        return say(hidden == 1 ? Msg::per_layer_count_one : Msg::per_layer_count,
                   {k, std::to_string(v.size()), std::to_string(hidden)});
      for (size_t i = 0; i < v.size(); ++i)
        if (!in_range(f, v[i].get<double>()))
          return range_msg(k + "[" + std::to_string(i) + "]", f, v[i].get<double>());
      return "";
    }
    case FieldType::Pair:
      for (size_t i = 0; i < 2; ++i)
        if (!in_range(f, v[i].get<double>()))
          return range_msg(k + "[" + std::to_string(i) + "]", f, v[i].get<double>());
      return "";
  }
  return "";
}

// The data and the network's ends must fit together; explicit data must be usable.
std::string check_data_and_network(const Config& c) {
  LossKind lk;
  loss_from_name(c.loss, &lk);
  const int n = c.n_train + c.n_val;
  int dim, classes;
  std::string what;
  if (c.has_xy) {
    if (c.y.size() != static_cast<size_t>(n))
      return say(Msg::xy_rows_n, {std::to_string(n), std::to_string(c.y.size())});
    dim = static_cast<int>(c.x.size() / (c.y.empty() ? 1 : c.y.size()));
    if (static_cast<size_t>(dim) * c.y.size() != c.x.size() || dim < 1)
      return say(Msg::x_ragged);
    what = "x";
    classes = -1;
  } else {
    dim = dataset_dim(c.data);
    classes = dataset_classes(c.data);
    what = "'" + c.data + "'";
    const DatasetInfo* info = find_dataset(c.data);
    if (info->rows > 0 && n > info->rows)
      return say(Msg::dataset_rows, {std::to_string(info->rows), what, std::to_string(n)});
  }
  if (c.sizes.front() != dim)
    return say(Msg::input_width, {what, std::to_string(dim), std::to_string(c.sizes.front())});
  const std::string last = "sizes[" + std::to_string(c.sizes.size() - 1) + "]";
  if (lk != LossKind::CrossEntropy && c.sizes.back() != 1)
    return say(Msg::output_one, {last, c.loss, std::to_string(c.sizes.back())});
  if (lk == LossKind::CrossEntropy && c.sizes.back() < 2)
    return say(Msg::output_classes_min, {last, std::to_string(c.sizes.back())});
  if (!c.has_xy) {
    if (classes == 0 && lk != LossKind::Mse)
      return say(Msg::loss_needs_classes, {c.loss});
    if (classes > 2 && lk == LossKind::BceWithLogits)
      return say(Msg::bce_two_classes, {what, std::to_string(classes)});
    // One output per class: the width a link gives the network's end (the URL carries the
    // hidden widths only), so that every config of generated data has a link.
    if (lk == LossKind::CrossEntropy && c.sizes.back() != classes)
      return say(Msg::output_classes,
                 {last, std::to_string(classes), what, std::to_string(c.sizes.back())});
    return "";
  }
  for (float v : c.x)
    if (!std::isfinite(v)) return say(Msg::x_not_finite);
  for (size_t r = 0; r < c.y.size(); ++r) {
    const float t = c.y[r];
    const std::string f = "y[" + std::to_string(r) + "]";
    if (!std::isfinite(t)) return say(Msg::y_not_finite, {f});
    if (lk == LossKind::CrossEntropy && (t != std::floor(t) || t < 0 || t >= c.sizes.back()))
      return say(Msg::y_class_index, {f, std::to_string(c.sizes.back() - 1), num(t)});
    if (lk == LossKind::BceWithLogits && !(t >= 0.0f && t <= 1.0f))
      return say(Msg::y_bce, {f, num(t)});
  }
  return "";
}

}  // namespace

std::string message_text(const std::string& s, size_t max) {
  std::string out;
  std::vector<size_t> ends;  // where each character of out ends
  for (size_t i = 0; i < s.size() && out.size() <= max;) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    // The length of a well-formed UTF-8 sequence at i (no overlong forms, no surrogates,
    // nothing above U+10FFFF), or 0.
    size_t n = 0;
    if (c >= 0x20 && c < 0x7F) {
      n = 1;
    } else if (c >= 0xC2 && c <= 0xF4) {
      const size_t len = c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
      const unsigned char lo = c == 0xE0 ? 0xA0 : c == 0xF0 ? 0x90 : 0x80;
      const unsigned char hi = c == 0xED ? 0x9F : c == 0xF4 ? 0x8F : 0xBF;
      n = len;
      for (size_t k = 1; k < len && n; ++k) {
        const unsigned char d = i + k < s.size() ? static_cast<unsigned char>(s[i + k]) : 0;
        if (d < (k == 1 ? lo : 0x80) || d > (k == 1 ? hi : 0xBF)) n = 0;
      }
    }
    if (n) {
      out.append(s, i, n);
      i += n;
    } else {
      static const char* hex = "0123456789abcdef";
      if (c == '\n')
        out += "\\n";
      else if (c == '\r')
        out += "\\r";
      else if (c == '\t')
        out += "\\t";
      else
        out += std::string("\\x") + hex[c >> 4] + hex[c & 15];
      ++i;
    }
    ends.push_back(out.size());
  }
  if (out.size() <= max) return out;
  size_t keep = 0;
  for (size_t e : ends)
    if (e + 3 <= max) keep = e;
  return out.substr(0, keep) + "...";
}

void set_hidden_dropout(Config& c, double p) {
  c.dropout = p;
  c.dropout_layers.clear();
}

double hidden_dropout(const Config& c, int layer) {
  if (c.dropout_layers.empty()) return c.dropout;
  const size_t i = std::min(static_cast<size_t>(std::max(layer, 0)), c.dropout_layers.size() - 1);
  return c.dropout_layers[i];
}

void resize_hidden_dropout(Config& c) {
  if (c.dropout_layers.empty() || c.sizes.size() < 3) return;
  c.dropout_layers.resize(c.sizes.size() - 2, c.dropout_layers.back());
}

bool is_classification(const Config& c) {
  const LossInfo* l = find_loss(c.loss);
  return l && l->classification;
}

bool has_dropout(const Config& c) {
  bool any = c.input_dropout > 0;
  for (size_t i = 0; i + 2 < c.sizes.size(); ++i) any = any || hidden_dropout(c, static_cast<int>(i)) > 0;
  return any;
}

int n_classes(const Config& c) {
  if (!is_classification(c)) return 0;
  if (c.loss == "bce_with_logits") return 2;
  return c.sizes.empty() ? 0 : c.sizes.back();
}

std::string validate(const Config& c) {
  for (const Field& f : config_fields()) {
    if (c.has_xy && f.generated_data) continue;
    const std::string err = check_field(f, c);
    if (!err.empty()) return err;
  }
  // Each optimizer takes its own parameters; the others must keep their defaults.
  const OptimizerInfo& o = *find_optimizer(c.optimizer.name);
  const Config defaults;
  for (const Field& f : config_fields()) {
    if (!is_optimizer_param(f) || optimizer_takes(o, field_param(f)) || f.get(c) == f.get(defaults))
      continue;
    return say(Msg::not_optimizer_param, {f.key, o.name, join_names(o.params)});
  }
  if (o.check) {
    const std::string err = o.check(c.optimizer);
    if (!err.empty()) return err;
  }
  return check_data_and_network(c);
}

std::string config_from_json(const std::string& text, Config* out) {
  return read_config(text, false, out);
}

std::string config_apply_json(const std::string& partial, Config* cfg) {
  return read_config(partial, true, cfg);
}

bool field_omitted(const Field& f, const Config& c) {
  if (c.has_xy && f.generated_data) return true;
  const std::string k = f.key;
  if (k == "mc_samples" || k == "mc_seed") {
    static const Config defaults;
    return f.get(c) == f.get(defaults);
  }
  return k == "input_dropout" && c.input_dropout == 0;
}

std::string config_to_json(const Config& c, int indent) {
  Json j = Json::object();
  for (const Field& f : config_fields()) {
    if (field_omitted(f, c)) continue;
    const std::string k = f.key;
    const size_t dot = k.find('.');
    if (dot == std::string::npos)
      j[k] = f.get(c);
    else
      j[k.substr(0, dot)][k.substr(dot + 1)] = f.get(c);
  }
  if (c.has_xy) {
    const size_t rows = c.y.size();
    const size_t dim = rows ? c.x.size() / rows : 0;
    Json xs = Json::array(), ys = Json::array();
    const bool ce = c.loss == "cross_entropy";
    for (size_t r = 0; r < rows; ++r) {
      Json row = Json::array();
      for (size_t k = 0; k < dim; ++k) row.push_back(static_cast<double>(c.x[r * dim + k]));
      xs.push_back(row);
      if (ce)
        ys.push_back(static_cast<int>(c.y[r]));
      else
        ys.push_back(static_cast<double>(c.y[r]));
    }
    j["x"] = xs;
    j["y"] = ys;
  }
  return j.dump(indent);
}

std::string restart_difference(const Config& a, const Config& b) {
  for (const Field& f : config_fields())
    if (f.on_change == OnChange::Restart && f.get(a) != f.get(b)) return f.key;
  if (a.has_xy != b.has_xy || a.x != b.x || a.y != b.y) return "x/y";
  return "";
}

}  // namespace dp
