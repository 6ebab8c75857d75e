// The config as URL query parameters (?dataset=moons&hidden=32,32&dropout=0.3&seed=42...),
// for links that reproduce a run exactly. A bad parameter never spoils the rest: it is
// skipped (its default stays), and reported as a notice that names it.
#pragma once
#include <string>
#include <utility>
#include <vector>

#include "core/config.h"

namespace dp {

struct QueryNotice {
  std::string param;  // e.g. "dropout"
  std::string
      message;  // e.g. "dropout=1.7 ignored: dropout must be between 0 and 1, got 1.7 (using 0.2)"
};

// The name=value pairs of a query, percent-decoded ('+' is a space), in order; a
// leading '?' and empty pairs are skipped; a name without '=' has the value "".
std::vector<std::pair<std::string, std::string>> parse_query(const std::string& query);

// The config's parameter names, in the order they are applied (README: "URL parameters"):
// the `url` column of the field table.
const std::vector<std::string>& query_param_names();

// The value of field f in c as a link writes it ("0.3", "32,32" for the hidden widths,
// "1" for true), and back: the text of a parameter as the JSON value of its field
// (sizes: the full list, with c's input and output widths). false and *why on a syntax
// error ("'abc' is not a number"); ranges are the config reader's business.
std::string field_to_text(const Field& f, const Config& c);
bool field_from_text(const Field& f, const std::string& text, const Config& c,
                     nlohmann::ordered_json* value, std::string* why);

// Applies the config parameters of a query ("a=1&b=2", a leading '?' is fine, values
// percent-encoded) onto *cfg. Names in ui_names (e.g. embed, panels) are left to the
// caller; any other unknown name is reported. Returns the notices, in query order.
std::vector<QueryNotice> config_apply_query(const std::string& query, Config* cfg,
                                            const std::vector<std::string>& ui_names = {});

// Every config field as a query (no leading '?'); applying it to the defaults gives c
// back exactly. Explicit x/y data cannot travel in a URL and are left out.
std::string config_to_query(const Config& c);

}  // namespace dp
