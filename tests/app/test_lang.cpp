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

// The core's messages follow the language: a bad value in a French link, and a bad CSV
// file, are refused in French (with the values as given), and in English again after.
TEST_F(AppTest, TheCoresMessagesAreInTheLanguage) {
  start(true, true);
  app::QueryResult r = app::apply_query(*state, "dropout=1.7&lang=fr&hidden=abc", {});
  ASSERT_EQ(r.notices.size(), 2u);
  EXPECT_EQ(r.notices[0].rfind("hidden=abc ignoré\u00a0: \u00ab\u202fabc\u202f\u00bb n\u2019est pas une "
                               "liste de largeurs comme 32,32 (valeur gardée\u00a0: ", 0),
            0u) << r.notices[0];
  EXPECT_EQ(r.notices[1].rfind("dropout=1.7 ignoré\u00a0: dropout doit être entre 0 et 1, reçu 1.7", 0), 0u)
      << r.notices[1];
  EXPECT_EQ(app::import_data(*state, "bad.csv", "x,y\n1,2\n3,oops\n"),
            "ligne 3\u00a0: colonne \u00ab\u202fy\u202f\u00bb\u00a0: \u00ab\u202foops\u202f\u00bb "
            "n\u2019est pas un nombre");
  dp::Config next = app::config(*state);
  next.n_train = 0;
  EXPECT_EQ(app::set_config(*state, next), "n_train doit être entre 1 et 4096, reçu 0");
  r = app::apply_query(*state, "lang=en&dropout=1.7", {});
  ASSERT_EQ(r.notices.size(), 1u);
  EXPECT_EQ(r.notices[0].rfind("dropout=1.7 ignored: dropout must be between 0 and 1, got 1.7", 0), 0u)
      << r.notices[0];
}

}  // namespace
