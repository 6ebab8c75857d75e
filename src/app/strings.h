// The one catalog of user-visible strings: every label, tooltip, notice and help text of
// the UI is a key of src/app/strings/en.txt, looked up at draw time. The keys become the
// members of enum class S (generated at build time), so a key missing from the catalog
// does not build. A second language is one more catalog file with the same keys.
#pragma once
#include <string>

#include "strings_gen.h"

namespace app {

const char* tr(S key);          // the text in the current language
std::string trf(S key, ...);    // the text as a printf format, with the values

}  // namespace app
