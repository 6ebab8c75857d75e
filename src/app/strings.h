// The one catalog of user-visible strings: every label, tooltip, notice and help text of
// the UI is a key of src/app/strings/en.txt, looked up at draw time. The keys become the
// members of enum class S (generated at build time), so a key missing from the catalog
// does not build. Each further language is one catalog file with the same keys
// (src/app/strings/fr.txt); the build checks that it has them all, with the same printf
// specifiers. The core's messages (bad config values, links, CSV files: core/messages.h)
// follow the language too, from src/app/strings/messages.<lang>.txt.
#pragma once
#include <string>

#include "strings_gen.h"

namespace app {

const char* tr(S key);          // the text in the current language
std::string trf(S key, ...);    // the text as a printf format, with the values

// The interface language: set_language and language() (app/app.h).

// A config field's label and help text in the current language (the core's table in
// English, src/app/strings/fields.<lang>.txt in the others).
const char* field_label(const char* key, const char* english);
const char* field_help(const char* key, const char* english);

}  // namespace app
