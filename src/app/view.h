// Which panels and controls the page shows: the full layout by default; ?embed=1 a
// compact one for iframes in course pages; panels= and controls= pick what appears
// (e.g. panels=curves,masks&controls=dropout,seed). The names are the panel registry's
// ids and the Controls' groups (app/panels.h).
#pragma once
#include <string>
#include <vector>

namespace app {

struct View {
  bool embed = false;                 // compact layout for iframes
  std::vector<std::string> panels;    // shown panels, in registry order
  std::vector<std::string> controls;  // shown control groups, in the Controls' order
  int data_mode = -1;                 // view=prediction|uncertainty (0|1); -1: not asked

  View();  // everything shown, full layout
  bool panel(const std::string& name) const;
  bool control(const std::string& name) const;
  bool full_layout() const;  // not embedded and every panel shown
};

// The names of the data view's modes in a URL (view=...), by mode number.
extern const char* const kDataModeNames[2];
int data_mode_by_name(const std::string& name);  // its number, or -1

// The view asked for by a page URL's query ("embed=1&panels=curves,masks&controls=dropout",
// "view=uncertainty").
// Unknown names are skipped and reported in the returned notices. Defaults: without
// embed, all panels and controls; with embed, panels=controls,curves,data and
// controls=run,dropout,seed,share. A controls= list brings the Controls panel along.
View view_from_query(const std::string& query, std::vector<std::string>* notices);

}  // namespace app
