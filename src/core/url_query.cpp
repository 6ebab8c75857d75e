// URL query <-> Config, on the field table. Each parameter becomes a one-key partial
// config change and goes through config_apply_json, so a link obeys exactly the same
// rules and messages as the JSON. Parameters are applied in table order (the dataset
// before the widths it adapts), whatever their order in the link.
#include "core/url_query.h"
#include "core/messages.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <map>

#include "core/tensor_print.h"

namespace dp {

namespace {

using Json = nlohmann::ordered_json;

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
  if (s.empty() || s.size() > 64 || s.find_first_of("xXpP") != std::string::npos ||
      std::isspace(static_cast<unsigned char>(s[0])))
    return false;
  char* end = nullptr;
  *v = std::strtod(s.c_str(), &end);
  return end == s.c_str() + s.size() && std::isfinite(*v);
}

bool parse_integer(const std::string& s, Json* out) {
  if (s.empty() || s.size() > 24) return false;
  const size_t i = (s[0] == '-') ? 1 : 0;
  if (i == s.size() || s.find_first_not_of("0123456789", i) != std::string::npos) return false;
  if (s[0] == '-')
    *out = static_cast<long long>(std::strtoll(s.c_str(), nullptr, 10));
  else
    *out = static_cast<unsigned long long>(std::strtoull(s.c_str(), nullptr, 10));
  return true;
}

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> parts;
  size_t a = 0;
  while (true) {
    const size_t b = s.find(sep, a);
    parts.push_back(s.substr(a, b == std::string::npos ? std::string::npos : b - a));
    if (b == std::string::npos) break;
    a = b + 1;
  }
  return parts;
}

// The text of a link's name or value in a notice: any bytes may come through percent-decoding.
std::string shorten(const std::string& s) { return message_text(s); }

}  // namespace

std::string field_to_text(const Field& f, const Config& c) {
  const Json v = f.get(c);
  switch (f.type) {
    case FieldType::Text:
    case FieldType::Name:
      return v.get<std::string>();
    case FieldType::Number:
      return python_float_repr(v.get<double>());
    case FieldType::Integer:
      return v.dump();
    case FieldType::Bool:
      return v.get<bool>() ? "1" : "0";
    case FieldType::Sizes: {
      std::string s;
      for (size_t i = 1; i + 1 < v.size(); ++i) s += (i > 1 ? "," : "") + v[i].dump();
      return s;
    }
    case FieldType::Pair:
      return python_float_repr(v[0].get<double>()) + "," + python_float_repr(v[1].get<double>());
    case FieldType::PerLayer: {
      if (!v.is_array()) return python_float_repr(v.get<double>());
      std::string s;
      for (size_t i = 0; i < v.size(); ++i) s += (i ? "," : "") + python_float_repr(v[i].get<double>());
      return s;
    }
  }
  return "";
}

bool field_from_text(const Field& f, const std::string& text, const Config& c, Json* value,
                     std::string* why) {
  switch (f.type) {
    case FieldType::Text:
    case FieldType::Name:
      *value = text;
      return true;
    case FieldType::Number: {
      double d;
      if (!parse_number(text, &d)) {
        *why = say(Msg::link_not_number, {shorten(text)});
        return false;
      }
      *value = d;
      return true;
    }
    case FieldType::Integer:
      if (!parse_integer(text, value)) {
        *why = say(Msg::link_not_integer, {shorten(text)});
        return false;
      }
      return true;
    case FieldType::Bool:
      if (text == "1" || text == "true")
        *value = true;
      else if (text == "0" || text == "false")
        *value = false;
      else {
        *why = say(Msg::link_not_bool, {shorten(text)});
        return false;
      }
      return true;
    case FieldType::Sizes: {
      // The hidden widths; the input and output widths stay those of c.
      Json sizes = Json::array();
      sizes.push_back(c.sizes.front());
      for (const std::string& part : split(text, ',')) {
        Json n;
        if (!parse_integer(part, &n)) {
          *why = say(Msg::link_not_widths, {shorten(text)});
          return false;
        }
        sizes.push_back(n);
      }
      sizes.push_back(c.sizes.back());
      *value = sizes;
      return true;
    }
    case FieldType::PerLayer: {
      // One number (every hidden layer) or one per hidden layer: 0.2,0.5.
      const auto parts = split(text, ',');
      Json list = Json::array();
      for (const std::string& part : parts) {
        double d;
        if (!parse_number(part, &d)) {
          *why = say(parts.size() == 1 ? Msg::link_not_number : Msg::link_not_numbers,
                     {shorten(text)});
          return false;
        }
        list.push_back(d);
      }
      *value = list.size() == 1 ? list[0] : list;
      return true;
    }
    case FieldType::Pair: {
      const auto parts = split(text, ',');
      double a, b;
      if (parts.size() != 2 || !parse_number(parts[0], &a) || !parse_number(parts[1], &b)) {
        *why = say(Msg::link_not_pair, {shorten(text)});
        return false;
      }
      *value = Json::array({a, b});
      return true;
    }
  }
  return false;
}

std::vector<std::pair<std::string, std::string>> parse_query(const std::string& query) {
  std::vector<std::pair<std::string, std::string>> pairs;
  const std::string q = (!query.empty() && query[0] == '?') ? query.substr(1) : query;
  for (const std::string& pair : split(q, '&')) {
    if (pair.empty()) continue;
    const size_t eq = pair.find('=');
    pairs.emplace_back(decode(pair.substr(0, eq)),
                       eq == std::string::npos ? "" : decode(pair.substr(eq + 1)));
  }
  return pairs;
}

const std::vector<std::string>& query_param_names() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> v;
    for (const Field& f : config_fields())
      if (f.url) v.push_back(f.url);
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
    notices.push_back({"", say(Msg::link_too_long)});
    return notices;
  }
  std::map<std::string, std::string> given;  // the last value of each config parameter
  for (const auto& [name, value] : parse_query(q)) {
    if (find_url_field(name)) {
      given[name] = value;
    } else if (std::find(ui_names.begin(), ui_names.end(), name) == ui_names.end()) {
      const std::string shown = shorten(name);
      notices.push_back({shown, say(Msg::link_unknown, {shown})});
    }
  }
  for (const Field& f : config_fields()) {
    if (!f.url) continue;
    const auto it = given.find(f.url);
    if (it == given.end()) continue;
    Json value;
    std::string why;
    // A name that is not UTF-8 is sent on with U+FFFD in place of the bad bytes (so the
    // change is valid JSON): it is no known name, and the reader says so.
    if (field_from_text(f, it->second, *cfg, &value, &why))
      why = config_apply_json(
          field_change(f, value).dump(-1, ' ', false, Json::error_handler_t::replace), cfg);
    if (!why.empty())
      notices.push_back({f.url, say(Msg::link_ignored, {f.url, shorten(it->second), why,
                                                        field_to_text(f, *cfg)})});
  }
  return notices;
}

std::string config_to_query(const Config& c) {
  std::string q;
  for (const Field& f : config_fields()) {
    if (!f.url || field_omitted(f, c)) continue;
    q += (q.empty() ? "" : "&") + std::string(f.url) + "=" + encode(field_to_text(f, c));
  }
  return q;
}

}  // namespace dp
