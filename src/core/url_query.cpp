// URL query <-> Config. Each parameter becomes a one-key partial config change and goes
// through config_apply_json, so the URL obeys exactly the same rules and messages as
// the JSON. Parameters are applied in a fixed order (dataset and loss before the layer
// widths that depend on them), whatever their order in the link.
#include "core/url_query.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <map>
#include <nlohmann/json.hpp>

#include "core/data.h"
#include "core/tensor_print.h"

namespace dp {

namespace {

using Json = nlohmann::json;

enum class Kind { String, Number, Integer, Bool, IntList, NumberPair };

struct Param {
  const char* name;
  Kind kind;
};

// Application order matters: data first (it adapts the network's ends), then loss,
// then the hidden widths, then the rest; nesterov after momentum.
const Param kParams[] = {
    {"dataset", Kind::String}, {"noise", Kind::Number},     {"data_seed", Kind::Integer},
    {"n_train", Kind::Integer}, {"n_val", Kind::Integer},   {"loss", Kind::String},
    {"hidden", Kind::IntList},  {"activation", Kind::String}, {"dropout", Kind::Number},
    {"optimizer", Kind::String}, {"lr", Kind::Number},       {"momentum", Kind::Number},
    {"nesterov", Kind::Bool},   {"weight_decay", Kind::Number}, {"betas", Kind::NumberPair},
    {"eps", Kind::Number},      {"batch", Kind::Integer},   {"epochs", Kind::Integer},
    {"seed", Kind::Integer},
};

int hex(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string decode(const std::string& s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '+') {
      out += ' ';
    } else if (s[i] == '%' && i + 2 < s.size() && hex(s[i + 1]) >= 0 && hex(s[i + 2]) >= 0) {
      out += static_cast<char>(hex(s[i + 1]) * 16 + hex(s[i + 2]));
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

std::string encode(const std::string& s) {
  static const char* digits = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == ',' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += digits[c >> 4];
      out += digits[c & 15];
    }
  }
  return out;
}

// A decimal number as JavaScript / Python would write it; no trailing junk, no hex.
bool parse_number(const std::string& s, double* v) {
  if (s.empty() || s.size() > 64 || s.find_first_of("xXpP") != std::string::npos || std::isspace(static_cast<unsigned char>(s[0])))
    return false;
  char* end = nullptr;
  *v = std::strtod(s.c_str(), &end);
  return end == s.c_str() + s.size() && std::isfinite(*v);
}

bool parse_integer(const std::string& s, Json* out) {
  if (s.empty() || s.size() > 24) return false;
  size_t i = (s[0] == '-') ? 1 : 0;
  if (i == s.size() || s.find_first_not_of("0123456789", i) != std::string::npos) return false;
  if (s[0] == '-') *out = static_cast<long long>(std::strtoll(s.c_str(), nullptr, 10));
  else *out = static_cast<unsigned long long>(std::strtoull(s.c_str(), nullptr, 10));
  return true;
}

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> parts;
  size_t a = 0;
  while (true) {
    size_t b = s.find(sep, a);
    parts.push_back(s.substr(a, b == std::string::npos ? std::string::npos : b - a));
    if (b == std::string::npos) break;
    a = b + 1;
  }
  return parts;
}

// The value as the JSON the config reader expects, or "" + *why on a syntax error.
bool to_json(const Param& p, const std::string& v, Json* out, std::string* why) {
  switch (p.kind) {
    case Kind::String:
      *out = v;
      return true;
    case Kind::Number: {
      double d;
      if (!parse_number(v, &d)) {
        *why = "'" + v + "' is not a number";
        return false;
      }
      *out = d;
      return true;
    }
    case Kind::Integer:
      if (!parse_integer(v, out)) {
        *why = "'" + v + "' is not an integer";
        return false;
      }
      return true;
    case Kind::Bool:
      if (v == "1" || v == "true") *out = true;
      else if (v == "0" || v == "false") *out = false;
      else {
        *why = "'" + v + "' is not true/false (or 1/0)";
        return false;
      }
      return true;
    case Kind::IntList: {
      Json a = Json::array();
      for (const std::string& part : split(v, ',')) {
        Json n;
        if (!parse_integer(part, &n)) {
          *why = "'" + v + "' is not a list of widths like 32,32";
          return false;
        }
        a.push_back(n);
      }
      *out = a;
      return true;
    }
    case Kind::NumberPair: {
      auto parts = split(v, ',');
      double b1, b2;
      if (parts.size() != 2 || !parse_number(parts[0], &b1) || !parse_number(parts[1], &b2)) {
        *why = "'" + v + "' is not a pair like 0.9,0.999";
        return false;
      }
      *out = Json::array({b1, b2});
      return true;
    }
  }
  return false;
}

// The one-key partial change for a parameter; "hidden" expands to the full sizes list.
Json change_for(const Param& p, const Json& value, const Config& cfg) {
  Json j = Json::object();
  const std::string name = p.name;
  if (name == "dataset") {
    j["data"] = value;
  } else if (name == "hidden") {
    Json sizes = Json::array();
    sizes.push_back(cfg.sizes.front());
    for (const auto& w : value) sizes.push_back(w);
    sizes.push_back(cfg.sizes.back());
    j["sizes"] = sizes;
  } else if (name == "loss") {
    // The output width follows the loss: 1 for bce/mse, the classes for cross_entropy.
    j["loss"] = value;
    Json sizes(cfg.sizes);
    const int classes = cfg.has_xy || !dataset_known(cfg.data) ? 2 : dataset_classes(cfg.data);
    sizes.back() = value == "cross_entropy" ? (classes > 2 ? classes : 2) : 1;
    j["sizes"] = sizes;
  } else {
    j[name] = value;
  }
  return j;
}

std::string current_value(const std::string& name, const Config& c) {
  if (name == "dataset") return c.data;
  if (name == "noise") return python_float_repr(c.noise);
  if (name == "data_seed") return std::to_string(c.data_seed);
  if (name == "n_train") return std::to_string(c.n_train);
  if (name == "n_val") return std::to_string(c.n_val);
  if (name == "loss") return c.loss;
  if (name == "hidden") {
    std::string s;
    for (size_t i = 1; i + 1 < c.sizes.size(); ++i) s += (i > 1 ? "," : "") + std::to_string(c.sizes[i]);
    return s;
  }
  if (name == "activation") return c.activation;
  if (name == "dropout") return python_float_repr(c.dropout);
  if (name == "optimizer") return c.optimizer.name;
  if (name == "lr") return python_float_repr(c.optimizer.lr);
  if (name == "momentum") return python_float_repr(c.optimizer.momentum);
  if (name == "nesterov") return c.optimizer.nesterov ? "1" : "0";
  if (name == "weight_decay") return python_float_repr(c.optimizer.weight_decay);
  if (name == "betas") return python_float_repr(c.optimizer.beta1) + "," + python_float_repr(c.optimizer.beta2);
  if (name == "eps") return python_float_repr(c.optimizer.eps);
  if (name == "batch") return std::to_string(c.batch);
  if (name == "epochs") return std::to_string(c.epochs);
  if (name == "seed") return std::to_string(c.seed);
  return "";
}

}  // namespace

std::vector<std::pair<std::string, std::string>> parse_query(const std::string& query) {
  std::vector<std::pair<std::string, std::string>> pairs;
  const std::string q = (!query.empty() && query[0] == '?') ? query.substr(1) : query;
  for (const std::string& pair : split(q, '&')) {
    if (pair.empty()) continue;
    const size_t eq = pair.find('=');
    pairs.emplace_back(decode(pair.substr(0, eq)), eq == std::string::npos ? "" : decode(pair.substr(eq + 1)));
  }
  return pairs;
}

const std::vector<std::string>& query_param_names() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> v;
    for (const Param& p : kParams) v.push_back(p.name);
    return v;
  }();
  return names;
}

std::vector<QueryNotice> config_apply_query(const std::string& query, Config* cfg,
                                            const std::vector<std::string>& ui_names) {
  std::vector<QueryNotice> notices;
  std::string q = query;
  if (!q.empty() && q[0] == '?') q = q.substr(1);
  if (q.size() > 8192) {
    notices.push_back({"", "the link's parameters are longer than 8192 characters and were ignored"});
    return notices;
  }
  std::map<std::string, std::string> given;  // the last value of each config parameter
  for (const auto& [name, value] : parse_query(q)) {
    bool known = false;
    for (const Param& p : kParams) known = known || name == p.name;
    if (known) {
      given[name] = value;
    } else if (std::find(ui_names.begin(), ui_names.end(), name) == ui_names.end()) {
      std::string shown = name.size() > 40 ? name.substr(0, 40) + "..." : name;
      notices.push_back({shown, "unknown parameter '" + shown + "' ignored"});
    }
  }
  for (const Param& p : kParams) {
    auto it = given.find(p.name);
    if (it == given.end()) continue;
    const std::string shown = it->second.size() > 40 ? it->second.substr(0, 40) + "..." : it->second;
    Json value;
    std::string why;
    if (to_json(p, it->second, &value, &why)) why = config_apply_json(change_for(p, value, *cfg).dump(), cfg);
    if (!why.empty())
      notices.push_back({p.name, std::string(p.name) + "=" + shown + " ignored: " + why + " (using " +
                                     current_value(p.name, *cfg) + ")"});
  }
  return notices;
}

std::string config_to_query(const Config& c) {
  std::string q;
  for (const Param& p : kParams) {
    if (c.has_xy && (std::string(p.name) == "dataset" || std::string(p.name) == "noise" || std::string(p.name) == "data_seed"))
      continue;
    q += (q.empty() ? "" : "&") + std::string(p.name) + "=" + encode(current_value(p.name, c));
  }
  return q;
}

}  // namespace dp
