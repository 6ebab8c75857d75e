// Catalog lookups: the generated tables of src/app/strings/*.txt, in the language set.
#include "app/strings.h"

#include "app/app.h"
#include "core/messages.h"

#include <cstdarg>
#include <cstdio>
#include <cstring>

namespace app {

namespace {
int g_language = 0;  // an index of kLanguageCodes

// The core's messages in the language set (messages.<lang>.txt); English is the core's own.
const char* message_in_language(dp::Msg m) {
  for (const MessageText& t : kMessageTexts)
    if (t.lang == g_language && std::strcmp(t.key, dp::message_key(m)) == 0) return t.text;
  return nullptr;
}
}  // namespace

const char* tr(S key) { return kTexts[g_language][static_cast<int>(key)]; }

bool set_language(const std::string& code) {
  for (int i = 0; i < kLanguageCount; ++i)
    if (code == kLanguageCodes[i]) {
      g_language = i;
      dp::set_message_lookup(i == 0 ? nullptr : message_in_language);
      return true;
    }
  return false;
}

const char* language() { return kLanguageCodes[g_language]; }

namespace {
const FieldText* field_text(const char* key) {
  for (const FieldText& t : kFieldTexts)
    if (t.lang == g_language && std::strcmp(t.key, key) == 0) return &t;
  return nullptr;
}
}  // namespace

const char* field_label(const char* key, const char* english) {
  const FieldText* t = g_language ? field_text(key) : nullptr;
  return t ? t->label : english;
}

const char* field_help(const char* key, const char* english) {
  const FieldText* t = g_language ? field_text(key) : nullptr;
  return t ? t->help : english;
}

std::string trf(S key, ...) {
  char buf[1024];
  va_list args;
  va_start(args, key);
  std::vsnprintf(buf, sizeof buf, tr(key), args);
  va_end(args);
  return buf;
}

}  // namespace app
