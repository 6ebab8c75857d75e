// nn.Dropout's forward and backward on a flat buffer. The draw order, the keep
// test and the float arithmetic follow aten/src/ATen/native/Dropout.cpp (_dropout_impl:
// noise.bernoulli_(1 - p); noise.div_(1 - p); input * noise) on the CPU generator.
#include "core/dropout.h"

#include <cmath>
#include <cstring>

#include "core/tensor_print.h"

namespace dp {

std::string dropout_check(double p) {
  // NaN fails both comparisons, so it is rejected too (torch: RuntimeError from ATen).
  if (p >= 0.0 && p <= 1.0) return "";
  return "dropout probability has to be between 0 and 1, but got " + python_float_repr(p);
}

float dropout_scale(double p) {
  if (p >= 1.0) return 0.0f;
  // A float32 division: noise (float) .div_(1 - p) with the double scalar cast to float.
  return 1.0f / static_cast<float>(1.0 - p);
}

// Kept when u < 1 - p with u = bits53 * 2^-53. Scaling both sides by 2^53 is exact,
// and for an integer b, b < T exactly when b < ceil(T): one integer comparison.
void dropout_draw_mask(uint8_t* mask, size_t n, double p, Generator& gen) {
  if (n == 0) return;
  if (p == 0.0 || p == 1.0) {  // no draws
    std::memset(mask, p == 1.0 ? 0 : 1, n);
    return;
  }
  const uint64_t threshold = static_cast<uint64_t>(std::ceil((1.0 - p) * 9007199254740992.0));
  gen.keep_mask(mask, n, threshold);
}

void dropout_apply(const float* x, const uint8_t* mask, float* out, size_t n, double p) {
  if (p == 0.0) {  // identity
    for (size_t i = 0; i < n; ++i) out[i] = x[i];
    return;
  }
  // x * 0 or x * scale (p = 1: scale 0, so -x gives -0 and inf gives NaN): the factor's
  // bits are scale's masked by the draw (no branch, no table: it vectorizes).
  const float scale = dropout_scale(p);
  uint32_t scale_bits;
  std::memcpy(&scale_bits, &scale, sizeof scale_bits);
  for (size_t i = 0; i < n; ++i) {
    const uint32_t fb = scale_bits & (0u - static_cast<uint32_t>(mask[i]));
    float f;
    std::memcpy(&f, &fb, sizeof f);
    out[i] = x[i] * f;
  }
}

void dropout_forward(const float* x, float* out, uint8_t* mask, size_t n, double p, bool training,
                     Generator& gen) {
  dropout_draw_mask(mask, n, training ? p : 0.0, gen);
  dropout_apply(x, mask, out, n, training ? p : 0.0);
}

void dropout_backward(const float* dout, const uint8_t* mask, float* dx, size_t n, double p,
                      bool training) {
  if (!training || p == 0.0) {
    for (size_t i = 0; i < n; ++i) dx[i] = dout[i];
    return;
  }
  const float scale = dropout_scale(p);
  if (dout == dx) {  // in place (the model's backward): one pointer, so the loop vectorizes
    for (size_t i = 0; i < n; ++i) dx[i] = dx[i] * (mask[i] ? scale : 0.0f);
    return;
  }
  for (size_t i = 0; i < n; ++i) dx[i] = dout[i] * (mask[i] ? scale : 0.0f);
}

}  // namespace dp
