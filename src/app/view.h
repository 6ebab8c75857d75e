// Which panels and controls the page shows (issue 4, embed mode): the full layout by
// default; ?embed=1 a compact one for iframes in course pages; panels= and controls=
// pick what appears (e.g. panels=curves,masks&controls=dropout,seed).
#pragma once
#include <string>
#include <vector>

namespace app {

// The panels, in layout order; "controls" is the left column.
extern const std::vector<std::string> kPanelNames;  // controls curves data masks network pytorch
// The groups of the Controls panel.
extern const std::vector<std::string>
    kControlNames;  // run speed dropout seed share data model lr optimizer help

struct View {
  bool embed = false;                 // compact layout for iframes
  std::vector<std::string> panels;    // shown panels, in kPanelNames order
  std::vector<std::string> controls;  // shown control groups, in kControlNames order

  View();  // everything shown, full layout
  bool panel(const std::string& name) const;
  bool control(const std::string& name) const;
  bool full_layout() const;  // not embedded and every panel shown
};

// The view asked for by a page URL's query ("embed=1&panels=curves,masks&controls=dropout").
// Unknown names are skipped and reported in the returned notices. Defaults: without
// embed, all panels and controls; with embed, panels=controls,curves,data and
// controls=run,dropout,seed,share. A controls= list brings the Controls panel along.
View view_from_query(const std::string& query, std::vector<std::string>* notices);

}  // namespace app
