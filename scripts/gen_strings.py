#!/usr/bin/env python3
"""Turns the string catalogs (src/app/strings/en.txt: `key = text` lines, and one file per
further language with the same keys, fr.txt) into
  - a C++ header: enum class S with one member per key (dots become underscores), the
    languages' codes and every language's texts, so that a key missing from the English
    catalog fails the build;
  - a JavaScript file with the same catalogs for the page's scripts (the cards and
    banners of keys "page.*", and the names they hand back to the app):
    window.playgroundCatalogs = {"en": {"page.loading": "...", ...}, "fr": {...}}.
A translation must have exactly the English keys, and for each key the same printf
specifiers in the same order and as many \\n: otherwise this fails, naming the key.
Text may hold \\n (newline) and printf specifiers (%d, %s, %.2f: the panels pass values).
The header also holds the config fields' labels and help (--fields CODE=FILE) and the
core's message templates (--messages CODE=FILE, checked against the ids and placeholders of
--message-ids src/core/messages.h) in the other languages.
usage: gen_strings.py EN.txt OUT.h [OUT.js] [--lang CODE=FILE.txt ...] [--fields CODE=FILE ...]
       [--message-ids messages.h --messages CODE=FILE ...]"""
import json
import re
import sys

KEY = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)*$")


def read(path):
    entries, seen = [], set()
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            if " = " not in line:
                sys.exit(f"{path}:{n}: expected 'key = text'")
            key, text = line.split(" = ", 1)
            key = key.strip()
            if not KEY.match(key):
                sys.exit(f"{path}:{n}: bad key '{key}' (lowercase words joined by dots)")
            if key in seen:
                sys.exit(f"{path}:{n}: key '{key}' given twice")
            seen.add(key)
            entries.append((key, text.replace("\\n", "\n")))
    return entries


def c_string(s):
    return json.dumps(s, ensure_ascii=False)  # a valid C++ literal for these texts (UTF-8)


SPEC = re.compile(r"%[-+ #0]*[0-9]*(?:\.[0-9]+)?(?:ll|l)?[sdfgxu%c]")


def check_translation(path, en, tr):
    """The translation's keys are the English ones, each with the same specifiers."""
    ek, tk = [k for k, _ in en], [k for k, _ in tr]
    missing, extra = [k for k in ek if k not in set(tk)], [k for k in tk if k not in set(ek)]
    if missing:
        sys.exit(f"{path}: missing key(s) {', '.join(missing[:5])}")
    if extra:
        sys.exit(f"{path}: key(s) not in the English catalog {', '.join(extra[:5])}")
    texts = dict(tr)
    for k, t in en:
        if SPEC.findall(t) != SPEC.findall(texts[k]):
            sys.exit(f"{path}: {k}: the printf specifiers differ from the English "
                     f"({SPEC.findall(t)} vs {SPEC.findall(texts[k])})")
        if t.count("\n") != texts[k].count("\n"):
            sys.exit(f"{path}: {k}: {t.count(chr(10))} line break(s) in English, "
                     f"{texts[k].count(chr(10))} here")


PLACEHOLDER = re.compile(r"\{[1-9]\}")


def core_messages(path):
    """The ids and English templates of core/messages.h's X(id, "template") lists."""
    with open(path, encoding="utf-8") as f:
        return {m.group(1): m.group(2).replace('\\"', '"')
                for m in re.finditer(r'^\s*X\((\w+), "((?:[^"\\]|\\.)*)"\)', f.read(), re.M)}


def message_table(id_paths, translations, codes):
    """The core's message templates in the languages other than English, as C++ rows
    {language index, id, template}: each translation has exactly the ids of the core's
    DP_MESSAGES list, and each template the English one's placeholders, each once."""
    english = {}
    for path in id_paths:
        english.update(core_messages(path))
    if translations and not english:
        sys.exit(f"{id_paths}: no DP_MESSAGES entries found")
    rows = ["// The core's messages (core/messages.h) in the languages other than English: language",
            "// index, message id, template.", "struct MessageText {", "  int lang;",
            "  const char* key;", "  const char* text;", "};",
            "inline constexpr MessageText kMessageTexts[] = {"]
    for code, path in translations:
        if code not in codes:
            sys.exit(f"{path}: no catalog for language '{code}'")
        texts = dict(read(path))
        missing = [k for k in english if k not in texts]
        extra = [k for k in texts if k not in english]
        if missing:
            sys.exit(f"{path}: missing message(s) {', '.join(missing[:5])}")
        if extra:
            sys.exit(f"{path}: message(s) the core does not have {', '.join(extra[:5])}")
        for k, en in english.items():
            want, got = sorted(PLACEHOLDER.findall(en)), sorted(PLACEHOLDER.findall(texts[k]))
            if want != got:
                sys.exit(f"{path}: {k}: the placeholders differ from the English ({want} vs {got})")
            rows.append(f"    {{{codes.index(code)}, {c_string(k)}, {c_string(texts[k])}}},")
    if not translations:
        rows.append("    {-1, \"\", \"\"},")
    return rows + ["};", ""]


def write_if_changed(path, text):
    try:
        with open(path, encoding="utf-8") as f:
            if f.read() == text:
                return
    except OSError:
        pass
    with open(path + ".tmp", "w", encoding="utf-8") as f:
        f.write(text)
    import os
    os.replace(path + ".tmp", path)


def main():
    # --lang CODE=FILE (a catalog) and --fields CODE=FILE (a language's labels and help
    # texts of the config fields) may repeat; the rest are the positional arguments.
    # --messages CODE=FILE: a language's templates of the core's messages, checked against
    # the ids and English templates of --message-ids (src/core/messages.h).
    options, args, rest = {"--lang": [], "--fields": [], "--messages": [], "--message-ids": []}, [], iter(sys.argv[1:])
    for a in rest:
        if a in options:
            options[a].append(tuple(next(rest).split("=", 1)) if a != "--message-ids" else next(rest))
        else:
            args.append(a)
    langs, fields = [("en", args[0] if args else "")] + options["--lang"], options["--fields"]
    if len(args) not in (2, 3):
        sys.exit(__doc__)
    sys.argv = [sys.argv[0]] + args
    entries = read(sys.argv[1])
    catalogs = [("en", entries)]
    for code, path in langs[1:]:
        tr = read(path)
        check_translation(path, entries, tr)
        order = dict(tr)
        catalogs.append((code, [(k, order[k]) for k, _ in entries]))
    names = {}
    for k, _ in entries:
        n = k.replace(".", "_")
        if n in names:
            sys.exit(f"{sys.argv[1]}: keys '{names[n]}' and '{k}' give the same name {n}")
        names[n] = k
    h = ["// Generated from src/app/strings/en.txt by scripts/gen_strings.py: do not edit.",
         "#pragma once", "", "namespace app {", "", "enum class S : int {"]
    h += [f"  {k.replace('.', '_')}," for k, _ in entries]
    h += ["};", "", f"constexpr int kStringCount = {len(entries)};",
          f"constexpr int kLanguageCount = {len(catalogs)};",
          "inline constexpr const char* kLanguageCodes[kLanguageCount] = {" +
          ", ".join(c_string(c) for c, _ in catalogs) + "};", "",
          "inline constexpr const char* kTexts[kLanguageCount][kStringCount] = {"]
    for code, cat in catalogs:
        h += ["  {  // " + code]
        h += [f"    {c_string(t)}," for _, t in cat]
        h += ["  },"]
    h += ["};", "", "// The config fields' labels and help texts in the languages other than English (the",
          "// English ones are the core's field table): language index, field key, label, help.",
          "struct FieldText {", "  int lang;", "  const char* key;", "  const char* label;",
          "  const char* help;", "};", "inline constexpr FieldText kFieldTexts[] = {"]
    codes = [c for c, _ in catalogs]
    nfield = 0
    for code, path in fields:
        if code not in codes:
            sys.exit(f"{path}: no catalog for language '{code}'")
        texts = dict(read(path))
        keys = []
        for k in texts:
            base, _, part = k.rpartition(".")
            if part not in ("label", "help"):
                sys.exit(f"{path}: {k}: a key ends in .label or .help")
            if base not in keys:
                keys.append(base)
        for base in keys:
            if base + ".label" not in texts or base + ".help" not in texts:
                sys.exit(f"{path}: {base} needs both .label and .help")
            h.append(f"    {{{codes.index(code)}, {c_string(base)}, {c_string(texts[base + '.label'])}, "
                     f"{c_string(texts[base + '.help'])}}},")
            nfield += 1
    if nfield == 0:
        h.append("    {-1, \"\", \"\", \"\"},")
    h += ["};", ""]
    h += message_table(options["--message-ids"], options["--messages"], codes)
    h += ["}  // namespace app", ""]
    write_if_changed(sys.argv[2], "\n".join(h))
    if len(sys.argv) == 4:
        js = ("// Generated from src/app/strings/en.txt by scripts/gen_strings.py: do not edit.\n"
              "// The string catalog for the page's scripts (web/*.js) and index.html's data-str.\n"
              "window.playgroundCatalogs = " +
              json.dumps({c: dict(cat) for c, cat in catalogs}, ensure_ascii=False, indent=1) + ";\n")
        write_if_changed(sys.argv[3], js)


if __name__ == "__main__":
    main()
