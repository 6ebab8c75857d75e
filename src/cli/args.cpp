// The CLI's command-line parsing (args.h).
#include "cli/args.h"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <sstream>

#include "core/config.h"
#include "core/dropout.h"

namespace cli {

std::map<std::string, std::string> parse_options(int argc, char** argv, int first,
                                                 const std::vector<std::string>& with_value,
                                                 const std::vector<std::string>& flags) {
  std::map<std::string, std::string> o;
  for (int i = first; i < argc; ++i) {
    std::string a = argv[i];
    if (a.rfind("--", 0) != 0)
      throw UsageError{"unexpected argument '" + dp::message_text(a) + "' (see --help)"};
    std::string key = a.substr(2), val;
    const bool has_eq = key.find('=') != std::string::npos;
    if (has_eq) {
      val = key.substr(key.find('=') + 1);
      key = key.substr(0, key.find('='));
    }
    if (std::find(flags.begin(), flags.end(), key) != flags.end()) {
      if (has_eq) throw UsageError{"--" + key + " takes no value"};
      o[key] = "1";
    } else if (std::find(with_value.begin(), with_value.end(), key) != with_value.end()) {
      if (!has_eq) {
        if (i + 1 >= argc) throw UsageError{"--" + key + " needs a value"};
        val = argv[++i];
      }
      if (o.count(key)) throw UsageError{"--" + key + " given twice"};
      o[key] = val;
    } else {
      throw UsageError{"unknown option '--" + dp::message_text(key) + "' (see --help)"};
    }
  }
  return o;
}

std::string require(const std::map<std::string, std::string>& o, const std::string& key) {
  auto it = o.find(key);
  if (it == o.end()) throw UsageError{"--" + key + " is required (see --help)"};
  return it->second;
}

double parse_python_float(const std::string& s, const std::string& what) {
  const std::string t = s;
  if (t.empty() || t.find_first_of("xX") != std::string::npos ||
      std::isspace(static_cast<unsigned char>(t[0])))
    throw UsageError{what + ": '" + dp::message_text(s) + "' is not a number"};
  char* end = nullptr;
  errno = 0;
  const double v = std::strtod(t.c_str(), &end);
  if (end != t.c_str() + t.size())
    throw UsageError{what + ": '" + dp::message_text(s) + "' is not a number"};
  return v;
}

uint64_t parse_seed(const std::string& s) {
  if (s.empty()) throw UsageError{"--seed: empty"};
  const bool neg = s[0] == '-';
  const std::string digits = neg ? s.substr(1) : s;
  if (digits.empty() || digits.find_first_not_of("0123456789") != std::string::npos)
    throw UsageError{"--seed: '" + dp::message_text(s) + "' is not an integer"};
  errno = 0;
  const unsigned long long u = std::strtoull(digits.c_str(), nullptr, 10);
  if (errno == ERANGE || (neg && u > (1ULL << 63)))
    throw UsageError{"--seed: " + dp::message_text(s) + " is out of range [-2^63, 2^64 - 1]"};
  return neg ? static_cast<uint64_t>(0) - u : u;
}

std::vector<float> parse_values(const std::string& vals) {
  std::vector<float> x;
  if (!vals.empty()) {
    std::stringstream ss(vals);
    std::string item;
    while (std::getline(ss, item, ','))
      x.push_back(static_cast<float>(parse_python_float(item, "--values")));
    if (vals.back() == ',') throw UsageError{"--values: trailing comma"};
  }
  if (x.size() > kMaxValues)
    throw UsageError{"--values: at most 1000 values, got " + std::to_string(x.size())};
  return x;
}

std::vector<double> parse_p_list(const std::string& s, const std::string& what) {
  if (s.empty()) throw UsageError{what + ": empty list"};
  std::vector<double> ps;
  size_t start = 0;
  while (true) {
    const size_t comma = s.find(',', start);
    const std::string item =
        s.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    if (item.empty()) throw UsageError{what + ": empty value in '" + dp::message_text(s) + "'"};
    ps.push_back(parse_python_float(item, what));
    if (ps.size() > 1000) throw UsageError{what + ": too many values"};
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return ps;
}

int parse_int_in(const std::string& s, const std::string& what, int lo, int hi) {
  const bool digits = !s.empty() && s != "-" &&
                      s.find_first_not_of("0123456789", s[0] == '-' ? 1 : 0) == std::string::npos;
  if (!digits) throw UsageError{what + ": '" + dp::message_text(s) + "' is not an integer"};
  const long long v =
      s.size() > 12 ? (s[0] == '-' ? -1 : 1) * 1000000000000LL : std::atoll(s.c_str());
  if (v < lo || v > hi)
    throw UsageError{what + " must be between " + std::to_string(lo) + " and " +
                     std::to_string(hi) + ", got " + dp::message_text(s)};
  return static_cast<int>(v);
}

DropoutArgs parse_dropout_args(int argc, char** argv, int first) {
  auto o = parse_options(argc, argv, first, {"p", "seed", "values"}, {"eval"});
  DropoutArgs a;
  a.p = parse_python_float(require(o, "p"), "--p");
  const std::string err = dp::dropout_check(a.p);
  if (!err.empty()) throw UsageError{err, true};
  a.seed = o.count("seed") ? parse_seed(o["seed"]) : 67280421310721ULL;
  a.values = parse_values(require(o, "values"));
  a.train = !o.count("eval");
  return a;
}

}  // namespace cli
