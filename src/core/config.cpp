// The Config's one validator and one (de)serializer. Every message names the field
// and says what was wrong, in one line a student can act on.
#include "core/config.h"

#include <cmath>
#include <nlohmann/json.hpp>
#include <sstream>

#include "core/data.h"
#include "core/dropout.h"
#include "core/loss.h"
#include "core/mlp.h"
#include "core/tensor_print.h"

namespace dp {

using Json = nlohmann::ordered_json;

namespace {

constexpr double kMaxSeed = 9007199254740992.0;  // 2^53: exact in JSON, JavaScript and Python

// Numbers in messages: integers without a ".0", others as Python prints them.
std::string num(double v) {
  if (std::isfinite(v) && v == std::floor(v) && std::fabs(v) < 1e15) return std::to_string(static_cast<long long>(v));
  return python_float_repr(v);
}

std::string range_msg(const std::string& field, double lo, double hi, double got) {
  return field + " must be between " + num(lo) + " and " + num(hi) + ", got " + num(got);
}
std::string range_msg_int(const std::string& field, long long lo, long long hi, long long got) {
  return field + " must be between " + std::to_string(lo) + " and " + std::to_string(hi) +
         ", got " + std::to_string(got);
}

bool finite(double v) { return std::isfinite(v); }

// A short rendering of a JSON value for messages: "\"abc\"", "1.5", "[...]".
std::string show(const Json& j) {
  std::string s = j.dump();
  if (s.size() > 40) s = s.substr(0, 37) + "...";
  return s;
}

// ---- typed readers: each throws std::string naming the field ----

double get_number(const Json& j, const std::string& field) {
  if (!j.is_number()) throw field + " must be a number, got " + show(j);
  double v = j.get<double>();
  if (!finite(v)) throw field + " must be a finite number";
  return v;
}

long long get_integer(const Json& j, const std::string& field, long long lo, long long hi) {
  if (j.is_number_float()) {
    double v = j.get<double>();
    if (finite(v) && v == std::floor(v) && std::fabs(v) <= kMaxSeed) {
      // 64.0 is accepted as 64 (JavaScript has only doubles).
      long long iv = static_cast<long long>(v);
      if (iv < lo || iv > hi) throw range_msg_int(field, lo, hi, iv);
      return iv;
    }
    if (finite(v) && v == std::floor(v)) throw range_msg(field, static_cast<double>(lo), static_cast<double>(hi), v);
    throw field + " must be an integer, got " + show(j);
  }
  if (j.is_number_unsigned()) {
    unsigned long long u = j.get<unsigned long long>();
    if (u > static_cast<unsigned long long>(hi)) {
      throw field + " must be between " + std::to_string(lo) + " and " + std::to_string(hi) +
            ", got " + std::to_string(u);
    }
    long long v = static_cast<long long>(u);
    if (v < lo) throw range_msg_int(field, lo, hi, v);
    return v;
  }
  if (j.is_number_integer()) {
    long long v = j.get<long long>();
    if (v < lo || v > hi) throw range_msg_int(field, lo, hi, v);
    return v;
  }
  throw field + " must be an integer, got " + show(j);
}

std::string get_string(const Json& j, const std::string& field) {
  if (!j.is_string()) throw field + " must be a string, got " + show(j);
  return j.get<std::string>();
}

bool get_bool(const Json& j, const std::string& field) {
  if (!j.is_boolean()) throw field + " must be true or false, got " + show(j);
  return j.get<bool>();
}


void read_sizes(const Json& j, Config* c) {
  if (!j.is_array()) throw "sizes must be a list of layer widths like [2, 32, 32, 1], got " + show(j);
  const long long n = static_cast<long long>(j.size());
  if (n < 2 || n > kMaxHiddenLayers + 2)
    throw "sizes must list between 2 and " + std::to_string(kMaxHiddenLayers + 2) +
          " layer widths (input, hidden..., output), got " + std::to_string(n);
  std::vector<int> s;
  for (long long i = 0; i < n; ++i) {
    const std::string f = "sizes[" + std::to_string(i) + "]";
    long long v = get_integer(j[i], f, 1, kMaxWidth);
    s.push_back(static_cast<int>(v));
  }
  c->sizes = s;
}

void read_xy(const Json& jx, const Json& jy, Config* c) {
  if (!jx.is_array()) throw "x must be a list of rows, got " + show(jx);
  if (!jy.is_array()) throw "y must be a list of targets, got " + show(jy);
  if (jx.size() > static_cast<size_t>(kMaxTrain + kMaxVal))
    throw "x has " + std::to_string(jx.size()) + " rows, more than the limit of " +
        std::to_string(kMaxTrain + kMaxVal);
  if (jx.size() != jy.size())
    throw "x and y must have the same number of rows, got " + std::to_string(jx.size()) + " and " +
        std::to_string(jy.size());
  std::vector<float> x, y;
  size_t dim = 0;
  for (size_t r = 0; r < jx.size(); ++r) {
    const std::string f = "x[" + std::to_string(r) + "]";
    if (!jx[r].is_array() || jx[r].empty()) throw f + " must be a non-empty list of numbers, got " + show(jx[r]);
    if (r == 0) dim = jx[r].size();
    if (jx[r].size() != dim)
      throw f + " has " + std::to_string(jx[r].size()) + " values, expected " + std::to_string(dim);
    if (dim > static_cast<size_t>(kMaxWidth)) throw f + " has more than " + std::to_string(kMaxWidth) + " values";
    for (size_t k = 0; k < dim; ++k)
      x.push_back(static_cast<float>(get_number(jx[r][k], f + "[" + std::to_string(k) + "]")));
    y.push_back(static_cast<float>(get_number(jy[r], "y[" + std::to_string(r) + "]")));
  }
  c->has_xy = true;
  c->x = std::move(x);
  c->y = std::move(y);
}

void read_optimizer_field(const std::string& key, const Json& v, OptimizerConfig* o, bool* wd_set) {
  const std::string f = "optimizer." + key;
  if (key == "name") o->name = get_string(v, f);
  else if (key == "lr") o->lr = get_number(v, f);
  else if (key == "momentum") o->momentum = get_number(v, f);
  else if (key == "nesterov") o->nesterov = get_bool(v, f);
  else if (key == "weight_decay") { o->weight_decay = get_number(v, f); *wd_set = true; }
  else if (key == "eps") o->eps = get_number(v, f);
  else if (key == "dampening") {
    if (get_number(v, f) != 0.0) throw f + " must be 0 (the playground uses torch's default)";
  } else if (key == "betas") {
    if (!v.is_array() || v.size() != 2) throw f + " must be a pair like [0.9, 0.999], got " + show(v);
    o->beta1 = get_number(v[0], f + "[0]");
    o->beta2 = get_number(v[1], f + "[1]");
  } else {
    throw "unknown key '" + f + "' (known: name, lr, momentum, nesterov, weight_decay, betas, eps)";
  }
}

void read_optimizer(const Json& j, OptimizerConfig* o, bool require) {
  if (j.is_string() && !require) {  // shorthand in a partial change: "optimizer": "sgd"
    o->name = j.get<std::string>();
    return;
  }
  if (!j.is_object()) throw "optimizer must be an object like {\"name\": \"sgd\", \"lr\": 0.1}, got " + show(j);
  if (require) {
    if (!j.contains("name")) throw std::string("optimizer.name is missing");
    if (!j.contains("lr")) throw std::string("optimizer.lr is missing");
  }
  bool wd_set = false;
  for (auto it = j.begin(); it != j.end(); ++it) read_optimizer_field(it.key(), it.value(), o, &wd_set);
  // torch.optim.AdamW's default weight_decay is 0.01 (torchref.py uses the defaults).
  if (require && o->name == "adamw" && !wd_set) o->weight_decay = 0.01;
}

const char* kKnownKeys =
    "name, data, noise, data_seed, n_train, n_val, sizes, activation, dropout, loss, optimizer, "
    "batch, epochs, seed, x, y";

// Applies one top-level key. Flat optimizer keys (lr, momentum, ...) are accepted for partial
// updates from the UI, URL and JS API.
void apply_key(const std::string& key, const Json& v, Config* c, bool partial) {
  if (key == "name") c->name = get_string(v, "name");
  else if (key == "data") c->data = get_string(v, "data");
  else if (key == "noise") c->noise = get_number(v, "noise");
  else if (key == "data_seed") c->data_seed = static_cast<uint64_t>(get_integer(v, "data_seed", 0, static_cast<long long>(kMaxSeed)));
  else if (key == "n_train") c->n_train = static_cast<int>(get_integer(v, "n_train", 1, kMaxTrain));
  else if (key == "n_val") c->n_val = static_cast<int>(get_integer(v, "n_val", 1, kMaxVal));
  else if (key == "sizes") read_sizes(v, c);
  else if (key == "activation") c->activation = get_string(v, "activation");
  else if (key == "dropout") c->dropout = get_number(v, "dropout");
  else if (key == "loss") c->loss = get_string(v, "loss");
  else if (key == "optimizer") read_optimizer(v, &c->optimizer, !partial);
  else if (key == "batch") c->batch = static_cast<int>(get_integer(v, "batch", 1, kMaxBatch));
  else if (key == "epochs") c->epochs = static_cast<int>(get_integer(v, "epochs", 1, kMaxEpochs));
  else if (key == "seed") c->seed = get_integer(v, "seed", -static_cast<long long>(kMaxSeed), static_cast<long long>(kMaxSeed));
  else if (partial && (key == "lr" || key == "momentum" || key == "nesterov" || key == "weight_decay" ||
                       key == "betas" || key == "eps")) {
    bool wd_set = false;
    read_optimizer_field(key, v, &c->optimizer, &wd_set);
  } else if (key == "x" || key == "y") {
    // handled together by the caller
  } else {
    throw "unknown key '" + key + "' (known: " + kKnownKeys + ")";
  }
}

Json parse_object(const std::string& text, const char* what) {
  Json j;
  try {
    j = Json::parse(text);
  } catch (const Json::parse_error& e) {
    std::string m = e.what();
    auto pos = m.find("parse error");
    throw std::string(what) + " is not valid JSON: " + (pos == std::string::npos ? m : m.substr(pos));
  }
  if (!j.is_object()) throw std::string(what) + " must be a JSON object, got " + show(j);
  return j;
}

// After a partial change of the dataset, keep the network consistent with it
// (input width, output width, loss) unless the same change says otherwise.
void harmonize_with_data(const Json& j, Config* c) {
  if (!j.contains("data") || c->has_xy || !dataset_known(c->data)) return;
  const std::string d = dataset_canonical(c->data);
  const int classes = dataset_classes(d);
  if (!j.contains("loss")) {
    if (classes == 0) c->loss = "mse";
    else if (classes > 2) c->loss = "cross_entropy";
    else if (c->loss == "mse") c->loss = "bce_with_logits";
  }
  if (!j.contains("sizes") && c->sizes.size() >= 2) {
    c->sizes.front() = dataset_dim(d);
    c->sizes.back() = c->loss == "cross_entropy" ? (classes > 2 ? classes : 2) : 1;
  }
}

}  // namespace

bool is_classification(const Config& c) { return c.loss != "mse"; }

int n_classes(const Config& c) {
  if (c.loss == "mse") return 0;
  if (c.loss == "bce_with_logits") return 2;
  return c.sizes.empty() ? 0 : c.sizes.back();
}

std::string validate(const Config& c) {
  const int n = c.n_train + c.n_val;
  if (c.n_train < 1 || c.n_train > kMaxTrain) return range_msg_int("n_train", 1, kMaxTrain, c.n_train);
  if (c.n_val < 1 || c.n_val > kMaxVal) return range_msg_int("n_val", 1, kMaxVal, c.n_val);
  if (!(c.noise >= 0.0 && c.noise <= 2.0)) return range_msg("noise", 0.0, 2.0, c.noise);
  if (c.sizes.size() < 2 || c.sizes.size() > static_cast<size_t>(kMaxHiddenLayers + 2))
    return "sizes must list between 2 and " + std::to_string(kMaxHiddenLayers + 2) + " layer widths, got " +
           std::to_string(c.sizes.size());
  for (size_t i = 0; i < c.sizes.size(); ++i)
    if (c.sizes[i] < 1 || c.sizes[i] > kMaxWidth)
      return range_msg_int("sizes[" + std::to_string(i) + "]", 1, kMaxWidth, c.sizes[i]);
  Activation act;
  if (!activation_from_name(c.activation, &act))
    return "activation must be one of relu, tanh, sigmoid, got '" + c.activation + "'";
  LossKind lk;
  if (!loss_from_name(c.loss, &lk))
    return "loss must be one of bce_with_logits, mse, cross_entropy, got '" + c.loss + "'";
  if (!(c.dropout >= 0.0 && c.dropout <= 1.0)) return range_msg("dropout", 0.0, 1.0, c.dropout);
  if (c.batch < 1 || c.batch > kMaxBatch) return range_msg_int("batch", 1, kMaxBatch, c.batch);
  if (c.epochs < 1 || c.epochs > kMaxEpochs) return range_msg_int("epochs", 1, kMaxEpochs, c.epochs);
  if (c.seed < -static_cast<int64_t>(kMaxSeed) || c.seed > static_cast<int64_t>(kMaxSeed))
    return "seed must be between -2^53 and 2^53, got " + std::to_string(c.seed);
  if (c.data_seed > static_cast<uint64_t>(kMaxSeed)) return "data_seed must be between 0 and 2^53";

  const OptimizerConfig& o = c.optimizer;
  if (o.name != "sgd" && o.name != "adam" && o.name != "adamw")
    return "optimizer.name must be one of sgd, adam, adamw, got '" + o.name + "'";
  if (!(o.lr > 0.0 && o.lr <= 100.0)) return "optimizer.lr must be > 0 and at most 100, got " + num(o.lr);
  if (!(o.momentum >= 0.0 && o.momentum < 1.0)) return "optimizer.momentum must be at least 0 and below 1, got " + num(o.momentum);
  if (o.nesterov && !(o.name == "sgd" && o.momentum > 0.0))
    return "optimizer.nesterov needs optimizer sgd with momentum > 0";
  if (!(o.weight_decay >= 0.0 && o.weight_decay <= 1.0)) return range_msg("optimizer.weight_decay", 0.0, 1.0, o.weight_decay);
  if (!(o.beta1 >= 0.0 && o.beta1 < 1.0)) return "optimizer.betas[0] must be at least 0 and below 1, got " + num(o.beta1);
  if (!(o.beta2 >= 0.0 && o.beta2 < 1.0)) return "optimizer.betas[1] must be at least 0 and below 1, got " + num(o.beta2);
  if (!(o.eps > 0.0 && o.eps <= 1.0)) return "optimizer.eps must be > 0 and at most 1, got " + num(o.eps);

  // The data and the network's ends must fit together.
  int dim, classes;
  std::string what;
  if (c.has_xy) {
    if (c.y.size() != static_cast<size_t>(n))
      return "x and y must have n_train + n_val = " + std::to_string(n) + " rows, got " + std::to_string(c.y.size());
    dim = static_cast<int>(c.x.size() / (c.y.empty() ? 1 : c.y.size()));
    if (static_cast<size_t>(dim) * c.y.size() != c.x.size() || dim < 1) return "x must be a list of equal-length rows";
    what = "x";
    classes = -1;
  } else {
    if (!dataset_known(c.data)) return "data must be one of moons, circles, xor, spiral, sine, got '" + c.data + "'";
    dim = dataset_dim(c.data);
    classes = dataset_classes(c.data);
    what = "'" + dataset_canonical(c.data) + "'";
  }
  if (c.sizes.front() != dim)
    return "sizes[0] must equal the input width of " + what + " (" + std::to_string(dim) + "), got " +
           std::to_string(c.sizes.front());
  const std::string last = "sizes[" + std::to_string(c.sizes.size() - 1) + "]";
  if (lk != LossKind::CrossEntropy && c.sizes.back() != 1)
    return last + " must be 1 for loss " + c.loss + ", got " + std::to_string(c.sizes.back());
  if (lk == LossKind::CrossEntropy && c.sizes.back() < 2)
    return last + " must be the number of classes (at least 2) for loss cross_entropy, got " + std::to_string(c.sizes.back());
  if (!c.has_xy) {
    if (classes == 0 && lk != LossKind::Mse) return "loss " + c.loss + " needs a classification dataset; 'sine' is regression (use mse)";
    if (classes > 2 && lk == LossKind::BceWithLogits) return "loss bce_with_logits needs 2 classes; " + what + " has " + std::to_string(classes) + " (use cross_entropy)";
    if (lk == LossKind::CrossEntropy && c.sizes.back() < classes)
      return last + " must be at least " + std::to_string(classes) + " (the classes of " + what + "), got " + std::to_string(c.sizes.back());
  } else {
    for (size_t i = 0; i < c.x.size(); ++i)
      if (!std::isfinite(c.x[i])) return "x values must be finite float32 numbers";
    for (size_t r = 0; r < c.y.size(); ++r) {
      const float t = c.y[r];
      const std::string f = "y[" + std::to_string(r) + "]";
      if (!std::isfinite(t)) return f + " must be a finite float32 number";
      if (lk == LossKind::CrossEntropy && (t != std::floor(t) || t < 0 || t >= c.sizes.back()))
        return f + " must be a class index between 0 and " + std::to_string(c.sizes.back() - 1) + ", got " + num(t);
      if (lk == LossKind::BceWithLogits && !(t >= 0.0f && t <= 1.0f))
        return f + " must be between 0 and 1 for bce_with_logits, got " + num(t);
    }
  }
  return "";
}

// Both readers: a complete config (from defaults, required keys enforced) or a partial
// change (from *out, flat optimizer keys allowed, network ends follow the dataset).
static std::string read_config(const std::string& text, bool partial, Config* out) {
  const char* what = partial ? "config change" : "config";
  try {
    Json j = parse_object(text, what);
    Config c = partial ? *out : Config{};
    const bool xy = j.contains("x") || j.contains("y");
    if (!partial) {
      c.name.clear();
      std::vector<const char*> required = {"n_train", "n_val", "sizes", "activation", "dropout",
                                           "loss", "optimizer", "batch", "epochs", "seed"};
      if (!xy) required.insert(required.begin(), {"data", "noise", "data_seed"});
      for (const char* k : required)
        if (!j.contains(k)) return std::string(k) + " is missing from the config";
    }
    if (xy && (!j.contains("x") || !j.contains("y"))) return "x and y must be given together";
    for (auto it = j.begin(); it != j.end(); ++it) apply_key(it.key(), it.value(), &c, partial);
    if (xy) read_xy(j["x"], j["y"], &c);
    if (partial) harmonize_with_data(j, &c);
    std::string err = validate(c);
    if (!err.empty()) return err;
    if (!c.has_xy) c.data = dataset_canonical(c.data);
    *out = std::move(c);
    return "";
  } catch (const std::string& e) {
    return e;
  } catch (const std::exception& e) {
    return std::string(what) + " could not be read: " + e.what();
  }
}

std::string config_from_json(const std::string& text, Config* out) { return read_config(text, false, out); }

std::string config_apply_json(const std::string& partial, Config* cfg) { return read_config(partial, true, cfg); }

std::string config_to_json(const Config& c, int indent) {
  Json j;
  j["name"] = c.name;
  if (!c.has_xy) {
    j["data"] = c.data;
    j["noise"] = c.noise;
    j["data_seed"] = c.data_seed;
  }
  j["n_train"] = c.n_train;
  j["n_val"] = c.n_val;
  j["sizes"] = c.sizes;
  j["activation"] = c.activation;
  j["dropout"] = c.dropout;
  j["loss"] = c.loss;
  Json o;
  o["name"] = c.optimizer.name;
  o["lr"] = c.optimizer.lr;
  o["momentum"] = c.optimizer.momentum;
  o["nesterov"] = c.optimizer.nesterov;
  o["weight_decay"] = c.optimizer.weight_decay;
  o["betas"] = {c.optimizer.beta1, c.optimizer.beta2};
  o["eps"] = c.optimizer.eps;
  j["optimizer"] = o;
  j["batch"] = c.batch;
  j["epochs"] = c.epochs;
  j["seed"] = c.seed;
  if (c.has_xy) {
    const size_t rows = c.y.size();
    const size_t dim = rows ? c.x.size() / rows : 0;
    Json xs = Json::array(), ys = Json::array();
    for (size_t r = 0; r < rows; ++r) {
      Json row = Json::array();
      for (size_t k = 0; k < dim; ++k) row.push_back(static_cast<double>(c.x[r * dim + k]));
      xs.push_back(row);
      if (c.loss == "cross_entropy") ys.push_back(static_cast<int>(c.y[r]));
      else ys.push_back(static_cast<double>(c.y[r]));
    }
    j["x"] = xs;
    j["y"] = ys;
  }
  return j.dump(indent);
}

}  // namespace dp
