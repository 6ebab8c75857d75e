// The data view's Uncertainty mode (MC dropout): looking changes nothing in the run; on
// sine the passes spread more beyond the data than on it; on the spiral the entropy map is
// high near the MC average's class boundaries; its loss by t is the core's mc_report of
// the same model; T and the MC seed from the view's widgets are the config's.
#include <cmath>
#include <cstring>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "app_fixture.h"
#include "core/mc.h"

namespace {

using Json = nlohmann::ordered_json;

class UncertaintyTest : public AppTest {
 protected:
  void start_config(const std::string& partial, bool paused) {
    start(false, paused);
    dp::Config next = app::config(*state);
    ASSERT_EQ(dp::config_apply_json(partial, &next), "");
    ASSERT_EQ(app::set_config(*state, next), "");
    for (int i = 0; i < 3; ++i) frame();
  }
  Json result() { return Json::parse(app::uncertainty_result(*state)); }
  // Frames until a refresh is complete and none is under way (paused: of the model as it is).
  Json wait_for_result(int max_frames = 400) {
    for (int i = 0; i < max_frames; ++i) {
      frame();
      const app::Status st = app::status(*state);
      if (st.uncertainty_refreshes > 0 && !st.busy) return result();
    }
    ADD_FAILURE() << "no refresh in " << max_frames << " frames";
    return Json::object();
  }
};

// 100 epochs with the view refreshing all along, and the same run without it: the same
// epochs and parameters, bit for bit.
TEST_F(UncertaintyTest, LookingDoesNotChangeTraining) {
  const std::string cfg = R"({"epochs": 100, "mc_samples": 5})";
  std::vector<std::vector<float>> params[2];
  std::vector<dp::EpochStats> epochs[2];
  long refreshes = 0;
  for (int look = 0; look < 2; ++look) {
    start_config(cfg, false);
    if (look) click("data.mode_uncertainty");
    for (int i = 0; i < 20000 && !app::status(*state).done; ++i) {
      frame();
      app::step(*state, 3);
    }
    ASSERT_TRUE(app::status(*state).done);
    refreshes = look ? app::status(*state).uncertainty_refreshes : refreshes;
    params[look] = app::run_trainer(*state).params();
    epochs[look] = app::snapshot(*state).curves;
    app::destroy(state);
    state = nullptr;
  }
  EXPECT_GT(refreshes, 20) << "the view did not refresh while training";
  ASSERT_EQ(epochs[0].size(), 100u);
  for (size_t e = 0; e < epochs[0].size(); ++e)
    ASSERT_EQ(std::memcmp(&epochs[0][e].val_loss, &epochs[1][e].val_loss, sizeof(float)), 0) << e;
  EXPECT_EQ(params[0], params[1]);
}

// Sine, the default run to its end: where the network extrapolates, the passes disagree
// more and more with the distance from the data (at an end of the view, beyond the
// training inputs, the std is well above its mean over them).
TEST_F(UncertaintyTest, SineBandWidensBeyondTheData) {
  start_config(R"({"data": "sine", "loss": "mse"})", true);
  app::step(*state, 12 * 200);
  click("data.mode_uncertainty");
  const Json r = wait_for_result();
  ASSERT_TRUE(r.contains("dim"));
  ASSERT_EQ(r["dim"], 1);
  double lo = INFINITY, hi = -INFINITY;  // the training inputs' range
  const dp::Dataset d = dp::dataset_for(app::config(*state));
  for (int i = 0; i < d.n_train; ++i) lo = std::min(lo, double(d.x[i])), hi = std::max(hi, double(d.x[i]));
  const int n = static_cast<int>(r["x"].size());
  double in = 0, left = 0, right = 0;
  int n_in = 0;
  for (int i = 0; i < n; ++i) {
    const double x = r["x"][i], sd = r["std"][i];
    if (x >= lo && x <= hi) in += sd, ++n_in;
    if (i < n / 10) left += sd / (n / 10);
    if (i >= n - n / 10) right += sd / (n / 10);
  }
  ASSERT_LT(r["x"][0].get<double>(), lo - (hi - lo) / 2);
  ASSERT_GT(r["x"][n - 1].get<double>(), hi + (hi - lo) / 2);
  ASSERT_GT(n_in, 20);
  EXPECT_GT(std::max(left, right), 1.5 * in / n_in)
      << "std over the data " << in / n_in << ", at the ends " << left << " and " << right;
}

// Spiral: the entropy is higher on the MC average's class boundaries than away from them,
// and the loss by t is the core's computation on the same model (run paused: no step
// between the snapshot and this check).
TEST_F(UncertaintyTest, SpiralEntropyIsHighOnTheBoundaries) {
  start_config(R"({"mc_samples": 20, "mc_seed": 3})", true);
  app::step(*state, 12 * 60);
  click("data.mode_uncertainty");
  const Json r = wait_for_result();
  ASSERT_TRUE(r.contains("dim"));
  ASSERT_EQ(r["dim"], 2);
  ASSERT_EQ(r["samples"], 20);
  const int g = static_cast<int>(std::lround(std::sqrt(double(r["entropy"].size()))));
  auto argmax = [&](int i) {
    const Json& m = r["mean"][i];
    int k = 0;
    for (int c = 1; c < static_cast<int>(m.size()); ++c)
      if (m[c].get<double>() > m[k].get<double>()) k = c;
    return k;
  };
  double on = 0, off = 0;
  int n_on = 0, n_off = 0;
  for (int j = 0; j < g; ++j)
    for (int i = 0; i < g; ++i) {
      const int c = j * g + i, k = argmax(c);
      bool edge = false;
      for (int dj = -1; dj <= 1; ++dj)
        for (int di = -1; di <= 1; ++di) {
          const int ii = i + di, jj = j + dj;
          if (ii >= 0 && jj >= 0 && ii < g && jj < g && argmax(jj * g + ii) != k) edge = true;
        }
      (edge ? on : off) += r["entropy"][c].get<double>();
      ++(edge ? n_on : n_off);
    }
  ASSERT_GT(n_on, 10);
  ASSERT_GT(n_off, 10);
  EXPECT_GT(on / n_on, 1.5 * off / n_off);
  // The same numbers as the core's report over the validation set, pass for pass.
  const dp::Config cfg = app::config(*state);
  std::vector<float> x, y;
  const dp::Dataset d = dp::dataset_for(cfg);
  x.assign(d.x.begin() + d.n_train * d.dim, d.x.end());
  y.assign(d.y.begin() + d.n_train, d.y.end());
  const dp::McReport want =
      dp::mc_report(app::run_trainer(*state).model(), app::run_trainer(*state).module_ps(),
                    dp::LossKind::CrossEntropy, x.data(), y.data(), d.n_val, 20, 3);
  ASSERT_EQ(r["val_loss_by_t"].size(), want.loss_by_t.size());
  for (size_t t = 0; t < want.loss_by_t.size(); ++t)
    EXPECT_EQ(r["val_loss_by_t"][t].get<double>(), want.loss_by_t[t]) << t;
}

// T and the MC seed set in the view are the config's (links and exports carry them).
TEST_F(UncertaintyTest, SamplesAndSeedAreConfigFields) {
  start_config("{}", true);
  click("data.mode_uncertainty");
  frame();
  type_into("data.mc_seed", "7");
  frame();
  EXPECT_EQ(app::config(*state).mc_seed, 7);
  const std::string json = dp::config_to_json(app::config(*state));
  EXPECT_NE(json.find("\"mc_seed\":7"), std::string::npos) << json;
}

// view=uncertainty in a link opens the mode, Share keeps it, a bad value is a notice that
// changes nothing; the API's set_data_view takes the same names.
TEST_F(UncertaintyTest, TheLinkOpensTheModeAndShareKeepsIt) {
  start(false, true);
  app::QueryResult r = app::apply_query(*state, "dropout=0.3&view=uncertainty", {});
  EXPECT_EQ(r.error, "");
  EXPECT_TRUE(r.notices.empty());
  for (int i = 0; i < 3; ++i) frame();
  EXPECT_EQ(app::snapshot(*state).data_view, "uncertainty");
  EXPECT_TRUE(app::status(*state).uncertainty_on);
  EXPECT_TRUE(has("data.tab_ensemble"));
  wait_for_result();
  EXPECT_TRUE(has("data.mc_map"));
  click("data.tab_ensemble");
  for (int i = 0; i < 3; ++i) frame();
  EXPECT_TRUE(has("data.ensemble"));
  EXPECT_FALSE(has("data.mc_map"));
  const std::string url = app::share_url(*state);
  EXPECT_NE(url.find("&view=uncertainty"), std::string::npos) << url;
  r = app::apply_query(*state, "view=heatmap", {});
  ASSERT_EQ(r.notices.size(), 1u);
  EXPECT_NE(r.notices[0].find("view=heatmap"), std::string::npos) << r.notices[0];
  EXPECT_EQ(app::snapshot(*state).data_view, "uncertainty");
  EXPECT_NE(app::set_data_view(*state, "nope"), "");
  EXPECT_EQ(app::snapshot(*state).data_view, "uncertainty");
  EXPECT_EQ(app::set_data_view(*state, "prediction"), "");
  frame();
  EXPECT_FALSE(app::status(*state).uncertainty_on);
  EXPECT_EQ(app::share_url(*state).find("view="), std::string::npos);
}

}  // namespace
