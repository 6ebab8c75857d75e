// Fuzz target: the URL query (dp::parse_query, dp::config_apply_query, dp::field_from_text:
// the page's link, ?dataset=moons&hidden=32,32...). The first byte picks the config the link
// applies to and the mode: a whole query, or one parameter (chosen by the second byte)
// with the rest as its raw value. Properties: fuzz_check.h, and per parameter: a refused
// one leaves the config as it was, with one notice that names it.
#include <set>

#include "core/config.h"
#include "core/url_query.h"
#include "fuzz_check.h"

namespace {

// The page's own parameters, which the core leaves to the page.
const std::vector<std::string> kPageNames = {"embed", "panels", "controls", "paused"};

std::string percent_encode(const std::string& s) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    out += '%';
    out += hex[c >> 4];
    out += hex[c & 15];
  }
  return out;
}

std::vector<const dp::Field*> url_fields() {
  std::vector<const dp::Field*> r;
  for (const dp::Field& f : dp::config_fields())
    if (f.url) r.push_back(&f);
  return r;
}

void whole_query(const std::string& query, dp::Config c) {
  const std::string before = dp::config_to_json(c);
  const std::vector<dp::QueryNotice> notices = dp::config_apply_query(query, &c, kPageNames);
  std::set<std::string> refused;
  for (const dp::QueryNotice& n : notices) {
    FUZZ_CHECK(fuzz::readable_line(n.message), "notice: " + n.message);
    if (n.param.empty() && n.message.find("longer than 8192") != std::string::npos) {
      FUZZ_CHECK(notices.size() == 1, "more notices than the one of a too long link");
    } else if (dp::find_url_field(n.param)) {
      FUZZ_CHECK(n.message.rfind(n.param + "=", 0) == 0, n.param + ": " + n.message);
      FUZZ_CHECK(n.message.find(" ignored: ") != std::string::npos, n.message);
      FUZZ_CHECK(refused.insert(n.param).second, "two notices for " + n.param);
    } else {
      FUZZ_CHECK(n.message == "unknown parameter '" + n.param + "' ignored", n.message);
      for (const std::string& page : kPageNames) FUZZ_CHECK(n.param != page, n.message);
    }
  }
  fuzz::check_accepted(c);
  // A link all of whose config parameters are refused changes nothing.
  std::set<std::string> given;
  for (const auto& [name, value] : dp::parse_query(query))
    if (dp::find_url_field(name)) given.insert(name);
  const bool too_long = notices.size() == 1 && notices[0].param.empty() &&
                        notices[0].message.find("longer than 8192") != std::string::npos;
  if (too_long || given == refused)
    FUZZ_CHECK(dp::config_to_json(c) == before, "all refused, yet " + dp::config_to_json(c));
}

void one_parameter(const dp::Field& f, const std::string& value, dp::Config c) {
  const std::string before = dp::config_to_json(c);
  const std::string query = std::string(f.url) + "=" + percent_encode(value);
  const std::vector<dp::QueryNotice> notices = dp::config_apply_query(query, &c);
  if (notices.empty()) {
    fuzz::check_accepted(c);
    // The parameter as the link writes it reads back as the field's value, and changes
    // nothing when applied again.
    const std::string text = dp::field_to_text(f, c);
    nlohmann::ordered_json v;
    std::string why;
    FUZZ_CHECK(dp::field_from_text(f, text, c, &v, &why), f.url + ("=" + text) + ": " + why);
    FUZZ_CHECK(v == f.get(c), text + " read as " + v.dump() + ", not " + f.get(c).dump());
    dp::Config again = c;
    const auto n2 = dp::config_apply_query(std::string(f.url) + "=" + percent_encode(text), &again);
    FUZZ_CHECK(n2.empty(), text + ": " + (n2.empty() ? "" : n2[0].message));
    FUZZ_CHECK(dp::config_to_json(again) == dp::config_to_json(c), "applying " + text + " again");
  } else {
    FUZZ_CHECK(notices.size() == 1, "notices for one parameter: " + notices[1].message);
    const dp::QueryNotice& n = notices[0];
    FUZZ_CHECK(fuzz::readable_line(n.message), "notice: " + n.message);
    if (query.size() <= 8192) {
      FUZZ_CHECK(n.param == f.url, n.param + ": " + n.message);
      FUZZ_CHECK(n.message.rfind(std::string(f.url) + "=", 0) == 0, n.message);
    }
    FUZZ_CHECK(dp::config_to_json(c) == before, "refused " + query + ", yet changed");
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 2) return 0;
  const std::vector<dp::Config>& bases = fuzz::base_configs();
  const dp::Config& base = bases[(data[0] >> 1) % bases.size()];
  if (data[0] & 1) {
    static const std::vector<const dp::Field*> fields = url_fields();
    one_parameter(*fields[data[1] % fields.size()], fuzz::text_of(data + 2, size - 2), base);
  } else {
    whole_query(fuzz::text_of(data + 1, size - 1), base);
  }
  return 0;
}
