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

from collections.abc import Sequence
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
    if len(short) == 1:  # four in five pairs: one given name against a name
        return _one_token_level(short[0], long_)
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


def _one_token_level(t: str, long_: tuple[str, ...]) -> tuple[int, str]:
    """:func:`_core_level` of a one-token name ``t`` against ``long_``, without the bookkeeping that
    several tokens need (the same rule: the first token equal to ``t``, or of its skeleton and
    Jaro-Winkler >= 0.8)."""
    best_sim = 0.0
    t_skeleton = ""
    for u in long_:
        sim = _jw(t, u)
        if t == u or (sim >= 0.8 and (t_skeleton or (t_skeleton := skeleton(t))) == skeleton(u)):
            token = t if t == u else f"{t}|{u}"
            if t in PET_KEYS or u in PET_KEYS:
                return 5, token
            return (1 if len(long_) == 1 else 2), token
        if sim > best_sim:
            best_sim = sim
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


@lru_cache(maxsize=200_000)
def _similar_skeletons(x: str, y: str) -> bool:
    sx, sy = skeleton(x), skeleton(y)
    return sx == sy or (len(sx) >= 4 and _jw(sx, sy) >= 0.9)


def compare_pair(a: Profile, b: Profile, mode: str, face_level: int = 0) -> tuple[list[int], str]:
    """Levels for every comparison (in :data:`COMPARISONS` order), and the matched name token.

    ``face_level`` comes from :func:`childmatch.faces.face_level`: profiles hold no photos. For many
    pairs, :func:`compare_pairs` is much faster.
    """
    levels, tokens = compare_pairs([a], [b], mode, [face_level])
    return levels[0].tolist(), tokens[0]


# Columns of Profile.numbers.
_BIRTH, _TOL, _EVENT, _HEIGHT, _COMPLEXION, _GENDER, _STATE = range(7)


def compare_pairs(
    a: Sequence[Profile], b: Sequence[Profile], mode: str, face_levels: Sequence[int] | None = None
) -> tuple[np.ndarray, list[str]]:
    """Levels of the pairs ``(a[i], b[i])`` (a row each, in :data:`COMPARISONS` order) and each pair's
    matched name token.

    Words (names, homes, parents, languages, marks) are compared pair by pair; numbers (gender, age,
    dates, state, height, complexion) for all the pairs at once with numpy, which pays where there are
    many: a batch compares a few hundred queries' shortlists in one call.
    """
    n = len(a)
    link = mode == "link"
    text: list[int] = []
    tokens = [_text_levels(x, y, link, text) for x, y in zip(a, b)]
    levels = np.zeros((n, len(COMPARISONS)), dtype=np.int64)
    if not n:
        return levels, tokens
    levels[:, _TEXT] = np.array(text, dtype=np.int64).reshape(n, len(_TEXT))
    if face_levels is not None:
        levels[:, FACE] = face_levels
    na = np.frombuffer(b"".join([x.numbers for x in a]), np.float64).reshape(n, 7)
    nb = np.frombuffer(b"".join([y.numbers for y in b]), np.float64).reshape(n, 7)
    same_district = np.fromiter(
        (x.district != "" and x.district == y.district for x, y in zip(a, b)), bool, n
    )
    _number_levels(na.T, nb.T, link, same_district, levels)
    for i in np.flatnonzero(np.isin(levels[:, PLACE], (1, 2))).tolist():
        if tokens[i]:  # two records of one state: the name is weighed by its frequency there (tf_adjustment)
            tokens[i] = f"{a[i].state}:{tokens[i]}"
    return levels, tokens


def _number_levels(
    na: np.ndarray, nb: np.ndarray, link: bool, same_district: np.ndarray, lv: np.ndarray
) -> None:
    """Fill the levels of the comparisons of numbers into ``lv``; ``na``, ``nb``: the pairs'
    Profile.numbers by column, NaN where unknown."""
    with np.errstate(invalid="ignore", divide="ignore"):
        ga, gb = na[_GENDER], nb[_GENDER]
        lv[:, GENDER] = np.where((ga > 0) & (gb > 0), np.where(ga == gb, 1, 2), 0)
        ba = na[_BIRTH]
        z = np.abs(ba - nb[_BIRTH]) / np.power(na[_TOL] ** 2 + nb[_TOL] ** 2, 0.5)
        lv[:, AGE] = np.where(np.isnan(z), 0, 1 + np.searchsorted(_AGE_Z, z, side="left"))
        elapsed = nb[_EVENT] - na[_EVENT]
        if link:
            timeline = np.where(elapsed < -0.08, 1, 2 + np.searchsorted(_LINK_YEARS, elapsed, side="left"))
        else:
            timeline = 2 + np.searchsorted(_DEDUPE_YEARS, np.abs(elapsed), side="left")
        lv[:, TIMELINE] = np.where(np.isnan(elapsed), 0, timeline)
        sa, sb = na[_STATE], nb[_STATE]
        known = ~np.isnan(sa) & ~np.isnan(sb)
        relation = STATE_RELATION[
            np.where(known, sa, 0).astype(np.int64), np.where(known, sb, 0).astype(np.int64)
        ]
        lv[:, PLACE] = np.where(known, np.where(same_district, 1, relation), 0)
        ha, hb = na[_HEIGHT], nb[_HEIGHT]
        if link:
            grows = (elapsed > 0) & ~np.isnan(ba) & ~np.isnan(ha)
            expected = ha.copy()
            expected[grows] += _growth_many((na[_EVENT] - ba)[grows], elapsed[grows])
            gap = np.abs(hb - expected)
        else:
            gap = np.abs(ha - hb)
        lv[:, HEIGHT] = np.where(np.isnan(gap), 0, 1 + np.searchsorted(_HEIGHT_CM, gap, side="left"))
        d = np.abs(na[_COMPLEXION] - nb[_COMPLEXION])
        lv[:, COMPLEXION] = np.where(np.isnan(d), 0, np.minimum(d, 2) + 1)


# Bounds of the levels of numbers (a value equal to a bound takes the lower level): age by z-score
# (close .. far), years from missing to found (soon .. later; found over a month before it went missing:
# "before"), years apart in dedupe, height gap in cm.
_AGE_Z = np.array([1.0, 2.0, 3.5])
_LINK_YEARS = np.array([0.08, 2.0])
_DEDUPE_YEARS = np.array([0.08, 1.0])
_HEIGHT_CM = np.array([6.0, 14.0])


def _growth_many(age: np.ndarray, years: np.ndarray) -> np.ndarray:
    """Expected height gained by children of ``age`` over ``years`` (cm), from Indian growth charts,
    rounded: a year at a time, at the rate of the age the year starts at. Past :data:`_GROWTH_YEARS` years
    every child grows at the adult rate, so a file's impossible dates (year 1 against year 9999) cost no
    more than twenty years each.

    >>> _growth_many(np.array([3.5, 12.0, 5.0]), np.array([2.0, 0.5, 9000.0])).tolist()
    [15.0, 3.25, 7252.7]
    """
    if not len(age):
        return np.zeros(0)
    k = np.arange(min(int(np.ceil(years.max())), _GROWTH_YEARS))
    step = np.clip(years[:, None] - k, 0.0, 1.0)
    rate = _GROWTH_RATE[np.searchsorted(_GROWTH_AGES, age[:, None] + k, side="right")]
    return (rate * step).sum(axis=1) + np.maximum(years - _GROWTH_YEARS, 0.0) * _GROWTH_RATE[-1]


# Growth in cm a year by age: 9 under 4, 6 to 11, 6.5 to 14 (the growth spurt), 3 to 16, then 0.8.
_GROWTH_AGES = np.array([4.0, 11.0, 14.0, 16.0])
_GROWTH_RATE = np.array([9.0, 6.0, 6.5, 3.0, 0.8])
#: Years stepped through one by one; a child of any age is an adult by then.
_GROWTH_YEARS = 20


#: The comparisons of words, in the order :func:`_text_levels` gives their levels.
_TEXT = [NAME, HOME, FATHER, MOTHER, LANG, MARKS]


def _text_levels(a: Profile, b: Profile, link: bool, out: list[int]) -> str:
    """Append the levels of the comparisons of words (:data:`_TEXT`) to ``out``; return the matched name
    token."""
    an, bn = a.names, b.names
    if not an or not bn:
        name, token = 0, ""
    elif len(an) == 1 and len(bn) == 1:  # compare_names' common case, without its call
        name, token = _core_level(an[0].core, bn[0].core)
    else:
        name, token = compare_names(an, bn)
    home = 0
    if link:
        recalled = _recalled(b.home)
        if recalled:
            home = 1 if _homes_agree(recalled, a.home) else 2
    else:
        # Two records of one side: their homes agree on a village or a place recalled, not on the district
        # or state every report of the area names (the place comparison counts those).
        ha, hb = _own_places(a.home), _own_places(b.home)
        if ha and hb:
            districts = {a.district, b.district}
            ha, hb = ha - districts, hb - districts
        if ha and hb:
            home = 1 if _homes_agree(ha, hb) else 2
    # _parent_level, inlined: two calls per pair saved on the engine's hottest path.
    fa, fb, ma, mb = a.father.core, b.father.core, a.mother.core, b.mother.core
    father = _PARENT_OF_NAME[_core_level(fa, fb)[0]] if fa and fb else 0
    mother = _PARENT_OF_NAME[_core_level(ma, mb)[0]] if ma and mb else 0
    if father == 0 and mother == 0 and a.guardian.core and b.guardian.core:
        father = _parent_level(a.guardian, b.guardian)
    lang = (2 if a.languages.isdisjoint(b.languages) else 1) if a.languages and b.languages else 0
    # Marks on one side only: mark_agreement says -1, null.
    marks = (4, 3, 2, 1)[mark_agreement(a.marks, b.marks)] if a.marks and b.marks else 0
    out += (name, home, father, mother, lang, marks)
    return token


#: The relation of every pair of states as a place level (2 same state .. 5 far), for numpy.
STATE_RELATION: np.ndarray = np.array(
    [[("same", "near", "route", "far").index(relation(a, b)) + 2 for b in STATES] for a in STATES]
)
