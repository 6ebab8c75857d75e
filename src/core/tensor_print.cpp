// Text identical to what PyTorch prints for a 1-D float32 tensor (the _Formatter /
// _vector_str logic of torch/_tensor_str.py at default print options), and Python's
// repr() of a float. Used wherever the playground shows or compares "what torch prints".
#include "core/tensor_print.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>

// Header-only fmt from Debian, in this file only: its Dragonbox, the shortest decimal of a
// float (fmt's own formatting is not used: it would add its format-string machinery).
#define FMT_HEADER_ONLY
#include <fmt/format.h>

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

// Dragonbox's shortest decimal of |v| (v finite, nonzero) as digits and exponent.
template <typename T>
Decimal decimal_of(T v) {
  const auto dec = fmt::detail::dragonbox::to_decimal(std::fabs(v));  // significand x 10^exponent
  Decimal d;
  d.digits = std::to_string(dec.significand);
  int exp = dec.exponent;
  while (d.digits.size() > 1 && d.digits.back() == '0') {  // Dragonbox drops them; be sure
    d.digits.pop_back();
    ++exp;
  }
  d.exp10 = exp + static_cast<int>(d.digits.size()) - 1;
  return d;
}

}  // namespace

// Dragonbox (fmt's shortest formatting) gives the shortest digits that read back as
// v and, of those, the nearest to v: what Python's repr() (David Gay's dtoa, mode 0)
// prints.
Decimal shortest_decimal(double v) { return decimal_of(v); }
Decimal shortest_decimal(float v) { return decimal_of(v); }

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

  const Decimal dec = shortest_decimal(v);
  const std::string& d = dec.digits;
  const int e = dec.exp10;
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

namespace {

// The double that Python's float() reads from the text of d (positive): strtod's
// correctly rounded value. With at most 15 digits and a power of ten that is exact in a
// double (10^0..10^22), one multiplication or division rounds correctly (Clinger's fast
// path); strtod otherwise (it is slow in WebAssembly, where musl works in software
// long doubles).
double python_reads(const Decimal& d) {
  static constexpr double kPow10[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                      1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                      1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
  const int k = d.exp10 - (static_cast<int>(d.digits.size()) - 1);  // d = N x 10^k
  if (d.digits.size() <= 15 && k >= -22 && k <= 22) {
    double n = 0;
    for (char c : d.digits) n = n * 10 + (c - '0');  // exact: below 10^15
    return k >= 0 ? n * kPow10[k] : n / kPow10[-k];
  }
  const std::string text = d.digits + "e" + std::to_string(k);
  return std::strtod(text.c_str(), nullptr);
}

}  // namespace

// The shortest decimal that Python reads back (via double, then torch's float32
// conversion) as exactly v, written as printf's %g writes it with that many digits.
std::string float32_literal(float v) {
  if (v == 0.0f || !std::isfinite(v)) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%g", static_cast<double>(v));
    std::string s = buf;
    return s.find_first_of(".n") == std::string::npos ? s + ".0" : s;  // "0" -> "0.0"
  }
  const Decimal d = shortest_decimal(v);
  const int p = static_cast<int>(d.digits.size()), x = d.exp10;
  std::string s = std::signbit(v) ? "-" : "";
  if (x < -4 || x >= p) {  // %g's exponent form: "1.5e-07", "3e+38"
    s += d.digits.substr(0, 1);
    if (p > 1) s += "." + d.digits.substr(1);
    char ebuf[16];
    std::snprintf(ebuf, sizeof ebuf, "e%c%02d", x < 0 ? '-' : '+', std::abs(x));
    s += ebuf;
  } else if (x < 0) {  // "0.00125"
    s += "0." + std::string(static_cast<size_t>(-x - 1), '0') + d.digits;
  } else {  // "12.5", "3.0"
    s += d.digits.substr(0, static_cast<size_t>(x) + 1);
    s += p > x + 1 ? "." + d.digits.substr(static_cast<size_t>(x) + 1) : ".0";
  }
  // The float's shortest decimal reads back as the float; read through a double first
  // (as Python does), a decimal within 2^-54 of a rounding boundary could tie the other
  // way. Nine significant digits always read back.
  if (static_cast<float>(python_reads(d)) != std::fabs(v)) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.9g", static_cast<double>(v));
    s = buf;
    if (s.find_first_of(".e") == std::string::npos) s += ".0";
  }
  return s;
}

}  // namespace dp
