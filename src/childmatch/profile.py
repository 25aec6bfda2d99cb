"""A record's comparison-ready features, computed once when the record enters the engine.

>>> from childmatch.records import Record
>>> p = profile_of(Record.from_dict({"record_id": "F1", "side": "found", "name": "गुड्डू",
...                                 "age_years": "10", "event_date": "2024-01-01"}))
>>> p.names[0].core, round(p.birth, 1)
(('gudu',), 2013.5)
"""

from __future__ import annotations

import math
import re
import struct
import sys
from dataclasses import dataclass

from .geography import STATE_NUMBER, place_key, state_code
from .marks import Mark, parse_marks
from .names import NameParts, parse_name
from .records import Record

_COMPLEXION = {
    "very fair": 0,
    "fair": 0,
    "gora": 0,
    "wheatish": 1,
    "medium": 1,
    "brown": 1,
    "sanwla": 2,
    "dusky": 2,
    "dark": 3,
    "very dark": 3,
    "black": 3,
    "kala": 3,
}
_LANG = {"bangla": "bengali", "oriya": "odia", "urdu": "urdu", "panjabi": "punjabi"}
_WORD = re.compile(r"[^\W\d_]+")


@dataclass(frozen=True, slots=True)
class Profile:
    """Normalised features of one record (see :func:`profile_of`)."""

    record_id: str
    side: str
    names: tuple[NameParts, ...]  # the name, then each alias; empty ones dropped
    gender: str
    birth: float | None  # estimated birth, in fractional years
    birth_tol: float  # how far ``birth`` may be off, in years (one standard error)
    event: float | None  # event date in fractional years
    state: str
    district: str
    place: str
    home: frozenset[str]  # place-name keys the record mentions as home
    father: NameParts
    mother: NameParts
    guardian: NameParts
    languages: frozenset[str]
    height: float | None
    complexion: int | None
    marks: frozenset[Mark]
    #: birth, birth_tol, event, height, complexion, gender and state as 7 doubles (NaN where unknown), for
    #: the comparisons that numpy makes for many pairs at once (compare.compare_pairs); 89 bytes.
    numbers: bytes = b""


def _year(d: object) -> float | None:
    if d is None:
        return None
    return d.year + (d.timetuple().tm_yday - 0.5) / 365.25  # type: ignore[attr-defined]


def birth_estimate(record: Record) -> tuple[float | None, float]:
    """Estimated birth (fractional year) and its uncertainty in years.

    A date of birth is taken as exact (0.3 y for clerical error); a missing report's age as given by the
    family (0.7 y); a found child's age is an estimate whose error grows with age.
    """
    if record.date_of_birth is not None:
        return _year(record.date_of_birth), 0.3
    if record.age_years is not None and record.event_date is not None:
        event = _year(record.event_date)
        assert event is not None
        tol = 0.7 if record.side == "missing" else 0.8 + 0.12 * record.age_years
        return event - record.age_years - 0.5, tol
    return None, 0.0


_SIDE = {"missing": "missing", "found": "found"}
_GENDER = {"M": 1, "F": 2, "T": 3}
_NUMBERS = struct.Struct("7d")

_SHARED: dict[frozenset, frozenset] = {}


def shared(items: frozenset) -> frozenset:  # type: ignore[type-arg]
    """One object per distinct set of places, languages or marks: most records share them with many
    others, and a small frozenset costs 216 bytes. The table is cleared when it grows past 200,000."""
    if not items:
        return _NO_ITEMS
    found = _SHARED.get(items)
    if found is None:
        if len(_SHARED) >= 200_000:
            _SHARED.clear()
        found = _SHARED[items] = items
    return found


_NO_ITEMS: frozenset = frozenset()  # type: ignore[type-arg]


def languages_of(names: tuple[str, ...]) -> frozenset[str]:
    """Languages, spelled one way; Hindi and Urdu, one spoken language, also count as "hindustani", so a
    child whose family wrote Urdu and whose CCI wrote Hindi shares a language."""
    out = {_LANG.get(x.lower(), x.lower()) for x in names}
    if out & {"hindi", "urdu"}:
        out.add("hindustani")
    return shared(frozenset(out))


def profile_of(record: Record) -> Profile:
    """Compute a record's :class:`Profile`."""
    names = tuple(p for p in (parse_name(n) for n in (record.name, *record.alias)) if not p.empty)
    birth, tol = birth_estimate(record)
    home = {sys.intern(place_key(w)) for w in _WORD.findall(record.address) if len(w) > 2}
    if record.side == "missing":
        home |= {sys.intern(place_key(x)) for x in (record.district, record.place, record.state)}
    home.discard("")
    event = _year(record.event_date)
    complexion = _COMPLEXION.get(record.complexion.strip().lower())
    state = state_code(record.state)
    return Profile(
        record_id=record.record_id,
        side=_SIDE[record.side],
        names=names,
        gender=record.gender,
        birth=birth,
        birth_tol=tol,
        event=event,
        state=state,
        district=sys.intern(place_key(record.district)),
        place=sys.intern(place_key(record.place)),
        home=shared(frozenset(home)),
        father=parse_name(record.father_name),
        mother=parse_name(record.mother_name),
        guardian=parse_name(record.guardian_name),
        languages=languages_of(record.languages),
        height=record.height_cm,
        complexion=complexion,
        marks=shared(parse_marks(record.identification_marks)),
        numbers=_NUMBERS.pack(
            *(
                math.nan if x is None else float(x)
                for x in (
                    birth,
                    tol,
                    event,
                    record.height_cm,
                    complexion,
                    _GENDER.get(record.gender),
                    STATE_NUMBER.get(state),
                )
            )
        ),
    )
