// nn.Dropout(p), exactly: train vs eval, the Bernoulli draws of torch's CPU
// generator, scale 1.0f / (float)(1.0 - p), dropped = x * 0.0f, and its backward.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>

#include "core/rng.h"

namespace dp {

// "" when 0 <= p <= 1, else PyTorch's message:
// "dropout probability has to be between 0 and 1, but got 1.5"
std::string dropout_check(double p);

// The factor kept values are multiplied by: 1.0f / (float)(1.0 - p) (0 for p = 1).
float dropout_scale(double p);

// out = dropout(x). mask[i] = 1 kept / 0 dropped (all 1 when identity, all 0 for p = 1).
// x, out, mask are (n). out may alias x. Precondition: dropout_check(p) == "".
void dropout_forward(const float* x, float* out, uint8_t* mask, size_t n, double p, bool training,
                     Generator& gen);

// The same in two halves: the mask drawn from gen as dropout_forward draws it (training,
// 0 < p < 1; all 1 without draws for p = 0, all 0 without draws for p = 1), then out =
// dropout(x) with that mask, for any part of the tensor (MC dropout's passes draw a
// whole pass first and run its rows in pieces).
void dropout_draw_mask(uint8_t* mask, size_t n, double p, Generator& gen);
void dropout_apply(const float* x, const uint8_t* mask, float* out, size_t n, double p);

// dx = dout * noise, noise = mask ? scale : 0 (identity when no dropout was applied).
void dropout_backward(const float* dout, const uint8_t* mask, float* dx, size_t n, double p,
                      bool training);

}  // namespace dp
