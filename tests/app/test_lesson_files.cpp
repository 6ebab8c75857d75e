// Lesson files: the parser refuses a file that breaks the format, naming the part at
// fault, and a check can only be a condition of the fixed vocabulary.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <string>

#include "app/lessons.h"

namespace {

using nlohmann::ordered_json;

// A small valid lesson, written here (not one of the built-in files).
ordered_json valid() {
  const auto text = [](const char* en, const char* fr) { return ordered_json{{"en", en}, {"fr", fr}}; };
  ordered_json step = {{"do", text("Step once.", "Avancez d’un pas.")},
                       {"check", ordered_json::array({{{"is", "steps"}, {"min", 1}}})},
                       {"hint", text("The Step button.", "Le bouton Pas.")},
                       {"done", text("One step.", "Un pas.")}};
  return {{"id", "demo"},
          {"title", text("Demo", "Démo")},
          {"intro", text("An intro.", "Une intro.")},
          {"preset", {{"config", {{"dropout", 0.5}}}}},
          {"steps", ordered_json::array({step, step})},
          {"question",
           {{"ask", text("Which?", "Lequel ?")},
            {"answers", ordered_json::array({
                            {{"text", text("A", "A")}, {"right", true}, {"feedback", text("Yes.", "Oui.")}},
                            {{"text", text("B", "B")}, {"right", false}, {"feedback", text("No.", "Non.")}},
                            {{"text", text("C", "C")}, {"right", false}, {"feedback", text("No.", "Non.")}},
                        })}}}};
}

std::string parse(const ordered_json& j, const std::string& file = "03_demo.json") {
  app::Lesson L;
  return app::parse_lesson(file, j.dump(), &L);
}

TEST(LessonFiles, AValidFileParses) {
  app::Lesson L;
  ASSERT_EQ(app::parse_lesson("03_demo.json", valid().dump(), &L), "");
  EXPECT_EQ(L.id, "demo");
  EXPECT_EQ(L.number, 3);
  EXPECT_EQ(L.steps.size(), 2u);
  EXPECT_EQ(L.answers.size(), 3u);
}

TEST(LessonFiles, TheBuiltInLessonsAllParse) {
  EXPECT_TRUE(app::lesson_errors().empty()) << app::lesson_errors().front();
  EXPECT_EQ(app::lessons().size(), 8u);
}

// Each broken file's error names the file and the part at fault.
TEST(LessonFiles, ABrokenFileIsRefusedNamingThePart) {
  struct Case {
    const char* what;
    void (*edit)(ordered_json&);
    const char* expect;
  };
  const Case cases[] = {
      {"not JSON", nullptr, "not valid JSON"},
      {"an unknown key", [](ordered_json& j) { j["solution"] = "x"; }, "unknown key \"solution\""},
      {"no steps", [](ordered_json& j) { j.erase("steps"); }, "needs \"steps\""},
      {"an unknown condition",
       [](ordered_json& j) { j["steps"][0]["check"][0] = {{"is", "rm_rf"}}; }, "unknown condition \"rm_rf\""},
      {"a parameter the condition does not take",
       [](ordered_json& j) { j["steps"][0]["check"][0]["code"] = "x"; }, "unknown key \"code\""},
      {"a language missing", [](ordered_json& j) { j["title"].erase("fr"); }, "has no fr"},
      {"an unknown language", [](ordered_json& j) { j["title"]["de"] = "Demo"; }, "unknown language \"de\""},
      {"one step", [](ordered_json& j) { j["steps"].erase(1); }, "2 to 5 steps"},
      {"six steps",
       [](ordered_json& j) {
         for (int i = 0; i < 4; ++i) j["steps"].push_back(j["steps"][0]);
       },
       "2 to 5 steps"},
      {"two answers", [](ordered_json& j) { j["question"]["answers"].erase(2); }, "3 or 4 answers"},
      {"no right answer", [](ordered_json& j) { j["question"]["answers"][0]["right"] = false; }, "exactly one"},
      {"a bad preset", [](ordered_json& j) { j["preset"]["config"]["dropout"] = 1.7; },
       "dropout must be between 0 and 1, got 1.7"},
      {"an unknown panel", [](ordered_json& j) { j["preset"]["panels"] = {"nowhere"}; }, "no panel \"nowhere\""},
  };
  for (const Case& c : cases) {
    ordered_json j = valid();
    std::string err;
    if (c.edit) {
      c.edit(j);
      err = parse(j);
    } else {
      app::Lesson L;
      err = app::parse_lesson("03_demo.json", "{\"id\": ", &L);
    }
    EXPECT_NE(err.find("03_demo.json"), std::string::npos) << c.what << ": " << err;
    EXPECT_NE(err.find(c.expect), std::string::npos) << c.what << ": " << err;
  }
}

TEST(LessonFiles, TheFileNameMustMatchTheLesson) {
  EXPECT_NE(parse(valid(), "03_other.json").find("NN_demo.json"), std::string::npos);
  EXPECT_NE(parse(valid(), "demo.json"), "");
}

TEST(LessonFiles, EveryConditionOfTheVocabularyIsDescribed) {
  std::string names;
  for (const app::CheckKind& k : app::check_kinds()) {
    EXPECT_TRUE(k.met && k.describe) << k.name;
    names += std::string(k.name) + " ";
  }
  EXPECT_EQ(app::check_kinds().size(), 23u) << names;
}

}  // namespace
