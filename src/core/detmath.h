// Deterministic elementary functions: the same bits natively and in WASM.
// libm differs between glibc (native) and musl (Emscripten) in the last ulp, so
// the core never calls std::exp/log/sin/cos/tanh; it calls these, built from
// IEEE basic operations only (+ - * / sqrt, exact scaling). Double versions are
// accurate to about 1 ulp; float versions compute in double and round once. Only what
// the engine calls is here.
#pragma once

#include <cstddef>

namespace dp::detmath {

double log(double x);  // log(0) = -inf, log(x<0) = NaN
double log1p(double x);
double sin(double x);  // accurate for |x| up to about 1e6
double cos(double x);

// Fast paths for float results and for sums of many terms (losses): plain double
// polynomials, within 2e-12 relative (far below float resolution), still built from
// basic operations only, so just as deterministic.
double exp_fast(double x);
double expm1_fast(double x);
double log_fast(double x);    // x > 0
double log1p_fast(double x);  // x > -1
// y[i] = exp_fast(x[i]) and log_fast(x[i]), bit for bit, in loops that vectorize.
void exp_fast_n(const double* x, double* y, size_t n);
void log_fast_n(const double* x, double* y, size_t n);

float tanhf(float x);
float sigmoidf(float x);  // 1 / (1 + exp(-x)), no overflow for any x

}  // namespace dp::detmath
