// Your own data in the app: a CSV file (a drop, the picker, --data) becomes the run's
// explicit data with the network in force, and the data view says what was read; with
// more than two features it shows the table of predictions. Bad files are a notice naming
// the line and the problem, and change nothing.
#include <string>

#include "app_fixture.h"

namespace {

TEST_F(AppTest, ACsvFileBecomesTheRunsData) {
  start(false, true);
  app::step(*state, 3);
  const std::string good = "a,b,c,split,kind\n1,2,3,train,0\n2,3,1,train,1\n3,1,2,train,2\n"
                           "4,4,4,val,0\n1,1,1,train,0\n2,2,2,val,1\n";
  app::import_file(*state, "/some/where/mine.csv", good);
  const dp::Config& c = app::config(*state);
  EXPECT_TRUE(c.has_xy);
  EXPECT_EQ(c.n_train, 4);
  EXPECT_EQ(c.n_val, 2);
  EXPECT_EQ(c.loss, "cross_entropy");
  EXPECT_EQ(c.sizes.front(), 3);
  EXPECT_EQ(c.sizes.back(), 3);
  EXPECT_EQ(app::snapshot(*state).step, 0);  // a restart
  const std::string notice = app::snapshot(*state).notices.back();
  EXPECT_NE(notice.find("Loaded /some/where/mine.csv: 4 training and 2 validation rows, 3 features"),
            std::string::npos) << notice;
  for (int i = 0; i < 3; ++i) frame();
  EXPECT_TRUE(has("data.csv_note"));
  EXPECT_TRUE(has("data.table"));  // three features: the table, not the plane
  EXPECT_FALSE(has("data.plane"));
  EXPECT_FALSE(has("data.mode_uncertainty"));

  // Bad files: each a notice naming the problem; the config stays.
  const std::string before = dp::config_to_json(app::config(*state));
  const struct {
    const char* text;
    const char* words;
  } bad[] = {
      {"a,b,y\n1,2,0\n3,4\n", "line 3: 2 values, but the header has 3 columns"},
      {"a,b,y\n1,2,0\n3,x,1\n", "line 3: column 'b': 'x' is not a number"},
      {"a,b,y\n1,2,1\n3,4,1\n5,6,1\n", "one class only"},
      {"", "the file is empty"},
      {"a,split,y\n1,train,0\n2,test,1\n", "line 3: split must be train or val"},
  };
  for (const auto& b : bad) {
    app::import_file(*state, "bad.csv", b.text);
    const std::string n = app::snapshot(*state).notices.back();
    EXPECT_NE(n.find("bad.csv not loaded: "), std::string::npos) << n;
    EXPECT_NE(n.find(b.words), std::string::npos) << n;
    EXPECT_EQ(dp::config_to_json(app::config(*state)), before) << b.text;
  }
}

TEST_F(AppTest, TwoFeaturesUseThePlane) {
  start(false, true);
  app::import_file(*state, "two.csv", "x,y,c\n0,0,0\n1,1,1\n0,1,0\n1,0,1\n2,2,0\n3,3,1\n0.5,0.5,1\n");
  EXPECT_EQ(app::config(*state).loss, "bce_with_logits");
  EXPECT_EQ(app::config(*state).n_val, 2);  // the last 30% of 7 rows
  for (int i = 0; i < 3; ++i) frame();
  EXPECT_TRUE(has("data.plane"));
  EXPECT_TRUE(has("data.csv_note"));
}

TEST_F(AppTest, TheDesktopsYourDataButtonReadsDataCsvHere) {
  start(false, true);
  machine->host.open_data = [](const std::string& name, std::string*, std::string* where) {
    *where = "/here/" + name;
    return false;
  };
  for (int i = 0; i < 3; ++i) frame();
  ASSERT_TRUE(scroll_to("data.load_csv", "export.csv"));
  click("data.load_csv");
  const std::string n = app::snapshot(*state).notices.back();
  EXPECT_NE(n.find("no /here/data.csv"), std::string::npos) << n;
  EXPECT_FALSE(app::config(*state).has_xy);
}

}  // namespace
