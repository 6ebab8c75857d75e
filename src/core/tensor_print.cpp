// Text identical to what PyTorch prints for a 1-D float32 tensor (the _Formatter /
// _vector_str logic of torch/_tensor_str.py at default print options), and Python's
// repr() of a float. Used wherever the playground shows or compares "what torch prints".
#include "core/tensor_print.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace dp {

namespace {

// torch's default print options (torch._tensor_str.PRINT_OPTS).
constexpr int kPrecision = 4;
constexpr size_t kLineWidth = 80;
constexpr size_t kThreshold = 1000;  // more elements than this -> summarized
constexpr size_t kEdgeItems = 3;
constexpr size_t kIndent = 7;  // strlen("tensor(")

// Python's str.format of a float with an 'f' or 'e' spec. snprintf rounds the exact
// binary value correctly (glibc and musl both), exactly as CPython does; the only
// differences are the non-finite spellings: Python never prints a sign on nan.
std::string py_format(double v, char conv, int precision) {
  if (std::isnan(v)) return "nan";
  if (std::isinf(v)) return v < 0 ? "-inf" : "inf";
  const char fmt[] = {'%', '.', '*', conv, '\0'};
  // "{:.0f}" of a float32 needs at most 40 digits; "%.4f"/"%.4e" far fewer.
  char buf[64];
  std::snprintf(buf, sizeof buf, fmt, precision, v);
  return buf;
}

// torch._tensor_str._Formatter for a floating dtype with sci_mode=None.
struct Formatter {
  bool int_mode = true;
  bool sci_mode = false;
  size_t max_width = 1;

  explicit Formatter(const std::vector<float>& vals) {
    // Mode and width are decided by the nonzero finite values only; zeros and
    // non-finite values are formatted with whatever those imply.
    std::vector<float> nz;
    for (float x : vals)
      if (std::isfinite(x) && x != 0.0f) nz.push_back(x);
    if (nz.empty()) return;  // "no valid number": int mode, width 1

    // torch takes abs in float32 (exact) then compares min/max as doubles.
    double amin = std::fabs(static_cast<double>(nz[0]));
    double amax = amin;
    for (float x : nz) {
      const double a = std::fabs(static_cast<double>(x));
      amin = std::min(amin, a);
      amax = std::max(amax, a);
    }
    // `value != torch.ceil(value)`, evaluated in float32.
    for (float x : nz) {
      if (x != std::ceil(x)) {
        int_mode = false;
        break;
      }
    }

    const bool wide_range = amax / amin > 1000.0 || amax > 1.0e8;
    if (int_mode) {
      sci_mode = wide_range;
    } else {
      sci_mode = wide_range || amin < 1.0e-4;
    }
    for (float x : nz) {
      const double v = x;  // what tensor.item() hands to str.format
      size_t w;
      if (sci_mode) {
        w = py_format(v, 'e', kPrecision).size();
      } else if (int_mode) {
        w = py_format(v, 'f', 0).size() + 1;  // +1 for the '.' appended to integers
      } else {
        w = py_format(v, 'f', kPrecision).size();
      }
      max_width = std::max(max_width, w);
    }
  }

  // _Formatter.format: sci wins over int mode; the result is right-aligned.
  std::string format(double v) const {
    std::string s;
    if (sci_mode) {
      s = py_format(v, 'e', kPrecision);
    } else if (int_mode) {
      s = py_format(v, 'f', 0);
      if (std::isfinite(v)) s += '.';
    } else {
      s = py_format(v, 'f', kPrecision);
    }
    if (s.size() < max_width) s.insert(0, max_width - s.size(), ' ');
    return s;
  }
};

// Shortest "%.*e" text (precision = significant digits - 1) that reads back as v;
// v finite and nonzero. Returns the digits (no dot, no sign) and the decimal exponent.
void shortest_digits(double v, std::string& digits, int& exp10) {
  char buf[40];
  for (int prec = 0; prec <= 16; ++prec) {
    std::snprintf(buf, sizeof buf, "%.*e", prec, std::fabs(v));
    const double back = std::strtod(buf, nullptr);
    // Split "d.ddddde+XX" into digits and exponent.
    const char* e = std::strchr(buf, 'e');
    std::string d;
    for (const char* c = buf; c < e; ++c)
      if (*c != '.') d += *c;
    int x = std::atoi(e + 1);
    if (back == std::fabs(v)) {
      digits = d;
      exp10 = x;
      break;
    }
    // At a power of two the round-trip interval is lopsided (half as wide below),
    // so the correctly rounded candidate can miss while its neighbour on the other
    // side of v still reads back. Python's shortest-digits search finds that one.
    const bool step_up = back < std::fabs(v);
    std::string n = d;
    int nx = x;
    if (step_up) {
      int i = static_cast<int>(n.size()) - 1;
      while (i >= 0 && n[i] == '9') n[i--] = '0';
      if (i >= 0) {
        ++n[i];
      } else {  // 99..9 -> 100..0, one decade up
        n.insert(n.begin(), '1');
        n.pop_back();
        ++nx;
      }
    } else {
      int i = static_cast<int>(n.size()) - 1;
      while (i >= 0 && n[i] == '0') n[i--] = '9';
      --n[i];             // leading digit is never 0, so i >= 0
      if (n[0] == '0') {  // 10..0 -> 09..9: next candidate below is 99..9, a decade down
        n.erase(n.begin());
        n.push_back('9');
        --nx;
      }
    }
    std::string text = n.substr(0, 1) + "." + n.substr(1) + "e" + std::to_string(nx);
    if (std::strtod(text.c_str(), nullptr) == std::fabs(v)) {
      digits = n;
      exp10 = nx;
      break;
    }
    if (prec == 16) {  // unreachable: 17 significant digits always round-trip
      digits = d;
      exp10 = x;
    }
  }
  while (digits.size() > 1 && digits.back() == '0') digits.pop_back();
}

}  // namespace

std::string torch_repr_1d(const std::vector<float>& values) {
  if (values.empty()) return "tensor([])";

  const bool summarize = values.size() > kThreshold;
  std::vector<float> shown = values;
  if (summarize) {  // get_summarized_data: the formatter sees only the edge items
    shown.assign(values.begin(), values.begin() + kEdgeItems);
    shown.insert(shown.end(), values.end() - kEdgeItems, values.end());
  }
  const Formatter fmt(shown);

  std::vector<std::string> data;
  if (summarize) {
    for (size_t i = 0; i < kEdgeItems; ++i) data.push_back(fmt.format(shown[i]));
    data.push_back(" ...");
    for (size_t i = kEdgeItems; i < shown.size(); ++i) data.push_back(fmt.format(shown[i]));
  } else {
    for (float x : values) data.push_back(fmt.format(x));
  }

  // Each element takes its width plus ", "; the line budget excludes "tensor(".
  const size_t element_length = fmt.max_width + 2;
  const size_t per_line = std::max<size_t>(1, (kLineWidth - kIndent) / element_length);

  std::string out = "tensor([";
  for (size_t i = 0; i < data.size(); ++i) {
    if (i > 0) out += (i % per_line == 0) ? ",\n" + std::string(kIndent + 1, ' ') : ", ";
    out += data[i];
  }
  out += "])";
  return out;
}

std::string python_float_repr(double v) {
  if (std::isnan(v)) return "nan";
  if (std::isinf(v)) return v < 0 ? "-inf" : "inf";
  const std::string sign = std::signbit(v) ? "-" : "";
  if (v == 0.0) return sign + "0.0";

  std::string d;
  int e = 0;
  shortest_digits(v, d, e);
  const int n = static_cast<int>(d.size());

  // float_repr_style 'short': exponent form when decpt = e + 1 is <= -4 or > 16.
  if (e < -4 || e >= 16) {
    std::string s = sign + d.substr(0, 1);
    if (n > 1) s += "." + d.substr(1);
    char ebuf[16];
    std::snprintf(ebuf, sizeof ebuf, "e%c%02d", e < 0 ? '-' : '+', std::abs(e));
    return s + ebuf;
  }
  const int decpt = e + 1;  // digits before the decimal point
  if (decpt <= 0) return sign + "0." + std::string(-decpt, '0') + d;
  if (decpt >= n) return sign + d + std::string(decpt - n, '0') + ".0";
  return sign + d.substr(0, decpt) + "." + d.substr(decpt);
}

}  // namespace dp
