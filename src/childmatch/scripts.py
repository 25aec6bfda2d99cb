"""Transliteration of the nine major Indic scripts to a plain Latin spelling.

The Unicode blocks for Devanagari, Bengali, Gurmukhi, Gujarati, Odia, Tamil, Telugu, Kannada and Malayalam
share one layout inherited from ISCII: the same offset from the block start is the same sound (U+0915 क,
U+0995 ক, U+0A15 ਕ ... are all "ka"). So one table of offsets serves all nine scripts, with no dependency;
bench/phonetic_keys.py compares the keys it gives with those through indic-transliteration (docs/matching.md).

The output is a loose, readable spelling ("राम" -> "rama", "முருகன்" -> "murukan"), not a scholarly
one: the phonetic key in :mod:`childmatch.names` then folds the remaining variation.

>>> to_latin("सुनीता")
'suniitaa'
>>> to_latin("Pooja")
'Pooja'
"""

from __future__ import annotations

import unicodedata

#: Start of each script's 128-code-point block.
SCRIPT_BLOCKS: dict[str, int] = {
    "devanagari": 0x0900,
    "bengali": 0x0980,
    "gurmukhi": 0x0A00,
    "gujarati": 0x0A80,
    "odia": 0x0B00,
    "tamil": 0x0B80,
    "telugu": 0x0C00,
    "kannada": 0x0C80,
    "malayalam": 0x0D00,
}
_FIRST, _LAST = 0x0900, 0x0D7F

# Offsets of consonants (they carry an inherent "a").
_CONSONANTS: dict[int, str] = {
    0x15: "k",
    0x16: "kh",
    0x17: "g",
    0x18: "gh",
    0x19: "n",
    0x1A: "ch",
    0x1B: "chh",
    0x1C: "j",
    0x1D: "jh",
    0x1E: "n",
    0x1F: "t",
    0x20: "th",
    0x21: "d",
    0x22: "dh",
    0x23: "n",
    0x24: "t",
    0x25: "th",
    0x26: "d",
    0x27: "dh",
    0x28: "n",
    0x29: "n",
    0x2A: "p",
    0x2B: "ph",
    0x2C: "b",
    0x2D: "bh",
    0x2E: "m",
    0x2F: "y",
    0x30: "r",
    0x31: "r",
    0x32: "l",
    0x33: "l",
    0x34: "zh",
    0x35: "v",
    0x36: "sh",
    0x37: "sh",
    0x38: "s",
    0x39: "h",
    # nukta forms and script-specific extra letters
    0x58: "q",
    0x59: "kh",
    0x5A: "gh",
    0x5B: "z",
    0x5C: "r",
    0x5D: "rh",
    0x5E: "f",
    0x5F: "y",
}
# Independent vowels.
_VOWELS: dict[int, str] = {
    0x05: "a",
    0x06: "aa",
    0x07: "i",
    0x08: "ii",
    0x09: "u",
    0x0A: "uu",
    0x0B: "ri",
    0x0C: "li",
    0x0D: "e",
    0x0E: "e",
    0x0F: "e",
    0x10: "ai",
    0x11: "o",
    0x12: "o",
    0x13: "o",
    0x14: "au",
    0x60: "ri",
    0x61: "li",
}
# Dependent vowel signs (matras): replace the inherent "a" of the consonant before them.
_MATRAS: dict[int, str] = {
    0x3E: "aa",
    0x3F: "i",
    0x40: "ii",
    0x41: "u",
    0x42: "uu",
    0x43: "ri",
    0x44: "ri",
    0x45: "e",
    0x46: "e",
    0x47: "e",
    0x48: "ai",
    0x49: "o",
    0x4A: "o",
    0x4B: "o",
    0x4C: "au",
    0x62: "li",
    0x63: "li",
}
_VIRAMA = 0x4D
_NUKTA = 0x3C
# Signs that add a nasal or breath: anusvara, candrabindu, visarga; Gurmukhi tippi.
_MODIFIERS: dict[int, str] = {0x01: "n", 0x02: "n", 0x03: "h", 0x70: "n"}
# Malayalam chillu letters: a consonant with no vowel.
_CHILLU: dict[int, str] = {0x7A: "n", 0x7B: "n", 0x7C: "r", 0x7D: "l", 0x7E: "l", 0x7F: "k"}
# Code points whose offset means something else in other blocks: Bengali khanda ta, Odia wa.
# Tamil ca is said "s" at the start of most names (Suresh, Selvi).
_SPECIAL = {0x09CE: "t", 0x0B71: "w", 0x0B9A: "s"}
_SPECIAL_CONSONANTS = {0x0B71, 0x0B9A}
# Scripts of languages that drop the inherent vowel inside words (गुरप्रीत = "gurpreet", कमला = "kamla").
_SCHWA_DELETING = {"devanagari", "gurmukhi", "gujarati"}
_INHERENT = "\x01"
# Nukta changes the sound of the consonant before it (ज़ = z, फ़ = f, ड़ = r).
_NUKTA_SHIFT = {
    "j": "z",
    "ph": "f",
    "d": "r",
    "dh": "rh",
    "k": "q",
    "kh": "kh",
    "g": "g",
    "s": "sh",
    "l": "l",
}


def script_of(text: str) -> str:
    """Name of the first Indic script found in ``text``, or ``"latin"``.

    >>> script_of("ਗੁਰਪ੍ਰੀਤ")
    'gurmukhi'
    """
    for ch in text:
        cp = ord(ch)
        if _FIRST <= cp <= _LAST:
            for name, base in SCRIPT_BLOCKS.items():
                if base <= cp < base + 0x80:
                    return name
    return "latin"


def to_latin(text: str) -> str:
    """Transliterate any Indic-script letters in ``text``; other characters pass through."""
    text = unicodedata.normalize("NFC", text)
    if not any(_FIRST <= ord(ch) <= _LAST for ch in text):
        return text
    original = text
    out: list[str] = []
    pending_a = False  # a consonant was written and its inherent vowel is not yet decided

    def settle() -> None:
        nonlocal pending_a
        if pending_a:
            out.append(_INHERENT)
            pending_a = False

    for ch in text:
        cp = ord(ch)
        if cp in _SPECIAL:
            settle()
            out.append(_SPECIAL[cp])
            pending_a = cp in _SPECIAL_CONSONANTS
            continue
        if not (_FIRST <= cp <= _LAST):
            settle()
            out.append(ch)
            continue
        off = (cp - _FIRST) % 0x80
        if off in _CONSONANTS:
            settle()
            out.append(_CONSONANTS[off])
            pending_a = True
        elif off == _NUKTA:
            if out and out[-1] in _NUKTA_SHIFT:
                out[-1] = _NUKTA_SHIFT[out[-1]]
        elif off in _MATRAS:
            pending_a = False
            out.append(_MATRAS[off])
        elif off == _VIRAMA:
            pending_a = False
        elif off in _VOWELS:
            settle()
            out.append(_VOWELS[off])
        elif off in _MODIFIERS:
            settle()
            out.append(_MODIFIERS[off])
        elif off in _CHILLU and cp >= 0x0D00:
            settle()
            out.append(_CHILLU[off])
        elif 0x66 <= off <= 0x6F:
            settle()
            out.append(str(off - 0x66))
        # other signs (length marks, avagraha, om) carry no sound we use
    settle()
    text = "".join(out)
    if script_of(original) in _SCHWA_DELETING:
        text = _delete_schwas(text)
    return text.replace(_INHERENT, "a")


_VOWEL_CHARS = set("aeiou" + _INHERENT)


def _delete_schwas(text: str) -> str:
    """Drop an inherent vowel between a vowel and a consonant that has its own vowel (VC_CV -> VCCV),
    never the first syllable's, and not one before the word's last consonant."""
    chars = list(text)
    n = len(chars)
    for i, ch in enumerate(chars):
        if ch != _INHERENT:
            continue
        j = i - 1
        while j >= 0 and chars[j].isalpha() and chars[j] not in _VOWEL_CHARS:
            j -= 1
        if j < 0 or chars[j] not in _VOWEL_CHARS or not chars[j].isalpha() and chars[j] != _INHERENT:
            continue
        k = i + 1
        while k < n and chars[k].isalpha() and chars[k] not in _VOWEL_CHARS:
            k += 1
        if k == i + 1 or k >= n or chars[k] not in _VOWEL_CHARS:
            continue
        if chars[k] == _INHERENT and (k + 1 >= n or not chars[k + 1].isalpha()):
            continue  # the next consonant's vowel is the word-final one, itself silent
        if k - i >= 3 and chars[i + 1] == chars[i + 2]:
            continue  # before a doubled consonant the vowel is said: Mohammad
        chars[i] = ""
    return "".join(chars)
