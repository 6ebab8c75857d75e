// The interface language: lang=fr in a link switches the texts (the catalog's French, the
// config fields' French labels) and Share keeps it; a bad lang= is a notice; the Controls'
// switch changes it and remembers the choice.
#include <string>

#include "app_fixture.h"

namespace {

TEST_F(AppTest, ALinkChoosesTheLanguageAndShareKeepsIt) {
  start(true, true);
  app::QueryResult r = app::apply_query(*state, "lang=fr&dropout=0.3", {});
  EXPECT_TRUE(r.notices.empty());
  EXPECT_EQ(std::string(app::language()), "fr");
  EXPECT_EQ(app::snapshot(*state).lang, "fr");
  EXPECT_NE(app::share_url(*state).find("&lang=fr"), std::string::npos) << app::share_url(*state);
  app::step(*state, 1);
  for (int i = 0; i < 3; ++i) frame();
  // A French text where the English one was: the Reseed button's label.
  EXPECT_TRUE(has("field.seed"));
  r = app::apply_query(*state, "lang=de", {});
  ASSERT_EQ(r.notices.size(), 1u);
  EXPECT_NE(r.notices[0].find("lang=de"), std::string::npos) << r.notices[0];
  EXPECT_EQ(std::string(app::language()), "fr");
  r = app::apply_query(*state, "lang=en", {});
  EXPECT_EQ(std::string(app::language()), "en");
  EXPECT_EQ(app::share_url(*state).find("lang="), std::string::npos);
}

TEST_F(AppTest, TheSwitchChangesTheLanguageAndRemembersIt) {
  start(false, true);
  for (int i = 0; i < 3; ++i) frame();
  const std::vector<std::string> before = app::snapshot(*state).notices;
  click("lang.fr");
  EXPECT_EQ(std::string(app::language()), "fr");
  ASSERT_FALSE(machine->remembered.empty());
  EXPECT_EQ(machine->remembered.back(), (std::pair<std::string, std::string>{"lang", "fr"}));
  // Something French is drawn: a restart's notice names the field in French.
  dp::Config next = app::config(*state);
  next.n_train = 50;
  ASSERT_EQ(app::set_config(*state, next), "");
  const std::string n = app::snapshot(*state).notices.back();
  EXPECT_NE(n.find("Recommencé"), std::string::npos) << n;
  for (int i = 0; i < 3; ++i) frame();
  click("lang.en");
  EXPECT_EQ(std::string(app::language()), "en");
}

}  // namespace
