"""The Hindi catalogue is complete, carries no fuzzy entries, keeps every placeholder, and the committed .mo
matches the .po (CI cannot count on msgfmt being installed, so the compiled file is committed)."""

import ast
import gettext
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import trackchild

CATALOGUE = Path(trackchild.__file__).parent / "locale" / "hi" / "LC_MESSAGES"
PLACEHOLDER = re.compile(r"%\(\w+\)[sdif]|%[sdif]|\{\w*\}")


@dataclass
class Entry:
    msgid: str = ""
    msgid_plural: str | None = None
    msgctxt: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)
    line: int = 0


def read_po(text: str) -> list[Entry]:
    """Just enough of the PO format for these checks: flags, msgctxt, msgid(_plural), msgstr[n], and
    continuation lines."""
    entries, entry, key = [], None, None
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#~"):
            continue
        if line.startswith("#"):
            if entry is not None and entry.msgstr:
                entries.append(entry)
                entry = None
            entry = entry or Entry(line=number)
            if line.startswith("#,"):
                entry.flags |= {flag.strip() for flag in line[2:].split(",")}
            continue
        if line.startswith('"'):
            value = ast.literal_eval(line)
            if isinstance(key, int):
                entry.msgstr[key] += value
            else:
                setattr(entry, key, getattr(entry, key) + value)
            continue
        keyword, value = line.split(" ", 1)
        value = ast.literal_eval(value)
        if keyword in ("msgctxt", "msgid") and (entry is None or entry.msgstr):
            if entry is not None:
                entries.append(entry)
            entry = Entry(line=number)
        if keyword.startswith("msgstr"):
            key = int(keyword[7:-1]) if "[" in keyword else 0
            entry.msgstr[key] = value
        else:
            key = keyword
            setattr(entry, keyword, value)
    if entry is not None:
        entries.append(entry)
    return [entry for entry in entries if entry.msgid]  # the header has an empty msgid


ENTRIES = read_po((CATALOGUE / "django.po").read_text(encoding="utf-8"))


def label(entry: Entry) -> str:
    return f"django.po line {entry.line}: {entry.msgid[:60]!r}"


def test_the_catalogue_has_the_portals_strings():
    assert len(ENTRIES) > 300
    assert {"Missing children", "Found children", "Institutions", "People"} <= {e.msgid for e in ENTRIES}


def test_every_string_has_a_hindi_translation():
    untranslated = [
        label(e) for e in ENTRIES if not e.msgstr or not all(s.strip() for s in e.msgstr.values())
    ]
    assert untranslated == []


def test_every_plural_has_both_forms():
    incomplete = [label(e) for e in ENTRIES if e.msgid_plural is not None and sorted(e.msgstr) != [0, 1]]
    assert incomplete == []


def test_no_translation_is_left_fuzzy():
    assert [label(e) for e in ENTRIES if "fuzzy" in e.flags] == []


def test_translations_keep_the_placeholders_exactly():
    wrong = []
    for entry in ENTRIES:
        if entry.msgid_plural is None:
            if Counter(PLACEHOLDER.findall(entry.msgstr[0])) != Counter(PLACEHOLDER.findall(entry.msgid)):
                wrong.append(label(entry))
        else:
            allowed = set(PLACEHOLDER.findall(entry.msgid)) | set(PLACEHOLDER.findall(entry.msgid_plural))
            if any(not set(PLACEHOLDER.findall(s)) <= allowed for s in entry.msgstr.values()):
                wrong.append(label(entry))
    assert wrong == []


def test_the_translations_are_in_devanagari():
    def only_abbreviations(text: str) -> bool:  # "FIR %(number)s, %(station)s" may stay as it is
        return re.fullmatch(r"[A-Z/ ,.()-]*", PLACEHOLDER.sub("", text)) is not None

    latin = [
        label(e)
        for e in ENTRIES
        if not re.search("[\u0900-\u097f]", "".join(e.msgstr.values())) and not only_abbreviations(e.msgid)
    ]
    assert latin == []


def test_the_compiled_catalogue_matches_the_po():
    with open(CATALOGUE / "django.mo", "rb") as mo:
        compiled = gettext.GNUTranslations(mo)
    stale = []
    for entry in ENTRIES:
        if entry.msgid_plural is None:
            found = (
                compiled.pgettext(entry.msgctxt, entry.msgid)
                if entry.msgctxt
                else compiled.gettext(entry.msgid)
            )
            expected = entry.msgstr[0]
        else:
            found, expected = compiled.ngettext(entry.msgid, entry.msgid_plural, 5), entry.msgstr[1]
        if found != expected:
            stale.append(label(entry))
    assert stale == [], "run `trackchild compilemessages` and commit django.mo"


SAMPLE = """msgid ""
msgstr "Language: hi\\n"

#: a.py:1
#, fuzzy, python-format
msgid "Age %(age)d"
msgstr ""
"आयु "
"%(age)d"

msgid "%(n)s record"
msgid_plural "%(n)s records"
msgstr[0] "%(n)s अभिलेख"
msgstr[1] ""
"""


def test_the_reader_understands_flags_continuations_and_plurals():
    age, records = read_po(SAMPLE)
    assert (age.msgid, age.msgstr, age.flags) == (
        "Age %(age)d",
        {0: "आयु %(age)d"},
        {"fuzzy", "python-format"},
    )
    assert (records.msgid_plural, records.msgstr) == ("%(n)s records", {0: "%(n)s अभिलेख", 1: ""})
