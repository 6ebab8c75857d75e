// Tests of PyRandom (against values printed by real CPython) and of the dataset
// generators (against the reference program's make_data: the x, y stored in the reference traces,
// and checksums of make_data's output for every config of tests/reference/torchref.py).
#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/data.h"
#include "core/pyrandom.h"
#include "test_util.h"

namespace {

using dp::testing::double_bits;
using dp::testing::float_bits;
uint32_t fbits(float x) { return float_bits(x); }
uint64_t dbits(double x) { return double_bits(x); }

// ---- PyRandom: every expected value below was printed by CPython 3.11 ----
// (clang-format off: the Python commands must stay on one line to be pasted back.)
// clang-format off

TEST(PyRandom, Genrand32MatchesPython) {
  // python3 -c "import random; r=random.Random(42); print([r.getrandbits(32) for _ in range(5)])"
  dp::PyRandom r(42);
  const uint32_t want[] = {2746317213u, 478163327u, 107420369u, 3184935163u, 1181241943u};
  for (uint32_t w : want) EXPECT_EQ(r.genrand_uint32(), w);
}

TEST(PyRandom, Genrand32AcrossTheTwist) {
  // python3 -c "import random; r=random.Random(42); print([r.getrandbits(32) for _ in range(1000)][-3:])"
  dp::PyRandom r(42);
  for (int i = 0; i < 997; ++i) r.genrand_uint32();
  EXPECT_EQ(r.genrand_uint32(), 3949401194u);
  EXPECT_EQ(r.genrand_uint32(), 548157187u);
  EXPECT_EQ(r.genrand_uint32(), 4212168831u);
}

TEST(PyRandom, SeedWords) {
  // Seed 0 uses the key [0]; seeds >= 2^32 use two 32-bit words, least significant first.
  // python3 -c "import random; r=random.Random(0); print([r.getrandbits(32) for _ in range(3)])"
  dp::PyRandom r0(0);
  EXPECT_EQ(r0.genrand_uint32(), 3626764237u);
  EXPECT_EQ(r0.genrand_uint32(), 1654615998u);
  EXPECT_EQ(r0.genrand_uint32(), 3255389356u);
  // python3 -c "import random; r=random.Random(2**32+5); print([r.getrandbits(32) for _ in range(3)])"
  dp::PyRandom r1((uint64_t{1} << 32) + 5);
  EXPECT_EQ(r1.genrand_uint32(), 675479763u);
  EXPECT_EQ(r1.genrand_uint32(), 2085189291u);
  EXPECT_EQ(r1.genrand_uint32(), 1213270837u);
  // python3 -c "import random; r=random.Random(2**64-1); print([r.getrandbits(32) for _ in range(3)])"
  dp::PyRandom r2(~uint64_t{0});
  EXPECT_EQ(r2.genrand_uint32(), 93740670u);
  EXPECT_EQ(r2.genrand_uint32(), 1068495656u);
  EXPECT_EQ(r2.genrand_uint32(), 1452108352u);
}

TEST(PyRandom, RandomMatchesPython) {
  // python3 -c "import random; r=random.Random(42); print([r.random().hex() for _ in range(4)])"
  dp::PyRandom r(42);
  const double want[] = {0x1.4762f307200c5p-1, 0x1.99c6b5eeb2060p-6, 0x1.19a1491f589dcp-2,
                         0x1.c922b623b8c1cp-3};
  for (double w : want) EXPECT_EQ(dbits(r.random()), dbits(w));
  // python3 -c "import random; r=random.Random(7); print([r.random().hex() for _ in range(3)])"
  dp::PyRandom r7(7);
  const double want7[] = {0x1.4b9ad0f953a6ep-2, 0x1.34f0696513270p-3, 0x1.4d474883171ffp-1};
  for (double w : want7) EXPECT_EQ(dbits(r7.random()), dbits(w));
}

TEST(PyRandom, GaussMatchesPython) {
  // python3 -c "import random; r=random.Random(42); print([r.gauss(0, 1).hex() for _ in range(6)])"
  dp::PyRandom r(42);
  const double want[] = {-0x1.2718d4a9a8111p-3, -0x1.621b486646b7cp-3, -0x1.c7f3240f58c66p-4,
                         0x1.676a692b3f6c1p-1,  -0x1.054d01919a25bp-3, -0x1.7f528da925fa4p+0};
  for (double w : want) EXPECT_EQ(dbits(r.gauss(0, 1)), dbits(w));
  // python3 -c "import random; r=random.Random(3); print([r.gauss(1.5, 0.25).hex() for _ in range(5)])"
  dp::PyRandom r3(3);
  const double want3[] = {0x1.860fb24dc72fcp+0, 0x1.d0006642fd372p+0, 0x1.44644bfc9c035p+0,
                          0x1.bf831bff47e85p+0, 0x1.6f6a0315ffc9fp+0};
  for (double w : want3) EXPECT_EQ(dbits(r3.gauss(1.5, 0.25)), dbits(w));
}

TEST(PyRandom, GaussCacheSurvivesOtherDraws) {
  // The cached second value is returned even after an intervening random():
  // python3 -c "import random; r=random.Random(11); print([x.hex() for x in [r.gauss(0,1), r.random(), r.gauss(0,1), r.gauss(0,1)]])"
  dp::PyRandom r(11);
  EXPECT_EQ(dbits(r.gauss(0, 1)), dbits(-0x1.395cd3ae1e62bp+0));
  EXPECT_EQ(dbits(r.random()), dbits(0x1.d9322131ff7a0p-1));
  EXPECT_EQ(dbits(r.gauss(0, 1)), dbits(0x1.82a67b0c3e635p-2));
  EXPECT_EQ(dbits(r.gauss(0, 1)), dbits(-0x1.29c31b95be8f0p+0));
}

TEST(PyRandom, UniformMatchesPython) {
  // python3 -c "import random; r=random.Random(5); print([r.uniform(-3.0, 3.0).hex() for _ in range(3)])"
  dp::PyRandom r(5);
  const double want[] = {0x1.798dd36217440p-1, 0x1.73628344d6bc8p+0, 0x1.c56ad54490d7cp+0};
  for (double w : want) EXPECT_EQ(dbits(r.uniform(-3.0, 3.0)), dbits(w));
}

// clang-format on

// ---- Datasets ----

// Every row's x and y must equal the reference bit for bit.
void expect_same_data(const dp::Dataset& d, const std::vector<float>& x,
                      const std::vector<float>& y, const std::string& what) {
  ASSERT_EQ(d.x.size(), x.size()) << what;
  ASSERT_EQ(d.y.size(), y.size()) << what;
  int bad = 0;
  for (size_t i = 0; i < x.size(); ++i) {
    if (fbits(d.x[i]) != fbits(x[i]) && bad++ < 5) {
      ADD_FAILURE() << what << ": x[" << i / d.dim << "][" << i % d.dim << "] = " << d.x[i]
                    << ", reference " << x[i];
    }
  }
  for (size_t i = 0; i < y.size(); ++i) {
    if (fbits(d.y[i]) != fbits(y[i]) && bad++ < 10) {
      ADD_FAILURE() << what << ": y[" << i << "] = " << d.y[i] << ", reference " << y[i];
    }
  }
  EXPECT_EQ(bad, 0) << what;
}

TEST(Data, MatchesReferenceTraces) {
  const std::string path = DP_REFERENCE_DIR "/torch-2.11-public.json";
  std::ifstream in(path);
  ASSERT_TRUE(in.good()) << "cannot open " << path;
  const nlohmann::json ref = nlohmann::json::parse(in);
  const auto& traces = ref.at("traces");
  ASSERT_GE(traces.size(), 2u);
  for (const auto& t : traces) {
    const auto& c = t.at("config");
    const std::string name = c.at("name").get<std::string>();
    const std::string kind = c.at("data").get<std::string>();
    ASSERT_TRUE(dp::dataset_known(kind)) << kind;
    dp::Dataset d =
        dp::make_dataset(kind, c.at("n_train").get<int>(), c.at("n_val").get<int>(),
                         c.at("noise").get<double>(), c.at("data_seed").get<uint64_t>());
    // The JSON holds float32 values written as doubles, so the casts below are exact.
    std::vector<float> x, y;
    for (const auto& row : t.at("x")) {
      ASSERT_EQ(static_cast<int>(row.size()), d.dim) << name;
      for (const auto& v : row) x.push_back(static_cast<float>(v.get<double>()));
    }
    for (const auto& v : t.at("y")) y.push_back(static_cast<float>(v.get<double>()));
    EXPECT_EQ(d.n_train + d.n_val, static_cast<int>(y.size())) << name;
    expect_same_data(d, x, y, name);
  }
}

// FNV-1a over the float32 bits of x (row-major) then y.
uint64_t data_hash(const dp::Dataset& d) {
  uint64_t h = 14695981039346656037ULL;
  auto mix = [&h](uint32_t w) {
    h ^= w;
    h *= 1099511628211ULL;
  };
  for (float v : d.x) mix(fbits(v));
  for (float v : d.y) mix(fbits(v));
  return h;
}

TEST(Data, MatchesTheReferenceMakeDataForAllConfigs) {
  // clang-format off
  // The six CONFIGS of tests/reference/torchref.py, hashed from its make_data (torch 1.13):
  //   /usr/bin/python3 -c "import sys, struct; sys.path.insert(0, 'tests/reference'); import torchref
  //   b = lambda v: struct.unpack('<I', struct.pack('<f', v))[0]
  //   for c in torchref.CONFIGS:
  //     xs, ys = torchref.make_data(c['data'], c['n_train'] + c['n_val'], c['noise'], c['data_seed'])
  //     h = 14695981039346656037
  //     for w in [b(v) for r in xs for v in r] + [b(float(v)) for v in ys]:
  //       h = ((h ^ w) * 1099511628211) % 2**64
  //     print(c['name'], hex(h), [v.hex() for v in xs[-1]], float(ys[-1]).hex())"
  // clang-format on
  struct Case {
    const char* name;
    const char* kind;
    double noise;
    uint64_t seed;
    int n_train, n_val;
    uint64_t hash;
    float last_x0, last_x1, last_y;
  };
  const Case cases[] = {
      {"moons_relu_sgdm", "moons", 0.25, 1, 64, 200, 0x8009600d1cd0634eULL, 0x1.1ded94p+0f,
       -0x1.09454ap-4f, 1.0f},
      {"sine_tanh_adam", "sine", 0.2, 2, 24, 100, 0xcd6c34932f157a17ULL, 0x1.d37b48p+0f, 0.0f,
       0x1.099a1p+0f},
      {"spiral_relu_adamw", "spiral3", 0.05, 3, 150, 300, 0x699bbdfad9cbe91bULL, 0x1.0e84bcp-3f,
       -0x1.d785bcp-3f, 2.0f},
      {"moons_nodrop_sgd_wd", "moons", 0.3, 4, 64, 200, 0xe0613a2f1c1609f6ULL, 0x1.2d5468p+0f,
       -0x1.9724e6p-4f, 1.0f},
      {"moons_p1_edge", "moons", 0.1, 5, 32, 50, 0xf91dff06c693791dULL, 0x1.1ae7f6p-1f,
       -0x1.94c818p-2f, 1.0f},
      {"circles_sigmoid_nesterov", "circles", 0.1, 6, 80, 200, 0xcb8a8c704159e8d8ULL,
       0x1.1a7136p-5f, -0x1.7f73aep-2f, 1.0f},
  };
  for (const Case& c : cases) {
    dp::Dataset d = dp::make_dataset(c.kind, c.n_train, c.n_val, c.noise, c.seed);
    const int n = c.n_train + c.n_val;
    ASSERT_EQ(static_cast<int>(d.y.size()), n) << c.name;
    const float* last = &d.x[static_cast<size_t>(n - 1) * d.dim];
    EXPECT_EQ(fbits(last[0]), fbits(c.last_x0)) << c.name;
    if (d.dim == 2) {
      EXPECT_EQ(fbits(last[1]), fbits(c.last_x1)) << c.name;
    }
    EXPECT_EQ(fbits(d.y[n - 1]), fbits(c.last_y)) << c.name;
    EXPECT_EQ(data_hash(d), c.hash) << c.name << std::hex << ": got 0x" << data_hash(d);
  }
}

TEST(Data, NamesAndShapes) {
  for (const char* k : {"moons", "circles", "xor", "spiral", "spiral3", "sine"})
    EXPECT_TRUE(dp::dataset_known(k)) << k;
  EXPECT_FALSE(dp::dataset_known("blobs"));
  EXPECT_FALSE(dp::dataset_known(""));
  EXPECT_EQ(dp::dataset_canonical("spiral3"), "spiral");
  EXPECT_EQ(dp::dataset_canonical("spiral"), "spiral");
  EXPECT_EQ(dp::dataset_canonical("moons"), "moons");
  EXPECT_EQ(dp::dataset_dim("sine"), 1);
  EXPECT_EQ(dp::dataset_dim("xor"), 2);
  EXPECT_EQ(dp::dataset_classes("spiral3"), 3);
  EXPECT_EQ(dp::dataset_classes("sine"), 0);
  EXPECT_EQ(dp::dataset_classes("circles"), 2);

  dp::Dataset s = dp::make_dataset("sine", 10, 5, 0.1, 1);
  EXPECT_EQ(s.dim, 1);
  EXPECT_EQ(s.n_classes, 0);
  EXPECT_EQ(s.n_train, 10);
  EXPECT_EQ(s.n_val, 5);
  EXPECT_EQ(s.x.size(), 15u);
  EXPECT_EQ(s.y.size(), 15u);
  for (float v : s.x) EXPECT_TRUE(v >= -3.0f && v <= 3.0f);

  dp::Dataset sp = dp::make_dataset("spiral", 30, 0, 0.0, 9);
  EXPECT_EQ(sp.n_classes, 3);
  for (int i = 0; i < 30; ++i) EXPECT_EQ(sp.y[i], static_cast<float>(i % 3));

  dp::Dataset e = dp::make_dataset("moons", 0, 0, 0.2, 1);
  EXPECT_TRUE(e.x.empty());
  EXPECT_TRUE(e.y.empty());
}

TEST(Data, XorLabelsAndShape) {
  // Without noise the label is exactly "same sign": x0 * x1 > 0.
  dp::Dataset d = dp::make_dataset("xor", 100, 300, 0.0, 17);
  EXPECT_EQ(d.dim, 2);
  EXPECT_EQ(d.n_classes, 2);
  ASSERT_EQ(d.x.size(), 800u);
  ASSERT_EQ(d.y.size(), 400u);
  int ones = 0;
  for (int i = 0; i < 400; ++i) {
    const float x0 = d.x[2 * i], x1 = d.x[2 * i + 1];
    EXPECT_TRUE(x0 >= -1.0f && x0 <= 1.0f && x1 >= -1.0f && x1 <= 1.0f);
    EXPECT_EQ(d.y[i], (x0 * x1 > 0) ? 1.0f : 0.0f) << i;
    ones += d.y[i] == 1.0f;
  }
  EXPECT_GT(ones, 140);  // about half of each class
  EXPECT_LT(ones, 260);

  // With noise the label still comes from the clean point, so a few noisy points sit on
  // the other side of an axis than their label says, but most agree.
  dp::Dataset n = dp::make_dataset("xor", 100, 300, 0.1, 17);
  int agree = 0;
  for (int i = 0; i < 400; ++i) {
    const bool same_sign = n.x[2 * i] * n.x[2 * i + 1] > 0;
    agree += (same_sign ? 1.0f : 0.0f) == n.y[i];
    EXPECT_TRUE(n.y[i] == 0.0f || n.y[i] == 1.0f);
  }
  EXPECT_GT(agree, 320);
  EXPECT_LT(agree, 400);  // noise 0.1 moves some points across an axis
}

TEST(Data, SeedsDecide) {
  for (const char* kind : {"moons", "circles", "xor", "spiral", "sine"}) {
    dp::Dataset a = dp::make_dataset(kind, 50, 50, 0.1, 1);
    dp::Dataset b = dp::make_dataset(kind, 50, 50, 0.1, 1);
    dp::Dataset c = dp::make_dataset(kind, 50, 50, 0.1, 2);
    EXPECT_EQ(data_hash(a), data_hash(b)) << kind << ": same seed, same data";
    EXPECT_NE(data_hash(a), data_hash(c)) << kind << ": another seed, other data";
    int differ = 0;
    for (size_t i = 0; i < a.x.size(); ++i) differ += a.x[i] != c.x[i];
    EXPECT_GT(differ, static_cast<int>(a.x.size()) * 9 / 10) << kind;
  }
}

}  // namespace
