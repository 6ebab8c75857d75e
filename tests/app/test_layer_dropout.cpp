// Per-layer dropout in the app: the collapsed "per layer" section, its sliders, and the
// input's mask in Masks and the Network view.
#include "app_fixture.h"
#include "core/config.h"

TEST_F(AppTest, PerLayerSectionSetsOneLayerAndTheInput) {
  start();
  for (int i = 0; i < 3; ++i) frame();
  ASSERT_TRUE(has("dropout.per_layer"));
  EXPECT_FALSE(has("dropout.layer.1"));  // collapsed at first
  click("dropout.per_layer");
  for (int i = 0; i < 2; ++i) frame();
  ASSERT_TRUE(has("dropout.layer.1"));
  ASSERT_TRUE(has("dropout.layer.2"));
  ASSERT_TRUE(has("field.input_dropout"));
  // A change of one layer's p is live: no restart, from the next batch.
  app::step(*state, 3);
  dp::Config next = app::config(*state);
  next.dropout_layers = {0.5, 0.1};
  next.input_dropout = 0.3;
  ASSERT_EQ(app::set_config(*state, next), "");
  EXPECT_EQ(app::snapshot(*state).step, 3);
  app::step(*state, 1);
  frame();
  app::Snapshot snap = app::snapshot(*state);
  ASSERT_EQ(snap.masks.size(), 3u);
  EXPECT_EQ(snap.masks[0].layer, 0);  // the input's Dropout first
  EXPECT_EQ(snap.masks[0].cols, 2);
  EXPECT_EQ(snap.masks[0].p, 0.3);
  EXPECT_EQ(snap.masks[1].p, 0.5);
  EXPECT_EQ(snap.masks[2].p, 0.1);
  // The p slider still drives every hidden layer; the input keeps its own p.
  next = app::config(*state);
  dp::set_hidden_dropout(next, 0.4);
  ASSERT_EQ(app::set_config(*state, next), "");
  app::step(*state, 1);
  snap = app::snapshot(*state);
  ASSERT_EQ(snap.masks.size(), 3u);
  EXPECT_EQ(snap.masks[0].p, 0.3);
  EXPECT_EQ(snap.masks[1].p, 0.4);
  EXPECT_EQ(snap.masks[2].p, 0.4);
  EXPECT_EQ(app::config(*state).input_dropout, 0.3);
}
