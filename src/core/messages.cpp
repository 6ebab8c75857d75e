// The core's messages: the English templates of messages.h, said in the language set.
#include "core/messages.h"

#include <atomic>

namespace dp {

namespace {

constexpr const char* kKeys[kMessageCount] = {
#define DP_MESSAGE_KEY(id, text) #id,
    DP_MESSAGES(DP_MESSAGE_KEY) DP_NOTEBOOK_TEXTS(DP_MESSAGE_KEY)
#undef DP_MESSAGE_KEY
};

constexpr const char* kEnglish[kMessageCount] = {
#define DP_MESSAGE_TEXT(id, text) text,
    DP_MESSAGES(DP_MESSAGE_TEXT) DP_NOTEBOOK_TEXTS(DP_MESSAGE_TEXT)
#undef DP_MESSAGE_TEXT
};

// Set by the interface when its language changes, read wherever a message is said (sweep
// workers included).
std::atomic<MessageLookup> g_lookup{nullptr};

}  // namespace

const char* message_key(Msg m) { return kKeys[static_cast<int>(m)]; }
const char* message_english(Msg m) { return kEnglish[static_cast<int>(m)]; }

void set_message_lookup(MessageLookup lookup) { g_lookup.store(lookup); }

const char* message_template(Msg m) {
  const MessageLookup lookup = g_lookup.load();
  const char* t = lookup ? lookup(m) : nullptr;
  return t ? t : message_english(m);
}

std::string say(Msg m, std::initializer_list<std::string> values) {
  const char* t = message_template(m);
  std::string out;
  for (const char* c = t; *c; ++c) {
    // {1}..{9}: the value; any other brace is text ({"name": "sgd"}).
    if (c[0] == '{' && c[1] >= '1' && c[1] <= '9' && c[2] == '}') {
      const size_t i = static_cast<size_t>(c[1] - '1');
      if (i < values.size()) {
        out += *(values.begin() + i);
        c += 2;
        continue;
      }
    }
    out += *c;
  }
  return out;
}

}  // namespace dp
