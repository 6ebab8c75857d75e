// Linear, activation and dropout layers of the MLP, forward and backward side by side.
// All loops accumulate in a fixed order (sequential over the reduced index), so the
// compilers may vectorize across outputs but never reorder a sum: native == WASM.
#include "core/mlp.h"

#include <algorithm>
#include <cmath>
#include <cstring>

#include "core/detmath.h"
#include "core/dropout.h"

namespace dp {

bool activation_from_name(const std::string& name, Activation* out) {
  if (name == "relu") *out = Activation::Relu;
  else if (name == "tanh") *out = Activation::Tanh;
  else if (name == "sigmoid") *out = Activation::Sigmoid;
  else return false;
  return true;
}

const char* activation_name(Activation a) {
  switch (a) {
    case Activation::Relu: return "relu";
    case Activation::Tanh: return "tanh";
    case Activation::Sigmoid: return "sigmoid";
  }
  return "relu";
}

void Linear::sync_transposed() {
  for (int o = 0; o < out; ++o)
    for (int i = 0; i < in; ++i) wt[static_cast<size_t>(i) * out + o] = w[static_cast<size_t>(o) * in + i];
}

// ---- Linear ----

// Four floats as one value: GCC/Clang vector extensions, SSE on x86-64 and SIMD128
// in WASM. Element-wise + and * round exactly like the scalar operations.
typedef float v4f __attribute__((vector_size(16)));
static inline v4f load4(const float* p) {
  v4f v;
  std::memcpy(&v, p, sizeof v);
  return v;
}
static inline void store4(float* p, v4f v) { std::memcpy(p, &v, sizeof v); }

// C = A @ B (+ bias): C is (M, N) row-major, B is (K, N) row-major, and A is (M, K)
// read as A[m][k] = a[m * sm + k * sk] (so a transposed A costs nothing).
// Every output is computed as ((0 + a0*b0) + a1*b1) + ... + a[K-1]*b[K-1], then + bias:
// the same sequence of float operations whichever path below handles it, so the
// blocking (for speed) never changes a bit. Tiles of 4 x 8 outputs live in registers.
static void matmul(const float* a, size_t sm, size_t sk, const float* b, const float* bias, float* c,
                   int M, int K, int N) {
  const int n_tiled = N - N % 8;
  int m = 0;
  for (; m + 4 <= M; m += 4) {
    const float* a0 = a + m * sm;
    const float* a1 = a0 + sm;
    const float* a2 = a1 + sm;
    const float* a3 = a2 + sm;
    float* o = c + static_cast<size_t>(m) * N;
    for (int j = 0; j < n_tiled; j += 8) {
      v4f c0 = {0, 0, 0, 0}, d0 = c0, c1 = c0, d1 = c0, c2 = c0, d2 = c0, c3 = c0, d3 = c0;
      for (int k = 0; k < K; ++k) {
        const float* w = b + static_cast<size_t>(k) * N + j;
        const v4f wl = load4(w), wh = load4(w + 4);
        const float s0 = a0[k * sk], s1 = a1[k * sk], s2 = a2[k * sk], s3 = a3[k * sk];
        c0 += s0 * wl; d0 += s0 * wh;
        c1 += s1 * wl; d1 += s1 * wh;
        c2 += s2 * wl; d2 += s2 * wh;
        c3 += s3 * wl; d3 += s3 * wh;
      }
      if (bias) {
        const v4f bl = load4(bias + j), bh = load4(bias + j + 4);
        c0 += bl; d0 += bh; c1 += bl; d1 += bh; c2 += bl; d2 += bh; c3 += bl; d3 += bh;
      }
      store4(o + j, c0); store4(o + j + 4, d0);
      store4(o + N + j, c1); store4(o + N + j + 4, d1);
      store4(o + 2 * N + j, c2); store4(o + 2 * N + j + 4, d2);
      store4(o + 3 * N + j, c3); store4(o + 3 * N + j + 4, d3);
    }
    for (int j = n_tiled; j < N; ++j) {  // leftover columns: four independent sums at once
      float c0 = 0.0f, c1 = 0.0f, c2 = 0.0f, c3 = 0.0f;
      for (int k = 0; k < K; ++k) {
        const float bk = b[static_cast<size_t>(k) * N + j];
        c0 += a0[k * sk] * bk;
        c1 += a1[k * sk] * bk;
        c2 += a2[k * sk] * bk;
        c3 += a3[k * sk] * bk;
      }
      if (bias) {
        c0 += bias[j]; c1 += bias[j]; c2 += bias[j]; c3 += bias[j];
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
static void linear_forward(const Linear& L, const float* x, int rows, float* out) {
  matmul(x, L.in, 1, L.wt.data(), L.b.data(), out, rows, L.in, L.out);
}

// dw = dout^T @ x, db = sum_r dout, dx = dout @ w (dx may be null for the first layer).
// dout is (rows, out), x is (rows, in), dx is (rows, in).
static void linear_backward(Linear& L, const float* x, const float* dout, int rows, float* dx) {
  const int in = L.in, n = L.out;
  matmul(dout, 1, n, x, nullptr, L.dw.data(), n, rows, in);  // A[j][r] = dout[r][j]
  float* __restrict db = L.db.data();
  for (int j = 0; j < n; ++j) db[j] = 0.0f;
  for (int r = 0; r < rows; ++r) {
    const float* __restrict g = dout + static_cast<size_t>(r) * n;
    for (int j = 0; j < n; ++j) db[j] += g[j];
  }
  if (dx) matmul(dout, n, 1, L.w.data(), nullptr, dx, rows, n, in);
}

// ---- Activations (in place on n values; backward uses the activation's output y) ----

static void activation_forward(Activation a, float* v, size_t n) {
  switch (a) {
    case Activation::Relu:
      for (size_t i = 0; i < n; ++i) v[i] = v[i] > 0.0f ? v[i] : (v[i] != v[i] ? v[i] : 0.0f);
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
static void activation_backward(Activation a, const float* y, float* d, size_t n) {
  switch (a) {
    case Activation::Relu:
      for (size_t i = 0; i < n; ++i) d[i] = y[i] <= 0.0f ? 0.0f : d[i];  // NaN passes, as in torch
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

Mlp::Mlp(const std::vector<int>& sizes, Activation act, Generator& gen) : sizes_(sizes), act_(act) {
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
    for (float& v : L.w) v = gen.uniform_float(static_cast<float>(-bound), static_cast<float>(bound));
    const double bb = 1.0 / std::sqrt(static_cast<double>(L.in));
    for (float& v : L.b) v = gen.uniform_float(static_cast<float>(-bb), static_cast<float>(bb));
    L.sync_transposed();
    layers_.push_back(std::move(L));
  }
  const int hidden = num_dropout();
  train_act_.resize(hidden);
  train_drop_.resize(hidden);
  masks_.resize(hidden);
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

const float* Mlp::forward(const float* x, int rows, double p, bool training, Generator& gen) {
  const int nl = num_linear();
  if (!training) {
    // Ping-pong between two scratch buffers; dropout is the identity in eval mode.
    const float* cur = x;
    for (int l = 0; l < nl; ++l) {
      std::vector<float>& dst = (l % 2 == 0) ? eval_a_ : eval_b_;
      dst.resize(static_cast<size_t>(rows) * layers_[l].out);
      linear_forward(layers_[l], cur, rows, dst.data());
      if (l + 1 < nl) activation_forward(act_, dst.data(), dst.size());
      cur = dst.data();
    }
    return cur;
  }
  train_rows_ = rows;
  train_p_ = p;
  train_x_.assign(x, x + static_cast<size_t>(rows) * sizes_[0]);
  const float* cur = train_x_.data();
  for (int l = 0; l < nl; ++l) {
    const size_t n = static_cast<size_t>(rows) * layers_[l].out;
    if (l + 1 == nl) {
      train_out_.resize(n);
      linear_forward(layers_[l], cur, rows, train_out_.data());
      return train_out_.data();
    }
    train_act_[l].resize(n);
    train_drop_[l].resize(n);
    masks_[l].resize(n);
    linear_forward(layers_[l], cur, rows, train_act_[l].data());
    activation_forward(act_, train_act_[l].data(), n);
    dropout_forward(train_act_[l].data(), train_drop_[l].data(), masks_[l].data(), n, p, true, gen);
    cur = train_drop_[l].data();
  }
  return cur;
}

void Mlp::backward(const float* dlogits) {
  const int nl = num_linear();
  const int rows = train_rows_;
  const float* dout = dlogits;
  for (int l = nl - 1; l >= 0; --l) {
    const float* input = (l == 0) ? train_x_.data() : train_drop_[l - 1].data();
    if (l == 0) {
      linear_backward(layers_[l], input, dout, rows, nullptr);
      break;
    }
    std::vector<float>& dx = (l % 2 == 0) ? grad_a_ : grad_b_;
    const size_t n = static_cast<size_t>(rows) * layers_[l].in;
    dx.resize(n);
    linear_backward(layers_[l], input, dout, rows, dx.data());
    dropout_backward(dx.data(), masks_[l - 1].data(), dx.data(), n, train_p_, true);
    activation_backward(act_, train_act_[l - 1].data(), dx.data(), n);
    dout = dx.data();
  }
}

}  // namespace dp
