// Catalog lookups (English: the generated table of src/app/strings/en.txt).
#include "app/strings.h"

#include <cstdarg>
#include <cstdio>

namespace app {

const char* tr(S key) { return kEnglish[static_cast<int>(key)]; }

std::string trf(S key, ...) {
  char buf[1024];
  va_list args;
  va_start(args, key);
  std::vsnprintf(buf, sizeof buf, tr(key), args);
  va_end(args);
  return buf;
}

}  // namespace app
