"""The string catalogs are complete and used: every key of the English catalog
(src/app/strings/en.txt) is in each translation (fr.txt) and the other way round, with the
same printf specifiers; every key is used somewhere (S::key in src/app, page.str('key') or
data-str="key" in web/); every field of the core's config table has a French label and
help (fields.fr.txt), and nothing else is there. Each failure names the key.
usage: python3 tests/docs/test_catalog.py"""
import glob
import os
import re
import sys

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
STRINGS = os.path.join(ROOT, "src", "app", "strings")
SPEC = re.compile(r"%[-+ #0]*[0-9]*(?:\.[0-9]+)?(?:ll|l)?[sdfgxu%c]")
failed = passed = 0


def check(name, ok, detail=""):
    global failed, passed
    print(("PASS " if ok else "FAIL ") + name + (": " + detail if detail and not ok else ""))
    passed, failed = passed + bool(ok), failed + (not ok)


def read(path):
    out = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if " = " in line and not line.lstrip().startswith("#"):
                k, v = line.split(" = ", 1)
                out[k.strip()] = v
    return out


en = read(os.path.join(STRINGS, "en.txt"))
for path in sorted(glob.glob(os.path.join(STRINGS, "*.txt"))):
    name = os.path.basename(path)
    if name == "en.txt" or name.startswith(("fields.", "messages.")):
        continue
    tr = read(path)
    missing = [k for k in en if k not in tr]
    extra = [k for k in tr if k not in en]
    check(f"{name} has every English key", not missing, ", ".join(missing[:10]))
    check(f"{name} has no key the English catalog lacks", not extra, ", ".join(extra[:10]))
    bad = [k for k in en if k in tr and SPEC.findall(en[k]) != SPEC.findall(tr[k])]
    check(f"{name}: the same printf specifiers as the English", not bad, ", ".join(bad[:10]))

code = ""
for pattern in ("src/app/*.cpp", "src/app/*.h", "src/platform/*.cpp", "web/*.js", "web/*.html"):
    for p in glob.glob(os.path.join(ROOT, pattern)):
        with open(p, encoding="utf-8") as f:
            code += f.read()
unused = [k for k in en if ("S::" + k.replace(".", "_")) not in code and f"'{k}'" not in code
          and f'"{k}"' not in code]
check("every catalog key is used by the code", not unused, ", ".join(unused[:15]))

with open(os.path.join(ROOT, "src", "core", "config.cpp"), encoding="utf-8") as f:
    src = f.read()
table = src[src.index("static const std::vector<Field> table = {"):]
table = table[:table.index("\n  };")]
fields = re.findall(r'^\s*\{"([a-z_.]+)", (?:"[a-z_]+"|nullptr), FieldType::', table, re.M)
check("the core's field table was read", len(fields) > 20, str(len(fields)))
for path in sorted(glob.glob(os.path.join(STRINGS, "fields.*.txt"))):
    ft = read(path)
    name = os.path.basename(path)
    lacking = [k for k in fields if k + ".label" not in ft or k + ".help" not in ft]
    check(f"{name} labels and explains every config field", not lacking, ", ".join(lacking))
    stray = [k for k in ft if k.rsplit(".", 1)[0] not in fields]
    check(f"{name} has no field the core lacks", not stray, ", ".join(stray))

# The core's messages: every id of core/messages.h has a template in each language, with
# the same placeholders, and every id is said somewhere in the core.
sys.path.insert(0, os.path.join(ROOT, "scripts"))
from gen_strings import core_messages  # noqa: E402  (the build's own reader of the list)

english = core_messages(os.path.join(ROOT, "src", "core", "messages.h"))
check("the core's message list was read", len(english) > 50, str(len(english)))
core = ""
for p in glob.glob(os.path.join(ROOT, "src", "core", "*.cpp")):
    with open(p, encoding="utf-8") as f:
        core += f.read()
unsaid = [k for k in english if "Msg::" + k not in core]
check("every core message is said by the core", not unsaid, ", ".join(unsaid))
PLACE = re.compile(r"\{[1-9]\}")
for path in sorted(glob.glob(os.path.join(STRINGS, "messages.*.txt"))):
    mt, name = read(path), os.path.basename(path)
    check(f"{name} has every core message", not [k for k in english if k not in mt],
          ", ".join(k for k in english if k not in mt))
    check(f"{name} has no message the core lacks", not [k for k in mt if k not in english],
          ", ".join(k for k in mt if k not in english))
    bad = [k for k in english if k in mt and sorted(PLACE.findall(english[k])) != sorted(PLACE.findall(mt[k]))]
    check(f"{name}: the same placeholders as the English", not bad, ", ".join(bad))

# French typography in every French text: no plain space before : ; ! ? or inside « »,
# and no typewriter apostrophe between letters (l'entraînement). Code (`...`), URLs
# (?lesson=) and placeholders are left alone.
TYPO = r" [:;!?]|« | »|[A-Za-zéèàù]'[A-Za-zéèêàâîôûh]"
CODE = re.compile(r"`[^`]*`|https?://\S+|\?[a-z_]+=|[a-z_]+=[^ ]*")
for path in sorted(glob.glob(os.path.join(STRINGS, "*fr.txt"))):
    name, bad = os.path.basename(path), []
    for k, v in read(path).items():
        text = CODE.sub("", v)
        if re.search(TYPO, text):
            bad.append(k)
    check(f"{name}: French typography (no-break spaces, « », ’)", not bad, ", ".join(bad[:10]))


def french_texts(node):
    """The French texts of a lesson file: the "fr" member of each {"en", "fr"} text."""
    if isinstance(node, dict):
        for k, v in node.items():
            if k == "fr" and isinstance(v, str):
                yield v
            else:
                yield from french_texts(v)
    elif isinstance(node, list):
        for v in node:
            yield from french_texts(v)


import json
for path in sorted(glob.glob(os.path.join(ROOT, "src", "app", "lessons", "*.json"))):
    with open(path, encoding="utf-8") as f:
        texts = list(french_texts(json.load(f)))
    bad = [t[:40] for t in texts if re.search(TYPO, CODE.sub("", t))]
    check(f"{os.path.basename(path)}: French typography ({len(texts)} texts)", texts and not bad,
          " | ".join(bad[:5]))
print(f"catalog: {passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
