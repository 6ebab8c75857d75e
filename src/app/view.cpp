// Parsing of the view parameters (embed, panels, controls, view) of a page URL.
#include "app/view.h"

#include <algorithm>

#include "app/panels.h"
#include "app/strings.h"
#include "core/names.h"
#include "core/url_query.h"

namespace app {

namespace {

bool contains(const std::vector<std::string>& v, const std::string& x) {
  return std::find(v.begin(), v.end(), x) != v.end();
}

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> parts;
  size_t a = 0;
  while (a <= s.size()) {
    size_t b = s.find(sep, a);
    if (b == std::string::npos) b = s.size();
    parts.push_back(s.substr(a, b - a));
    a = b + 1;
  }
  return parts;
}

std::string shorten(const std::string& s) { return s.size() > 40 ? s.substr(0, 40) + "..." : s; }

// The names of a comma list that are known, in `known` order; the others reported.
std::vector<std::string> pick(const std::string& param, const std::string& list,
                              const std::vector<std::string>& known,
                              std::vector<std::string>* notices) {
  std::vector<std::string> asked;
  for (std::string name : split(list, ',')) {
    name.erase(0, name.find_first_not_of(' '));
    name.erase(name.find_last_not_of(' ') + 1);
    if (name.empty()) continue;
    if (contains(known, name)) {
      asked.push_back(name);
    } else {
      notices->push_back(trf(param == "panels" ? S::view_unknown_panel : S::view_unknown_control,
                             shorten(name).c_str(), dp::join_names(known).c_str()));
    }
  }
  std::vector<std::string> out;
  for (const std::string& k : known)
    if (contains(asked, k)) out.push_back(k);
  return out;
}

}  // namespace

const char* const kDataModeNames[2] = {"prediction", "uncertainty"};

int data_mode_by_name(const std::string& name) {
  for (int m = 0; m < 2; ++m)
    if (name == kDataModeNames[m]) return m;
  return -1;
}

View::View() : panels(panel_ids()), controls(control_groups()) {}

bool View::panel(const std::string& name) const { return contains(panels, name); }
bool View::control(const std::string& name) const { return contains(controls, name); }
bool View::full_layout() const { return !embed && panels.size() == panel_registry().size(); }

View view_from_query(const std::string& query, std::vector<std::string>* notices) {
  bool has_panels = false, has_controls = false;
  std::string embed, panels, controls, mode;
  bool has_mode = false;
  for (const auto& [name, value] : dp::parse_query(query)) {
    if (name == "view") has_mode = true, mode = value;
    if (name == "lang") {  // applied by apply_query before the config (its notices' language)
      bool known = false;
      for (int i = 0; i < kLanguageCount; ++i) known = known || value == kLanguageCodes[i];
      if (!known) notices->push_back(trf(S::view_bad_lang, shorten(value).c_str()));
    }
    if (name == "embed") embed = value;
    if (name == "panels") has_panels = true, panels = value;
    if (name == "controls") has_controls = true, controls = value;
  }
  View v;
  if (embed == "1" || embed == "true") {
    v.embed = true;
  } else if (!embed.empty() && embed != "0" && embed != "false") {
    notices->push_back(trf(S::view_bad_embed, shorten(embed).c_str()));
  }
  if (v.embed) {
    v.panels = {"controls", "curves", "data"};
    v.controls = {"run", "dropout", "seed", "share"};
  }
  if (has_mode) {
    v.data_mode = data_mode_by_name(mode);
    if (v.data_mode < 0)
      notices->push_back(trf(S::view_bad_mode, shorten(mode).c_str(), kDataModeNames[0],
                             kDataModeNames[1]));
  }
  if (has_controls) v.controls = pick("controls", controls, control_groups(), notices);
  if (has_panels) {
    std::vector<std::string> p = pick("panels", panels, panel_ids(), notices);
    if (p.empty()) {
      notices->push_back(trf(S::view_no_panel, shorten(panels).c_str()));
    } else {
      v.panels = p;
    }
  }
  // Controls asked for by name need their panel.
  if (has_controls && !v.controls.empty() && !v.panel("controls"))
    v.panels.insert(v.panels.begin(), "controls");
  return v;
}

}  // namespace app
