// Fuzz target: the CLI's arguments (src/cli/args.cpp, the code playground-cli runs): the
// --values list, numbers as Python's float() reads them, torch's seeds, and the whole
// `dropout` command line (the input split at NUL bytes into arguments), and the sweep's --p
// list and --threads count. The first byte picks which. Properties: what is accepted is what Python
// and torch accept, and reads back the same; a refusal is one line that names the option (or is
// PyTorch's own words).
#include <cmath>
#include <cstring>

#include "cli/args.h"
#include "fuzz_check.h"

namespace {

bool digits(const std::string& s, size_t* i) {  // one or more digits from *i
  const size_t a = *i;
  while (*i < s.size() && s[*i] >= '0' && s[*i] <= '9') ++*i;
  return *i > a;
}

// Python's float() literal without surrounding spaces and without '_' separators (the CLI
// may refuse those; it must not accept more than Python does).
bool python_float_syntax(const std::string& s) {
  size_t i = (!s.empty() && (s[0] == '+' || s[0] == '-')) ? 1 : 0;
  std::string word = s.substr(i);
  for (char& c : word) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (word == "inf" || word == "infinity" || word == "nan") return true;
  const bool int_part = digits(s, &i);
  bool frac_part = false;
  if (i < s.size() && s[i] == '.') {
    ++i;
    frac_part = digits(s, &i);
  }
  if (!int_part && !frac_part) return false;
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
    if (!digits(s, &i)) return false;
  }
  return i == s.size();
}

bool same_float(float a, float b) {
  if (std::isnan(a) || std::isnan(b)) return std::isnan(a) && std::isnan(b);
  uint32_t x, y;
  std::memcpy(&x, &a, 4);
  std::memcpy(&y, &b, 4);
  return x == y;
}

std::string shortened(const std::string& s) { return s.size() > 200 ? s.substr(0, 200) : s; }

void check_refusal(const cli::UsageError& e, const char* option) {
  FUZZ_CHECK(fuzz::readable_line(e.msg), "message: " + e.msg);
  FUZZ_CHECK(!e.raw, "raw message: " + e.msg);
  FUZZ_CHECK(e.msg.rfind(std::string(option), 0) == 0,
             "message without " + std::string(option) + ": " + e.msg);
}

void values(const std::string& s) {
  std::vector<float> v;
  try {
    v = cli::parse_values(s);
  } catch (const cli::UsageError& e) {
    check_refusal(e, "--values");
    return;
  }
  FUZZ_CHECK(v.size() <= cli::kMaxValues, std::to_string(v.size()) + " values");
  // Every item is a Python float, and the list written back reads the same.
  std::string back;
  size_t a = 0, n = 0;
  for (size_t b = 0; !s.empty() && b <= s.size(); ++b) {
    if (b < s.size() && s[b] != ',') continue;
    FUZZ_CHECK(python_float_syntax(s.substr(a, b - a)),
               "accepted item '" + s.substr(a, b - a) + "'");
    a = b + 1;
    ++n;
  }
  FUZZ_CHECK(n == v.size(), std::to_string(n) + " items, " + std::to_string(v.size()) + " values");
  for (float x : v) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.9g", static_cast<double>(x));
    back += (back.empty() ? "" : ",") + std::string(buf);
  }
  const std::vector<float> again = cli::parse_values(back);
  FUZZ_CHECK(again.size() == v.size(), back);
  for (size_t i = 0; i < v.size(); ++i) FUZZ_CHECK(same_float(again[i], v[i]), back);
}

void number(const std::string& s) {
  double v;
  try {
    v = cli::parse_python_float(s, "--p");
  } catch (const cli::UsageError& e) {
    check_refusal(e, "--p");
    return;
  }
  FUZZ_CHECK(python_float_syntax(s), "accepted '" + shortened(s) + "'");
  const double want = std::strtod(s.c_str(), nullptr);
  FUZZ_CHECK(v == want || (std::isnan(v) && std::isnan(want)), s);
}

// torch.manual_seed's range, [-2^63, 2^64 - 1], checked on the digits themselves.
bool seed_in_range(const std::string& s, uint64_t* value) {
  const bool neg = !s.empty() && s[0] == '-';
  std::string d = s.substr(neg ? 1 : 0);
  if (d.empty() || d.find_first_not_of("0123456789") != std::string::npos) return false;
  d.erase(0, std::min(d.find_first_not_of('0'), d.size() - 1));
  const std::string limit = neg ? "9223372036854775808" : "18446744073709551615";
  if (d.size() > limit.size() || (d.size() == limit.size() && d > limit)) return false;
  uint64_t u = 0;
  for (char c : d) u = u * 10 + static_cast<uint64_t>(c - '0');
  *value = neg ? 0 - u : u;
  return true;
}

void seed(const std::string& s) {
  uint64_t want = 0;
  const bool valid = seed_in_range(s, &want);
  uint64_t v;
  try {
    v = cli::parse_seed(s);
  } catch (const cli::UsageError& e) {
    check_refusal(e, "--seed");
    FUZZ_CHECK(!valid, "refused the seed " + s + ": " + e.msg);
    return;
  }
  FUZZ_CHECK(valid, "accepted the seed '" + shortened(s) + "'");
  FUZZ_CHECK(v == want, s);
}

void dropout_command(const std::string& s) {
  std::vector<std::string> args;
  for (size_t a = 0;;) {
    const size_t b = s.find('\0', a);
    args.push_back(s.substr(a, b == std::string::npos ? std::string::npos : b - a));
    if (b == std::string::npos) break;
    a = b + 1;
  }
  std::vector<char*> argv;
  for (std::string& a : args) argv.push_back(&a[0]);
  argv.push_back(nullptr);
  cli::DropoutArgs d;
  try {
    d = cli::parse_dropout_args(static_cast<int>(args.size()), argv.data(), 0);
  } catch (const cli::UsageError& e) {
    FUZZ_CHECK(fuzz::readable_line(e.msg), "message: " + e.msg);
    if (e.raw)  // PyTorch's words for a bad p
      FUZZ_CHECK(e.msg.rfind("dropout probability has to be between 0 and 1, but got ", 0) == 0,
                 e.msg);
    else
      FUZZ_CHECK(e.msg.rfind("--", 0) == 0 || e.msg.rfind("unexpected argument '", 0) == 0 ||
                     e.msg.rfind("unknown option '--", 0) == 0,
                 "message: " + e.msg);
    return;
  }
  FUZZ_CHECK(d.p >= 0 && d.p <= 1, "p " + std::to_string(d.p));
  FUZZ_CHECK(d.values.size() <= cli::kMaxValues, "values");
  bool eval = false;
  for (const std::string& a : args) eval = eval || a == "--eval";
  FUZZ_CHECK(d.train == !eval, "--eval");
}

// The sweep's --p list: every item a Python float, as many values as items.
void p_list(const std::string& s) {
  std::vector<double> v;
  try {
    v = cli::parse_p_list(s, "--p");
  } catch (const cli::UsageError& e) {
    check_refusal(e, "--p");
    return;
  }
  size_t a = 0, n = 0;
  for (size_t b = 0; b <= s.size(); ++b) {
    if (b < s.size() && s[b] != ',') continue;
    FUZZ_CHECK(python_float_syntax(s.substr(a, b - a)),
               "accepted item '" + s.substr(a, b - a) + "'");
    a = b + 1;
    ++n;
  }
  FUZZ_CHECK(n == v.size() && !v.empty(),
             std::to_string(n) + " items, " + std::to_string(v.size()) + " values");
}

// --seeds and --threads: a whole number in range, written in decimal digits only.
void int_in(const std::string& s) {
  int v;
  try {
    v = cli::parse_int_in(s, "--threads", 1, 16);
  } catch (const cli::UsageError& e) {
    check_refusal(e, "--threads");
    return;
  }
  FUZZ_CHECK(v >= 1 && v <= 16, s);
  FUZZ_CHECK(!s.empty() && s.find_first_not_of("0123456789") == std::string::npos,
             "accepted '" + shortened(s) + "'");
  FUZZ_CHECK(std::strtol(s.c_str(), nullptr, 10) == v, s);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const std::string rest = fuzz::text_of(data + 1, size - 1);
  if (data[0] >= 0xF0) {  // the sweep's options (the first bytes below keep their old meaning)
    if (data[0] & 1)
      int_in(rest);
    else
      p_list(rest);
    return 0;
  }
  switch (data[0] % 4) {
    case 0:
      values(rest);
      break;
    case 1:
      number(rest);
      break;
    case 2:
      seed(rest);
      break;
    default:
      dropout_command(rest);
  }
  return 0;
}
