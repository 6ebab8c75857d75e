#!/usr/bin/env python3
"""Turns the string catalog (src/app/strings/en.txt: `key = text` lines) into
  - a C++ header: enum class S with one member per key (dots become underscores) and
    the English texts, so that a key missing from the catalog fails the build;
  - a JavaScript file with the same catalog for the page's scripts (the cards and
    banners of keys "page.*", and the names they hand back to the app):
    window.playgroundStrings = {"page.loading": "...", ...}.
Text may hold \\n (newline) and printf specifiers (%d, %s, %.2f: the panels pass values).
usage: gen_strings.py CATALOG.txt OUT.h [OUT.js]"""
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
    if len(sys.argv) not in (3, 4):
        sys.exit(__doc__)
    entries = read(sys.argv[1])
    names = {}
    for k, _ in entries:
        n = k.replace(".", "_")
        if n in names:
            sys.exit(f"{sys.argv[1]}: keys '{names[n]}' and '{k}' give the same name {n}")
        names[n] = k
    h = ["// Generated from src/app/strings/en.txt by scripts/gen_strings.py: do not edit.",
         "#pragma once", "", "namespace app {", "", "enum class S : int {"]
    h += [f"  {k.replace('.', '_')}," for k, _ in entries]
    h += ["};", "", f"constexpr int kStringCount = {len(entries)};", "",
          "inline constexpr const char* kEnglish[kStringCount] = {"]
    h += [f"    {c_string(t)}," for _, t in entries]
    h += ["};", "", "}  // namespace app", ""]
    write_if_changed(sys.argv[2], "\n".join(h))
    if len(sys.argv) == 4:
        js = ("// Generated from src/app/strings/en.txt by scripts/gen_strings.py: do not edit.\n"
              "// The string catalog for the page's scripts (web/*.js) and index.html's data-str.\n"
              "window.playgroundStrings = " + json.dumps(dict(entries), ensure_ascii=False, indent=1) + ";\n")
        write_if_changed(sys.argv[3], js)


if __name__ == "__main__":
    main()
