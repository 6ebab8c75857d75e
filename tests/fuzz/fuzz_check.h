// The properties every parser fuzz target checks, whatever the input: an accepted input
// gives a config that validates and survives its JSON and URL round trips; a refused one
// leaves the state alone and says why in one line that names a field. A failed property
// prints what failed and aborts, which libFuzzer reports as a crash (and keeps the input).
#pragma once
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "core/config.h"
#include "core/url_query.h"

namespace fuzz {

[[noreturn]] inline void fail(const char* property, const std::string& detail) {
  std::fprintf(stderr, "property failed: %s\n  %s\n", property, detail.c_str());
  std::abort();
}

#define FUZZ_CHECK(cond, detail)                \
  do {                                          \
    if (!(cond)) ::fuzz::fail(#cond, (detail)); \
  } while (0)

inline std::string text_of(const uint8_t* data, size_t size) {
  return std::string(reinterpret_cast<const char*>(data), size);
}

// Well-formed UTF-8 (the page turns every message into JSON, which must be).
inline bool valid_utf8(const std::string& s) {
  for (size_t i = 0; i < s.size();) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    size_t n = c < 0x80 ? 0 : (c >> 5) == 6 ? 1 : (c >> 4) == 14 ? 2 : (c >> 3) == 30 ? 3 : 9;
    if (n == 9 || i + n >= s.size()) return false;
    uint32_t cp = n == 0 ? c : c & (0x3F >> n);
    for (size_t k = 1; k <= n; ++k) {
      const unsigned char d = static_cast<unsigned char>(s[i + k]);
      if ((d >> 6) != 2) return false;
      cp = (cp << 6) | (d & 0x3F);
    }
    const uint32_t least[] = {0, 0x80, 0x800, 0x10000};
    if (cp < least[n] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
    i += n + 1;
  }
  return true;
}

// A message for a person: not empty, one line of valid UTF-8 and of a readable length,
// whatever the input held (the app shows it in a notice of at most 1024 bytes).
constexpr size_t kMaxMessage = 400;
inline bool readable_line(const std::string& m) {
  return !m.empty() && m.size() <= kMaxMessage && valid_utf8(m) &&
         m.find_first_of("\n\r") == std::string::npos;
}

// The messages about the whole document, which has no field to name.
inline bool is_document_error(const std::string& m) {
  for (const char* doc : {"config is not valid JSON", "config must be a JSON object",
                          "config change is not valid JSON", "config change must be a JSON object"})
    if (m.rfind(doc, 0) == 0) return true;
  return false;
}

// A config message names what it is about first: a field's key ("optimizer.lr must ...",
// "sizes[1] must ..."), its top-level key ("optimizer must be an object"), the explicit
// data ("x[2] has ...") or the unknown key it refuses ("unknown key 'colour' ...").
inline bool names_a_field(const std::string& m) {
  if (m.rfind("unknown key '", 0) == 0) return true;
  const std::string first = m.substr(0, m.find_first_of(" ["));
  if (first == "x" || first == "y") return true;
  for (const dp::Field& f : dp::config_fields()) {
    const std::string k = f.key;
    if (first == k || first == k.substr(0, k.find('.'))) return true;
  }
  return false;
}

// A refusal of a config text: one line, naming a field, or saying that the text is not a
// JSON object when (and only when) it is not one.
inline void check_config_refusal(const std::string& text, const std::string& err) {
  FUZZ_CHECK(readable_line(err), "message: " + err);
  const bool object = nlohmann::json::accept(text) && nlohmann::json::parse(text).is_object();
  if (object)
    FUZZ_CHECK(names_a_field(err), "message: " + err);
  else
    FUZZ_CHECK(is_document_error(err), "message: " + err);
}

// Config c was accepted: it validates, and it comes back the same from its JSON and, for
// what a link carries (not the name, not explicit data), from its URL applied to defaults.
inline void check_accepted(const dp::Config& c) {
  const std::string v = dp::validate(c);
  FUZZ_CHECK(v.empty(), "validate: " + v);
  const std::string json = dp::config_to_json(c);
  dp::Config back;
  const std::string err = dp::config_from_json(json, &back);
  FUZZ_CHECK(err.empty(), "config_from_json(config_to_json(c)): " + err + " for " + json);
  FUZZ_CHECK(dp::config_to_json(back) == json, json + " came back as " + dp::config_to_json(back));
  if (c.has_xy) return;
  const std::string query = dp::config_to_query(c);
  dp::Config link;
  const std::vector<dp::QueryNotice> notices = dp::config_apply_query(query, &link);
  FUZZ_CHECK(notices.empty(), query + ": " + (notices.empty() ? "" : notices[0].message));
  link.name = c.name;
  FUZZ_CHECK(dp::config_to_json(link) == json,
             query + " gave " + dp::config_to_json(link) + ", not " + json);
}

// Valid configs to apply changes to: the defaults, and one of each optimizer, loss and
// kind of data (explicit x/y included). Which one is the first byte's business.
inline const std::vector<dp::Config>& base_configs() {
  static const std::vector<dp::Config> bases = [] {
    std::vector<dp::Config> v{dp::Config{}};
    for (const char* json : {
             R"({"name":"t","data":"moons","noise":0.25,"data_seed":1,"n_train":64,"n_val":200,
                "sizes":[2,32,32,1],"activation":"relu","dropout":0.3,"loss":"bce_with_logits",
                "optimizer":{"name":"sgd","lr":0.1,"momentum":0.9,"nesterov":true},
                "batch":16,"epochs":30,"seed":7})",
             R"({"data":"sine","noise":0.1,"data_seed":3,"n_train":24,"n_val":40,"sizes":[1,16,1],
                "activation":"tanh","dropout":0,"loss":"mse","optimizer":{"name":"rmsprop",
                "lr":0.01,"alpha":0.9,"momentum":0.5,"centered":true},"batch":8,"epochs":5,
                "seed":-3})",
             R"({"data":"circles","noise":0.05,"data_seed":9,"n_train":10,"n_val":5,
                "sizes":[2,4,4,4,2],"activation":"sigmoid","dropout":1,"loss":"cross_entropy",
                "optimizer":{"name":"adamw","lr":0.001,"betas":[0.8,0.99],"eps":1e-6},
                "batch":3,"epochs":2,"seed":9007199254740992})",
             R"({"name":"xy","n_train":3,"n_val":1,"sizes":[3,5,4],"activation":"relu",
                "dropout":0.5,"loss":"cross_entropy","optimizer":{"name":"adam","lr":0.02},
                "batch":2,"epochs":1,"seed":0,"x":[[1,2,3],[0,0,0],[-1,0.5,2],[4,4,4]],
                "y":[0,3,1,2]})",
         }) {
      dp::Config c;
      const std::string err = dp::config_from_json(json, &c);
      FUZZ_CHECK(err.empty(), "base config: " + err);
      v.push_back(c);
    }
    return v;
  }();
  return bases;
}

}  // namespace fuzz
