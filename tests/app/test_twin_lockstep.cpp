// A run at p = 0 has no twin to draw (it would be compared with itself), and run_to(), the
// hold that lets a host page play two playgrounds in lockstep.
#include <gtest/gtest.h>

#include <vector>

#include "app/api.h"
#include "app/app.h"
#include "app_fixture.h"
#include "core/config.h"
#include "core/trainer.h"

namespace {

dp::Config with_p(dp::Config c, double p) {
  c.dropout = p;
  return c;
}

// The twin widgets a student sees: the data view's model choice, the twin's gap, or the note.
struct TwinWidgets {
  bool radio, gap, curves_note, data_note;
};

class TwinLockstepTest : public AppTest {
 protected:
  TwinWidgets widgets() {
    for (int i = 0; i < 2; ++i) frame();
    return {has("data.model_twin"), has("curves.gap_twin"), has("curves.no_twin"),
            has("data.no_twin")};
  }
  int epoch() { return app::status(*state).epoch; }
};

TEST_F(TwinLockstepTest, ARunWithDropoutShowsItsTwin) {
  start();
  ASSERT_GT(app::config(*state).dropout, 0);
  app::step(*state, 3 * app::snapshot(*state).batches_per_epoch);
  const TwinWidgets w = widgets();
  EXPECT_TRUE(w.radio);
  EXPECT_TRUE(has("data.model_run"));
  EXPECT_TRUE(w.gap);
  EXPECT_FALSE(w.curves_note);
  EXPECT_FALSE(w.data_note);
}

TEST_F(TwinLockstepTest, ARunAtPZeroShowsANoteInsteadOfItsTwin) {
  start();
  ASSERT_EQ(app::set_config(*state, with_p(app::config(*state), 0.0)), "");
  const int bpe = app::snapshot(*state).batches_per_epoch;
  // The notes in place of the twin, and no choice of it, before the first epoch too.
  auto expect_no_twin = [&] {
    const TwinWidgets w = widgets();
    EXPECT_TRUE(w.curves_note);
    EXPECT_TRUE(w.data_note);
    EXPECT_FALSE(w.radio);
    return w;
  };
  expect_no_twin();
  EXPECT_FALSE(has("data.model_run"));
  app::step(*state, 4 * bpe);
  TwinWidgets w = expect_no_twin();
  EXPECT_FALSE(w.gap);
  EXPECT_FALSE(has("curves.legend.twin"));
  EXPECT_TRUE(has("curves.loss"));  // the run's own curves are still there

  // p above 0: the twin shows again, and it is the run's first 4 epochs at p = 0, as a
  // run of its own at p = 0 with the same seed trains them.
  ASSERT_EQ(app::set_config(*state, with_p(app::config(*state), 0.5)), "");
  app::step(*state, 2 * bpe);
  w = widgets();
  EXPECT_TRUE(w.radio);
  EXPECT_TRUE(w.gap);
  EXPECT_FALSE(w.curves_note);
  EXPECT_FALSE(w.data_note);
  dp::Trainer alone(with_p(app::config(*state), 0.0));
  for (int i = 0; i < 6 * bpe; ++i) alone.step();
  const app::Snapshot s = app::snapshot(*state);
  ASSERT_EQ(s.baseline.size(), 6u);
  ASSERT_EQ(alone.epochs().size(), 6u);
  for (size_t e = 0; e < 6; ++e) {
    EXPECT_EQ(s.baseline[e].val_loss, alone.epochs()[e].val_loss) << e;
    EXPECT_EQ(s.baseline[e].train_loss, alone.epochs()[e].train_loss) << e;
    if (e < 4) {
      EXPECT_EQ(s.curves[e].val_loss, alone.epochs()[e].val_loss) << e;
    }
  }
  EXPECT_NE(s.curves[5].train_loss, alone.epochs()[5].train_loss);  // dropout from epoch 5 on

  // Back to p = 0: the run had dropout for two epochs, so its twin still differs from it.
  ASSERT_EQ(app::set_config(*state, with_p(app::config(*state), 0.0)), "");
  w = widgets();
  EXPECT_TRUE(w.radio);
  EXPECT_FALSE(w.curves_note);
}

TEST_F(TwinLockstepTest, RunToPlaysToTheEpochAndHoldsThere) {
  start();  // paused
  EXPECT_EQ(app::run_to(*state, -1), "runTo(epoch): epoch must be between 0 and 100000");
  EXPECT_EQ(app::run_to(*state, 3), "");
  EXPECT_TRUE(app::status(*state).running);
  EXPECT_EQ(app::status(*state).hold_epoch, 3);
  for (int i = 0; i < 600 && epoch() < 3; ++i) frame();
  EXPECT_EQ(epoch(), 3);
  for (int i = 0; i < 120; ++i) frame();  // two seconds more, at 10 epochs a second
  EXPECT_EQ(epoch(), 3);
  EXPECT_EQ(app::snapshot(*state).batch_in_epoch, 0);  // exactly at the end of the epoch
  EXPECT_TRUE(app::status(*state).running);
  EXPECT_FALSE(app::busy(*state));  // nothing to do: an idle page draws no frames

  EXPECT_EQ(app::run_to(*state, 5), "");
  for (int i = 0; i < 600 && epoch() < 5; ++i) frame();
  for (int i = 0; i < 60; ++i) frame();
  EXPECT_EQ(epoch(), 5);

  // A pause ends the hold: the next Play plays on freely.
  app::pause(*state);
  frame();
  EXPECT_EQ(app::status(*state).hold_epoch, -1);
  app::play(*state);
  for (int i = 0; i < 120; ++i) frame();
  EXPECT_GT(epoch(), 6);
}

TEST_F(TwinLockstepTest, RunToAnEarlierEpochHoldsWhereTheRunIs) {
  start();
  app::step(*state, 4 * app::snapshot(*state).batches_per_epoch + 3);
  const long at = app::status(*state).step;
  EXPECT_EQ(app::run_to(*state, 2), "");
  for (int i = 0; i < 60; ++i) frame();
  EXPECT_EQ(app::status(*state).step, at);  // never back, never on
  EXPECT_TRUE(app::status(*state).running);
}

}  // namespace
