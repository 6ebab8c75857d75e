// Linear, activation and dropout layers of the MLP, forward and backward side by side.
// All loops accumulate in a fixed order (sequential over the reduced index), so the
// compilers may vectorize across outputs but never reorder a sum: native == WASM.
#include "core/mlp.h"

#include <algorithm>
#include <cmath>
#include <cstring>

#include "core/bits.h"
#include "core/detmath.h"
#include "core/dropout.h"
#include "core/names.h"
#include "core/simd.h"

namespace dp {

const std::vector<ActivationInfo>& activations() {
  static const std::vector<ActivationInfo> table = {
      {"relu", Activation::Relu, "nn.ReLU()"},
      {"tanh", Activation::Tanh, "nn.Tanh()"},
      {"sigmoid", Activation::Sigmoid, "nn.Sigmoid()"},
  };
  return table;
}

const ActivationInfo* find_activation(const std::string& name) {
  return find_by_name(activations(), name);
}

const std::vector<std::string>& activation_names() {
  static const std::vector<std::string> names = names_of(activations());
  return names;
}

bool activation_from_name(const std::string& name, Activation* out) {
  const ActivationInfo* a = find_activation(name);
  if (a) *out = a->act;
  return a != nullptr;
}

double macs_per_row(const std::vector<int>& sizes) {
  double m = 0;
  for (size_t i = 0; i + 1 < sizes.size(); ++i) m += static_cast<double>(sizes[i]) * sizes[i + 1];
  return m;
}

// ---- Linear ----

// Eight floats as one value (GCC/Clang vector extensions): two SSE registers on
// baseline x86-64, one AVX register in the AVX2 clone below, two SIMD128 values in
// WASM. Element-wise + and * round exactly like the scalar operations, so every path
// gives the same bits.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wpsabi"  // v8f passed by value: file-local, no ABI boundary
#endif
typedef float v8f __attribute__((vector_size(32)));
static inline v8f load8(const float* p) {
  v8f v;
  std::memcpy(&v, p, sizeof v);
  return v;
}
static inline void store8(float* p, v8f v) { std::memcpy(p, &v, sizeof v); }

// Four floats (one SSE or SIMD128 register).
typedef float v4f __attribute__((vector_size(16)));

// No inf and no NaN among v[0 .. n-1] (an exponent of all ones), in one pass that
// vectorizes.
static bool all_finite(const float* v, size_t n) {
  uint32_t bad = 0;
  for (size_t i = 0; i < n; ++i) {
    uint32_t bits;
    std::memcpy(&bits, &v[i], sizeof bits);
    bad |= (bits & 0x7f800000u) == 0x7f800000u ? 1u : 0u;
  }
  return bad == 0;
}

// dst (cols, rows) = src (rows, cols)^T: a copy, no arithmetic. Blocks of 4 x 4 go
// through registers (four loads, eight shuffles, four stores: wider blocks measured
// slower, the strided stores bound it); the edges of sizes that are not multiples of 4
// one float at a time. Returns whether every value is finite (no exponent of all
// ones), checked on the way.
typedef int32_t v4i __attribute__((vector_size(16)));
static bool transpose(const float* __restrict src, int rows, int cols, float* __restrict dst) {
  const int r4 = rows - rows % 4, c4 = cols - cols % 4;
  const v4i exponent = v4i{} + 0x7f800000;
  v4i bad = {};
  uint32_t bad_edges = 0;
  auto copy = [&](int r, int c) {
    const float v = src[static_cast<size_t>(r) * cols + c];
    bad_edges |= (bits_of(v) & 0x7f800000u) == 0x7f800000u ? 1u : 0u;
    dst[static_cast<size_t>(c) * rows + r] = v;
  };
  for (int r = 0; r < r4; r += 4) {
    for (int c = 0; c < c4; c += 4) {
      v4f x[4];
      for (int k = 0; k < 4; ++k) {
        std::memcpy(&x[k], src + static_cast<size_t>(r + k) * cols + c, sizeof(v4f));
        v4i b;
        std::memcpy(&b, &x[k], sizeof b);
        bad |= (b & exponent) == exponent;
      }
      const v4f t0 = __builtin_shufflevector(x[0], x[1], 0, 4, 1, 5);
      const v4f t1 = __builtin_shufflevector(x[0], x[1], 2, 6, 3, 7);
      const v4f t2 = __builtin_shufflevector(x[2], x[3], 0, 4, 1, 5);
      const v4f t3 = __builtin_shufflevector(x[2], x[3], 2, 6, 3, 7);
      const v4f y[4] = {__builtin_shufflevector(t0, t2, 0, 1, 4, 5),
                        __builtin_shufflevector(t0, t2, 2, 3, 6, 7),
                        __builtin_shufflevector(t1, t3, 0, 1, 4, 5),
                        __builtin_shufflevector(t1, t3, 2, 3, 6, 7)};
      for (int k = 0; k < 4; ++k)
        std::memcpy(dst + static_cast<size_t>(c + k) * rows + r, &y[k], sizeof(v4f));
    }
    for (int c = c4; c < cols; ++c)
      for (int k = 0; k < 4; ++k) copy(r + k, c);
  }
  for (int r = r4; r < rows; ++r)
    for (int c = 0; c < cols; ++c) copy(r, c);
  for (int k = 0; k < 4; ++k) bad_edges |= static_cast<uint32_t>(bad[k]);
  return bad_edges == 0;
}

void Linear::sync_transposed() { finite = transpose(w.data(), out, in, wt.data()); }

// C = A @ B (+ bias): C is (M, N) row-major, B is (K, N) row-major, and A is (M, K)
// read as A[m][k] = a[m * sm + k * sk] (so a transposed A costs nothing).
// Every output is computed as ((0 + a0*b0) + a1*b1) + ... + a[K-1]*b[K-1], then + bias:
// the same sequence of float operations whichever path below handles it, so the
// blocking (for speed) never changes a bit. Tiles of 4 x 8 outputs live in registers.
// The leftover columns j0 .. j0 + NJ - 1 (fewer than 8 in all: a network's output layer
// of 1-3 units) of 8 rows m0 .. m0 + 7: one lane per row, so each of the 8 x NJ sums
// still runs over k in order, while a row's a values, gathered once per k, serve all
// NJ columns.
// x[0..7] (8 rows of 8) becomes its transpose in place: 24 shuffles.
static inline __attribute__((always_inline)) void transpose8x8(v8f* x) {
  v8f t[8], u[8];
  for (int k = 0; k < 8; k += 2) {
    t[k] = __builtin_shufflevector(x[k], x[k + 1], 0, 8, 1, 9, 4, 12, 5, 13);
    t[k + 1] = __builtin_shufflevector(x[k], x[k + 1], 2, 10, 3, 11, 6, 14, 7, 15);
  }
  for (int k = 0; k < 8; k += 4)
    for (int h = 0; h < 2; ++h) {
      u[k + 2 * h] = __builtin_shufflevector(t[k + h], t[k + h + 2], 0, 1, 8, 9, 4, 5, 12, 13);
      u[k + 2 * h + 1] = __builtin_shufflevector(t[k + h], t[k + h + 2], 2, 3, 10, 11, 6, 7, 14, 15);
    }
  // u[0..3]: columns 0-3 (low half) and 4-7 (high half) of rows 0-3; u[4..7] of rows 4-7.
  for (int k = 0; k < 4; ++k) {
    x[k] = __builtin_shufflevector(u[k], u[k + 4], 0, 1, 2, 3, 8, 9, 10, 11);
    x[k + 4] = __builtin_shufflevector(u[k], u[k + 4], 4, 5, 6, 7, 12, 13, 14, 15);
  }
}

template <int NJ>
static inline __attribute__((always_inline)) void matmul_rows8(
    const float* a, size_t sm, size_t sk, const float* b, const float* bias, float* c, int m0,
    int j0, int K, int N) {
  const float* ar = a + m0 * sm;
  v8f acc[NJ] = {};
  int k0 = 0;
  if (sk == 1) {  // rows of A in memory: 8 k at a time, loaded as rows and transposed
    for (; k0 + 8 <= K; k0 += 8) {
      v8f av[8];
      for (int r = 0; r < 8; ++r) av[r] = load8(ar + r * sm + k0);
      transpose8x8(av);
      for (int k = 0; k < 8; ++k) {
        const float* bk = b + static_cast<size_t>(k0 + k) * N + j0;
        for (int q = 0; q < NJ; ++q) acc[q] += av[k] * bk[q];
      }
    }
  }
  for (int k = k0; k < K; ++k) {
    const float* ak = ar + k * sk;
    const v8f av = {ak[0],      ak[sm],     ak[2 * sm], ak[3 * sm],
                    ak[4 * sm], ak[5 * sm], ak[6 * sm], ak[7 * sm]};
    const float* bk = b + static_cast<size_t>(k) * N + j0;
    for (int q = 0; q < NJ; ++q) acc[q] += av * bk[q];
  }
  for (int q = 0; q < NJ; ++q) {
    if (bias) acc[q] += bias[j0 + q];
    for (int r = 0; r < 8; ++r) c[static_cast<size_t>(m0 + r) * N + j0 + q] = acc[q][r];
  }
}

// Skipping zeros. With every b finite, a term a*b with a = ±0 is ±0, and adding ±0 to a
// sum leaves it as it is (a sum that starts at +0 never becomes -0 in round-to-nearest):
// so a row's outputs may run over its nonzero a values only and get the same bits. After
// ReLU and Dropout most inputs of a hidden layer, and most of the gradients flowing back
// through them, are zeros. One row at a time, its nonzero a values gathered first (kChunk
// at a time); the columns j0 .. j0 + 8 NV - 1 sum them in NV accumulators.
constexpr int kChunk = 256;
// Narrower rows keep the 4 x 8 tiles (too few accumulators to hide an add's latency), and
// so do short sums (a first layer's 2 inputs: gathering costs more than it saves).
constexpr int kSkipMinColumns = 32;
constexpr int kSkipMinTerms = 8;

// The positions of the set bits of every byte, packed low to high into 8 bytes, and
// their count: a group of 8 a values becomes its nonzero positions with one table load.
struct SetBits {
  uint64_t pos[256];
  uint8_t count[256];
};
static constexpr SetBits make_set_bits() {
  SetBits t{};
  for (unsigned m = 0; m < 256; ++m) {
    unsigned n = 0;
    for (unsigned i = 0; i < 8; ++i)
      if (m >> i & 1u) t.pos[m] |= static_cast<uint64_t>(i) << (8 * n++);
    t.count[m] = static_cast<uint8_t>(n);
  }
  return t;
}
static constexpr SetBits kSetBits = make_set_bits();

// Bit i set when v[i] is not ±0 (NaN included).
static inline unsigned nonzero_bits(v4f lo, v4f hi) {
  const v4i nz_lo = lo != v4f{}, nz_hi = hi != v4f{};
  v4f a, b;
  std::memcpy(&a, &nz_lo, sizeof a);
  std::memcpy(&b, &nz_hi, sizeof b);
  return dp_sign_bits4(a) | dp_sign_bits4(b) << 4;
}

// Sixteen floats: one AVX-512 register, two AVX registers, four SIMD128 values.
typedef float v16f __attribute__((vector_size(64)));
static inline v16f load16(const float* p) {
  v16f v;
  std::memcpy(&v, p, sizeof v);
  return v;
}
static inline void store16(float* p, v16f v) { std::memcpy(p, &v, sizeof v); }

// Columns j0 .. j0 + 8 NV - 1 of one row from its nonzero a values (positions ks[0 .. nk-1]
// after k0), in NV / 2 sixteen-float accumulators and an eight-float one when NV is odd.
template <int NV>
static inline __attribute__((always_inline)) void row_tile(const float* am, size_t sk,
                                                           const uint8_t* ks, int nk, int k0,
                                                           const float* b, float* o, int j0,
                                                           int N, bool first) {
  constexpr int kWide = NV / 2;
  constexpr bool kOdd = NV % 2 != 0;
  float* ot = o + j0 + 16 * kWide;  // the eight-float accumulator's outputs
  v16f acc[kWide > 0 ? kWide : 1];
  v8f tail = {};
  for (int q = 0; q < kWide; ++q) acc[q] = first ? v16f{} : load16(o + j0 + 16 * q);
  if (kOdd && !first) tail = load8(ot);
  for (int t = 0; t < nk; ++t) {
    const int k = k0 + ks[t];
    const float s = am[k * sk];
    const float* bk = b + static_cast<size_t>(k) * N + j0;
    for (int q = 0; q < kWide; ++q) acc[q] += s * load16(bk + 16 * q);
    if (kOdd) tail += s * load8(bk + 16 * kWide);
  }
  for (int q = 0; q < kWide; ++q) store16(o + j0 + 16 * q, acc[q]);
  if (kOdd) store8(ot, tail);
}

// Columns 0 .. n8 - 1 (a multiple of 8) of row m (am = its a values, o = its outputs),
// skipping zero a values.
static inline __attribute__((always_inline)) void row_skipping_zeros(
    const float* am, size_t sk, const float* b, const float* bias, float* o, int K, int N,
    int n8) {
  uint8_t ks[kChunk + 8];  // positions within the chunk (the table writes 8 at a time)
  for (int k0 = 0; k0 < K || k0 == 0; k0 += kChunk) {
    const int k1 = std::min(K, k0 + kChunk);
    int nk = 0;
    for (int k = k0; k < k1; k += 8) {
      // Eight a values into two registers (through memory only at the end of a row: a
      // store and a wider load of the same bytes would stall).
      v4f lo = {}, hi = {};
      if (k + 8 <= k1) {
        if (sk == 1) {
          std::memcpy(&lo, am + k, sizeof lo);
          std::memcpy(&hi, am + k + 4, sizeof hi);
        } else {
          const float* p = am + k * sk;
          lo = v4f{p[0], p[sk], p[2 * sk], p[3 * sk]};
          hi = v4f{p[4 * sk], p[5 * sk], p[6 * sk], p[7 * sk]};
        }
      } else {
        for (int i = 0; k + i < k1; ++i) {
          if (i < 4)
            lo[i] = am[(k + i) * sk];
          else
            hi[i - 4] = am[(k + i) * sk];
        }
      }
      const unsigned bits = nonzero_bits(lo, hi);
      const uint64_t pos = kSetBits.pos[bits] + 0x0101010101010101ull * static_cast<unsigned>(k - k0);
      std::memcpy(ks + nk, &pos, sizeof pos);
      nk += kSetBits.count[bits];
    }
    const bool first = k0 == 0;
    int j = 0;
    for (; j + 8 * DP_ROW_VECTORS <= n8; j += 8 * DP_ROW_VECTORS)
      row_tile<DP_ROW_VECTORS>(am, sk, ks, nk, k0, b, o, j, N, first);
    switch ((n8 - j) / 8) {
#define DP_ROW_CASE(n)                                      \
  case n:                                                   \
    row_tile<n>(am, sk, ks, nk, k0, b, o, j, N, first);    \
    break;
      DP_ROW_CASE(1)
      DP_ROW_CASE(2)
      DP_ROW_CASE(3)
      DP_ROW_CASE(4)
      DP_ROW_CASE(5)
#if DP_ROW_VECTORS > 6
      DP_ROW_CASE(6)
      DP_ROW_CASE(7)
      DP_ROW_CASE(8)
      DP_ROW_CASE(9)
      DP_ROW_CASE(10)
      DP_ROW_CASE(11)
#endif
#undef DP_ROW_CASE
      default:
        break;
    }
  }
  if (bias)
    for (int j = 0; j < n8; j += 8) store8(o + j, load8(o + j) + load8(bias + j));
}

DP_SIMD_CLONES
static void matmul(const float* a, size_t sm, size_t sk, const float* b, const float* bias,
                   float* c, int M, int K, int N, bool skip_zeros = false) {
  const int n_tiled = N - N % 8;
  // Rows below m8 get their leftover columns 8 rows at a time, the others below.
  const int m8 = n_tiled < N ? M - M % 8 : 0;
  for (int m0 = 0; m0 < m8; m0 += 8) {
    for (int j = n_tiled; j < N;) {
      switch (std::min(N - j, 4)) {
        case 1:
          matmul_rows8<1>(a, sm, sk, b, bias, c, m0, j, K, N);
          j += 1;
          break;
        case 2:
          matmul_rows8<2>(a, sm, sk, b, bias, c, m0, j, K, N);
          j += 2;
          break;
        case 3:
          matmul_rows8<3>(a, sm, sk, b, bias, c, m0, j, K, N);
          j += 3;
          break;
        default:
          matmul_rows8<4>(a, sm, sk, b, bias, c, m0, j, K, N);
          j += 4;
          break;
      }
    }
  }
  if (skip_zeros && n_tiled >= kSkipMinColumns && K >= kSkipMinTerms) {
    for (int m = 0; m < M; ++m) {
      const float* am = a + m * sm;
      float* o = c + static_cast<size_t>(m) * N;
      row_skipping_zeros(am, sk, b, bias, o, K, N, n_tiled);
      for (int j = m < m8 ? N : n_tiled; j < N; ++j) {  // leftover columns, the rows below m8
        float sum = 0.0f;
        for (int k = 0; k < K; ++k) sum += am[k * sk] * b[static_cast<size_t>(k) * N + j];
        o[j] = bias ? sum + bias[j] : sum;
      }
    }
    return;
  }
  int m = 0;
  for (; m + 4 <= M; m += 4) {
    const float* a0 = a + m * sm;
    const float* a1 = a0 + sm;
    const float* a2 = a1 + sm;
    const float* a3 = a2 + sm;
    float* o = c + static_cast<size_t>(m) * N;
    for (int j = 0; j < n_tiled; j += 8) {
      v8f c0 = {}, c1 = {}, c2 = {}, c3 = {};
      // Pointers that walk k (fewer address operations per step in WASM).
      const float* bp = b + j;
      const float* ap = a0;
      for (int k = 0; k < K; ++k, bp += N, ap += sk) {
        const v8f w = load8(bp);
        c0 += ap[0] * w;
        c1 += ap[sm] * w;
        c2 += ap[2 * sm] * w;
        c3 += ap[3 * sm] * w;
      }
      if (bias) {
        const v8f bv = load8(bias + j);
        c0 += bv;
        c1 += bv;
        c2 += bv;
        c3 += bv;
      }
      store8(o + j, c0);
      store8(o + N + j, c1);
      store8(o + 2 * N + j, c2);
      store8(o + 3 * N + j, c3);
    }
    for (int j = m < m8 ? N : n_tiled; j < N; ++j) {  // leftover columns: four sums at once
      float c0 = 0.0f, c1 = 0.0f, c2 = 0.0f, c3 = 0.0f;
      for (int k = 0; k < K; ++k) {
        const float bk = b[static_cast<size_t>(k) * N + j];
        c0 += a0[k * sk] * bk;
        c1 += a1[k * sk] * bk;
        c2 += a2[k * sk] * bk;
        c3 += a3[k * sk] * bk;
      }
      if (bias) {
        c0 += bias[j];
        c1 += bias[j];
        c2 += bias[j];
        c3 += bias[j];
      }
      o[j] = c0;
      o[N + j] = c1;
      o[2 * N + j] = c2;
      o[3 * N + j] = c3;
    }
  }
  for (; m < M; ++m) {
    float* __restrict o = c + static_cast<size_t>(m) * N;
    const float* am = a + m * sm;
    for (int j = 0; j < N; ++j) o[j] = 0.0f;
    for (int k = 0; k < K; ++k) {
      const float s = am[k * sk];
      const float* __restrict w = b + static_cast<size_t>(k) * N;
      for (int j = 0; j < N; ++j) o[j] += s * w[j];
    }
    if (bias)
      for (int j = 0; j < N; ++j) o[j] += bias[j];
  }
}

// out = x @ w^T + b.  x is (rows, in), wt is (in, out), out is (rows, out).
// skip_zeros: x may hold many zeros (a hidden layer's activations; not the data).
static void linear_forward(const Linear& L, const float* x, int rows, float* out,
                           bool skip_zeros) {
  matmul(x, L.in, 1, L.wt.data(), L.b.data(), out, rows, L.in, L.out, skip_zeros && L.finite);
}

// ---- Activations (in place on n values; backward uses the activation's output y) ----

DP_SIMD_CLONES
static void activation_forward(Activation a, float* v, size_t n) {
  switch (a) {
    case Activation::Relu:
      for (size_t i = 0; i < n; ++i) {  // NaN stays NaN; a bit mask, as in the backward
        uint32_t bits;
        std::memcpy(&bits, &v[i], sizeof bits);
        bits &= v[i] <= 0.0f ? 0u : ~0u;
        std::memcpy(&v[i], &bits, sizeof bits);
      }
      break;
    case Activation::Tanh:
      for (size_t i = 0; i < n; ++i) v[i] = detmath::tanhf(v[i]);
      break;
    case Activation::Sigmoid:
      for (size_t i = 0; i < n; ++i) v[i] = detmath::sigmoidf(v[i]);
      break;
  }
}

// d = dy * f'(x) written in terms of y = f(x), as torch's threshold/tanh/sigmoid_backward do.
// y and d are different buffers (the activation cache, the gradient scratch).
DP_SIMD_CLONES
static void activation_backward(Activation a, const float* __restrict y, float* __restrict d,
                                size_t n) {
  switch (a) {
    case Activation::Relu:
      // d = y <= 0 ? +0 : d (NaN passes, as in torch), as a bit mask: a select that the
      // compilers cannot turn back into a branch per element.
      for (size_t i = 0; i < n; ++i) {
        uint32_t bits;
        std::memcpy(&bits, &d[i], sizeof bits);
        bits &= y[i] <= 0.0f ? 0u : ~0u;
        std::memcpy(&d[i], &bits, sizeof bits);
      }
      break;
    case Activation::Tanh:
      for (size_t i = 0; i < n; ++i) d[i] = d[i] * (1.0f - y[i] * y[i]);
      break;
    case Activation::Sigmoid:
      for (size_t i = 0; i < n; ++i) d[i] = d[i] * (1.0f - y[i]) * y[i];
      break;
  }
}

// ---- The model ----

// Scratch buffers only grow: alternating batch sizes (training batches, then the
// train and validation sets in eval) must not re-fill memory on every call.
static void grow(std::vector<float>& v, size_t n) {
  if (v.size() < n) v.resize(n);
}

Mlp::Mlp(const std::vector<int>& sizes, Activation act, Generator& gen, bool input_dropout)
    : sizes_(sizes), act_(act), input_dropout_(input_dropout) {
  const double a = std::sqrt(5.0);
  for (size_t l = 0; l + 1 < sizes.size(); ++l) {
    Linear L;
    L.in = sizes[l];
    L.out = sizes[l + 1];
    const size_t nw = static_cast<size_t>(L.in) * L.out;
    L.w.resize(nw);
    L.dw.assign(nw, 0.0f);
    L.wt.resize(nw);
    L.b.resize(L.out);
    L.db.assign(L.out, 0.0f);
    // kaiming_uniform_(w, a=sqrt(5)) with fan_in = in, all in double as torch.nn.init does.
    const double gain = std::sqrt(2.0 / (1.0 + a * a));
    const double stdv = gain / std::sqrt(static_cast<double>(L.in));
    const double bound = std::sqrt(3.0) * stdv;
    for (float& v : L.w)
      v = gen.uniform_float(static_cast<float>(-bound), static_cast<float>(bound));
    const double bb = 1.0 / std::sqrt(static_cast<double>(L.in));
    for (float& v : L.b) v = gen.uniform_float(static_cast<float>(-bb), static_cast<float>(bb));
    L.sync_transposed();
    layers_.push_back(std::move(L));
  }
  const int hidden = num_linear() - 1;
  train_act_.resize(hidden);
  train_drop_.resize(hidden);
  masks_.resize(hidden);
  train_p_.assign(hidden, 0.0);
}

void Mlp::set_input_dropout_module(bool on) { input_dropout_ = on; }

int Mlp::dropout_units(int l) const {
  if (input_dropout_) {
    if (l == 0) return sizes_[0];
    --l;
  }
  return sizes_[l + 1];
}

const std::vector<uint8_t>& Mlp::mask(int l) const {
  if (input_dropout_) return l == 0 ? in_mask_ : masks_[l - 1];
  return masks_[l];
}
const std::vector<float>& Mlp::dropout_input(int l) const {
  if (input_dropout_) return l == 0 ? train_x_ : train_act_[l - 1];
  return train_act_[l];
}
const std::vector<float>& Mlp::dropout_output(int l) const {
  if (input_dropout_) return l == 0 ? train_in_drop_ : train_drop_[l - 1];
  return train_drop_[l];
}
double Mlp::batch_p(int l) const {
  if (input_dropout_) return l == 0 ? train_in_p_ : train_p_[l - 1];
  return train_p_[l];
}

std::vector<double> Mlp::uniform_ps(double p) const {
  std::vector<double> ps(num_dropout(), p);
  if (input_dropout_) ps[0] = 0.0;
  return ps;
}

std::vector<ParamRef> Mlp::params() {
  std::vector<ParamRef> ps;
  for (Linear& L : layers_) {
    ps.push_back({L.w.data(), L.dw.data(), L.w.size()});
    ps.push_back({L.b.data(), L.db.data(), L.b.size()});
  }
  return ps;
}

void Mlp::sync_transposed() {
  for (Linear& L : layers_) L.sync_transposed();
}

// The cost of one element of an activation, a dropout draw or their backward, in
// multiply-adds (the unit of plan costs): a rough guess, it only sizes the pieces.
constexpr double kElementCost = 8.0;

const float* Mlp::forward(const float* x, int rows, const std::vector<double>& p, bool training,
                          Generator& gen) {
  const int nl = num_linear();
  if (!training) {
    // Ping-pong between two scratch buffers; dropout is the identity in eval mode.
    const float* cur = x;
    for (int l = 0; l < nl; ++l) {
      std::vector<float>& dst = (l % 2 == 0) ? eval_a_ : eval_b_;
      grow(dst, static_cast<size_t>(rows) * layers_[l].out);
      linear_forward(layers_[l], cur, rows, dst.data(), l > 0);
      if (l + 1 < nl)
        activation_forward(act_, dst.data(), static_cast<size_t>(rows) * layers_[l].out);
      cur = dst.data();
    }
    return cur;
  }
  Plan plan;
  plan_forward(plan, x, rows, p, gen);
  plan.run_all();
  return train_out_.data();
}

void Mlp::draw_pass_masks(int rows, const std::vector<double>& ps, Generator& gen,
                          PassMasks* out) const {
  out->rows = rows;
  out->ps = ps;
  out->masks.resize(static_cast<size_t>(num_dropout()));
  for (int l = 0; l < num_dropout(); ++l) {
    std::vector<uint8_t>& m = out->masks[l];
    m.resize(static_cast<size_t>(rows) * dropout_units(l));
    dropout_draw_mask(m.data(), m.size(), ps[l], gen);
  }
}

void Mlp::forward_pass(const float* x, int r0, int r1, const PassMasks& pm, float* out,
                       PassScratch& s) const {
  const int rows = r1 - r0;
  const int nl = num_linear();
  const int first = input_dropout_ ? 1 : 0;
  const float* cur = x + static_cast<size_t>(r0) * sizes_[0];
  if (input_dropout_) {
    const size_t n = static_cast<size_t>(rows) * sizes_[0];
    grow(s.b, n);
    dropout_apply(cur, pm.masks[0].data() + static_cast<size_t>(r0) * sizes_[0], s.b.data(), n,
                  pm.ps[0]);
    cur = s.b.data();
  }
  for (int l = 0; l < nl; ++l) {
    const Linear& L = layers_[l];
    const size_t n = static_cast<size_t>(rows) * L.out;
    float* dst;
    if (l + 1 == nl) {
      dst = out;
    } else {
      std::vector<float>& buf = cur == s.a.data() ? s.b : s.a;
      grow(buf, n);
      dst = buf.data();
    }
    linear_forward(L, cur, rows, dst, l > 0 || input_dropout_);
    if (l + 1 < nl) {
      activation_forward(act_, dst, n);
      dropout_apply(dst, pm.masks[first + l].data() + static_cast<size_t>(r0) * L.out, dst, n,
                    pm.ps[first + l]);
    }
    cur = dst;
  }
}

void Mlp::backward(const float* dlogits) {
  Plan plan;
  plan_backward(plan, dlogits);
  plan.run_all();
}

void Mlp::plan_forward(Plan& plan, const float* x, int rows, const std::vector<double>& ps,
                       Generator& gen) {
  const int nl = num_linear();
  const int first = input_dropout_ ? 1 : 0;
  train_rows_ = rows;
  train_in_p_ = input_dropout_ ? ps[0] : 0.0;
  for (int l = 0; l + 1 < nl; ++l) train_p_[l] = ps[first + l];
  // The caches take the batch's shape first, a layer at a time (a first batch of a wide
  // network allocates a lot); the pieces find their buffers when they run.
  plan.add_once(static_cast<double>(rows) * sizes_[0], [this, x, rows] {
    train_x_.assign(x, x + static_cast<size_t>(rows) * sizes_[0]);
    train_out_.resize(static_cast<size_t>(rows) * sizes_.back());
  });
  if (input_dropout_) {
    // The input's Dropout draws first, in element order.
    const size_t n = static_cast<size_t>(rows) * sizes_[0];
    plan.add_once(static_cast<double>(n), [this, n] {
      train_in_drop_.resize(n);
      in_mask_.resize(n);
    });
    plan.add(static_cast<long>(n), kElementCost, [this, &gen](long i0, long i1) {
      dropout_forward(train_x_.data() + i0, train_in_drop_.data() + i0, in_mask_.data() + i0,
                      static_cast<size_t>(i1 - i0), train_in_p_, true, gen);
    });
  }
  for (int l = 0; l + 1 < nl; ++l) {
    const size_t n = static_cast<size_t>(rows) * layers_[l].out;
    plan.add_once(static_cast<double>(n), [this, l, n] {
      train_act_[l].resize(n);
      train_drop_[l].resize(n);
      masks_[l].resize(n);
    });
  }
  for (int l = 0; l < nl; ++l) {
    const Linear& L = layers_[l];
    plan.add(rows, static_cast<double>(L.in) * L.out, [this, &L, l, nl](long r0, long r1) {
      const float* in = l == 0 ? (input_dropout_ ? train_in_drop_ : train_x_).data()
                               : train_drop_[l - 1].data();
      float* out = l + 1 == nl ? train_out_.data() : train_act_[l].data();
      matmul(in + r0 * L.in, L.in, 1, L.wt.data(), L.b.data(), out + r0 * L.out,
             static_cast<int>(r1 - r0), L.in, L.out, (l > 0 || input_dropout_) && L.finite);
    });
    if (l + 1 == nl) break;
    // Activation, then Dropout's draws in element order: a range continues the draws
    // exactly where the previous one stopped.
    plan.add(static_cast<long>(rows) * L.out, kElementCost, [this, l, &gen](long i0, long i1) {
      float* a = train_act_[l].data() + i0;
      const size_t n = static_cast<size_t>(i1 - i0);
      activation_forward(act_, a, n);
      dropout_forward(a, train_drop_[l].data() + i0, masks_[l].data() + i0, n, train_p_[l], true,
                      gen);
    });
  }
}

void Mlp::plan_backward(Plan& plan, const float* dlogits) {
  const int nl = num_linear();
  const int rows = train_rows_;
  int widest = 0;
  for (int w : sizes_) widest = std::max(widest, w);
  const size_t scratch = static_cast<size_t>(rows) * widest;
  plan.add_once(static_cast<double>(scratch), [this, scratch] {
    grow(grad_a_, scratch);
    grow(grad_b_, scratch);
  });
  // The gradient with respect to layer l's output (dlogits for the last layer), and the
  // buffer layer l writes its input's gradient to.
  auto dx_of = [this](int l) { return ((l % 2 == 0) ? grad_a_ : grad_b_).data(); };
  auto dout_of = [dlogits, nl, dx_of](int l) {
    return l == nl - 1 ? dlogits : static_cast<const float*>(dx_of(l + 1));
  };
  for (int l = nl - 1; l >= 0; --l) {
    Linear& L = layers_[l];
    // dw = dout^T @ x, a range of output units (rows of dw) at a time.
    plan.add(L.out, static_cast<double>(rows) * L.in,
             [this, &L, l, rows, dout_of](long j0, long j1) {
               const float* input = (l == 0) ? (input_dropout_ ? train_in_drop_ : train_x_).data()
                                             : train_drop_[l - 1].data();
               matmul(dout_of(l) + j0, 1, L.out, input, nullptr, L.dw.data() + j0 * L.in,
                      static_cast<int>(j1 - j0), rows, L.in,  // A[j][r] = dout[r][j]
                      all_finite(input, static_cast<size_t>(rows) * L.in));
             });
    // db = sum_r dout.
    plan.add_once(static_cast<double>(rows) * L.out, [&L, l, rows, dout_of] {
      const float* dout = dout_of(l);
      float* __restrict db = L.db.data();
      for (int j = 0; j < L.out; ++j) db[j] = 0.0f;
      for (int r = 0; r < rows; ++r) {
        const float* __restrict g = dout + static_cast<size_t>(r) * L.out;
        for (int j = 0; j < L.out; ++j) db[j] += g[j];
      }
    });
    if (l == 0) break;  // no dx for the input
    // dx = dout @ w, a range of rows at a time.
    plan.add(rows, static_cast<double>(L.out) * L.in, [&L, l, dx_of, dout_of](long r0, long r1) {
      matmul(dout_of(l) + r0 * L.out, L.out, 1, L.w.data(), nullptr, dx_of(l) + r0 * L.in,
             static_cast<int>(r1 - r0), L.out, L.in, L.finite);
    });
    // Back through the previous layer's Dropout and activation, element by element.
    plan.add(static_cast<long>(rows) * L.in, kElementCost, [this, l, dx_of](long i0, long i1) {
      const size_t n = static_cast<size_t>(i1 - i0);
      float* dx = dx_of(l) + i0;
      dropout_backward(dx, masks_[l - 1].data() + i0, dx, n, train_p_[l - 1], true);
      activation_backward(act_, train_act_[l - 1].data() + i0, dx, n);
    });
  }
}

void Mlp::sync_transposed(int l) { layers_[l].sync_transposed(); }

}  // namespace dp
