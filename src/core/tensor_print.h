// What PyTorch prints: `print(t)` for a 1-D float32 tensor (torch/_tensor_str.py
// with default print options), and Python's repr() of a float.
#pragma once
#include <string>
#include <vector>

namespace dp {

// e.g. {2, 4, 6, 8} -> "tensor([2., 4., 6., 8.])"; 1.4286... -> "tensor([ 1.4286, -2.8571, ...])"
// Exact for up to 1000 elements (no summarization), including line wrapping at 80 columns.
std::string torch_repr_1d(const std::vector<float>& values);

// The shortest decimal that reads back as v (finite, nonzero; the sign is dropped):
// v = d1.d2d3... x 10^exp10, the digits without trailing zeros. Of several such, the
// nearest to v. The float overload reads back as a float.
struct Decimal {
  std::string digits;
  int exp10 = 0;
};
Decimal shortest_decimal(double v);
Decimal shortest_decimal(float v);

// Python's repr(float(v)): shortest round-trip digits, "2.0", "0.15", "1e-05", "nan", "inf".
std::string python_float_repr(double v);

// The fewest-digits text that Python reads back, through a double and torch's float32
// conversion, as exactly v: "0.3", "1.5e-07", "16777216.0". Written as printf's %g
// writes that many digits (".0" added where it would be an int).
std::string float32_literal(float v);

}  // namespace dp
