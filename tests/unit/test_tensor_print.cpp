// Unit tests for core/tensor_print: torch_repr_1d must print a 1-D float32 tensor exactly
// as PyTorch does, python_float_repr exactly as Python's repr(float). Every expected string
// below was produced by running the real thing (Debian's torch 1.13 / Python 3.11), not typed.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <limits>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "core/bits.h"
#include "core/tensor_print.h"
#include "test_util.h"

namespace {

using dp::python_float_repr;
using dp::torch_repr_1d;

const float kNan = std::numeric_limits<float>::quiet_NaN();
const float kInf = std::numeric_limits<float>::infinity();

// Expected strings: /usr/bin/python3 -c 'import torch; print(repr(str(torch.tensor([...]))))'

TEST(TorchRepr1d, IntMode) {
  EXPECT_EQ(torch_repr_1d({1.f, 2.f, 3.f, 4.f}), "tensor([1., 2., 3., 4.])");
  EXPECT_EQ(torch_repr_1d({2.f, 4.f, 6.f, 8.f}), "tensor([2., 4., 6., 8.])");
  EXPECT_EQ(torch_repr_1d({-3.f, 0.f, 12.f, 100.f}), "tensor([ -3.,   0.,  12., 100.])");
  EXPECT_EQ(torch_repr_1d({7.f}), "tensor([7.])");
}

TEST(TorchRepr1d, FixedModeWithNegatives) {
  EXPECT_EQ(torch_repr_1d({1.4286f, -2.8571f, 0.f, 5.7143f}),
            "tensor([ 1.4286, -2.8571,  0.0000,  5.7143])");
  EXPECT_EQ(torch_repr_1d({0.5f, -0.25f, 3.75f}), "tensor([ 0.5000, -0.2500,  3.7500])");
  // Exact binary ties round half to even, as Python's str.format does.
  EXPECT_EQ(torch_repr_1d({0.03125f, 1.03125f, 2.5f}), "tensor([0.0312, 1.0312, 2.5000])");
  // torch.manual_seed(7); print(nn.Dropout(0.3)(torch.tensor([1, -2, 3.5, 4, 0.25, 6.])))
  const float scale = 1.0f / static_cast<float>(1.0 - 0.3);  // kept values are x * scale
  EXPECT_EQ(torch_repr_1d({1.f * scale, -2.f * scale, 0.f, 4.f * scale, 0.f, 0.f}),
            "tensor([ 1.4286, -2.8571,  0.0000,  5.7143,  0.0000,  0.0000])");
}

TEST(TorchRepr1d, SciMode) {
  // max / min > 1000
  EXPECT_EQ(torch_repr_1d({1.f, 2000.5f}), "tensor([1.0000e+00, 2.0005e+03])");
  EXPECT_EQ(torch_repr_1d({1.f, 5000.f}), "tensor([1.0000e+00, 5.0000e+03])");
  // min < 1e-4 (non-integer tensors only)
  EXPECT_EQ(torch_repr_1d({1e-5f, 0.5f}), "tensor([1.0000e-05, 5.0000e-01])");
  EXPECT_EQ(torch_repr_1d({-1e-6f, 2.5e-3f, 0.f}),
            "tensor([-1.0000e-06,  2.5000e-03,  0.0000e+00])");
  // max > 1e8
  EXPECT_EQ(torch_repr_1d({1e9f, 2.f}), "tensor([1.0000e+09, 2.0000e+00])");
  EXPECT_EQ(torch_repr_1d({123456789.f, 1.f}), "tensor([1.2346e+08, 1.0000e+00])");
}

TEST(TorchRepr1d, NegativeZeros) {
  EXPECT_EQ(torch_repr_1d({-0.f, 0.f, 2.f}), "tensor([-0., 0., 2.])");
  EXPECT_EQ(torch_repr_1d({-0.f, 1.5f}), "tensor([-0.0000, 1.5000])");
  EXPECT_EQ(torch_repr_1d({-0.f, 1e-6f}), "tensor([-0.0000e+00, 1.0000e-06])");
  EXPECT_EQ(torch_repr_1d({-0.f}), "tensor([-0.])");
  EXPECT_EQ(torch_repr_1d({-0.f, -0.f}), "tensor([-0., -0.])");
}

TEST(TorchRepr1d, NanAndInf) {
  EXPECT_EQ(torch_repr_1d({kNan, kInf, -kInf}), "tensor([nan, inf, -inf])");
  EXPECT_EQ(torch_repr_1d({1.f, kNan, -kInf}), "tensor([1., nan, -inf])");
  EXPECT_EQ(torch_repr_1d({1.5f, kInf, -0.f}), "tensor([1.5000,    inf, -0.0000])");
  EXPECT_EQ(torch_repr_1d({kNan}), "tensor([nan])");
  EXPECT_EQ(torch_repr_1d({kNan, 0.f, -0.f}), "tensor([nan, 0., -0.])");
  // A NaN with its sign bit set still prints "nan" (Python drops the sign).
  // print(torch.tensor([-math.nan, 1.5, -math.nan]))
  EXPECT_EQ(torch_repr_1d({-kNan, 1.5f, -kNan}), "tensor([   nan, 1.5000,    nan])");
}

TEST(TorchRepr1d, AllZerosAndEmpty) {
  EXPECT_EQ(torch_repr_1d({0.f, 0.f, 0.f}), "tensor([0., 0., 0.])");
  EXPECT_EQ(torch_repr_1d({}), "tensor([])");
}

TEST(TorchRepr1d, LineWrapping) {
  // torch.tensor([i * 1.1 - 10 for i in range(20)])
  const std::vector<float> fixed = {-10.0f, -8.9f, -7.8f, -6.7f, -5.6f, -4.5f, -3.4f,
                                    -2.3f,  -1.2f, -0.1f, 1.0f,  2.1f,  3.2f,  4.3f,
                                    5.4f,   6.5f,  7.6f,  8.7f,  9.8f,  10.9f};
  EXPECT_EQ(torch_repr_1d(fixed),
            "tensor([-10.0000,  -8.9000,  -7.8000,  -6.7000,  -5.6000,  -4.5000,  -3.4000,\n"
            "         -2.3000,  -1.2000,  -0.1000,   1.0000,   2.1000,   3.2000,   4.3000,\n"
            "          5.4000,   6.5000,   7.6000,   8.7000,   9.8000,  10.9000])");

  // torch.tensor([float(i * 7 - 70) for i in range(20)])
  std::vector<float> ints;
  for (int i = 0; i < 20; ++i) ints.push_back(static_cast<float>(i * 7 - 70));
  EXPECT_EQ(torch_repr_1d(ints),
            "tensor([-70., -63., -56., -49., -42., -35., -28., -21., -14.,  -7.,   0.,   7.,\n"
            "         14.,  21.,  28.,  35.,  42.,  49.,  56.,  63.])");

  // torch.tensor([(i + 1) * 1e-5 * (-1) ** i for i in range(20)])
  const std::vector<float> sci = {1e-05f,    -2e-05f,   3e-05f,    -4e-05f,   5e-05f,
                                  -6e-05f,   7e-05f,    -8e-05f,   9e-05f,    -0.0001f,
                                  0.00011f,  -0.00012f, 0.00013f,  -0.00014f, 0.00015f,
                                  -0.00016f, 0.00017f,  -0.00018f, 0.00019f,  -0.0002f};
  EXPECT_EQ(torch_repr_1d(sci),
            "tensor([ 1.0000e-05, -2.0000e-05,  3.0000e-05, -4.0000e-05,  5.0000e-05,\n"
            "        -6.0000e-05,  7.0000e-05, -8.0000e-05,  9.0000e-05, -1.0000e-04,\n"
            "         1.1000e-04, -1.2000e-04,  1.3000e-04, -1.4000e-04,  1.5000e-04,\n"
            "        -1.6000e-04,  1.7000e-04, -1.8000e-04,  1.9000e-04, -2.0000e-04])");
}

TEST(TorchRepr1d, SummarizesAboveThreshold) {
  // torch.arange(1200, dtype=torch.float32): the formatter sees only the 3 + 3 edge items.
  std::vector<float> v;
  for (int i = 0; i < 1200; ++i) v.push_back(static_cast<float>(i));
  EXPECT_EQ(torch_repr_1d(v),
            "tensor([0.0000e+00, 1.0000e+00, 2.0000e+00,  ..., 1.1970e+03, 1.1980e+03,\n"
            "        1.1990e+03])");
}

// Expected strings: /usr/bin/python3 -c 'print(repr(x))' for the same double x.
TEST(PythonFloatRepr, Positional) {
  EXPECT_EQ(python_float_repr(2.0), "2.0");
  EXPECT_EQ(python_float_repr(0.15), "0.15");
  EXPECT_EQ(python_float_repr(100.0), "100.0");
  EXPECT_EQ(python_float_repr(-2.5), "-2.5");
  EXPECT_EQ(python_float_repr(0.0), "0.0");
  EXPECT_EQ(python_float_repr(-0.0), "-0.0");
  EXPECT_EQ(python_float_repr(0.0001), "0.0001");
  EXPECT_EQ(python_float_repr(1234567890123456.0), "1234567890123456.0");
  EXPECT_EQ(python_float_repr(0.1 + 0.2), "0.30000000000000004");
  EXPECT_EQ(python_float_repr(1.0 / 3.0), "0.3333333333333333");
  EXPECT_EQ(python_float_repr(123.456), "123.456");
  // float32 values widened to double, as the CLI echoes them.
  EXPECT_EQ(python_float_repr(static_cast<double>(0.1f)), "0.10000000149011612");
  EXPECT_EQ(python_float_repr(static_cast<double>(1.4286f)), "1.4285999536514282");
}

TEST(PythonFloatRepr, Exponent) {
  EXPECT_EQ(python_float_repr(1e-05), "1e-05");
  EXPECT_EQ(python_float_repr(-1e-05), "-1e-05");
  EXPECT_EQ(python_float_repr(1.5e-07), "1.5e-07");
  EXPECT_EQ(python_float_repr(1e16), "1e+16");
  EXPECT_EQ(python_float_repr(12345678901234567.0), "1.2345678901234568e+16");
  EXPECT_EQ(python_float_repr(1e22), "1e+22");
  EXPECT_EQ(python_float_repr(0x1p-44), "5.684341886080802e-14");
  EXPECT_EQ(python_float_repr(0x1p60), "1.152921504606847e+18");
  EXPECT_EQ(python_float_repr(5e-324), "5e-324");
  EXPECT_EQ(python_float_repr(1.7976931348623157e308), "1.7976931348623157e+308");
  // A power of two whose shortest digits are not the correctly rounded 16-digit text.
  EXPECT_EQ(python_float_repr(-0x1p-652), "-5.351097043477547e-197");
}

TEST(PythonFloatRepr, NonFinite) {
  EXPECT_EQ(python_float_repr(std::nan("")), "nan");
  EXPECT_EQ(python_float_repr(-std::nan("")), "nan");
  EXPECT_EQ(python_float_repr(HUGE_VAL), "inf");
  EXPECT_EQ(python_float_repr(-HUGE_VAL), "-inf");
}

// What Python wrote for 1,213 doubles and 1,093 float32 values of every magnitude
// (tests/reference/python_repr.py, Python 3.11).
const nlohmann::json& python_texts() {
  static const nlohmann::json j = dp::testing::reference_json("python-repr.json");
  return j;
}

TEST(PythonFloatRepr, EqualsPythonsReprForDoublesOfEveryMagnitude) {
  const auto& rows = python_texts().at("double");
  ASSERT_GT(rows.size(), 1000u);
  int wrong = 0;
  for (const auto& r : rows) {
    const double v = dp::double_from_bits(std::strtoull(r[0].get<std::string>().c_str(), nullptr, 16));
    const std::string want = r[1].get<std::string>();
    // And its negation: repr(-x) is "-" + repr(x).
    const std::string negated = want[0] == '-' ? want.substr(1) : "-" + want;
    for (const auto& [x, expected] : {std::pair{v, want}, std::pair{-v, negated}})
      if (python_float_repr(x) != expected && ++wrong <= 5)
        ADD_FAILURE() << r[0] << ": " << python_float_repr(x) << ", Python " << expected;
  }
  EXPECT_EQ(wrong, 0);
}

TEST(Float32Literal, ReadsBackThroughADoubleWithPythonsFewestDigits) {
  const auto& rows = python_texts().at("float32");
  ASSERT_GT(rows.size(), 1000u);
  // Significant digits of a %g text: its digits, without the exponent and the leading zeros.
  auto significant = [](const std::string& t) {
    std::string d;
    for (char c : t.substr(0, t.find('e')))
      if (c >= '0' && c <= '9' && !(d.empty() && c == '0')) d += c;
    while (d.size() > 1 && d.back() == '0') d.pop_back();
    return d;
  };
  int wrong = 0;
  for (const auto& r : rows) {
    const float v = dp::float_from_bits(
        static_cast<uint32_t>(std::strtoul(r[0].get<std::string>().c_str(), nullptr, 16)));
    const std::string py = r[1].get<std::string>();
    const std::string ours = dp::float32_literal(v);
    const bool back = static_cast<float>(std::strtod(ours.c_str(), nullptr)) == v;
    if ((!back || significant(ours) != significant(py)) && ++wrong <= 5)
      ADD_FAILURE() << r[0] << ": " << ours << ", Python " << py;
  }
  EXPECT_EQ(wrong, 0);
  EXPECT_EQ(dp::float32_literal(3.0f), "3.0");
  EXPECT_EQ(dp::float32_literal(0.0f), "0.0");
  EXPECT_EQ(dp::float32_literal(-0.0f), "-0.0");
  EXPECT_EQ(dp::float32_literal(16777216.0f), "16777216.0");
  EXPECT_EQ(dp::float32_literal(0.3f), "0.3");
  EXPECT_EQ(dp::float32_literal(1.5e-7f), "1.5e-07");
  EXPECT_EQ(dp::float32_literal(-0.00125f), "-0.00125");
}

}  // namespace
