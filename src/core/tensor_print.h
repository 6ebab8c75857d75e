// What PyTorch prints: `print(t)` for a 1-D float32 tensor (torch/_tensor_str.py
// with default print options), and Python's repr() of a float.
#pragma once
#include <string>
#include <vector>

namespace dp {

// e.g. {2, 4, 6, 8} -> "tensor([2., 4., 6., 8.])"; 1.4286... -> "tensor([ 1.4286, -2.8571, ...])"
// Exact for up to 1000 elements (no summarization), including line wrapping at 80 columns.
std::string torch_repr_1d(const std::vector<float>& values);

// Python's repr(float(v)): shortest round-trip digits, "2.0", "0.15", "1e-05", "nan", "inf".
std::string python_float_repr(double v);

}  // namespace dp
