// Fuzz target: the full config JSON (dp::config_from_json: the CLI's --config files, the
// playground's Import). Properties: fuzz_check.h.
#include "core/config.h"
#include "fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text = fuzz::text_of(data, size);
  // Start from a config that is not the defaults, to see that a refusal leaves it alone.
  dp::Config c = fuzz::base_configs()[1];
  const std::string before = dp::config_to_json(c);
  const std::string err = dp::config_from_json(text, &c);
  if (err.empty()) {
    fuzz::check_accepted(c);
  } else {
    fuzz::check_config_refusal(text, err);
    FUZZ_CHECK(dp::config_to_json(c) == before, "a refused config changed *out: " + err);
  }
  return 0;
}
