"""Indian-name normalisation: one phonetic key per name token, whatever the script or spelling.

English phonetic codes (Soundex, Metaphone) were built for English surnames; on Indian names they both merge
names that differ (Soundex: "Rani" = "Ram"... ) and split the same name written two ways ("Lakshmi" vs
"Laxmi"). Instead the key folds exactly the variation Indian spelling shows:

* aspirates: bh/b dh/d th/t kh/k gh/g jh/j ph/f; ksh/x; sh/s; z/j; q/k; v/w/b;
* vowel length aa/a ee/i oo/u; ai/e; au/o; Bengali o/a; -iya/-ia; final -y/-i;
* doubled letters; a dropped final -a; m before a labial written n.

>>> phonetic_key("Lakshmi") == phonetic_key("Laxmi")
True
>>> phonetic_key("Bhoomika") == phonetic_key("Bhumika")
True
>>> parse_name("Md. Irfan Khan").core
('irfan', 'kan')
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from functools import lru_cache

from .scripts import to_latin

_RULES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(p), r)
    for p, r in (
        (r"ksh", "x"),
        (r"chh|ch", "C"),
        (r"ck", "k"),
        (r"c", "k"),
        (r"C", "c"),
        (r"ph", "f"),
        (r"zh", "l"),  # Tamil/Malayalam retroflex approximant: Azhagu / Alagu
        (r"sh", "s"),
        (r"([bdtkgjr])h", r"\1"),
        (r"z", "j"),
        (r"q", "k"),
        (r"[wv]", "b"),
        (r"iy(?=[aeiou])", "i"),
        (r"y$", "i"),
        (r"ee|ii|ie$", "i"),
        (r"oo|uu|ou", "u"),
        (r"ai|ei|ay(?![aeiou])", "e"),
        (r"au|aw", "o"),
        (r"o", "a"),
        (r"aa", "a"),
        (r"m(?=[bp])", "n"),
        (r"(.)\1+", r"\1"),
        (r"(?<=.)h$", ""),
        (r"(?<=..)a$", ""),
    )
)
_NON_LETTER = re.compile(r"[^a-z]")
_SPLIT = re.compile(r"[\s,./\-_()'’\"]+")

HONORIFICS = frozenset(
    {
        "sri",
        "shri",
        "shree",
        "sree",
        "smt",
        "shrimati",
        "srimati",
        "mr",
        "mrs",
        "ms",
        "km",
        "kum",
        "master",
        "baby_of",
        "bo",
        "do",
        "so",
        "late",
        "thiru",
        "selvi",
        "selvan",
    }
)
#: Words that are often added or dropped around a name; they carry little evidence of identity.
FILLERS = frozenset(
    {
        "kumar",
        "kumari",
        "devi",
        "singh",
        "kaur",
        "bai",
        "ben",
        "behen",
        "begum",
        "khatun",
        "khatoon",
        "bibi",
        "mohammad",
        "kr",
    }
)
_MOHAMMAD = frozenset(
    {
        "md",
        "mohd",
        "mohammad",
        "mohammed",
        "muhammad",
        "mohamad",
        "mohamed",
        "muhammed",
        "mahammad",
        "mahmad",
        "mohmad",
    }
)
#: Names for a child whose name is not known.
NON_NAMES = frozenset(
    {
        "unknown",
        "unkown",
        "unknwn",
        "baby",
        "girl",
        "boy",
        "child",
        "unnamed",
        "anonymous",
        "na",
        "nil",
        "none",
        "notknown",
        "not",
        "known",
        "ajnabi",
        "agyat",
        "bacha",
        "bachcha",
        "bachi",
        "bachchi",
        "ladka",
        "ladki",
        "female",
        "male",
        "name",
        "x",
        "xx",
        "xxx",
        "unidentified",
        "nameless",
        "anjan",
        "anjaan",
        "beti",
        "beta",
    }
)
#: Pet names (ghar ka naam) used for many different children.
PET_NAMES = frozenset(
    {
        "guddu",
        "guddi",
        "gudiya",
        "munna",
        "munni",
        "chhotu",
        "chotu",
        "chhoti",
        "choti",
        "pinky",
        "pinki",
        "bablu",
        "babloo",
        "babli",
        "sonu",
        "monu",
        "golu",
        "pappu",
        "bittu",
        "chintu",
        "tinku",
        "rinku",
        "pintu",
        "bunty",
        "bunti",
        "lucky",
        "sweety",
        "sweeti",
        "dolly",
        "mintu",
        "kalu",
        "kallu",
        "lalu",
        "bholu",
        "nannu",
        "tuntun",
        "babu",
        "chutki",
        "chhutki",
        "pihu",
        "kittu",
        "nikki",
        "sanju",
        "raju",
        "appu",
        "kannan",
        "chinnu",
        "ammu",
        "kuttan",
        "kutti",
        "bubai",
        "tubai",
        "mamoni",
        "khoka",
        "khuki",
        "buri",
        "dada",
        "raja",
        "rani",
        "lado",
        "laddu",
        "motu",
        "chunnu",
        "munnu",
        "titu",
        "bantu",
        "puja_pet",
    }
)


@lru_cache(maxsize=200_000)
def phonetic_key(token: str) -> str:
    """Key of one name token: equal keys are spellings of one name (see the module docstring)."""
    s = _NON_LETTER.sub("", to_latin(token).lower())
    if not s:
        return ""
    for pattern, repl in _RULES:
        s = pattern.sub(repl, s)
    return s


_VOICING = str.maketrans({"g": "k", "j": "c", "d": "t", "b": "p", "x": "k", "f": "p", "l": "r"})


@lru_cache(maxsize=200_000)
@lru_cache(maxsize=100_000)
def skeleton(key: str) -> str:
    """Consonant skeleton of a key, voicing merged: survives schwa deletion and Tamil's k/g, t/d letters.

    >>> skeleton(phonetic_key("Kamala")) == skeleton(phonetic_key("Kamla"))
    True
    """
    if not key:
        return ""
    body = re.sub(r"[aeiouy]", "", key[1:])
    return (key[0] + body).translate(_VOICING)


@dataclass(frozen=True, slots=True)
class NameParts:
    """A name broken into keys.

    ``core`` are the identifying tokens (given names and surnames, in order); ``pets`` the subset of core
    tokens that are common pet names; ``fillers`` words like Kumar/Devi/Singh; ``initials`` South Indian
    initials. ``core`` is empty for "Unknown", "Baby Girl" and the like.
    """

    core: tuple[str, ...] = ()
    pets: frozenset[str] = frozenset()
    fillers: frozenset[str] = frozenset()
    initials: frozenset[str] = frozenset()

    @property
    def empty(self) -> bool:
        return not self.core


_EMPTY = NameParts()
PET_KEYS = frozenset(phonetic_key(p) for p in PET_NAMES)
_NON_NAME_KEYS = frozenset(phonetic_key(p) for p in NON_NAMES) | {"ajnat", "agyat", "anjan"}
_FILLER_KEYS = frozenset(phonetic_key(p) for p in FILLERS)
_HONORIFIC_KEYS = frozenset(phonetic_key(p) for p in HONORIFICS)


@lru_cache(maxsize=200_000)
def parse_name(text: str) -> NameParts:
    """Split a name into keys; see :class:`NameParts`.

    >>> parse_name("Baby Girl").empty
    True
    >>> parse_name("K. Ramesh").initials
    frozenset({'k'})
    """
    if not text or not text.strip():
        return _EMPTY
    core: list[str] = []
    pets: set[str] = set()
    fillers: set[str] = set()
    initials: set[str] = set()
    for raw in _SPLIT.split(to_latin(text).lower()):
        raw = _NON_LETTER.sub("", raw)
        if not raw:
            continue
        if raw in _MOHAMMAD:
            fillers.add("mhd")
            continue
        if len(raw) == 1:
            initials.add(raw)
            continue
        key = phonetic_key(raw)
        if key in _HONORIFIC_KEYS or raw in HONORIFICS:
            continue
        if key in _NON_NAME_KEYS or raw in NON_NAMES:
            continue
        if key in _FILLER_KEYS or raw in FILLERS:
            fillers.add(key)
            continue
        if len(key) < 2:
            initials.add(key[:1])
            continue
        core.append(key)
        if key in PET_KEYS:
            pets.add(key)
    return NameParts(tuple(sys.intern(k) for k in core), _shared(pets), _shared(fillers), _shared(initials))


_NONE: frozenset[str] = frozenset()


def _shared(items: set[str]) -> frozenset[str]:
    """The one empty frozenset for an empty set: a million names would otherwise hold three million
    empty frozensets of 216 bytes each (measured: most of an index's memory)."""
    return frozenset(sys.intern(x) for x in items) if items else _NONE


def is_pet_name(text: str) -> bool:
    """True if ``text`` is one of the common pet names."""
    return phonetic_key(text) in PET_KEYS
