// Deterministic exp, expm1, log, log1p, sin, cos, tanh (and float wrappers) made only of
// IEEE basic operations, so native (glibc) and WASM (musl) builds give the same bits.
// Range reduction is Cody-Waite style; the kernels run the last polynomial steps in
// double-double so that the single final rounding makes results good to about 0.5 ulp.
#include "core/detmath.h"

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>

#include "core/bits.h"
#include "core/simd.h"

namespace dp::detmath {
namespace {

// ---------------------------------------------------------------------------------------
// Bits and exact scaling. Done by hand (not ldexp) so nothing depends on the libm.

// 2^n for -1022 <= n <= 1023 (a normal double, so multiplying by it is exact unless the
// product overflows or becomes subnormal).
double pow2(int n) { return double_from_bits(static_cast<uint64_t>(n + 1023) << 52); }

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// ---------------------------------------------------------------------------------------
// Double-double arithmetic: a value hi + lo with |lo| <= ulp(hi)/2. All steps are exact
// error-free transformations (Knuth's two-sum, Dekker's product with Veltkamp splitting),
// which rely on -ffp-contract=off: an FMA would change the rounding of the error terms.

struct DD {
  double hi;
  double lo;
};

DD two_sum(double a, double b) {
  double s = a + b;
  double bb = s - a;
  double e = (a - (s - bb)) + (b - bb);
  return {s, e};
}

DD fast_two_sum(double a, double b) {  // requires |a| >= |b| (or a == 0)
  double s = a + b;
  double e = b - (s - a);
  return {s, e};
}

DD split(double a) {
  const double c = 134217729.0 * a;  // 2^27 + 1
  double hi = c - (c - a);
  return {hi, a - hi};
}

DD two_prod(double a, double b) {
  double p = a * b;
  DD as = split(a);
  DD bs = split(b);
  double e = ((as.hi * bs.hi - p) + as.hi * bs.lo + as.lo * bs.hi) + as.lo * bs.lo;
  return {p, e};
}

DD dd_add(DD a, DD b) {
  DD s = two_sum(a.hi, b.hi);
  double lo = s.lo + (a.lo + b.lo);
  return fast_two_sum(s.hi, lo);
}

DD dd_add_d(DD a, double b) {
  DD s = two_sum(a.hi, b);
  return fast_two_sum(s.hi, s.lo + a.lo);
}

DD dd_mul(DD a, DD b) {
  DD p = two_prod(a.hi, b.hi);
  double lo = p.lo + (a.hi * b.lo + a.lo * b.hi);
  return fast_two_sum(p.hi, lo);
}

DD dd_mul_d(DD a, double b) {
  DD p = two_prod(a.hi, b);
  return fast_two_sum(p.hi, p.lo + a.lo * b);
}

DD dd_div(DD a, DD b) {
  double q1 = a.hi / b.hi;
  DD p = two_prod(q1, b.hi);
  double r = (((a.hi - p.hi) - p.lo) + a.lo) - q1 * b.lo;
  double q2 = r / b.hi;
  return fast_two_sum(q1, q2);
}

// ---------------------------------------------------------------------------------------
// Constants, computed with mpmath (the series coefficients below too): exact to the last bit.

// ln 2 = kLn2Hi + kLn2Lo; kLn2Hi has 40 significant bits so k * kLn2Hi is exact for
// |k| < 2^13, which covers every exponent of a double.
constexpr double kLn2Hi = 0x1.62e42fefa2000p-1;
constexpr double kLn2Lo = 0x1.9ef35793c7673p-41;
constexpr DD kLn2 = {kLn2Hi, kLn2Lo};  // not normalized as a DD, only used via k * parts

constexpr DD kOneSixth = {0x1.5555555555555p-3, 0x1.5555555555555p-57};
constexpr DD kOneThird = {0x1.5555555555555p-2, 0x1.5555555555555p-56};
constexpr DD kOne24th = {0x1.5555555555555p-5, 0x1.5555555555555p-59};

// pi/2 in three pieces: the first two have 33 significant bits, so k * piece is exact for
// |k| < 2^20, i.e. |x| up to about 1.6e6. Together they carry about 120 bits of pi/2.
constexpr double kPio2_1 = 0x1.921fb54400000p+0;
constexpr double kPio2_2 = 0x1.0b4611a600000p-34;
constexpr double kPio2_3 = 0x1.3198a2e037073p-69;
constexpr DD kPio2 = {0x1.921fb54442d18p+0, 0x1.1a62633145c07p-54};
constexpr double kTwoOverPi = 0x1.45f306dc9c883p-1;
constexpr double kCodyWaiteLimit = 1.6e6;  // 1.6e6 * 2/pi < 2^20

// The binary expansion of 2/pi, 32 bits per word, most significant first (bits 2^-1 ...).
// 48 words = 1536 bits: enough for the largest double exponent plus 224 bits of window.
constexpr uint32_t kTwoOverPiBits[48] = {
    0xA2F9836E, 0x4E441529, 0xFC2757D1, 0xF534DDC0, 0xDB629599, 0x3C439041, 0xFE5163AB, 0xDEBBC561,
    0xB7246E3A, 0x424DD2E0, 0x06492EEA, 0x09D1921C, 0xFE1DEB1C, 0xB129A73E, 0xE88235F5, 0x2EBB4484,
    0xE99C7026, 0xB45F7E41, 0x3991D639, 0x835339F4, 0x9C845F8B, 0xBDF9283B, 0x1FF897FF, 0xDE05980F,
    0xEF2F118B, 0x5A0A6D1F, 0x6D367ECF, 0x27CB09B7, 0x4F463F66, 0x9E5FEA2D, 0x7527BAC7, 0xEBE5F17B,
    0x3D0739F7, 0x8A5292EA, 0x6BFB5FB1, 0x1F8D5D08, 0x56033046, 0xFC7B6BAB, 0xF0CFBC20, 0x9AF4361D,
    0xA9E39161, 0x5EE61B08, 0x6599855F, 0x14A06840, 0x8DFFD880, 0x4D732731, 0x06061556, 0xCA73A8C9};

// Overflow and underflow thresholds: exp(x) > DBL_MAX beyond 709.7827..., and rounds to
// zero below -745.1332... (both are decided by the computation itself between the cuts).
constexpr double kExpOverflow = 709.79;
constexpr double kExpUnderflow = -745.2;

// ---------------------------------------------------------------------------------------
// log / log1p

// log(2^k (1 + f)) for f (double-double) in about [sqrt(1/2) - 1, sqrt(2) - 1]:
// with s = f / (2 + f), log(1 + f) = 2 atanh(s) = 2 s (1 + s^2/3 + s^4/5 + ...), |s| < 0.172.
double log_kernel(int k, DD f) {
  f = two_sum(f.hi, f.lo);
  DD s = dd_div(f, dd_add_d(f, 2.0));
  DD w = dd_mul(s, s);
  const double z = w.hi;
  double t = 0x1.2f684bda12f68p-5;   // 1/27
  t = 0x1.47ae147ae147bp-5 + z * t;  // 1/25
  t = 0x1.642c8590b2164p-5 + z * t;  // 1/23
  t = 0x1.8618618618618p-5 + z * t;  // 1/21
  t = 0x1.af286bca1af28p-5 + z * t;  // 1/19
  t = 0x1.e1e1e1e1e1e1ep-5 + z * t;  // 1/17
  t = 0x1.1111111111111p-4 + z * t;  // 1/15
  t = 0x1.3b13b13b13b14p-4 + z * t;  // 1/13
  t = 0x1.745d1745d1746p-4 + z * t;  // 1/11
  t = 0x1.c71c71c71c71cp-4 + z * t;  // 1/9
  t = 0x1.2492492492492p-3 + z * t;  // 1/7
  t = 0x1.999999999999ap-3 + z * t;  // 1/5
  DD p = dd_add(kOneThird, dd_mul_d(w, t));
  p = dd_add_d(dd_mul(w, p), 1.0);
  DD l = dd_mul(s, p);
  l = {2.0 * l.hi, 2.0 * l.lo};
  if (k == 0) return l.hi;
  const double kd = k;
  DD kl = fast_two_sum(kd * kLn2.hi, kd * kLn2.lo);
  DD sum = dd_add(kl, l);
  return sum.hi;
}

// Split a positive finite normal-or-subnormal x into 2^k * m with m in [sqrt(1/2), sqrt(2)).
// Selects, not branches: the array versions below vectorize it.
inline void log_split(double x, int& k, double& m) {
  const bool sub = x < 0x1p-1022;  // subnormal: make it normal first (exact)
  const uint64_t u = bits_of(sub ? x * 0x1p54 : x);
  const int e = static_cast<int>((u >> 52) & 0x7ff) - 1023;
  const double m1 = double_from_bits((u & 0x000fffffffffffffULL) | 0x3ff0000000000000ULL);  // [1, 2)
  const bool high = m1 > 0x1.6a09e667f3bcdp+0;  // sqrt(2)
  m = high ? m1 * 0.5 : m1;
  k = e + (high ? 1 : 0) + (sub ? -54 : 0);
}

// ---------------------------------------------------------------------------------------
// sin / cos

// sin(r) for |r| <= about pi/4 (double-double r): r + r^3 (-1/6 + r^2 S(r^2)) with
// S(w) = 1/5! - w/7! + w^2/9! - ...; the omitted terms are below 2^-80 of the result.
double sin_kernel(DD r) {
  DD z = dd_mul(r, r);
  const double w = z.hi;
  double t = -0x1.761b41316381ap-75;   // -1/23!
  t = 0x1.71b8ef6dcf572p-66 + w * t;   // 1/21!
  t = -0x1.2f49b46814157p-57 + w * t;  // -1/19!
  t = 0x1.952c77030ad4ap-49 + w * t;   // 1/17!
  t = -0x1.ae7f3e733b81fp-41 + w * t;  // -1/15!
  t = 0x1.6124613a86d09p-33 + w * t;   // 1/13!
  t = -0x1.ae64567f544e4p-26 + w * t;  // -1/11!
  t = 0x1.71de3a556c734p-19 + w * t;   // 1/9!
  t = -0x1.a01a01a01a01ap-13 + w * t;  // -1/7!
  t = 0x1.1111111111111p-7 + w * t;    // 1/5!
  DD p = dd_add(DD{-kOneSixth.hi, -kOneSixth.lo}, dd_mul_d(z, t));
  DD r3 = dd_mul(r, z);
  DD res = dd_add(r, dd_mul(r3, p));
  return res.hi;
}

// cos(r) for |r| <= about pi/4: 1 + r^2 (-1/2 + r^2 (1/24 + r^2 T(r^2))) with
// T(w) = -1/6! + w/8! - w^2/10! + ...
double cos_kernel(DD r) {
  DD z = dd_mul(r, r);
  const double w = z.hi;
  double t = -0x1.0ce396db7f853p-70;   // -1/22!
  t = 0x1.e542ba4020225p-62 + w * t;   // 1/20!
  t = -0x1.6827863b97d97p-53 + w * t;  // -1/18!
  t = 0x1.ae7f3e733b81fp-45 + w * t;   // 1/16!
  t = -0x1.93974a8c07c9dp-37 + w * t;  // -1/14!
  t = 0x1.1eed8eff8d898p-29 + w * t;   // 1/12!
  t = -0x1.27e4fb7789f5cp-22 + w * t;  // -1/10!
  t = 0x1.a01a01a01a01ap-16 + w * t;   // 1/8!
  t = -0x1.6c16c16c16c17p-10 + w * t;  // -1/6!
  DD p = dd_add(kOne24th, dd_mul_d(z, t));
  p = dd_add_d(dd_mul(z, p), -0.5);
  DD res = dd_add_d(dd_mul(z, p), 1.0);
  return res.hi;
}

// Bits [pos, pos + 32) of a little-endian multiword integer (zeros outside it).
uint32_t get_bits32(const uint32_t* limbs, int nlimbs, int pos) {
  uint64_t acc = 0;
  for (int b = 0; b < 2; ++b) {
    int idx = (pos >> 5) + b;  // arithmetic shift: floor division for negative pos
    uint64_t w = (idx >= 0 && idx < nlimbs) ? limbs[idx] : 0;
    acc |= w << (32 * b);
  }
  int sh = pos & 31;
  return static_cast<uint32_t>(acc >> sh);
}

// Large-argument reduction (|x| >= kCodyWaiteLimit): exact integer multiplication of the
// 53-bit significand by a 224-bit window of 2/pi. Returns the quadrant (mod 4) and the
// remainder in radians, |r| <= pi/4, for positive finite x.
int reduce_large(double x, DD& r) {
  uint64_t u = bits_of(x);
  int ex = static_cast<int>((u >> 52) & 0x7ff);
  uint64_t mant = (u & 0x000fffffffffffffULL) | 0x0010000000000000ULL;
  int e = ex - 1075;  // x = mant * 2^e, e >= -32 here
  // Words j < j0 give multiples of 4 (irrelevant mod 4): first j with 32 (j+1) >= e - 1.
  int j0 = 0;
  if (e - 1 > 32) j0 = (e - 1 + 31) / 32 - 1;
  constexpr int kWin = 7;
  // Window as a little-endian integer: limb 0 is the least significant.
  uint32_t win[kWin];
  for (int i = 0; i < kWin; ++i) win[i] = kTwoOverPiBits[j0 + kWin - 1 - i];
  const uint32_t m[2] = {static_cast<uint32_t>(mant), static_cast<uint32_t>(mant >> 32)};
  constexpr int kProd = kWin + 2;
  uint32_t prod[kProd] = {};
  for (int i = 0; i < 2; ++i) {
    uint64_t carry = 0;
    for (int j = 0; j < kWin; ++j) {
      uint64_t cur = static_cast<uint64_t>(m[i]) * win[j] + prod[i + j] + carry;
      prod[i + j] = static_cast<uint32_t>(cur);
      carry = cur >> 32;
    }
    int idx = i + kWin;
    while (carry != 0 && idx < kProd) {
      uint64_t cur = static_cast<uint64_t>(prod[idx]) + carry;
      prod[idx++] = static_cast<uint32_t>(cur);
      carry = cur >> 32;
    }
  }
  // value = prod * 2^(e - 32 (j0 + kWin)); the binary point sits sh bits from the bottom.
  const int sh = 32 * (j0 + kWin) - e;
  int q = static_cast<int>(get_bits32(prod, kProd, sh) & 3u);
  uint32_t f[4];  // fraction, f[0] most significant
  for (int i = 0; i < 4; ++i) f[i] = get_bits32(prod, kProd, sh - 32 * (i + 1));
  bool neg = false;
  if (f[0] & 0x80000000u) {  // fraction >= 1/2: take fraction - 1 and the next quadrant
    neg = true;
    q = (q + 1) & 3;
    uint64_t borrow = 1;  // two's complement negation of the 128-bit fraction
    for (int i = 3; i >= 0; --i) {
      uint64_t cur = static_cast<uint64_t>(static_cast<uint32_t>(~f[i])) + borrow;
      f[i] = static_cast<uint32_t>(cur);
      borrow = cur >> 32;
    }
  }
  // Sum the four exact pieces from the smallest up.
  DD frac = two_sum(f[2] * 0x1p-96, f[3] * 0x1p-128);
  frac = dd_add_d(frac, f[1] * 0x1p-64);
  frac = dd_add_d(frac, f[0] * 0x1p-32);
  if (neg) frac = {-frac.hi, -frac.lo};
  r = dd_mul(frac, kPio2);
  return q;
}

// x = q pi/2 + r; returns q mod 4.
int reduce_pio2(double x, DD& r) {
  const double ax = std::fabs(x);
  if (ax < kCodyWaiteLimit) {
    double kd = std::nearbyint(x * kTwoOverPi);
    double r1 = x - kd * kPio2_1;  // exact (Sterbenz), kd * kPio2_1 exact
    DD s = two_sum(r1, -(kd * kPio2_2));
    double lo = s.lo - kd * kPio2_3;
    r = fast_two_sum(s.hi, lo);
    long long k = static_cast<long long>(kd);
    return static_cast<int>(k & 3);
  }
  int q = reduce_large(ax, r);
  if (x < 0) {
    r = {-r.hi, -r.lo};
    q = (4 - q) & 3;
  }
  return q;
}

}  // namespace

// ---------------------------------------------------------------------------------------

double log(double x) {
  if (x != x) return x + x;
  if (x < 0.0) return kNaN;
  if (x == 0.0) return -kInf;
  if (x == kInf) return kInf;
  int k;
  double m;
  log_split(x, k, m);
  return log_kernel(k, {m - 1.0, 0.0});  // m - 1 is exact for m in [0.7, 1.42)
}

double log1p(double x) {
  if (x != x) return x + x;
  if (x < -1.0) return kNaN;
  if (x == -1.0) return -kInf;
  if (x == kInf) return kInf;
  if (std::fabs(x) < 0x1p-54) return x;  // also keeps -0
  DD u = two_sum(1.0, x);                // 1 + x exactly, as hi + lo
  int k;
  double m;
  log_split(u.hi, k, m);
  // 1 + x = 2^k (m + lo 2^-k), so f = (m - 1) + lo 2^-k.
  double lo = (k > -1000 && k < 1000) ? u.lo * pow2(-k) : 0.0;
  return log_kernel(k, {m - 1.0, lo});
}

double sin(double x) {
  if (x != x) return x + x;
  if (std::fabs(x) == kInf) return kNaN;
  if (std::fabs(x) < 0x1p-26) return x;  // sin x = x (1 - x^2/6): rounds to x; keeps -0
  DD r;
  int q = reduce_pio2(x, r);
  switch (q) {
    case 0:
      return sin_kernel(r);
    case 1:
      return cos_kernel(r);
    case 2:
      return -sin_kernel(r);
    default:
      return -cos_kernel(r);
  }
}

double cos(double x) {
  if (x != x) return x + x;
  if (std::fabs(x) == kInf) return kNaN;
  if (std::fabs(x) < 0x1p-27) return 1.0;  // 1 - x^2/2 rounds to 1
  DD r;
  int q = reduce_pio2(x, r);
  switch (q) {
    case 0:
      return cos_kernel(r);
    case 1:
      return -sin_kernel(r);
    case 2:
      return -cos_kernel(r);
    default:
      return sin_kernel(r);
  }
}

// ---------------------------------------------------------------------------------------
// Fast paths (float results). exp: x = k ln2 + r, |r| <= ln2/2, Taylor to degree 11;
// log: 2^k m, m in [sqrt(1/2), sqrt(2)), atanh series.

namespace {
constexpr double kFastLn2Hi = 0x1.62e42fee00000p-1;  // 32 significant bits: k * hi is exact
constexpr double kFastLn2Lo = 0x1.a39ef35793c76p-33;
constexpr double kFastInvLn2 = 0x1.71547652b82fep+0;

// y * 2^k in two exact steps (one rounding at most, where the result is subnormal), for
// |k| <= 2044; for |k| <= 1000 both steps are exact, as one would be.
inline double scale_by_pow2(double y, int k) {
  const int h = k / 2;
  return y * pow2(h) * pow2(k - h);
}

// expm1(r) for |r| <= 0.35, Horner on the Taylor series to r^11 (truncation < 1e-14
// relative, far below float32 resolution).
inline double expm1_poly(double r) {
  double t = 1.0 / 39916800.0;  // 1/11!
  t = 1.0 / 3628800.0 + r * t;  // 1/10!
  t = 1.0 / 362880.0 + r * t;   // 1/9!
  t = 1.0 / 40320.0 + r * t;    // 1/8!
  t = 1.0 / 5040.0 + r * t;     // 1/7!
  t = 1.0 / 720.0 + r * t;      // 1/6!
  t = 1.0 / 120.0 + r * t;      // 1/5!
  t = 1.0 / 24.0 + r * t;       // 1/4!
  t = 1.0 / 6.0 + r * t;        // 1/3!
  t = 0.5 + r * t;
  t = 1.0 + r * t;
  return r * t;
}

// exp_fast without a branch (so that a loop of it vectorizes): the kernel on x clamped to
// [kExpUnderflow, kExpOverflow] (NaN computes as 0), then NaN, overflow and underflow
// selected.
inline double exp_fast_inline(double x) {
  double xc = x < kExpUnderflow ? kExpUnderflow : x;
  xc = xc > kExpOverflow ? kExpOverflow : xc;
  xc = xc != xc ? 0.0 : xc;
  const double kd = std::nearbyint(xc * kFastInvLn2);
  const double r = (xc - kd * kFastLn2Hi) - kd * kFastLn2Lo;
  const double y = scale_by_pow2(1.0 + expm1_poly(r), static_cast<int>(kd));
  return x != x ? x : x > kExpOverflow ? kInf : x < kExpUnderflow ? 0.0 : y;
}

// log_fast for a positive finite x.
inline double log_fast_kernel(double x) {
  int k;
  double m;
  log_split(x, k, m);
  const double f = m - 1.0;  // exact
  const double s = f / (2.0 + f), z = s * s;
  // |s| < 0.172, z < 0.0295: stopping at z^5/13 leaves < 2e-12 relative, far below
  // the float32 resolution these results are used at.
  double t = 1.0 / 13.0;
  t = 1.0 / 11.0 + z * t;
  t = 1.0 / 9.0 + z * t;
  t = 1.0 / 7.0 + z * t;
  t = 1.0 / 5.0 + z * t;
  t = 1.0 / 3.0 + z * t;
  const double l = 2.0 * s + 2.0 * s * (z * t);
  const double kd = k;
  return kd * kFastLn2Hi + (kd * kFastLn2Lo + l);
}
inline bool log_fast_takes(double x) { return x > 0.0 && x != kInf; }  // else the careful log
}  // namespace

double exp_fast(double x) { return exp_fast_inline(x); }

DP_SIMD_CLONES
void exp_fast_n(const double* __restrict x, double* __restrict y, size_t n) {
  for (size_t i = 0; i < n; ++i) y[i] = exp_fast_inline(x[i]);
}

double expm1_fast(double x) {
  if (std::fabs(x) <= 0.34) return expm1_poly(x);  // no cancellation near 0
  if (x < -40.0) return -1.0;
  return exp_fast(x) - 1.0;
}

double log_fast(double x) {
  return log_fast_takes(x) ? log_fast_kernel(x) : log(x);  // NaN, 0, negatives, inf: careful
}

DP_SIMD_CLONES
void log_fast_n(const double* __restrict x, double* __restrict y, size_t n) {
  for (size_t i = 0; i < n; ++i) {  // the kernel on every lane (any garbage where it does not apply)
    const double xi = x[i];
    y[i] = log_fast_kernel(log_fast_takes(xi) ? xi : 1.0);
  }
  for (size_t i = 0; i < n; ++i)
    if (!log_fast_takes(x[i])) y[i] = log(x[i]);
}

double log1p_fast(double x) {
  if (!(x > -1.0) || x == kInf) return log1p(x);
  const double u = 1.0 + x;
  if (u == 1.0) return x;  // |x| below half an ulp of 1: log1p(x) = x to double precision
  // Goldberg's correction: log(u) * x / (u - 1) undoes the rounding of 1 + x.
  return log_fast(u) * (x / (u - 1.0));
}

float tanhf(float x) {
  const double xd = x, ax = std::fabs(xd);
  if (xd != xd) return x;
  if (ax < 0x1p-28) return x;                   // keeps -0
  if (ax > 10.0) return xd < 0 ? -1.0f : 1.0f;  // 1 - tanh(10) < 2^-27: rounds to 1 in float
  const double t = expm1_fast(2.0 * ax);
  const double v = t / (t + 2.0);
  return static_cast<float>(xd < 0 ? -v : v);
}

float sigmoidf(float x) {
  const double xd = x;
  // exp of a non-positive argument only, so nothing overflows; NaN falls to the else.
  if (xd >= 0.0) return static_cast<float>(1.0 / (1.0 + exp_fast(-xd)));
  const double e = exp_fast(xd);
  return static_cast<float>(e / (1.0 + e));
}

}  // namespace dp::detmath
