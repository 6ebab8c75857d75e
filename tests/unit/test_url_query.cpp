// URL parameters: a shared link reproduces the config exactly; a bad parameter is
// skipped with a notice naming it, and the rest still applies.
#include <gtest/gtest.h>

#include "core/url_query.h"

namespace dp {
namespace {

TEST(UrlQuery, AppliesTheIssueExample) {
  Config c;
  auto n = config_apply_query("?dataset=moons&hidden=32,32&dropout=0.3&seed=42&lr=0.1", &c);
  EXPECT_TRUE(n.empty()) << n[0].message;
  EXPECT_EQ(c.data, "moons");
  EXPECT_EQ(c.sizes, (std::vector<int>{2, 32, 32, 2}));  // cross_entropy on 2 classes
  EXPECT_EQ(c.dropout, 0.3);
  EXPECT_EQ(c.seed, 42);
  EXPECT_EQ(c.optimizer.lr, 0.1);
}

TEST(UrlQuery, RoundTripIsExact) {
  Config c;
  ASSERT_TRUE(config_apply_query(
                  "dataset=sine&hidden=17,5,9&activation=tanh&dropout=0.15&optimizer=sgd&lr=0.0123"
                  "&momentum=0.9&nesterov=1&weight_decay=0.0005&batch=7&epochs=33&seed=-5"
                  "&noise=0.33&data_seed=9&n_train=50&n_val=60",
                  &c)
                  .empty());
  const std::string q = config_to_query(c);
  Config d;
  EXPECT_TRUE(config_apply_query(q, &d).empty()) << q;
  EXPECT_EQ(config_to_json(c), config_to_json(d));
  EXPECT_EQ(d.sizes, (std::vector<int>{1, 17, 5, 9, 1}));
  EXPECT_EQ(d.loss, "mse");
  EXPECT_TRUE(d.optimizer.nesterov);
  // Anchored on the link's own values, not only on the round trip.
  EXPECT_EQ(d.data, "sine");
  EXPECT_EQ(d.activation, "tanh");
  EXPECT_EQ(d.dropout, 0.15);
  EXPECT_EQ(d.optimizer.name, "sgd");
  EXPECT_EQ(d.optimizer.lr, 0.0123);
  EXPECT_EQ(d.optimizer.momentum, 0.9);
  EXPECT_EQ(d.optimizer.weight_decay, 0.0005);
  EXPECT_EQ(d.batch, 7);
  EXPECT_EQ(d.epochs, 33);
  EXPECT_EQ(d.seed, -5);
  EXPECT_EQ(d.noise, 0.33);
  EXPECT_EQ(d.data_seed, 9u);
  EXPECT_EQ(d.n_train, 50);
  EXPECT_EQ(d.n_val, 60);
  EXPECT_EQ(
      q.rfind(
          "dataset=sine&noise=0.33&data_seed=9&n_train=50&n_val=60&hidden=17,5,9&activation=tanh&"
          "dropout=0.15&loss=mse&optimizer=sgd&lr=0.0123&momentum=0.9&nesterov=1&weight_decay=0."
          "0005&"
          "betas=0.9,0.999&alpha=0.99&eps=1e-08&centered=0&batch=7&epochs=33&seed=-5",
          0),
      0u)
      << q;
}

TEST(UrlQuery, BadParametersFallBackAndAreNamed) {
  const Config defaults;
  struct Case {
    const char* query;
    const char* param;
    const char* words;
  } cases[] = {
      {"dropout=abc", "dropout", "dropout=abc ignored: 'abc' is not a number (using 0.5)"},
      {"dropout=1.7", "dropout",
       "dropout=1.7 ignored: dropout must be between 0 and 1, got 1.7 (using 0.5)"},
      {"hidden=0", "hidden",
       "hidden=0 ignored: sizes[1] must be between 1 and 512, got 0 (using 96,96)"},
      {"dataset=mnist", "dataset",
       "dataset=mnist ignored: data must be one of moons, circles, xor, spiral, sine, digits, got 'mnist' "
       "(using spiral)"},
      {"n_train=99999999", "n_train",
       "n_train=99999999 ignored: n_train must be between 1 and 4096, got 99999999 (using 90)"},
      {"hidden=10000,10000", "hidden", "sizes[1] must be between 1 and 512"},
      {"epochs=1e9", "epochs", "'1e9' is not an integer"},
      {"batch=", "batch", "batch= ignored: '' is not an integer (using 8)"},
      {"colour=red", "colour", "unknown parameter 'colour' ignored"},
  };
  for (const Case& k : cases) {
    Config c;
    auto n = config_apply_query(std::string(k.query) + "&seed=5", &c);
    ASSERT_EQ(n.size(), 1u) << k.query;
    EXPECT_EQ(n[0].param, k.param);
    EXPECT_NE(n[0].message.find(k.words), std::string::npos) << n[0].message;
    // The bad one kept its default; the good one applied; nothing else changed.
    Config want = defaults;
    want.seed = 5;
    EXPECT_EQ(config_to_json(c), config_to_json(want)) << k.query;
  }
}

TEST(UrlQuery, UiParametersAreLeftToTheApp) {
  Config c;
  EXPECT_TRUE(config_apply_query("embed=1&panels=curves,masks&dropout=0.3", &c,
                                 {"embed", "panels", "controls"})
                  .empty());
  EXPECT_EQ(c.dropout, 0.3);
}

TEST(UrlQuery, PercentEncodingAndOrderIndependence) {
  Config a, b;
  EXPECT_TRUE(config_apply_query("hidden=8%2C8&dataset=circles&loss=bce_with_logits", &a).empty());
  EXPECT_TRUE(config_apply_query("loss=bce_with_logits&dataset=circles&hidden=8,8", &b).empty());
  EXPECT_EQ(config_to_json(a), config_to_json(b));
  EXPECT_EQ(a.sizes, (std::vector<int>{2, 8, 8, 1}));
}

// Found by fuzzing (tests/fuzz): a name that is not UTF-8 once decoded threw out of
// config_apply_query (the page stopped); names and values with any bytes now give a
// one-line notice like any bad parameter.
TEST(UrlQuery, AnyBytesGiveANoticeNotAnException) {
  Config c;
  std::vector<QueryNotice> n;
  ASSERT_NO_THROW(n = config_apply_query("dataset=%A7%FF%FF%FFsine&seed=5", &c));
  ASSERT_EQ(n.size(), 1u);
  EXPECT_EQ(n[0].param, "dataset");
  EXPECT_EQ(n[0].message.rfind("dataset=\\xa7\\xff\\xff\\xffsine ignored: data must be one of ", 0),
            0u)
      << n[0].message;
  EXPECT_EQ(n[0].message.find('\xff'), std::string::npos) << n[0].message;
  EXPECT_EQ(c.data, "spiral");
  EXPECT_EQ(c.seed, 5);
  n = config_apply_query("col%0Aour=1&dropout=1%0A", &c);
  ASSERT_EQ(n.size(), 2u);
  EXPECT_EQ(n[0].message, "unknown parameter 'col\\nour' ignored");
  EXPECT_EQ(n[0].param, "col\\nour");
  EXPECT_EQ(n[1].message, "dropout=1\\n ignored: '1\\n' is not a number (using 0.5)");
}

}  // namespace
}  // namespace dp

namespace dp {
namespace {

TEST(UrlQuery, ParseQueryDecodesPairsInOrder) {
  const auto p = parse_query("?a=1&&b=x%20y+z&c&embed=1");
  ASSERT_EQ(p.size(), 4u);
  EXPECT_EQ(p[0], (std::pair<std::string, std::string>{"a", "1"}));
  EXPECT_EQ(p[1], (std::pair<std::string, std::string>{"b", "x y z"}));
  EXPECT_EQ(p[2], (std::pair<std::string, std::string>{"c", ""}));
  EXPECT_EQ(p[3].first, "embed");
}

}  // namespace
}  // namespace dp
