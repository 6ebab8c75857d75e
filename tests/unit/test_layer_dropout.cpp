// Per-layer dropout and input dropout: the config's number-or-list, its messages, links,
// a new layer count, and the trainer's modules, masks and schedule.
#include <gtest/gtest.h>

#include <algorithm>

#include "core/config.h"
#include "core/torch_export.h"
#include "core/trainer.h"
#include "core/url_query.h"

namespace dp {
namespace {

const char* kBase =
    R"({"data":"moons","noise":0.2,"data_seed":3,"n_train":40,"n_val":30,
    "sizes":[2,16,8,1],"activation":"relu","loss":"bce_with_logits",
    "optimizer":{"name":"sgd","lr":0.1},"batch":16,"epochs":3,"seed":11,)";

Config read(const std::string& tail, std::string* err = nullptr) {
  Config c;
  const std::string e = config_from_json(std::string(kBase) + tail + "}", &c);
  if (err) *err = e;
  else EXPECT_EQ(e, "");
  return c;
}

TEST(LayerDropout, NumberOrListAndTheirMessages) {
  const Config a = read(R"("dropout":0.3)");
  EXPECT_EQ(hidden_dropout(a, 0), 0.3);
  EXPECT_EQ(hidden_dropout(a, 1), 0.3);
  const Config b = read(R"("dropout":[0.2,0.5],"input_dropout":0.1)");
  EXPECT_EQ(hidden_dropout(b, 0), 0.2);
  EXPECT_EQ(hidden_dropout(b, 1), 0.5);
  EXPECT_EQ(b.input_dropout, 0.1);
  std::string err;
  read(R"("dropout":[0.2,0.5,0.1])", &err);
  EXPECT_EQ(err, "dropout has 3 values but the network has 2 hidden layers");
  read(R"("dropout":[0.2,1.5])", &err);
  EXPECT_EQ(err, "dropout[1] must be between 0 and 1, got 1.5");
  read(R"("dropout":0.2,"input_dropout":-0.1)", &err);
  EXPECT_EQ(err, "input_dropout must be between 0 and 1, got -0.1");
  read(R"("dropout":"x")", &err);
  EXPECT_NE(err.find("dropout must be a number"), std::string::npos) << err;
}

TEST(LayerDropout, WritesANumberWhenSharedAndInputOnlyWhenSet) {
  const Config a = read(R"("dropout":[0.4,0.4])");
  const std::string ja = config_to_json(a);
  EXPECT_NE(ja.find("\"dropout\":0.4"), std::string::npos) << ja;
  EXPECT_EQ(ja.find("input_dropout"), std::string::npos) << ja;
  EXPECT_EQ(config_to_query(a).find("input_dropout"), std::string::npos);
  const Config b = read(R"("dropout":[0.2,0.5],"input_dropout":0.25)");
  const std::string jb = config_to_json(b);
  EXPECT_NE(jb.find("\"dropout\":[0.2,0.5]"), std::string::npos) << jb;
  EXPECT_NE(jb.find("\"input_dropout\":0.25"), std::string::npos) << jb;
  Config back;
  ASSERT_EQ(config_from_json(jb, &back), "");
  EXPECT_EQ(config_to_json(back), jb);
  const std::string q = config_to_query(b);
  EXPECT_NE(q.find("&dropout=0.2,0.5&"), std::string::npos) << q;
  Config fromq = a;
  EXPECT_TRUE(config_apply_query(q, &fromq).empty()) << q;
  EXPECT_EQ(config_to_json(fromq), jb);
}

TEST(LayerDropout, LinksAndANewLayerCount) {
  Config c = read(R"("dropout":0.5)");
  EXPECT_TRUE(config_apply_query("dropout=0.2,0.5&input_dropout=0.2", &c).empty());
  EXPECT_EQ(hidden_dropout(c, 1), 0.5);
  EXPECT_EQ(c.input_dropout, 0.2);
  // Three hidden layers: the list repeats its last value.
  EXPECT_TRUE(config_apply_query("hidden=16,8,4", &c).empty());
  ASSERT_EQ(c.dropout_layers.size(), 3u);
  EXPECT_EQ(hidden_dropout(c, 2), 0.5);
  EXPECT_TRUE(config_apply_query("hidden=16", &c).empty());
  EXPECT_EQ(config_to_json(c).find("\"dropout\":0.2,"), config_to_json(c).find("\"dropout\""));
  const auto n = config_apply_query("dropout=0.2,abc", &c);
  ASSERT_EQ(n.size(), 1u);
  EXPECT_NE(n[0].message.find("dropout=0.2,abc ignored"), std::string::npos) << n[0].message;
  // The sweep's p is every hidden layer's.
  set_hidden_dropout(c, 0.7);
  EXPECT_TRUE(c.dropout_layers.empty());
  EXPECT_EQ(hidden_dropout(c, 0), 0.7);
}

TEST(LayerDropout, ModulesInForwardOrderAndTheirMasks) {
  Trainer t(read(R"("dropout":[0.0,0.9],"input_dropout":0.5)"));
  t.step();
  const Mlp& m = t.model();
  ASSERT_TRUE(m.has_input_dropout());
  ASSERT_EQ(m.num_dropout(), 3);
  EXPECT_EQ(m.dropout_units(0), 2);
  EXPECT_EQ(m.dropout_units(1), 16);
  EXPECT_EQ(m.dropout_units(2), 8);
  EXPECT_EQ(m.batch_p(0), 0.5);
  EXPECT_EQ(m.batch_p(1), 0.0);
  EXPECT_EQ(m.batch_p(2), 0.9);
  EXPECT_EQ(m.mask(0).size(), 16u * 2);
  const auto kept = [&](int l) { return std::count(m.mask(l).begin(), m.mask(l).end(), 1); };
  EXPECT_EQ(kept(1), 16 * 16);  // p = 0 keeps all
  EXPECT_LT(kept(2), 16 * 8 / 2);
  EXPECT_LT(kept(0), 16 * 2);
  ASSERT_EQ(t.first_step().masks.size(), 3u);
  // Without input dropout the hidden layers' modules come first and nothing else changes.
  Trainer u(read(R"("dropout":[0.0,0.9])"));
  u.step();
  EXPECT_FALSE(u.model().has_input_dropout());
  EXPECT_EQ(u.model().num_dropout(), 2);
}

TEST(LayerDropout, OneLayersChangeIsScheduledAndExported) {
  Trainer t(read(R"("dropout":[0.2,0.5])"));
  t.step();
  t.set_hidden_dropout(1, 0.8);
  t.step();
  EXPECT_EQ(t.model().batch_p(0), 0.2);
  EXPECT_EQ(t.model().batch_p(1), 0.8);
  t.set_input_dropout(0.3);  // adds the input's module from the next batch
  t.step();
  EXPECT_TRUE(t.model().has_input_dropout());
  EXPECT_EQ(t.model().batch_p(0), 0.3);
  ASSERT_EQ(t.schedule().size(), 2u);
  EXPECT_EQ(t.schedule()[0].step, 1);
  EXPECT_EQ(t.schedule()[0].hidden, (std::vector<double>{0.2, 0.8}));
  EXPECT_EQ(t.schedule()[1].input, 0.3);
  const std::string s = export_torch_script(t.config(), t.schedule(), t.data());
  EXPECT_NE(s.find("SCHEDULE = {1: ([0.0, 0.2, 0.8], 0.1), 2: ([0.3, 0.2, 0.8], 0.1)}"),
            std::string::npos)
      << s.substr(s.find("SCHEDULE"), 120);
  EXPECT_NE(s.find("RECORDED = DROPOUTS[1:]"), std::string::npos);
  // The p = 0 twin has no dropout anywhere.
  TwinTrainer tw(read(R"("dropout":[0.2,0.5],"input_dropout":0.3)"));
  EXPECT_FALSE(tw.baseline().model().has_input_dropout());
  EXPECT_EQ(tw.baseline().hidden_dropout(0), 0.0);
  EXPECT_EQ(tw.baseline().hidden_dropout(1), 0.0);
}

}  // namespace
}  // namespace dp
