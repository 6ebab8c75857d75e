// The lessons: their files parsed against the check vocabulary, and the lesson in
// progress (opening, steps, checks, the closing question, what is remembered).
#include "app/lessons.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

#include "app/api.h"
#include "app/panels.h"
#include "app/state.h"
#include "app/strings.h"
#include "core/config.h"
#include "lessons_gen.h"

namespace app {
namespace {

using nlohmann::json;
constexpr double kInf = std::numeric_limits<double>::infinity();

int language_index() {
  for (int i = 0; i < kLanguageCount; ++i)
    if (std::string(language()) == kLanguageCodes[i]) return i;
  return 0;
}

// "0.75", "0.5", "1.2": at most two decimals, no trailing zeros.
std::string num_text(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f", v);
  std::string t = buf;
  while (t.back() == '0') t.pop_back();
  if (t.back() == '.') t.pop_back();
  return t;
}

// ---- What the conditions look at ----

const dp::EpochStats* last_epoch(const dp::Trainer& t) {
  return t.epochs().empty() ? nullptr : &t.epochs().back();
}

// Every hidden-layer p the run has trained with (and the one it trains with next).
std::vector<double> run_ps(const dp::Trainer& t) {
  std::vector<double> in_force;
  for (int l = 0; l < t.hidden_layers(); ++l) in_force.push_back(dp::hidden_dropout(t.config(), l));
  std::vector<double> used;
  for (const dp::ScheduleChange& c : t.schedule()) {
    if (c.step > 0) used.insert(used.end(), in_force.begin(), in_force.end());
    in_force = c.hidden;
  }
  used.insert(used.end(), in_force.begin(), in_force.end());
  return used;
}

// The best p of the last sweep, if one finished (NAN otherwise).
double sweep_best_p(const State& s) {
  const Sweep& w = s.sweep;
  if (w.running || w.points.empty() || w.completed < static_cast<int>(w.points.size())) return NAN;
  const std::vector<SweepRow> rows = sweep_rows(s);
  const int b = best_row(rows);
  return b < 0 ? NAN : rows[b].p;
}

// A range check on v: min/max, or within near_sweep_best of the sweep's best p.
bool in_range(const State& s, const Check& c, double v) {
  const double tol = c.num("near_sweep_best", -1);
  if (tol >= 0) {
    const double best = sweep_best_p(s);
    return std::isfinite(best) && std::fabs(v - best) <= tol + 1e-9;
  }
  return v >= c.num("min", -kInf) - 1e-9 && v <= c.num("max", kInf) + 1e-9;
}

std::string range_text(const State& s, const Check& c) {
  const double tol = c.num("near_sweep_best", -1);
  if (tol >= 0) {
    const double best = sweep_best_p(s);
    return trf(S::lesson_range_near_best, num_text(tol).c_str(),
               std::isfinite(best) ? num_text(best).c_str() : "?");
  }
  const double lo = c.num("min", -kInf), hi = c.num("max", kInf);
  if (std::isfinite(lo) && std::isfinite(hi))
    return trf(S::lesson_range_between, num_text(lo).c_str(), num_text(hi).c_str());
  if (std::isfinite(lo)) return trf(S::lesson_range_at_least, num_text(lo).c_str());
  return trf(S::lesson_range_at_most, num_text(hi).c_str());
}

// A ratio of the run's last epoch to the twin's (val loss, or training loss in eval mode)
// against below/above.
bool ratio_to_twin(const State& s, const Check& c, bool val) {
  const dp::EpochStats* a = last_epoch(run_of(s));
  const dp::EpochStats* b = last_epoch(twin_of(s));
  if (!a || !b || !show_twin(s)) return false;
  const double r = val ? a->val_loss / b->val_loss : a->train_loss_eval / b->train_loss_eval;
  if (!std::isfinite(r)) return false;
  return r < c.num("below", kInf) && r > c.num("above", -kInf);
}
std::string ratio_text(const Check& c, S below, S above) {
  const double b = c.num("below", kInf);
  return std::isfinite(b) ? trf(below, num_text(b).c_str())
                          : trf(above, num_text(c.num("above", 0)).c_str());
}

// A data view tab's label, by the name lessons give it.
const char* data_tab_label(const std::string& tab) {
  static const struct {
    const char* name;
    S label;
  } tabs[] = {{"gallery", S::img_tab_gallery}, {"confusion", S::img_tab_confusion},
              {"batch", S::img_tab_batch},     {"features", S::img_tab_features},
              {"map", S::unc_tab_map},         {"ensemble", S::unc_tab_ensemble}};
  for (const auto& t : tabs)
    if (tab == t.name) return tr(t.label);
  return "?";
}

const BatchView::Layer* first_hidden_mask(const State& s) {
  for (const BatchView::Layer& L : s.batch.layers)
    if (L.net_layer >= 1) return &L;
  return nullptr;
}

// ---- The vocabulary ----

const std::vector<CheckKind>& vocabulary() {
  static const std::vector<CheckKind> table = {
      {"pytorch_seed", {"seed"}, {"seed"},
       [](const State& s, const Check& c) {
         return static_cast<double>(s.pytorch.seed) == c.num("seed", NAN);
       },
       [](const State&, const Check& c) {
         return trf(S::lesson_check_pytorch_seed, static_cast<long long>(c.num("seed", 0)));
       }},
      {"pytorch_mode", {"mode"}, {"mode"},
       [](const State& s, const Check& c) { return s.pytorch.training == (c.name("mode") == "train"); },
       [](const State&, const Check& c) {
         return std::string(tr(c.name("mode") == "train" ? S::lesson_check_pytorch_train
                                                         : S::lesson_check_pytorch_eval));
       }},
      {"pytorch_dropped", {"count"}, {"count"},
       [](const State& s, const Check& c) {
         return pytorch_dropped(s) == static_cast<int>(c.num("count", -1));
       },
       [](const State&, const Check& c) {
         return trf(S::lesson_check_pytorch_dropped, static_cast<int>(c.num("count", 0)));
       }},
      {"dropout", {"min", "max", "near_sweep_best"}, {},
       [](const State& s, const Check& c) {
         for (int l = 0; l + 2 < static_cast<int>(s.cfg.sizes.size()); ++l)
           if (!in_range(s, c, dp::hidden_dropout(s.cfg, l))) return false;
         return true;
       },
       [](const State& s, const Check& c) {
         return trf(S::lesson_check_dropout, range_text(s, c).c_str());
       }},
      {"run_p", {"min", "max", "near_sweep_best"}, {},
       [](const State& s, const Check& c) {
         for (double p : run_ps(run_of(s)))
           if (!in_range(s, c, p)) return false;
         return true;
       },
       [](const State& s, const Check& c) {
         return trf(S::lesson_check_run_p, range_text(s, c).c_str());
       }},
      {"input_dropout", {"min", "max"}, {},
       [](const State& s, const Check& c) { return in_range(s, c, s.cfg.input_dropout); },
       [](const State& s, const Check& c) {
         return trf(S::lesson_check_input_dropout, range_text(s, c).c_str());
       }},
      {"per_layer", {}, {},
       [](const State& s, const Check&) {
         const int n = static_cast<int>(s.cfg.sizes.size()) - 2;
         for (int l = 1; l < n; ++l)
           if (dp::hidden_dropout(s.cfg, l) != dp::hidden_dropout(s.cfg, 0)) return true;
         return false;
       },
       [](const State&, const Check&) { return std::string(tr(S::lesson_check_per_layer)); }},
      {"epoch", {"min"}, {"min"},
       [](const State& s, const Check& c) { return run_of(s).epoch() >= c.num("min", kInf); },
       [](const State&, const Check& c) {
         return trf(S::lesson_check_epoch, static_cast<int>(c.num("min", 0)));
       }},
      {"steps", {"min"}, {"min"},
       [](const State& s, const Check& c) { return run_of(s).steps() >= c.num("min", kInf); },
       [](const State&, const Check& c) {
         return trf(S::lesson_check_steps, static_cast<int>(c.num("min", 0)));
       }},
      {"val_vs_twin", {"below", "above"}, {},
       [](const State& s, const Check& c) { return ratio_to_twin(s, c, true); },
       [](const State&, const Check& c) {
         return ratio_text(c, S::lesson_check_val_below_twin, S::lesson_check_val_above_twin);
       }},
      {"train_vs_twin", {"below", "above"}, {},
       [](const State& s, const Check& c) { return ratio_to_twin(s, c, false); },
       [](const State&, const Check& c) {
         return ratio_text(c, S::lesson_check_train_below_twin, S::lesson_check_train_above_twin);
       }},
      {"train_mode_gap", {"min"}, {"min"},
       [](const State& s, const Check& c) {
         const dp::EpochStats* e = last_epoch(run_of(s));
         return e && e->train_loss >= c.num("min", kInf) * e->train_loss_eval;
       },
       [](const State&, const Check& c) {
         return trf(S::lesson_check_train_mode_gap, num_text(c.num("min", 0)).c_str());
       }},
      {"twin_past_best", {"epochs"}, {"epochs"},
       [](const State& s, const Check& c) {
         const std::vector<dp::EpochStats>& e = twin_of(s).epochs();
         if (e.empty() || !show_twin(s)) return false;
         size_t best = 0;
         for (size_t i = 1; i < e.size(); ++i)
           if (e[i].val_loss < e[best].val_loss) best = i;
         return static_cast<double>(e.size() - 1 - best) >= c.num("epochs", kInf);
       },
       [](const State&, const Check& c) {
         return trf(S::lesson_check_twin_past_best, static_cast<int>(c.num("epochs", 0)));
       }},
      {"mask_dropped", {"min", "max"}, {},
       [](const State& s, const Check& c) {
         const BatchView::Layer* L = first_hidden_mask(s);
         if (!L || s.batch.rows == 0 || L->cols == 0) return false;
         return in_range(s, c, static_cast<double>(L->dropped) / (s.batch.rows * L->cols));
       },
       [](const State& s, const Check& c) {
         return trf(S::lesson_check_mask_dropped, range_text(s, c).c_str());
       }},
      {"mask_layers", {"min"}, {"min"},
       [](const State& s, const Check& c) {
         return s.batch.step > 0 && static_cast<double>(s.batch.layers.size()) >= c.num("min", kInf);
       },
       [](const State&, const Check& c) {
         return trf(S::lesson_check_mask_layers, static_cast<int>(c.num("min", 0)));
       }},
      {"sweep_done", {"points"}, {"points"},
       [](const State& s, const Check& c) {
         const Sweep& w = s.sweep;
         return w.generation > s.lesson.sweep_generation_at_step && std::isfinite(sweep_best_p(s)) &&
                static_cast<double>(w.ps.size()) >= c.num("points", kInf);
       },
       [](const State&, const Check& c) {
         return trf(S::lesson_check_sweep_done, static_cast<int>(c.num("points", 0)));
       }},
      {"reseeded", {}, {},
       [](const State& s, const Check&) { return s.reseeds > s.lesson.reseeds_at_step; },
       [](const State&, const Check&) { return std::string(tr(S::lesson_check_reseeded)); }},
      {"dataset", {"name"}, {"name"},
       [](const State& s, const Check& c) { return !s.cfg.has_xy && s.cfg.data == c.name("name"); },
       [](const State&, const Check& c) { return trf(S::lesson_check_dataset, c.name("name").c_str()); }},
      {"data_view", {"mode"}, {"mode"},
       [](const State& s, const Check& c) { return data_mode_by_name(c.name("mode")) == s.data_mode; },
       [](const State&, const Check& c) {
         return std::string(tr(c.name("mode") == "uncertainty" ? S::lesson_check_view_uncertainty
                                                               : S::lesson_check_view_prediction));
       }},
      {"data_model", {"model"}, {"model"},
       [](const State& s, const Check& c) { return s.heatmap_model == (c.name("model") == "twin" ? 1 : 0); },
       [](const State&, const Check& c) {
         return std::string(tr(c.name("model") == "twin" ? S::lesson_check_model_twin
                                                         : S::lesson_check_model_run));
       }},
      {"data_tab", {"tab"}, {"tab"},
       [](const State& s, const Check& c) { return s.data_tab == c.name("tab"); },
       [](const State&, const Check& c) { return trf(S::lesson_check_data_tab, data_tab_label(c.name("tab"))); }},
      {"wrong_only", {}, {},
       [](const State& s, const Check&) { return s.images.wrong_only; },
       [](const State&, const Check&) { return std::string(tr(S::lesson_check_wrong_only)); }},
      {"mc_samples", {"min"}, {"min"},
       [](const State& s, const Check& c) { return s.cfg.mc_samples >= c.num("min", kInf); },
       [](const State&, const Check& c) {
         return trf(S::lesson_check_mc_samples, static_cast<int>(c.num("min", 0)));
       }},
  };
  return table;
}

const CheckKind* find_kind(const std::string& name) {
  for (const CheckKind& k : vocabulary())
    if (name == k.name) return &k;
  return nullptr;
}

// ---- Parsing ----

struct Reader {
  std::string file, error;
  bool fail(const std::string& where, const std::string& what) {
    if (error.empty()) error = file + ": " + where + ": " + what;
    return false;
  }
  // Only these keys.
  bool keys(const json& j, const std::string& where, std::vector<const char*> allowed,
            std::vector<const char*> required) {
    if (!j.is_object()) return fail(where, "must be an object");
    for (const auto& item : j.items()) {
      const std::string k = item.key();
      if (std::find_if(allowed.begin(), allowed.end(), [&](const char* a) { return k == a; }) ==
          allowed.end())
        return fail(where, "unknown key \"" + k + "\"");
    }
    for (const char* r : required)
      if (!j.contains(r)) return fail(where, std::string("needs \"") + r + "\"");
    return true;
  }
  bool text(const json& j, const std::string& where, Text* out) {
    if (!j.is_object()) return fail(where, "must be {\"en\": ..., \"fr\": ...}");
    out->by_lang.assign(kLanguageCount, "");
    for (const auto& [k, v] : j.items()) {
      int i = 0;
      while (i < kLanguageCount && k != kLanguageCodes[i]) ++i;
      if (i == kLanguageCount) return fail(where, "unknown language \"" + k + "\"");
      if (!v.is_string() || v.get<std::string>().empty()) return fail(where + "." + k, "must be a text");
      out->by_lang[i] = v.get<std::string>();
    }
    for (int i = 0; i < kLanguageCount; ++i)
      if (out->by_lang[i].empty()) return fail(where, std::string("has no ") + kLanguageCodes[i]);
    return true;
  }
  bool names(const json& j, const std::string& where, std::vector<std::string>* out) {
    if (!j.is_array()) return fail(where, "must be a list of names");
    for (const json& v : j) {
      if (!v.is_string()) return fail(where, "must be a list of names");
      out->push_back(v.get<std::string>());
    }
    return true;
  }
  bool check(const json& j, const std::string& where, Check* out) {
    if (!j.is_object() || !j.contains("is") || !j["is"].is_string())
      return fail(where, "must be {\"is\": name, ...parameters}");
    out->is = j["is"].get<std::string>();
    const CheckKind* k = find_kind(out->is);
    if (!k) return fail(where, "unknown condition \"" + out->is + "\"");
    std::vector<const char*> allowed = k->params;
    allowed.push_back("is");
    if (!keys(j, where + " (" + out->is + ")", allowed, k->required)) return false;
    out->param = j;
    out->param.erase("is");
    for (const auto& [key, v] : out->param.items())
      if (!v.is_number() && !v.is_string()) return fail(where + "." + key, "must be a number or a name");
    return true;
  }
};

}  // namespace

const char* Text::get() const {
  const int i = language_index();
  return i < static_cast<int>(by_lang.size()) ? by_lang[i].c_str() : "";
}

double Check::num(const char* key, double fallback) const {
  auto it = param.find(key);
  return it != param.end() && it->is_number() ? it->get<double>() : fallback;
}

std::string Check::name(const char* key) const {
  auto it = param.find(key);
  return it != param.end() && it->is_string() ? it->get<std::string>() : "";
}

const std::vector<CheckKind>& check_kinds() { return vocabulary(); }

std::string parse_lesson(const std::string& file, const std::string& text, Lesson* out) {
  Reader r{file, ""};
  json j = json::parse(text, nullptr, false);
  if (j.is_discarded()) return file + ": not valid JSON";
  Lesson L;
  if (!r.keys(j, "lesson", {"id", "title", "intro", "preset", "steps", "question"},
              {"id", "title", "intro", "preset", "steps", "question"}))
    return r.error;
  if (!j["id"].is_string()) return file + ": id: must be a name";
  L.id = j["id"].get<std::string>();
  // NN_id.json
  const size_t us = file.find('_');
  if (us == std::string::npos || file.substr(us + 1) != L.id + ".json")
    return file + ": the file's name must be NN_" + L.id + ".json";
  L.number = std::atoi(file.substr(0, us).c_str());
  if (L.number < 1) return file + ": the file's name must start with the lesson's number";
  r.text(j["title"], "title", &L.title) && r.text(j["intro"], "intro", &L.intro);
  const json& p = j["preset"];
  if (r.keys(p, "preset", {"config", "pytorch", "sweep", "paused", "panels", "highlight"}, {})) {
    if (p.contains("config")) {
      if (!p["config"].is_object()) r.fail("preset.config", "must be a partial config");
      dp::Config c;
      const std::string err = dp::config_apply_json(p["config"].dump(), &c);
      if (!err.empty()) r.fail("preset.config", err);
      L.config_json = p["config"].dump();
    }
    if (p.contains("pytorch") && r.keys(p["pytorch"], "preset.pytorch", {"x", "seed", "mode"}, {})) {
      const json& t = p["pytorch"];
      L.has_pytorch = true;
      if (t.contains("x")) L.pytorch_x = t["x"].is_string() ? t["x"].get<std::string>() : "";
      if (t.contains("seed")) L.pytorch_seed = t["seed"].is_number_integer() ? t["seed"].get<long long>() : -1;
      if (t.contains("mode")) L.pytorch_training = t["mode"] == "train";
      if (L.pytorch_x.size() >= sizeof(PytorchPanel{}.x_text) || L.pytorch_seed < 0)
        r.fail("preset.pytorch", "x must be a short text and seed a whole number >= 0");
    }
    if (p.contains("sweep") && r.keys(p["sweep"], "preset.sweep", {"p", "seeds"}, {"p", "seeds"})) {
      std::vector<double> ps;
      L.sweep_p = p["sweep"]["p"].is_string() ? p["sweep"]["p"].get<std::string>() : "";
      L.sweep_seeds = p["sweep"]["seeds"].is_number_integer() ? p["sweep"]["seeds"].get<int>() : 0;
      const std::string err = parse_p_list(L.sweep_p, &ps);
      if (!err.empty() || L.sweep_seeds < 1 || L.sweep_seeds > 5)
        r.fail("preset.sweep", err.empty() ? "seeds must be 1 to 5" : err);
    }
    if (p.contains("paused")) L.paused = p["paused"].is_boolean() && p["paused"].get<bool>();
    if (p.contains("panels") && r.names(p["panels"], "preset.panels", &L.panels))
      for (const std::string& n : L.panels)
        if (!find_panel(n)) r.fail("preset.panels", "no panel \"" + n + "\"");
    if (p.contains("highlight") && r.names(p["highlight"], "preset.highlight", &L.highlight))
      for (const std::string& n : L.highlight)
        if (!find_panel(n)) r.fail("preset.highlight", "no panel \"" + n + "\"");
  }
  const json& steps = j["steps"];
  if (!steps.is_array() || steps.size() < 2 || steps.size() > 5)
    r.fail("steps", "must be a list of 2 to 5 steps");
  for (size_t i = 0; r.error.empty() && i < steps.size(); ++i) {
    const std::string w = "steps[" + std::to_string(i) + "]";
    LessonStep st;
    if (!r.keys(steps[i], w, {"do", "check", "hint", "done", "highlight"}, {"do", "check", "hint", "done"}))
      break;
    r.text(steps[i]["do"], w + ".do", &st.instruction) && r.text(steps[i]["hint"], w + ".hint", &st.hint) &&
        r.text(steps[i]["done"], w + ".done", &st.explanation);
    const json& cs = steps[i]["check"];
    if (!cs.is_array() || cs.empty()) r.fail(w + ".check", "must be a list of conditions");
    for (size_t k = 0; r.error.empty() && k < cs.size(); ++k) {
      Check c;
      if (r.check(cs[k], w + ".check[" + std::to_string(k) + "]", &c)) st.checks.push_back(c);
    }
    if (steps[i].contains("highlight")) r.names(steps[i]["highlight"], w + ".highlight", &st.highlight);
    L.steps.push_back(std::move(st));
  }
  const json& q = j["question"];
  if (r.error.empty() && r.keys(q, "question", {"ask", "answers"}, {"ask", "answers"}) &&
      r.text(q["ask"], "question.ask", &L.question)) {
    const json& as = q["answers"];
    if (!as.is_array() || as.size() < 3 || as.size() > 4) r.fail("question.answers", "must be 3 or 4 answers");
    int right = 0;
    for (size_t k = 0; r.error.empty() && k < as.size(); ++k) {
      const std::string w = "question.answers[" + std::to_string(k) + "]";
      Answer a;
      if (!r.keys(as[k], w, {"text", "right", "feedback"}, {"text", "right", "feedback"})) break;
      r.text(as[k]["text"], w + ".text", &a.text) && r.text(as[k]["feedback"], w + ".feedback", &a.feedback);
      a.right = as[k]["right"].is_boolean() && as[k]["right"].get<bool>();
      right += a.right;
      L.answers.push_back(std::move(a));
    }
    if (r.error.empty() && right != 1) r.fail("question.answers", "exactly one must be right");
  }
  if (!r.error.empty()) return r.error;
  *out = std::move(L);
  return "";
}

namespace {
struct Library {
  std::vector<Lesson> lessons;
  std::vector<std::string> errors;
};
const Library& library() {
  static const Library lib = [] {
    Library l;
    for (const EmbeddedLesson& f : kEmbeddedLessons) {
      Lesson L;
      const std::string err = parse_lesson(f.name, f.text, &L);
      if (!err.empty())
        l.errors.push_back(err);
      else if (L.number != static_cast<int>(l.lessons.size()) + 1)
        l.errors.push_back(std::string(f.name) + ": lessons must be numbered 1, 2, 3... in order");
      else
        l.lessons.push_back(std::move(L));
    }
    return l;
  }();
  return lib;
}
}  // namespace

const std::vector<Lesson>& lessons() { return library().lessons; }
const std::vector<std::string>& lesson_errors() { return library().errors; }

int find_lesson(const std::string& key) {
  const std::vector<Lesson>& ls = lessons();
  for (size_t i = 0; i < ls.size(); ++i)
    if (key == ls[i].id || key == std::to_string(ls[i].number)) return static_cast<int>(i);
  return -1;
}

const Lesson* current_lesson(const State& s) {
  const int i = s.lesson.lesson;
  return i >= 0 && i < static_cast<int>(lessons().size()) ? &lessons()[i] : nullptr;
}

bool step_points_at(const State& s, const std::string& id) {
  const Lesson* L = current_lesson(s);
  if (!L || !s.lesson.open || s.lesson.step >= static_cast<int>(L->steps.size())) return false;
  const std::vector<std::string>& h = L->steps[s.lesson.step].highlight;
  return std::find(h.begin(), h.end(), id) != h.end();
}

bool check_met(const State& s, const Check& c) {
  const CheckKind* k = find_kind(c.is);
  return k && k->met(s, c);
}

namespace {

void event(State& s, const char* kind, const std::string& announcement) {
  if (s.host->lesson_event) s.host->lesson_event(kind, announcement);
}

// The step becomes current: what its checks compare with is taken now.
void enter_step(State& s, int step) {
  LessonProgress& g = s.lesson;
  g.step = step;
  g.hint = false;
  g.scroll = 1;
  g.reveal = 2;
  g.reseeds_at_step = s.reseeds;
  g.sweep_generation_at_step = s.sweep.generation;
  g.checks_met.clear();
  const Lesson* L = current_lesson(s);
  if (!L) return;
  const int n = static_cast<int>(L->steps.size());
  event(s, "step", step < n ? trf(S::lesson_announce_step, step + 1, n, L->steps[step].instruction.get())
                            : std::string(L->question.get()));
}

void remember_completed(State& s) {
  std::string ids;
  for (const std::string& id : s.lesson.completed) ids += (ids.empty() ? "" : ",") + id;
  if (s.host->remember) s.host->remember(kLessonsKey, ids);
}

}  // namespace

std::string open_lesson(State& s, const std::string& key, int step) {
  const int i = find_lesson(key);
  if (i < 0) {
    std::string names;
    for (const Lesson& L : lessons()) names += (names.empty() ? "" : ", ") + L.id;
    return trf(S::lesson_bad_id, dp::message_text(key).c_str(), static_cast<int>(lessons().size()),
               names.c_str());
  }
  const Lesson& L = lessons()[i];
  const int n = static_cast<int>(L.steps.size());
  if (step < 0 || step > n) return trf(S::lesson_bad_step, step, n);
  dp::Config next;  // the defaults, then the preset
  std::string err = dp::config_apply_json(L.config_json, &next);
  if (err.empty()) err = dp::validate(next);
  if (!err.empty()) return err;
  if (data_at_hand(s, next)) {
    s.cfg = next;
    restart_run(s);
  }
  s.running = !L.paused;
  s.hold_epoch = -1;
  s.data_mode = 0;
  s.heatmap_model = 0;
  s.images.wrong_only = false;
  if (L.has_pytorch) {
    std::snprintf(s.pytorch.x_text, sizeof s.pytorch.x_text, "%s", L.pytorch_x.c_str());
    s.pytorch.seed = L.pytorch_seed;
    s.pytorch.training = L.pytorch_training;
  }
  if (!L.sweep_p.empty()) {
    std::snprintf(s.sweep.p_text, sizeof s.sweep.p_text, "%s", L.sweep_p.c_str());
    s.sweep.seeds = L.sweep_seeds;
  }
  LessonProgress& g = s.lesson;
  g.open = true;
  g.lesson = i;
  g.done.assign(n, false);
  g.answer = -1;
  g.select_tab = true;
  g.fold_help = true;
  enter_step(s, step > 0 ? step - 1 : 0);
  return "";
}

void show_lesson_list(State& s) {
  s.lesson.open = true;
  s.lesson.lesson = -1;
  s.lesson.select_tab = true;
}

void close_lesson(State& s) {
  s.lesson.open = false;
  s.lesson.lesson = -1;
}

void go_to_step(State& s, int step) {
  const Lesson* L = current_lesson(s);
  if (!L) return;
  enter_step(s, std::clamp(step, 0, static_cast<int>(L->steps.size())));
}

bool lesson_complete(const State& s) {
  const Lesson* L = current_lesson(s);
  if (!L) return false;
  const bool steps = std::all_of(s.lesson.done.begin(), s.lesson.done.end(), [](bool d) { return d; });
  return steps && s.lesson.answer >= 0 && L->answers[s.lesson.answer].right;
}

void answer_question(State& s, int k) {
  const Lesson* L = current_lesson(s);
  if (!L || k < 0 || k >= static_cast<int>(L->answers.size())) return;
  const bool was = lesson_complete(s);
  s.lesson.answer = k;
  if (!lesson_complete(s) || was) return;
  std::vector<std::string>& c = s.lesson.completed;
  if (std::find(c.begin(), c.end(), L->id) == c.end()) {
    c.push_back(L->id);
    remember_completed(s);
  }
  event(s, "lesson-done", trf(S::lesson_announce_complete, L->title.get()));
}

void lesson_tick(State& s) {
  const Lesson* L = current_lesson(s);
  LessonProgress& g = s.lesson;
  if (g.reveal > 0) --g.reveal;
  if (!L || !g.open || g.step >= static_cast<int>(L->steps.size()) || g.done[g.step]) return;
  const LessonStep& st = L->steps[g.step];
  const size_t n = st.checks.size();
  g.checks_met.resize(n, false);
  std::string newly;  // the checks met since the last frame, said when the step is not done yet
  bool all = true;
  for (size_t i = 0; i < n; ++i) {
    const bool met = check_met(s, st.checks[i]);
    if (met && !g.checks_met[i]) newly += (newly.empty() ? "" : "; ") + describe_check(s, st.checks[i]);
    g.checks_met[i] = met;
    all = all && met;
  }
  if (!all) {
    if (!newly.empty()) event(s, "step", trf(S::lesson_announce_check, newly.c_str()));
    return;
  }
  g.done[g.step] = true;
  g.scroll = 2;
  event(s, "step-done", trf(S::lesson_announce_done, g.step + 1, st.explanation.get()));
}

json lesson_state_json(const State& s) {
  const LessonProgress& g = s.lesson;
  json j = {{"open", g.open}, {"completed", g.completed}};
  const Lesson* L = current_lesson(s);
  if (!L) {
    j["id"] = nullptr;
    return j;
  }
  const int n = static_cast<int>(L->steps.size());
  j["id"] = L->id;
  j["number"] = L->number;
  j["title"] = L->title.get();
  j["step"] = g.step + 1;  // n + 1: the closing question
  j["steps"] = n;
  j["done"] = g.done;
  json checks = json::array();
  if (g.step < n)
    for (const Check& c : L->steps[g.step].checks) checks.push_back(check_met(s, c));
  j["checks"] = checks;
  j["answer"] = g.answer >= 0 ? json(g.answer) : json(nullptr);
  j["correct"] = g.answer >= 0 && L->answers[g.answer].right;
  j["complete"] = lesson_complete(s);
  return j;
}

std::string describe_check(const State& s, const Check& c) {
  const CheckKind* k = find_kind(c.is);
  return k ? k->describe(s, c) : c.is;
}

}  // namespace app
