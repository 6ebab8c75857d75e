// Guided lessons. Each lesson is one data file, src/app/lessons/NN_id.json, built into
// the app (the page and the desktop read the same files): its id, a title and an intro,
// a preset (a partial config, the PyTorch panel's example, the Sweep's list, the panels
// to show and to highlight), 2 to 5 steps and a closing question. Every text is given in
// every language of the catalog. A step's check is a list of named conditions from the
// fixed vocabulary below (check_kinds()), all of which must hold; a file can only name
// them and give their parameters, never code.
//
// The lesson in progress lives in State::lesson: the current step, which steps are done
// (a step is done the first time its check holds while it is the current step, and
// stays done), the answer chosen, and the lessons completed (remembered:
// Host::remember(kLessonsKey)). The panel that shows it: app/panel_lesson.cpp.
#pragma once
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace app {

struct State;

// A text in every language of the catalog (kLanguageCodes order).
struct Text {
  std::vector<std::string> by_lang;
  const char* get() const;  // in the current language
};

// One named condition and its parameters (numbers, or a name for mode/model/tab/name).
struct Check {
  std::string is;        // the condition's name: a row of check_kinds()
  nlohmann::json param;  // its parameters, e.g. {"min": 0.4}
  double num(const char* key, double fallback) const;
  std::string name(const char* key) const;
};

struct LessonStep {
  Text instruction, hint, explanation;
  std::vector<Check> checks;           // all must hold
  std::vector<std::string> highlight;  // widget ids ("run.step") or panels ("panel.masks")
};

struct Answer {
  Text text, feedback;
  bool right = false;
};

struct Lesson {
  std::string id;  // its name in links (lesson=overfit)
  int number = 0;  // 1-based, the file's NN (lesson=3)
  Text title, intro;
  // The preset: applied to the default config when the lesson opens.
  std::string config_json = "{}";
  bool has_pytorch = false;  // the PyTorch panel's example
  std::string pytorch_x;
  long long pytorch_seed = 42;
  bool pytorch_training = true;
  std::string sweep_p;  // the Sweep panel's list and seeds ("" : left as they are)
  int sweep_seeds = 0;
  bool paused = true;
  std::vector<std::string> panels;     // what an embedded lesson shows (embed=1 without panels=)
  std::vector<std::string> highlight;  // panels framed for the whole lesson
  std::vector<LessonStep> steps;
  Text question;
  std::vector<Answer> answers;
};

// A row of the check vocabulary: the condition's name, the parameters it takes, whether
// it holds, and how the lesson panel says it (in the current language).
struct CheckKind {
  const char* name;
  std::vector<const char*> params;    // the parameters it accepts
  std::vector<const char*> required;  // ...and those it needs
  bool (*met)(const State&, const Check&);
  std::string (*describe)(const State&, const Check&);
};
const std::vector<CheckKind>& check_kinds();

// Parses one lesson file: "" and *out, or the error (naming the file's part at fault).
// `file` is the file's name (NN_id.json): its NN and id must be the lesson's.
std::string parse_lesson(const std::string& file, const std::string& text, Lesson* out);
// The built-in lessons, in order (parsed once; a bad file is left out and its error
// kept in lesson_errors(), which the tests require to be empty).
const std::vector<Lesson>& lessons();
const std::vector<std::string>& lesson_errors();
int find_lesson(const std::string& id_or_number);  // its index, or -1

struct LessonProgress {
  bool open = false;  // the lesson panel shows (the list while lesson < 0)
  int lesson = -1;    // index in lessons()
  int step = 0;       // the current step; steps.size(): the closing question
  std::vector<bool> done;
  int answer = -1;  // the answer chosen (-1: none yet)
  bool hint = false;
  bool select_tab = false;  // the phone layout brings the panel's tab forward once
  int scroll = 0;           // the panel scrolls once: 1 to the step's top, 2 to its explanation
  int reveal = 0;           // frames left in which panels scroll the step's widgets into view
  bool fold_help = false;   // the Controls' "What to look for" folds once (room for the lesson)
  // What the step's checks compare with: counts when the step became current.
  long reseeds_at_step = 0;
  long sweep_generation_at_step = 0;
  std::vector<bool> checks_met;  // the current step's checks met at the last frame (said once)
  std::vector<std::string> completed;  // the ids of the lessons completed, remembered
};

// Opens lesson `id_or_number` at `step` (1-based; 0: the first): the preset applies as
// a restart. "" or the error (then nothing changes).
std::string open_lesson(State& s, const std::string& id_or_number, int step);
void show_lesson_list(State& s);  // the panel with the list of lessons
void close_lesson(State& s);      // the panel goes; the run stays as it is
void go_to_step(State& s, int step);  // 0-based; steps.size() is the question
void answer_question(State& s, int k);
// Once per frame: the current step's checks; a step met is done (announced, reported to
// the host page: Host::lesson_event).
void lesson_tick(State& s);
bool check_met(const State& s, const Check& c);
bool step_points_at(const State& s, const std::string& id);  // a highlight of the current step
std::string describe_check(const State& s, const Check& c);  // the panel's line for it
bool lesson_complete(const State& s);  // the lesson open has every step done and the right answer
const Lesson* current_lesson(const State& s);
// The lesson state as getState().lesson and the host page's lesson-progress messages
// carry it: {"open", "id", "number", "title", "step", "steps", "done", "checks" (the
// current step's, met or not), "answer", "correct", "complete", "completed"}.
nlohmann::json lesson_state_json(const State& s);

}  // namespace app
