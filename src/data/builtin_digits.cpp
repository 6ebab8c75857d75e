// The built-in digits bytes (digits_bytes.inc, generated into the build folder).
#include "data/builtin_digits.h"

#include <cstdint>

#include "core/digits.h"

namespace dp {

namespace {
const uint8_t kBytes[] = {
#include "digits_bytes.inc"
};
}  // namespace

std::string load_builtin_digits() {
  if (digits()) return "";
  DigitsTable t;
  const std::string err = digits_from_bytes(kBytes, sizeof kBytes, &t);
  if (err.empty()) provide_digits(std::move(t));
  return err;
}

}  // namespace dp
