// Fuzz target: the partial config change (dp::config_apply_json: the page's setConfig, the
// host page's setConfig messages, the desktop's --set). The first byte picks the config the
// change applies to (fuzz_check.h's bases); the rest is the change. Properties: fuzz_check.h.
#include "core/config.h"
#include "fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const std::vector<dp::Config>& bases = fuzz::base_configs();
  dp::Config c = bases[data[0] % bases.size()];
  const std::string text = fuzz::text_of(data + 1, size - 1);
  const std::string before = dp::config_to_json(c);
  const std::string err = dp::config_apply_json(text, &c);
  if (err.empty()) {
    fuzz::check_accepted(c);
    // The change's result, given as a whole change, changes nothing more.
    dp::Config again = c;
    const std::string err2 = dp::config_apply_json(dp::config_to_json(c), &again);
    FUZZ_CHECK(err2.empty(), "re-applying the result: " + err2);
    FUZZ_CHECK(dp::config_to_json(again) == dp::config_to_json(c),
               "re-applying " + dp::config_to_json(c) + " gave " + dp::config_to_json(again));
  } else {
    fuzz::check_config_refusal(text, err);
    FUZZ_CHECK(dp::config_to_json(c) == before, "a refused change changed the config: " + err);
  }
  return 0;
}
