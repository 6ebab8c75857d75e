// The Linear layer's kernels against the plain definition: every output is
// ((0 + x0*w0) + x1*w1) + ... then + bias, one float operation at a time, in k order.
// The kernels block, vectorize and skip zero inputs; none of it may change a bit.
#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "core/mlp.h"
#include "core/rng.h"
#include "test_util.h"

namespace dp {
namespace {

using testing::float_bits;

// out (rows, out) = x (rows, in) @ w^T + b, the plain way.
std::vector<float> plain_linear(const Linear& L, const std::vector<float>& x, int rows) {
  std::vector<float> out(static_cast<size_t>(rows) * L.out);
  for (int r = 0; r < rows; ++r)
    for (int j = 0; j < L.out; ++j) {
      float s = 0.0f;
      for (int k = 0; k < L.in; ++k)
        s += x[static_cast<size_t>(r) * L.in + k] * L.w[static_cast<size_t>(j) * L.in + k];
      out[static_cast<size_t>(r) * L.out + j] = s + L.b[j];
    }
  return out;
}

// Inputs of which a fraction are zeros (signed zeros among them), the rest normal.
std::vector<float> sparse_inputs(size_t n, double zeros, uint32_t seed) {
  std::mt19937 r(seed);
  std::normal_distribution<float> d;
  std::uniform_real_distribution<double> u;
  std::vector<float> x(n);
  for (float& v : x) {
    const double c = u(r);
    v = c < zeros / 2 ? 0.0f : c < zeros ? -0.0f : d(r);
  }
  return x;
}

struct Shape {
  int in, out, rows;
  double zeros;
};

class LinearKernels : public ::testing::TestWithParam<Shape> {};

TEST_P(LinearKernels, EvalForwardIsThePlainSumBitForBit) {
  const Shape s = GetParam();
  Generator gen(7);
  Mlp m({s.in, s.out}, Activation::Relu, gen, false);
  const std::vector<float> x =
      sparse_inputs(static_cast<size_t>(s.rows) * s.in, s.zeros, static_cast<uint32_t>(s.in));
  const float* got = m.forward(x.data(), s.rows, 0.0, false, gen);
  const std::vector<float> want = plain_linear(m.linear(0), x, s.rows);
  for (size_t i = 0; i < want.size(); ++i)
    ASSERT_EQ(float_bits(got[i]), float_bits(want[i])) << "output " << i;
}

// Widths on both sides of the kernels' switches (8-column tiles, rows of 32 columns and
// more, sums of 8 terms and more, 256-term chunks), row counts off the tiles' multiples.
INSTANTIATE_TEST_SUITE_P(Shapes, LinearKernels,
                         ::testing::Values(Shape{2, 96, 490, 0.0}, Shape{96, 96, 490, 0.5},
                                           Shape{96, 3, 90, 0.5}, Shape{96, 96, 8, 0.9},
                                           Shape{7, 40, 13, 0.3}, Shape{64, 37, 21, 0.6},
                                           Shape{300, 200, 9, 0.5}, Shape{33, 250, 5, 1.0},
                                           Shape{520, 48, 3, 0.7}));

// 0 * inf is NaN: a zero input must not be skipped when a weight is infinite (a run that
// diverged shows NaN as torch does, not a finite number).
TEST(LinearKernels, ZeroTimesAnInfiniteWeightIsNaN) {
  Generator gen(3);
  Mlp m({64, 64}, Activation::Relu, gen, false);
  std::vector<ParamRef> ps = m.params();
  ps[0].value[5 * 64 + 3] = INFINITY;  // w[5][3]
  m.sync_transposed();
  std::vector<float> x = sparse_inputs(2 * 64, 0.5, 11);
  x[3] = 0.0f;       // row 0 multiplies the infinite weight by 0
  x[64 + 3] = 1.0f;  // row 1 by 1
  const float* out = m.forward(x.data(), 2, 0.0, false, gen);
  EXPECT_TRUE(std::isnan(out[5]));
  EXPECT_TRUE(std::isinf(out[64 + 5]) || std::isnan(out[64 + 5]));
  for (int j = 0; j < 64; ++j)
    if (j != 5) {
      EXPECT_TRUE(std::isfinite(out[j])) << j;
    }
}

// The backward's kernels skip zero gradients too: the weight gradients of a training
// batch through ReLU and Dropout equal the plain sums dw[j][k] = sum_r dout[r][j] x[r][k].
TEST(LinearKernels, WeightGradientsAreThePlainSumsBitForBit) {
  Generator gen(5);
  Mlp m({48, 64, 40}, Activation::Relu, gen, false);
  const int rows = 8;
  const std::vector<float> x = sparse_inputs(static_cast<size_t>(rows) * 48, 0.5, 17);
  Generator drop(9);
  m.forward(x.data(), rows, 0.5, true, drop);
  std::vector<float> dlogits = sparse_inputs(static_cast<size_t>(rows) * 40, 0.0, 21);
  m.backward(dlogits.data());
  // Layer 1's input is layer 0's Dropout output; its dout is dlogits.
  const std::vector<float>& h = m.dropout_output(0);
  const Linear& L1 = m.linear(1);
  for (int j = 0; j < 40; ++j)
    for (int k = 0; k < 64; ++k) {
      float s = 0.0f;
      for (int r = 0; r < rows; ++r) s += dlogits[r * 40 + j] * h[static_cast<size_t>(r) * 64 + k];
      ASSERT_EQ(float_bits(L1.dw[static_cast<size_t>(j) * 64 + k]), float_bits(s)) << j << "," << k;
    }
  // Layer 0's dout: (dlogits @ w1) through Dropout's scale and ReLU, the plain way.
  const Linear& L0 = m.linear(0);
  const std::vector<uint8_t>& mask = m.mask(0);
  const std::vector<float>& act = m.dropout_input(0);
  std::vector<float> d0(static_cast<size_t>(rows) * 64);
  for (int r = 0; r < rows; ++r)
    for (int k = 0; k < 64; ++k) {
      float s = 0.0f;
      for (int j = 0; j < 40; ++j) s += dlogits[r * 40 + j] * L1.w[static_cast<size_t>(j) * 64 + k];
      const size_t i = static_cast<size_t>(r) * 64 + k;
      s = s * (mask[i] ? 2.0f : 0.0f);  // p = 0.5: kept units scaled by 1 / (1 - p)
      d0[i] = act[i] <= 0.0f ? 0.0f : s;
    }
  for (int j = 0; j < 64; ++j)
    for (int k = 0; k < 48; ++k) {
      float s = 0.0f;
      for (int r = 0; r < rows; ++r) s += d0[static_cast<size_t>(r) * 64 + j] * x[r * 48 + k];
      ASSERT_EQ(float_bits(L0.dw[static_cast<size_t>(j) * 48 + k]), float_bits(s)) << j << "," << k;
    }
}

}  // namespace
}  // namespace dp
