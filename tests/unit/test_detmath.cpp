// Tests of detmath: accuracy against the platform libm over many inputs, correctly
// rounded values from mpmath, special values, and a checksum that pins the exact bits so
// that the WASM run of this same test proves native == WASM.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <limits>
#include <vector>

#include "core/detmath.h"
#include "test_util.h"

namespace {

namespace dm = dp::detmath;

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

uint64_t bits(double x) { return dp::testing::double_bits(x); }
uint32_t fbits(float x) { return dp::testing::float_bits(x); }

// Distance in ulps: the number of doubles strictly between a and b, plus one (0 if equal).
int64_t ulp_dist(double a, double b) {
  if (std::isnan(a) || std::isnan(b)) return std::isnan(a) && std::isnan(b) ? 0 : INT64_MAX;
  auto ordered = [](double x) {
    int64_t i;
    std::memcpy(&i, &x, sizeof i);
    return i < 0 ? INT64_MIN - i : i;  // monotonic map of doubles onto integers
  };
  int64_t d = ordered(a) - ordered(b);
  return d < 0 ? -d : d;
}

int64_t ulp_dist_f(float a, float b) {
  if (std::isnan(a) || std::isnan(b)) return std::isnan(a) && std::isnan(b) ? 0 : INT64_MAX;
  auto ordered = [](float x) {
    int32_t i;
    std::memcpy(&i, &x, sizeof i);
    return i < 0 ? static_cast<int64_t>(INT32_MIN) - i : static_cast<int64_t>(i);
  };
  int64_t d = ordered(a) - ordered(b);
  return d < 0 ? -d : d;
}

// A fixed xorshift stream, so every platform tests the same inputs.
struct Inputs {
  uint64_t s = 0x9E3779B97F4A7C15ULL;
  uint64_t next() {
    s ^= s << 13;
    s ^= s >> 7;
    s ^= s << 17;
    return s;
  }
  double uniform(double a, double b) {
    return a + (b - a) * (static_cast<double>(next() >> 11) * 0x1p-53);
  }
  // Spread over magnitudes: 2^e for e in [lo, hi], random sign when sign is set.
  double log_uniform(int lo, int hi, bool sign) {
    double m = uniform(1.0, 2.0);
    int e = lo + static_cast<int>(next() % static_cast<uint64_t>(hi - lo + 1));
    double x = std::ldexp(m, e);
    return (sign && (next() & 1)) ? -x : x;
  }
};

struct Range {
  double lo, hi;
};

// Max ulp distance of f from ref over n uniform draws in each range and n log-uniform ones.
template <class F, class R>
int64_t max_dist(F f, R ref, std::initializer_list<Range> ranges, int n, double* worst_x) {
  Inputs in;
  int64_t worst = 0;
  auto check = [&](double x) {
    int64_t d = ulp_dist(f(x), ref(x));
    if (d > worst) {
      worst = d;
      *worst_x = x;
    }
  };
  for (const Range& r : ranges)
    for (int i = 0; i < n; ++i) check(in.uniform(r.lo, r.hi));
  return worst;
}

// glibc and musl both claim < 1 ulp for these, and detmath is within ~0.5 ulp, so the two
// may differ by at most one ulp. (tanh in both libms is fdlibm's, up to ~2 ulp off.)
constexpr int kN = 40000;

TEST(Detmath, LogMatchesStd) {
  double wx = 0;
  auto f = [](double x) { return dm::log(x); };
  auto g = [](double x) { return std::log(x); };
  EXPECT_LE(max_dist(f, g, {{0.5, 2}, {0.999, 1.001}, {0, 100}, {0, 1e-310}, {1, 1e300}}, kN, &wx),
            1)
      << "worst at " << wx;
  Inputs in;
  for (int i = 0; i < kN; ++i) {
    double x = in.log_uniform(-1074, 1023, false);
    ASSERT_LE(ulp_dist(dm::log(x), std::log(x)), 1) << x;
  }
}

TEST(Detmath, Log1pMatchesStd) {
  double wx = 0;
  auto f = [](double x) { return dm::log1p(x); };
  auto g = [](double x) { return std::log1p(x); };
  EXPECT_LE(max_dist(f, g, {{-0.5, 1}, {-1, -0.9}, {-1e-6, 1e-6}, {-1, 10}, {0, 1e300}}, kN, &wx),
            1)
      << "worst at " << wx;
  Inputs in;
  for (int i = 0; i < kN; ++i) {
    double x = in.log_uniform(-1074, 1023, false);
    if (in.next() & 1) {  // or in (-1, 0): log1p's steep end
      const double m = in.uniform(0.5, 1.0);
      const int e = static_cast<int>(in.next() % 60);  // separate statements: fixed draw order
      x = -std::ldexp(m, -e);
    }
    ASSERT_LE(ulp_dist(dm::log1p(x), std::log1p(x)), 1) << x;
  }
}

TEST(Detmath, SinCosMatchStd) {
  for (int which = 0; which < 2; ++which) {
    double wx = 0;
    auto f = [which](double x) { return which == 0 ? dm::sin(x) : dm::cos(x); };
    auto g = [which](double x) { return which == 0 ? std::sin(x) : std::cos(x); };
    EXPECT_LE(
        max_dist(
            f, g,
            {{-3.2, 3.2}, {-10, 10}, {-1e6, 1e6}, {-1.6e6, 1.7e6}, {-1e-3, 1e-3}, {1e15, 1e16}}, kN,
            &wx),
        1)
        << (which == 0 ? "sin" : "cos") << " worst at " << wx;
    Inputs in;
    for (int i = 0; i < kN; ++i) {  // every magnitude up to DBL_MAX (Payne-Hanek reduction)
      double x = in.log_uniform(-40, 1023, true);
      ASSERT_LE(ulp_dist(f(x), g(x)), 1) << x;
    }
  }
}

// Correctly rounded values from mpmath (not from any libm), each printed with
// clang-format off
//   python3 -c "import mpmath as mp; mp.mp.prec=3000; print(float(mp.FN(mp.mpf(float.fromhex('X')))).hex())"
// clang-format on
// detmath was measured within 0.5004 ulp of exact values, so it must give these bits,
// except on inputs whose exact value lies within a few 1e-4 ulp of a rounding midpoint
// (max_ulp = 1 below; those were the worst cases found in a 140k-input mpmath sweep).
struct Exact {
  double x, y;
  int max_ulp = 0;
};

void expect_exact(const char* name, double (*f)(double), std::initializer_list<Exact> cases) {
  for (const Exact& e : cases) {
    EXPECT_LE(ulp_dist(f(e.x), e.y), e.max_ulp)
        << name << "(" << std::hexfloat << e.x << ") = " << f(e.x) << ", expected " << e.y;
  }
}

TEST(Detmath, CorrectlyRoundedSamples) {
  expect_exact("log", dm::log,
               {{0x1.5aefb496f84d5p+0, 0x1.37424f2cc6e0fp-2},
                {0x0.0000000000001p-1022, -0x1.74385446d71c3p+9},
                {0x1.fffffffffffffp+1023, 0x1.62e42fefa39efp+9},
                {0x1.0000000000001p+0, 0x1.fffffffffffffp-53},
                {0x1.8000000000000p+1, 0x1.193ea7aad030bp+0}});
  expect_exact("sin", dm::sin,
               {{0x1.921fb54442d18p+1, 0x1.1a62633145c07p-53},
                {0x1.0000000000000p+0, 0x1.aed548f090ceep-1},
                {0x1.87268b7c5b594p+834, -0x1.6d7c56f81f7a8p-1},
                {0x1.e848000000000p+19, -0x1.6664b2568d867p-2},
                {0x1.6000000000000p+4, -0x1.220a29f6eb9f4p-7}});
  expect_exact("cos", dm::cos,
               {{0x1.921fb54442d18p+0, 0x1.1a62633145c07p-54},
                {0x1.0000000000000p+0, 0x1.14a280fb5068cp-1},
                {0x1.e848000000000p+19, 0x1.df9df9906d32cp-1},
                {0x1.e848000000000p+20, 0x1.82908d6687144p-1}});
  expect_exact("log1p", dm::log1p,
               {{-0x1.f9ae1b6da49e3p-1, -0x1.19417d7105ee1p+2},
                {0x1.0000000000000p-30, 0x1.fffffffc00000p-31},
                {0x1.2a05f20000000p+33, 0x1.7069e2aa3184ep+4},
                {-0x1.0000000000000p-1, -0x1.62e42fefa39efp-1}});
}

TEST(Detmath, SpecialValues) {
  EXPECT_EQ(dm::log(0.0), -kInf);
  EXPECT_EQ(dm::log(-0.0), -kInf);
  EXPECT_TRUE(std::isnan(dm::log(-1.0)));
  EXPECT_TRUE(std::isnan(dm::log(-kInf)));
  EXPECT_TRUE(std::isnan(dm::log(kNaN)));
  EXPECT_EQ(dm::log(kInf), kInf);
  EXPECT_EQ(bits(dm::log(1.0)), bits(0.0));

  EXPECT_EQ(dm::log1p(-1.0), -kInf);
  EXPECT_TRUE(std::isnan(dm::log1p(-2.0)));
  EXPECT_TRUE(std::isnan(dm::log1p(kNaN)));
  EXPECT_EQ(dm::log1p(kInf), kInf);
  EXPECT_EQ(bits(dm::log1p(-0.0)), bits(-0.0));
  EXPECT_EQ(bits(dm::log1p(0x1p-1074)), bits(0x1p-1074));

  EXPECT_EQ(bits(dm::sin(-0.0)), bits(-0.0));
  EXPECT_EQ(bits(dm::sin(0.0)), bits(0.0));
  EXPECT_TRUE(std::isnan(dm::sin(kInf)));
  EXPECT_TRUE(std::isnan(dm::sin(-kInf)));
  EXPECT_TRUE(std::isnan(dm::sin(kNaN)));
  EXPECT_EQ(dm::cos(0.0), 1.0);
  EXPECT_EQ(dm::cos(-0.0), 1.0);
  EXPECT_TRUE(std::isnan(dm::cos(kInf)));
  EXPECT_TRUE(std::isnan(dm::cos(kNaN)));
  EXPECT_EQ(dm::sin(0x1p-1074), 0x1p-1074);
}

TEST(Detmath, FloatVersionsRoundTheDoubleOnce) {
  // Reference: the platform's double function rounded to float. Both are within ~1 double
  // ulp of exact, so after rounding to float they may differ by at most one float ulp.
  Inputs in;
  for (int i = 0; i < kN; ++i) {
    float x = static_cast<float>(in.uniform(-100, 100));
    EXPECT_LE(ulp_dist_f(dm::tanhf(x), static_cast<float>(std::tanh(double{x}))), 1) << x;
  }
  EXPECT_EQ(dm::tanhf(20.0f), 1.0f);
  EXPECT_EQ(fbits(dm::tanhf(-0.0f)), fbits(-0.0f));
}

// The fast paths used by the losses: within 2e-12 relative of the platform's libm (the
// claim in detmath.h; float32 resolves 6e-8), over the arguments the losses pass.
TEST(Detmath, FastPathsAgreeWithStd) {
  Inputs in;
  double worst = 0;
  auto rel = [](double a, double b) { return std::fabs(a - b) / std::fabs(b); };
  for (int i = 0; i < kN; ++i) {
    const double a = in.uniform(-700, 700), b = in.uniform(-0.34, 0.34),
                 p = in.log_uniform(-1000, 1000, false);
    const double q = in.uniform(-0.999, 50);
    worst =
        std::max({worst, rel(dm::exp_fast(a), std::exp(a)), rel(dm::expm1_fast(b), std::expm1(b)),
                  rel(dm::log_fast(p), std::log(p)), rel(dm::log1p_fast(q), std::log1p(q))});
  }
  EXPECT_LT(worst, 2e-12);
  EXPECT_GT(worst, 0.0);  // different algorithms: not the libm itself
  EXPECT_EQ(dm::exp_fast(0.0), 1.0);
  EXPECT_EQ(dm::exp_fast(1000.0), kInf);
  EXPECT_EQ(dm::exp_fast(-1000.0), 0.0);
  EXPECT_EQ(dm::log_fast(1.0), 0.0);
  EXPECT_EQ(dm::log_fast(0.0), -kInf);
}

TEST(Detmath, SigmoidNoOverflow) {
  const float inf = std::numeric_limits<float>::infinity();
  EXPECT_EQ(dm::sigmoidf(0.0f), 0.5f);
  EXPECT_EQ(dm::sigmoidf(-0.0f), 0.5f);
  EXPECT_EQ(dm::sigmoidf(inf), 1.0f);
  EXPECT_EQ(fbits(dm::sigmoidf(-inf)), fbits(0.0f));
  EXPECT_EQ(dm::sigmoidf(1000.0f), 1.0f);
  EXPECT_EQ(fbits(dm::sigmoidf(-1000.0f)), fbits(0.0f));
  EXPECT_EQ(dm::sigmoidf(3e38f), 1.0f);
  EXPECT_TRUE(std::isnan(dm::sigmoidf(std::numeric_limits<float>::quiet_NaN())));
  EXPECT_GT(dm::sigmoidf(-100.0f), 0.0f);  // 3.7e-44 is a float subnormal, not zero
  Inputs in;
  float prev = 0.0f;
  for (int i = -2000; i <= 2000; ++i) {  // monotonic over [-100, 100]
    float x = static_cast<float>(i) * 0.05f;
    float s = dm::sigmoidf(x);
    EXPECT_GE(s, prev) << x;
    prev = s;
  }
  for (int i = 0; i < kN; ++i) {
    float x = static_cast<float>(in.uniform(-90, 90));
    double e = std::exp(-static_cast<double>(x));
    float ref = static_cast<float>(1.0 / (1.0 + e));
    EXPECT_LE(ulp_dist_f(dm::sigmoidf(x), ref), 1) << x;
  }
}

// The array versions (loops that vectorize) give each element the scalar function's bits,
// across every range and at the special values, at every offset and length (vector
// bodies and their scalar remainders).
TEST(Detmath, ArrayVersionsGiveTheScalarBits) {
  Inputs in;
  std::vector<double> x = {0.0,  -0.0,     kInf,   -kInf,  kNaN,    -kNaN,   1.0,     -1.0,
                           709.78, 709.79, 709.8, -745.1, -745.2, -745.3, 0x1p-1074, 0x1p-1022,
                           0x1.fffffffffffffp-1023, 1e308, -1e-300, 0.5, 2.0, 3.0};
  for (int i = 0; i < 4000; ++i) {
    x.push_back(in.uniform(-750, 750));
    x.push_back(in.log_uniform(-1074, 1023, true));
    x.push_back(in.uniform(-40, 1));
    x.push_back(in.uniform(1, 3));
  }
  std::vector<double> got(x.size());
  for (size_t off : {0, 1, 3}) {
    for (size_t n : {x.size() - off, size_t{1}, size_t{5}, size_t{17}}) {
      dm::exp_fast_n(x.data() + off, got.data(), n);
      for (size_t i = 0; i < n; ++i) {
        const double want = dm::exp_fast(x[off + i]);
        ASSERT_TRUE(std::isnan(want) ? std::isnan(got[i]) : bits(got[i]) == bits(want))
            << "exp_fast_n at " << x[off + i];
      }
      dm::log_fast_n(x.data() + off, got.data(), n);
      for (size_t i = 0; i < n; ++i) {
        const double want = dm::log_fast(x[off + i]);
        ASSERT_TRUE(std::isnan(want) ? std::isnan(got[i]) : bits(got[i]) == bits(want))
            << "log_fast_n at " << x[off + i];
      }
    }
  }
}

// The exact output bits over a fixed set of inputs, as one checksum printed for the
// native = WASM comparison (tests/wasm/check_identical.py runs this test in both builds
// and compares the printed lines). The value itself is not an oracle; agreement is.
TEST(Detmath, SameBitsEverywhere) {
  Inputs in;
  uint64_t h = 14695981039346656037ULL;  // FNV-1a over the 64-bit outputs
  // NaN sign and payload are not specified the same way on every platform (WASM may
  // pick either sign): every NaN counts as one value.
  auto mix = [&h](uint64_t v) {
    for (int i = 0; i < 8; ++i) {
      h ^= (v >> (8 * i)) & 0xff;
      h *= 1099511628211ULL;
    }
  };
  for (int i = 0; i < 20000; ++i) {
    double a = in.uniform(-750, 750);
    double b = in.log_uniform(-1074, 1023, true);
    double c = in.uniform(-4, 4);
    double d = in.uniform(-2e6, 2e6);
    for (double x : {a, b, c, d}) {
      for (double y : {dm::log(x), dm::log1p(x), dm::sin(x), dm::cos(x), dm::exp_fast(x),
                       dm::expm1_fast(x), dm::log_fast(x), dm::log1p_fast(x)}) {
        mix(std::isnan(y) ? 1 : bits(y));
      }
      const float xf = static_cast<float>(std::fmax(-3e38, std::fmin(3e38, x)));  // in range
      for (float y : {dm::tanhf(xf), dm::sigmoidf(xf)}) {
        mix(std::isnan(y) ? 1 : fbits(y));
      }
    }
  }
  std::printf("detmath checksum: 0x%016llx\n", static_cast<unsigned long long>(h));
  EXPECT_NE(h, 14695981039346656037ULL);  // something was hashed
}

}  // namespace
