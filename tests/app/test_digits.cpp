// Digits in the app: a config that needs the table waits for it (the page fetching it) with
// a notice and the run in force going on; bad bytes or a failed fetch are a notice that
// changes nothing; the table's arrival starts the digits' teaching default. The image views:
// the gallery's mistakes and the confusion matrix agree with the trainer's own validation
// accuracy, and the minibatch view shows the rows the first step trained on.
#include <cmath>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "app_fixture.h"
#include "core/digits.h"
#include "core/trace.h"

namespace {

using Json = nlohmann::json;

std::vector<uint8_t> asset() {
  std::ifstream f(DP_DIGITS_BIN, std::ios::binary);
  return std::vector<uint8_t>(std::istreambuf_iterator<char>(f), {});
}

class DigitsTest : public AppTest {
 protected:
  void TearDown() override {
    AppTest::TearDown();
    dp::load_builtin_digits();  // the other tests' table
  }
};

TEST_F(DigitsTest, AConfigWaitsForTheTableAndStartsWhenItArrives) {
  dp::forget_digits();
  start(true, true);
  std::vector<std::string> asked;
  machine->host.fetch_data = [&](const std::string& name) {
    asked.push_back(name);
    return false;  // the page: fetching
  };
  app::step(*state, 5);
  dp::Config next = app::config(*state);
  ASSERT_EQ(dp::config_apply_json(R"({"data": "digits"})", &next), "");
  EXPECT_EQ(next.n_train, 150);  // the teaching default came along
  EXPECT_EQ(next.sizes, (std::vector<int>{64, 128, 128, 10}));
  ASSERT_EQ(app::set_config(*state, next), "");
  ASSERT_EQ(asked, std::vector<std::string>{"digits"});
  app::Snapshot snap = app::snapshot(*state);
  EXPECT_EQ(app::config(*state).data, "spiral");  // the run in force goes on
  EXPECT_EQ(snap.step, 5);
  ASSERT_FALSE(snap.notices.empty());
  EXPECT_NE(snap.notices.back().find("Loading the digits"), std::string::npos);

  // Bad bytes, then a failed fetch: a notice each, nothing changes.
  std::vector<uint8_t> bytes = asset();
  ASSERT_EQ(bytes.size(), static_cast<size_t>(dp::kDigitsRows) * dp::kDigitsRowBytes);
  std::vector<uint8_t> bad = bytes;
  bad[1000] ^= 1;
  app::data_arrived(*state, bad.data(), bad.size(), "");
  EXPECT_NE(app::snapshot(*state).notices.back().find("checksum"), std::string::npos);
  EXPECT_EQ(app::config(*state).data, "spiral");
  EXPECT_EQ(dp::digits(), nullptr);
  ASSERT_EQ(app::set_config(*state, next), "");
  app::data_arrived(*state, nullptr, 0, "digits.bin: HTTP 404");
  EXPECT_NE(app::snapshot(*state).notices.back().find("HTTP 404"), std::string::npos);
  EXPECT_EQ(app::config(*state).data, "spiral");
  EXPECT_EQ(app::snapshot(*state).step, 5);

  // The table arrives: the waiting config starts.
  ASSERT_EQ(app::set_config(*state, next), "");
  app::data_arrived(*state, bytes.data(), bytes.size(), "");
  EXPECT_EQ(app::config(*state).data, "digits");
  EXPECT_EQ(app::snapshot(*state).step, 0);
  EXPECT_NE(dp::digits(), nullptr);
  EXPECT_FALSE(app::config(*state).has_xy);  // the table, not explicit data
}

TEST_F(DigitsTest, TheImageViewsAgreeWithTheTrainer) {
  start(false, true);
  dp::Config next = app::config(*state);
  ASSERT_EQ(dp::config_apply_json(R"({"data": "digits", "input_dropout": 0.25, "epochs": 30})", &next), "");
  ASSERT_EQ(app::set_config(*state, next), "");
  for (int i = 0; i < 3; ++i) frame();
  for (const char* tab : {"data.tab_gallery", "data.tab_confusion", "data.tab_batch", "data.tab_features"})
    EXPECT_TRUE(has(tab)) << tab;
  EXPECT_FALSE(has("data.mode_uncertainty"));  // the 2-D views do not apply
  EXPECT_TRUE(has("data.gallery"));

  // One step: the minibatch view holds the rows of the first permutation's first batch.
  app::step(*state, 1);
  frame();
  const dp::Trainer& t = app::run_trainer(*state);
  const Json trace = Json::parse(dp::trace_json(t));
  const Json views = Json::parse(app::image_views(*state));
  EXPECT_EQ(views["batch"]["images"], 16);
  EXPECT_EQ(views["batch"]["input_p"], 0.25);
  const long dropped = views["batch"]["pixels_dropped"];
  EXPECT_GT(dropped, 16 * 64 * 0.25 * 0.7);
  EXPECT_LT(dropped, 16 * 64 * 0.25 * 1.3);
  click("data.tab_batch");
  frame();
  EXPECT_TRUE(has("data.batch"));
  const std::vector<float>& bx = t.batch_x();
  const dp::Dataset& d = t.data();
  for (int r = 0; r < 16; ++r) {
    const int row = trace["first_perm"][r];
    for (int k = 0; k < 64; ++k) ASSERT_EQ(bx[r * 64 + k], d.x[row * 64 + k]) << r << " " << k;
  }

  // Ten epochs: the gallery's mistakes are the trainer's validation accuracy, and the
  // matrix counts every validation image once, the right ones on its diagonal.
  app::step(*state, 10L * t.batches_per_epoch() - 1);
  const dp::EpochStats& e = app::run_trainer(*state).epochs().back();
  const Json v = Json::parse(app::image_views(*state));
  EXPECT_EQ(v["model"], "run");
  EXPECT_EQ(v["n_val"], 500);
  EXPECT_EQ(v["wrong"].get<int>(), static_cast<int>(std::lround((1.0 - e.val_acc) * 500)));
  int total = 0, diagonal = 0;
  for (int y = 0; y < 10; ++y)
    for (int p = 0; p < 10; ++p) total += v["confusion"][y][p].get<int>(), diagonal += y == p ? v["confusion"][y][p].get<int>() : 0;
  EXPECT_EQ(total, 500);
  EXPECT_EQ(diagonal, 500 - v["wrong"].get<int>());
  EXPECT_LT(v["wrong"].get<int>(), 250) << "ten epochs learn most digits";
  click("data.tab_gallery");
  frame();
  click("data.model_twin");
  const Json vt = Json::parse(app::image_views(*state));
  EXPECT_EQ(vt["model"], "twin");
  const float twin_acc = app::snapshot(*state).baseline.back().val_acc;
  EXPECT_EQ(vt["wrong"].get<int>(), static_cast<int>(std::lround((1.0 - twin_acc) * 500)));
}

}  // namespace
