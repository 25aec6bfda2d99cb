"""Comparisons: each turns a pair of profiles into one level of agreement for one kind of evidence.

Level 0 of every comparison is "null" (one side has no data); it contributes nothing to the score.
In ``link`` mode ``a`` is the missing report and ``b`` the found child; in ``dedupe`` mode both are on
one side and every comparison is symmetric.

>>> from childmatch.records import Record
>>> from childmatch.profile import profile_of
>>> m = profile_of(Record.from_dict({"record_id": "M", "side": "missing", "name": "Lakshmi Devi"}))
>>> f = profile_of(Record.from_dict({"record_id": "F", "side": "found", "name": "लक्ष्मी"}))
>>> label(0, compare_pair(m, f, "link")[0][0])
'exact'
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from rapidfuzz.distance import JaroWinkler

from .faces.comparison import DESCRIPTIONS as FACE_DESCRIPTIONS
from .faces.comparison import LEVELS as FACE_LEVELS
from .geography import STATES, place_key, relation
from .marks import mark_agreement
from .names import PET_KEYS, NameParts, skeleton
from .profile import Profile


@dataclass(frozen=True, slots=True)
class Comparison:
    """One kind of evidence and its levels (``levels[0]`` is always ``"null"``)."""

    field: str
    levels: tuple[str, ...]
    descriptions: tuple[str, ...]


COMPARISONS: tuple[Comparison, ...] = (
    Comparison(
        "name",
        ("null", "exact", "subset", "fuzzy", "conflict", "pet", "weak", "different"),
        (
            "no usable name on one side",
            "same name (any script, spelling, order)",
            "one name contains the other (surname missing)",
            "similar spelling",
            "given name agrees, surname differs",
            "only a common pet name agrees",
            "faintly similar",
            "different names",
        ),
    ),
    Comparison(
        "gender", ("null", "same", "different"), ("gender not recorded", "same gender", "different gender")
    ),
    Comparison(
        "age",
        ("null", "close", "near", "off", "far"),
        (
            "age or dates not recorded",
            "age fits the time elapsed",
            "age roughly fits",
            "age fits poorly",
            "age does not fit",
        ),
    ),
    Comparison(
        "timeline",
        ("null", "before", "soon", "within_2y", "later"),
        (
            "dates not recorded",
            "found before going missing / far apart",
            "within a month",
            "within two years / within a year",
            "years later / years apart",
        ),
    ),
    Comparison(
        "place",
        ("null", "district", "state", "near", "route", "far"),
        (
            "place not recorded",
            "same district",
            "same state",
            "neighbouring state",
            "state on a known long route",
            "far away",
        ),
    ),
    Comparison(
        "home",
        ("null", "mentioned", "none"),
        ("child recalls nothing of home", "recalled home matches the place", "recalled home does not match"),
    ),
    Comparison(
        "father",
        ("null", "same", "partial", "different"),
        (
            "father's name not on both",
            "same father's name",
            "father's name partly agrees",
            "different father's name",
        ),
    ),
    Comparison(
        "mother",
        ("null", "same", "partial", "different"),
        (
            "mother's name not on both",
            "same mother's name",
            "mother's name partly agrees",
            "different mother's name",
        ),
    ),
    Comparison(
        "languages",
        ("null", "shared", "none_shared"),
        ("languages not recorded", "speaks a language in common", "no language in common"),
    ),
    Comparison(
        "height",
        ("null", "close", "near", "far"),
        ("height not recorded", "height fits growth", "height roughly fits", "height does not fit"),
    ),
    Comparison(
        "complexion",
        ("null", "same", "adjacent", "far"),
        ("complexion not recorded", "same complexion", "similar complexion", "different complexion"),
    ),
    Comparison(
        "marks",
        ("null", "same", "similar", "kind", "different"),
        (
            "marks not on both",
            "same mark, place and side",
            "same kind of mark on the same region",
            "same kind of mark elsewhere",
            "marks differ",
        ),
    ),
    # Levels and weights: childmatch/faces/comparison.py; the level is given by whoever holds the faces.
    Comparison("face", FACE_LEVELS, FACE_DESCRIPTIONS),
)
FIELDS: tuple[str, ...] = tuple(c.field for c in COMPARISONS)
NAME, GENDER, AGE, TIMELINE, PLACE, HOME, FATHER, MOTHER, LANG, HEIGHT, COMPLEXION, MARKS, FACE = range(13)


def label(comparison: int, level: int) -> str:
    """Label of a level, e.g. ``label(0, 1) == 'exact'``."""
    return COMPARISONS[comparison].levels[level]


#: Jaro-Winkler similarity of two strings (0..1), called directly: no Python frame around it.
_jw = JaroWinkler.normalized_similarity


# Order of name levels from best to worst (lower rank is better).
_NAME_RANK = {1: 0, 2: 1, 3: 2, 4: 3, 5: 4, 6: 5, 7: 6}


def name_pair_level(a: NameParts, b: NameParts) -> tuple[int, str]:
    """Name level for two parsed names, and the matched token (for frequency weighting)."""
    return _core_level(a.core, b.core)


@lru_cache(maxsize=500_000)
def _core_level(a: tuple[str, ...], b: tuple[str, ...]) -> tuple[int, str]:
    # Keyed by the core tokens alone (a name's pet tokens are those of its core in PET_KEYS): hashing
    # two tuples of interned strings is cheaper than hashing the NameParts around them.
    if a == b:
        token = max(a, key=len)
        return (5 if all(t in PET_KEYS for t in a) else 1), token
    short, long_ = (a, b) if len(a) <= len(b) else (b, a)
    matched: list[tuple[str, str]] = []
    used: set[int] = set()
    best_sim = 0.0
    # Two tokens are one name if equal, or of one skeleton and Jaro-Winkler >= 0.8. Each skeleton and
    # similarity is taken once: much of the engine's time is here (half the pairs of names miss the cache).
    long_skeletons = [skeleton(u) for u in long_]
    for t in short:
        t_skeleton = skeleton(t)
        for j, u in enumerate(long_):
            if j in used:
                continue
            sim = _jw(t, u)
            if t == u or (t_skeleton == long_skeletons[j] and sim >= 0.8):
                matched.append((t, u))
                used.add(j)
                break
            if sim > best_sim:
                best_sim = sim
    if matched:
        # Two spellings of one name: weigh the agreement by the commoner one (model.tf_adjustment), so a
        # typo ("Kwaya" for Kavya) is not mistaken for a rare name.
        t, u = max(matched, key=lambda tu: len(tu[0]))
        token = t if t == u else f"{t}|{u}"
        if all(t in PET_KEYS or u in PET_KEYS for t, u in matched):
            return 5, token
        if len(matched) == len(short):
            return (1 if len(short) == len(long_) else 2), token
        return 4, token
    if best_sim >= 0.88:
        return 3, ""
    if best_sim >= 0.75:
        return 6, ""
    return 7, ""


def compare_names(a: tuple[NameParts, ...], b: tuple[NameParts, ...]) -> tuple[int, str]:
    """Best name level over the names and aliases of both sides."""
    if not a or not b:
        return 0, ""
    if len(a) == 1 and len(b) == 1:  # nearly every pair: no aliases
        return _core_level(a[0].core, b[0].core)
    best = (7, "")
    for na in a:
        for nb in b:
            lv = _core_level(na.core, nb.core)
            if _NAME_RANK[lv[0]] < _NAME_RANK[best[0]]:
                best = lv
                if lv[0] == 1:
                    return best
    return best


#: Parent level of each name level: exact or subset "same", fuzzy, conflict or pet "partial", else "different".
_PARENT_OF_NAME = (3, 1, 1, 2, 2, 2, 3, 3)


def _parent_level(a: NameParts, b: NameParts) -> int:
    if not a.core or not b.core:
        return 0
    return _PARENT_OF_NAME[_core_level(a.core, b.core)[0]]


def _growth(age: float, years: float) -> float:
    """Expected height gained by a child of ``age`` over ``years`` (cm), from Indian growth charts, rounded."""
    grown, t = 0.0, age
    while years > 0:
        step = min(1.0, years)
        rate = 9.0 if t < 4 else 6.0 if t < 11 else 6.5 if t < 14 else 3.0 if t < 16 else 0.8
        grown += rate * step
        years -= step
        t += step
    return grown


_HOME_STOP = frozenset(
    {
        "vil",
        "vilag",
        "vill",
        "gram",
        "gaun",
        "post",
        "rad",
        "near",
        "dist",
        "distrikt",
        "tana",
        "ps",
        "hause",
        "ward",
        "mahala",
        "galli",
        "gali",
        "the",
        "and",
        "lan",
        "bazar",
        "stesan",
        "nagar",
        "pur",
        "sahar",
        "mandir",
        "masjid",
        "skul",
    }
)


_STATE_KEYS = frozenset(place_key(n) for names in STATES.values() for n in names)


def _homes_agree(a: frozenset[str], b: frozenset[str]) -> bool:
    """A place in common: the same key, or a village name of 5+ letters spelled two ways by two writers
    (same consonant skeleton, Jaro-Winkler >= 0.85: "Hachotaganj" ~ "Hachotaanja")."""
    if not a.isdisjoint(b):
        return True
    return any(
        _jw(x, y) >= 0.85 and _similar_skeletons(x, y) for x in _long_places(a) for y in _long_places(b)
    )


@lru_cache(maxsize=100_000)
def _long_places(places: frozenset[str]) -> tuple[str, ...]:
    """The places of 5+ letters: the only ones two spellings of a village are looked for in."""
    return tuple(x for x in places if len(x) >= 5)


@lru_cache(maxsize=100_000)
def _recalled(home: frozenset[str]) -> frozenset[str]:
    """The places of a home worth comparing (words like "village" or "near" left out); homes are shared
    objects (profile.shared) and a frozenset keeps its hash, so this is one dict look-up per pair."""
    return home - _HOME_STOP


@lru_cache(maxsize=100_000)
def _own_places(home: frozenset[str]) -> frozenset[str]:
    """:func:`_recalled` less every state's name (for two records of one side, see ``_text_levels``)."""
    return home - _HOME_STOP - _STATE_KEYS


@lru_cache(maxsize=4096)
def _place_level(a: str, b: str) -> int:
    """Place level of two different districts' states: 2 same state .. 5 far."""
    return ("same", "near", "route", "far").index(relation(a, b)) + 2


@lru_cache(maxsize=200_000)
def _similar_skeletons(x: str, y: str) -> bool:
    sx, sy = skeleton(x), skeleton(y)
    return sx == sy or (len(sx) >= 4 and _jw(sx, sy) >= 0.9)


def compare_pair(a: Profile, b: Profile, mode: str, face_level: int = 0) -> tuple[list[int], str]:
    """Levels for every comparison (in :data:`COMPARISONS` order), and the matched name token.

    ``face_level`` comes from :func:`childmatch.faces.face_level`: profiles hold no photos.
    """
    lv = [0] * 13
    lv[FACE] = face_level
    token = _text_levels(a, b, mode, lv)
    if a.gender and b.gender:
        lv[GENDER] = 1 if a.gender == b.gender else 2
    if a.birth is not None and b.birth is not None:
        z = abs(a.birth - b.birth) / (a.birth_tol**2 + b.birth_tol**2) ** 0.5
        lv[AGE] = 1 if z <= 1 else 2 if z <= 2 else 3 if z <= 3.5 else 4
    elapsed = None
    if a.event is not None and b.event is not None:
        elapsed = b.event - a.event
        if mode == "link":
            lv[TIMELINE] = 1 if elapsed < -0.08 else 2 if elapsed <= 0.08 else 3 if elapsed <= 2 else 4
        else:
            gap = abs(elapsed)
            lv[TIMELINE] = 2 if gap <= 0.08 else 3 if gap <= 1 else 4
    if a.state and b.state:
        if a.district and a.district == b.district:
            lv[PLACE] = 1
        else:
            lv[PLACE] = _place_level(a.state, b.state)
    if a.height is not None and b.height is not None:
        expected = a.height
        if mode == "link" and elapsed is not None and elapsed > 0 and a.birth is not None:
            expected += _growth(a.event - a.birth if a.event else 10.0, elapsed)
        gap = abs(b.height - expected) if mode == "link" else abs(a.height - b.height)
        lv[HEIGHT] = 1 if gap <= 6 else 2 if gap <= 14 else 3
    if a.complexion is not None and b.complexion is not None:
        d = abs(a.complexion - b.complexion)
        lv[COMPLEXION] = 1 if d == 0 else 2 if d == 1 else 3
    return lv, _state_token(token, lv[PLACE], a.state)


def _state_token(token: str, place: int, state: str) -> str:
    # Two records of one state: their name is weighed by its frequency in that state (model.tf_adjustment).
    return f"{state}:{token}" if token and place in (1, 2) else token


def _text_levels(a: Profile, b: Profile, mode: str, lv: list[int]) -> str:
    """Fill the levels of the comparisons of words (name, home, parents, languages, marks) into ``lv``;
    return the matched name token."""
    an, bn = a.names, b.names
    if len(an) == 1 and len(bn) == 1:  # compare_names' common case, without its call
        lv[NAME], token = _core_level(an[0].core, bn[0].core)
    else:
        lv[NAME], token = compare_names(an, bn)
    if mode == "link":
        recalled = _recalled(b.home)
        if recalled:
            lv[HOME] = 1 if _homes_agree(recalled, a.home) else 2
    else:
        # Two records of one side: their homes agree on a village or a place recalled, not on the district
        # or state every report of the area names (the place comparison counts those).
        ha, hb = _own_places(a.home), _own_places(b.home)
        if ha and hb:
            districts = {a.district, b.district}
            ha, hb = ha - districts, hb - districts
        if ha and hb:
            lv[HOME] = 1 if _homes_agree(ha, hb) else 2
    # _parent_level, inlined: two calls per pair saved on the engine's hottest path.
    fa, fb, ma, mb = a.father.core, b.father.core, a.mother.core, b.mother.core
    if fa and fb:
        lv[FATHER] = _PARENT_OF_NAME[_core_level(fa, fb)[0]]
    if ma and mb:
        lv[MOTHER] = _PARENT_OF_NAME[_core_level(ma, mb)[0]]
    if lv[FATHER] == 0 and lv[MOTHER] == 0 and a.guardian.core and b.guardian.core:
        lv[FATHER] = _parent_level(a.guardian, b.guardian)
    if a.languages and b.languages:
        lv[LANG] = 2 if a.languages.isdisjoint(b.languages) else 1
    if a.marks and b.marks:  # else mark_agreement says -1: null
        lv[MARKS] = (4, 3, 2, 1)[mark_agreement(a.marks, b.marks)]
    return token


STATE_NUMBER: dict[str, int] = {s: i for i, s in enumerate(STATES)}
#: The relation of every pair of states as a place level (2 same state .. 5 far), for numpy.
STATE_RELATION: np.ndarray = np.array(
    [[("same", "near", "route", "far").index(relation(a, b)) + 2 for b in STATES] for a in STATES]
)
