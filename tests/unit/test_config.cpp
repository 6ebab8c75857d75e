// Config: parsing the config JSON, every validation message naming its field,
// partial updates that are all-or-nothing, and the JSON round trip.
#include <gtest/gtest.h>

#include "core/config.h"
#include "core/url_query.h"

namespace dp {
namespace {

const char* kGood =
    R"({"name":"t","data":"moons","noise":0.25,"data_seed":1,"n_train":64,"n_val":200,
  "sizes":[2,32,32,1],"activation":"relu","dropout":0.3,"loss":"bce_with_logits",
  "optimizer":{"name":"sgd","lr":0.1,"momentum":0.9},"batch":16,"epochs":30,"seed":7})";

std::string with(const std::string& key, const std::string& value) {
  // Replaces one top-level field of kGood (textually; the keys are unique).
  std::string s = kGood;
  const std::string k = "\"" + key + "\":";
  size_t a = s.find(k);
  EXPECT_NE(a, std::string::npos) << key;
  a += k.size();
  size_t depth = 0, b = a;
  for (; b < s.size(); ++b) {
    const char ch = s[b];
    if (ch == '[' || ch == '{') ++depth;
    if (ch == ']' || ch == '}') {
      if (depth == 0) break;
      --depth;
    }
    if (ch == ',' && depth == 0) break;
  }
  return s.substr(0, a) + value + s.substr(b);
}

std::string error_of(const std::string& json) {
  Config c;
  return config_from_json(json, &c);
}

TEST(Config, ParsesTheSharedFormat) {
  Config c;
  ASSERT_EQ(config_from_json(kGood, &c), "");
  EXPECT_EQ(c.data, "moons");
  EXPECT_EQ(c.sizes, (std::vector<int>{2, 32, 32, 1}));
  EXPECT_EQ(c.optimizer.momentum, 0.9);
  EXPECT_EQ(c.optimizer.beta2, 0.999);
  EXPECT_EQ(c.seed, 7);
}

TEST(Config, AdamWDefaultsToTorchWeightDecay) {
  Config c;
  ASSERT_EQ(config_from_json(with("optimizer", R"({"name":"adamw","lr":0.01})"), &c), "");
  EXPECT_EQ(c.optimizer.weight_decay, 0.01);
}

TEST(Config, MessagesNameTheField) {
  EXPECT_EQ(error_of(with("sizes", "[2,0,1]")), "sizes[1] must be between 1 and 512, got 0");
  EXPECT_EQ(error_of(with("sizes", "[2,600,1]")), "sizes[1] must be between 1 and 512, got 600");
  EXPECT_EQ(error_of(with("dropout", "1.7")), "dropout must be between 0 and 1, got 1.7");
  EXPECT_EQ(error_of(with("dropout", "\"abc\"")), "dropout must be a number, got \"abc\"");
  EXPECT_EQ(error_of(with("n_train", "100000")), "n_train must be between 1 and 4096, got 100000");
  EXPECT_EQ(error_of(with("n_train", "1e300")), "n_train must be between 1 and 4096, got 1e+300");
  EXPECT_EQ(error_of(with("n_train", "6.5")), "n_train must be an integer, got 6.5");
  EXPECT_EQ(error_of(with("batch", "0")), "batch must be between 1 and 4096, got 0");
  EXPECT_EQ(error_of(with("epochs", "-3")), "epochs must be between 1 and 100000, got -3");
  EXPECT_EQ(error_of(with("activation", "\"gelu\"")),
            "activation must be one of relu, tanh, sigmoid, got 'gelu'");
  EXPECT_EQ(error_of(with("data", "\"mnist\"")),
            "data must be one of moons, circles, xor, spiral, sine, digits, got 'mnist'");
  EXPECT_EQ(error_of(with("loss", "\"hinge\"")),
            "loss must be one of bce_with_logits, mse, cross_entropy, got 'hinge'");
  EXPECT_EQ(error_of(with("sizes", "[3,8,1]")),
            "sizes[0] must equal the input width of 'moons' (2), got 3");
  EXPECT_EQ(error_of(with("sizes", "[2,8,2]")),
            "sizes[2] must be 1 for loss bce_with_logits, got 2");
  EXPECT_EQ(error_of(with("optimizer", R"({"name":"lbfgs","lr":0.1})")),
            "optimizer.name must be one of sgd, adam, adamw, rmsprop, got 'lbfgs'");
  EXPECT_EQ(error_of(with("optimizer", R"({"name":"sgd","lr":0})")),
            "optimizer.lr must be > 0 and at most 100, got 0");
  EXPECT_EQ(error_of(with("optimizer", R"({"name":"sgd"})")), "optimizer.lr is missing");
  EXPECT_EQ(error_of(with("optimizer", R"({"name":"sgd","lr":0.1,"nesterov":true})")),
            "optimizer.nesterov needs optimizer sgd with momentum > 0");
  EXPECT_EQ(error_of(with("optimizer", R"({"name":"sgd","lr":0.1,"foo":1})")),
            "unknown key 'optimizer.foo' (known: name, lr, momentum, nesterov, weight_decay, "
            "betas, alpha, eps, centered)");
  EXPECT_EQ(error_of(with("noise", "3")), "noise must be between 0 and 2, got 3");
  EXPECT_EQ(error_of(with("seed", "9007199254740993")),
            "seed must be between -9007199254740992 and 9007199254740992, got 9007199254740993");
}

TEST(Config, MissingMalformedAndUnknown) {
  EXPECT_EQ(error_of(R"({"data":"moons"})"), "noise is missing from the config");
  EXPECT_EQ(error_of("[1,2]"), "config must be a JSON object, got [1,2]");
  EXPECT_NE(error_of("{\"data\": ").find("config is not valid JSON"), std::string::npos);
  std::string extra = kGood;
  extra.insert(1, "\"colour\":1,");
  EXPECT_EQ(error_of(extra).rfind("unknown key 'colour'", 0), 0u);
}

TEST(Config, LossMustFitTheData) {
  EXPECT_EQ(error_of(with("data", "\"spiral\"")),
            "loss bce_with_logits needs 2 classes; 'spiral' has 3 (use cross_entropy)");
  EXPECT_EQ(error_of(with("data", "\"sine\"")),
            "sizes[0] must equal the input width of 'sine' (1), got 2");
}

TEST(Config, ExplicitData) {
  const std::string base =
      R"({"n_train":2,"n_val":1,"sizes":[2,4,3],"activation":"tanh","dropout":0.5,
    "loss":"cross_entropy","optimizer":{"name":"adam","lr":0.01},"batch":2,"epochs":1,"seed":0,)";
  Config c;
  EXPECT_EQ(config_from_json(base + R"("x":[[0,1],[1,0],[1,1]],"y":[0,2,1]})", &c), "");
  EXPECT_TRUE(c.has_xy);
  EXPECT_EQ(config_from_json(base + R"("x":[[0,1],[1,0],[1,1]],"y":[0,3,1]})", &c),
            "y[1] must be a class index between 0 and 2, got 3");
  EXPECT_EQ(config_from_json(base + R"("x":[[0,1],[1],[1,1]],"y":[0,1,1]})", &c),
            "x[1] has 1 values, expected 2");
  EXPECT_EQ(config_from_json(base + R"("x":[[0,1],[1,0]],"y":[0,1]})", &c),
            "x and y must have n_train + n_val = 3 rows, got 2");
  EXPECT_EQ(config_from_json(base + R"("x":[[0,1],[1,0],[1,1]]})", &c),
            "x and y must be given together");
}

TEST(Config, PartialUpdatesAreAllOrNothing) {
  Config c;
  ASSERT_EQ(config_from_json(kGood, &c), "");
  const Config before = c;
  EXPECT_EQ(config_apply_json(R"({"dropout":0.7,"lr":0.05})", &c), "");
  EXPECT_EQ(c.dropout, 0.7);
  EXPECT_EQ(c.optimizer.lr, 0.05);
  EXPECT_NE(config_to_json(c), config_to_json(before));
  Config d = c;
  EXPECT_EQ(config_apply_json(R"({"dropout":0.2,"sizes":[2,0,1]})", &d),
            "sizes[1] must be between 1 and 512, got 0");
  EXPECT_EQ(config_to_json(d), config_to_json(c));  // nothing applied, not even the good key
  EXPECT_EQ(config_apply_json(R"({"dropout":-1})", &d), "dropout must be between 0 and 1, got -1");
  EXPECT_EQ(config_to_json(d), config_to_json(c));
  EXPECT_EQ(config_apply_json("not json", &d).rfind("config change is not valid JSON", 0), 0u);
  EXPECT_EQ(config_to_json(d), config_to_json(c));
}

TEST(Config, ChangingTheDatasetAdaptsTheNetworkEnds) {
  Config c;
  ASSERT_EQ(config_from_json(kGood, &c), "");
  ASSERT_EQ(config_apply_json(R"({"data":"sine"})", &c), "");
  EXPECT_EQ(c.loss, "mse");
  EXPECT_EQ(c.sizes, (std::vector<int>{1, 32, 32, 1}));
  ASSERT_EQ(config_apply_json(R"({"data":"spiral"})", &c), "");
  EXPECT_EQ(c.loss, "cross_entropy");
  EXPECT_EQ(c.sizes, (std::vector<int>{2, 32, 32, 3}));
}

TEST(Config, JsonRoundTrip) {
  Config c;
  ASSERT_EQ(config_from_json(kGood, &c), "");
  Config d;
  ASSERT_EQ(config_from_json(config_to_json(c), &d), "");
  EXPECT_EQ(config_to_json(c), config_to_json(d));
  EXPECT_EQ(d.optimizer.momentum, 0.9);
  EXPECT_EQ(d.name, "t");
}

TEST(Config, DefaultsAreValid) { EXPECT_EQ(validate(Config{}), ""); }

TEST(Config, TheDefaultsAreTheREADMEs) {
  // README: a 3-class spiral, noise 0.1, 90 and 400 points, 2-96-96-3 ReLU, Adam lr 0.01,
  // batch 8, 200 epochs, seed 1, p = 0.5; every field in table order.
  EXPECT_EQ(
      config_to_json(Config{}),
      R"({"name":"","data":"spiral","noise":0.1,"data_seed":1,"n_train":90,"n_val":400,"sizes":[2,96,96,3],)"
      R"("activation":"relu","dropout":0.5,"loss":"cross_entropy","optimizer":{"name":"adam","lr":0.01,)"
      R"("momentum":0.0,"nesterov":false,"weight_decay":0.0,"betas":[0.9,0.999],"alpha":0.99,"eps":1e-08,)"
      R"("centered":false},"batch":8,"epochs":200,"seed":1})");
}

TEST(Config, EachOptimizerTakesItsOwnParameters) {
  EXPECT_EQ(
      error_of(with("optimizer", R"({"name":"adam","lr":0.1,"momentum":0.9})")),
      "optimizer.momentum is not a parameter of adam (it takes lr, betas, eps, weight_decay)");
  EXPECT_EQ(error_of(with("optimizer", R"({"name":"sgd","lr":0.1,"centered":true})")),
            "optimizer.centered is not a parameter of sgd (it takes lr, momentum, weight_decay, "
            "nesterov)");
  Config c;
  ASSERT_EQ(config_from_json(
                with("optimizer",
                     R"({"name":"rmsprop","lr":0.01,"momentum":0.5,"alpha":0.9,"centered":true})"),
                &c),
            "");
  EXPECT_EQ(c.optimizer.alpha, 0.9);
  EXPECT_TRUE(c.optimizer.centered);
  EXPECT_EQ(error_of(with("optimizer", R"({"name":"rmsprop","lr":0.01,"alpha":1})")),
            "optimizer.alpha must be at least 0 and below 1, got 1");
  // A new optimizer in a partial change drops what it does not take; momentum stays (both take it).
  ASSERT_EQ(config_apply_json(R"({"optimizer":"sgd"})", &c), "");
  EXPECT_EQ(c.optimizer.momentum, 0.5);
  EXPECT_EQ(c.optimizer.alpha, 0.99);
  EXPECT_FALSE(c.optimizer.centered);
  ASSERT_EQ(config_apply_json(R"({"optimizer":{"name":"adam"}})", &c), "");
  EXPECT_EQ(c.optimizer.momentum, 0.0);
}

TEST(Config, TheOutputWidthFollowsTheLoss) {
  Config c;
  ASSERT_EQ(config_from_json(kGood, &c), "");  // moons, bce_with_logits, [2,32,32,1]
  ASSERT_EQ(config_apply_json(R"({"loss":"cross_entropy"})", &c), "");
  EXPECT_EQ(c.sizes, (std::vector<int>{2, 32, 32, 2}));
  ASSERT_EQ(config_apply_json(R"({"loss":"bce_with_logits"})", &c), "");
  EXPECT_EQ(c.sizes.back(), 1);
}

TEST(Config, UnknownNamesAreErrorsNowhereDefaults) {
  for (const char* bad : {R"({"activation":"gelu"})", R"({"loss":"hinge"})", R"({"data":"mnist"})",
                          R"({"optimizer":"lbfgs"})"}) {
    Config c;
    const std::string before = config_to_json(c);
    EXPECT_NE(config_apply_json(bad, &c), "") << bad;
    EXPECT_EQ(config_to_json(c), before) << bad;
  }
}

// Found by the fuzz targets' URL round trip (tests/fuzz): a link carries the hidden widths
// only, so a cross_entropy network on generated data has one output per class, exactly.
TEST(Config, CrossEntropyHasOneOutputPerClass) {
  auto spiral = [](int outputs) {
    return R"({"data":"spiral","noise":0.1,"data_seed":1,"n_train":30,"n_val":30,"sizes":[2,8,)" +
           std::to_string(outputs) +
           R"(],"activation":"relu","dropout":0.5,"loss":"cross_entropy",
               "optimizer":{"name":"adam","lr":0.01},"batch":8,"epochs":2,"seed":1})";
  };
  Config c;
  ASSERT_EQ(config_from_json(spiral(3), &c), "");
  EXPECT_EQ(error_of(spiral(5)),
            "sizes[2] must be 3 (the classes of 'spiral') for loss cross_entropy, got 5");
  EXPECT_EQ(error_of(spiral(2)),
            "sizes[2] must be 3 (the classes of 'spiral') for loss cross_entropy, got 2");
  // What is accepted has a link that gives it back.
  Config link;
  EXPECT_TRUE(config_apply_query(config_to_query(c), &link).empty());
  EXPECT_EQ(config_to_json(link), config_to_json(c));
}

// Found by the fuzz targets' URL round trip (tests/fuzz): a link carries 1 to 8 hidden
// widths (hidden=32,32), so a network has at least one hidden layer.
TEST(Config, ANetworkHasAHiddenLayer) {
  EXPECT_EQ(error_of(with("sizes", "[2,1]")),
            "sizes must list between 3 and 10 layer widths (input, 1 to 8 hidden, output), got 2");
  Config c;
  EXPECT_EQ(config_apply_json(R"({"sizes":[2,1]})", &c),
            "sizes must list between 3 and 10 layer widths (input, 1 to 8 hidden, output), got 2");
  ASSERT_EQ(config_from_json(with("sizes", "[2,7,1]"), &c), "");
  Config link;
  EXPECT_TRUE(config_apply_query(config_to_query(c), &link).empty());
  link.name = c.name;
  EXPECT_EQ(config_to_json(link), config_to_json(c));
}

// Found by fuzzing (tests/fuzz): a message quotes outside text, and stays one short line of
// valid UTF-8 whatever that text holds (the page sends every message on as JSON).
TEST(Config, MessagesQuoteOutsideTextOnOneLine) {
  EXPECT_EQ(error_of(with("data", R"("mn\nist")")),
            "data must be one of moons, circles, xor, spiral, sine, digits, got 'mn\\nist'");
  std::string extra = kGood;
  extra.insert(1, "\"col\\tour\\u0001\":1,");
  EXPECT_EQ(error_of(extra).rfind("unknown key 'col\\tour\\x01' (known: ", 0), 0u);
  // A long quote is cut between characters, never inside one.
  std::string e30;
  for (int i = 0; i < 30; ++i) e30 += "\xc3\xa9";  // é
  std::string e18 = e30.substr(0, 36);
  EXPECT_EQ(error_of(with("dropout", "\"" + e30 + "\"")),
            "dropout must be a number, got \"" + e18 + "...");
  // The text a parse error quotes is cut too: not the whole rest of the file.
  const std::string long_text = "{\"name\": \"" + std::string(3000, 'a') + "\x01\"}";
  const std::string err = error_of(long_text);
  EXPECT_EQ(err.rfind("config is not valid JSON: parse error at line 1, column 3011: ", 0), 0u)
      << err;
  EXPECT_NE(err.find("; last read: '\"aaaa"), std::string::npos) << err;
  EXPECT_EQ(err.substr(err.size() - 4), "...'") << err;
  EXPECT_LT(err.size(), 300u);
  // A number beyond a double is the reader's own message, not an internal error.
  EXPECT_EQ(error_of(with("dropout", "1e310")),
            "config is not valid JSON: number overflow parsing '1e310'");
  Config c;
  EXPECT_EQ(config_apply_json(R"({"lr": -5555e555})", &c),
            "config change is not valid JSON: number overflow parsing '-5555e555'");
  EXPECT_EQ(message_text(std::string("a\xff\xc3") + "b\r", 40), "a\\xff\\xc3b\\r");
  EXPECT_EQ(message_text("\xed\xa0\x80", 40), "\\xed\\xa0\\x80");  // a surrogate is not UTF-8
}

// With explicit x/y in force, a change to the generated data is refused, naming the field,
// rather than accepted and ignored.
TEST(ConfigPartial, GeneratedDataFieldsAreRefusedWithExplicitData) {
  Config c;
  ASSERT_EQ(
      config_apply_json(
          R"({"loss":"mse","sizes":[1,4,1],"n_train":2,"n_val":1,"x":[[0.1],[0.2],[0.3]],"y":[1,2,3]})",
          &c),
      "");
  ASSERT_TRUE(c.has_xy);
  const std::string before = config_to_json(c);
  for (const char* change : {R"({"noise":5})", R"({"data":"moons"})", R"({"data_seed":3})",
                             R"({"lr":0.02,"data":"nope"})"}) {
    const std::string err = config_apply_json(change, &c);
    EXPECT_NE(err.find("generated data"), std::string::npos) << change << ": " << err;
    EXPECT_EQ(config_to_json(c), before) << change;
  }
  EXPECT_EQ(config_apply_json(R"({"dropout":0.2})", &c), "");  // other fields still change
}

}  // namespace
}  // namespace dp
