"""Retrieval keys: the several compact keys under which a record is filed, so that a true pair shares at
least one of them even when names, places or ages disagree.

A key is ``<kind>|<value>|<gender>|<birth band>``; birth bands are 3 years wide and a query also looks in
the two neighbouring bands, since a found child's age is an estimate. Kinds:

* ``N`` every name token (name and aliases, any script, phonetic key);
* ``S`` the consonant skeleton of the first name token (misspellings, schwa deletion, Tamil k/g);
* ``A`` the first three and the last three letters of the first name token's key, if it has five or more
  (a typo that changes the skeleton rarely changes both ends);
* ``P`` parents' and guardian's first name tokens (no gender: the child's gender may be mis-recorded);
* ``D`` the district, and every place the record mentions as home (what a found child recalls);
* ``K`` each identification mark (kind and body region);
* ``T`` the state, for the found child with nothing else to go on.

>>> from childmatch.records import Record
>>> from childmatch.profile import profile_of
>>> p = profile_of(Record.from_dict({"record_id": "1", "side": "missing", "name": "Ravi Kumar",
...     "gender": "M", "age_years": "7", "event_date": "2020-05-01"}))
>>> record_keys(p)[:2]
['N|rabi|M|', 'S|rp|M|']
"""

from __future__ import annotations

from functools import lru_cache

from .compare import STATE_RELATION  # noqa: F401 - used by index
from .geography import STATE_NUMBER, STATES, relation  # noqa: F401 - STATE_NUMBER used by index
from .marks import _REGION
from .names import skeleton
from .profile import Profile

BAND_YEARS = 3.0
#: Relative importance of each kind of key in the pre-score that picks which candidates get scored.
KIND_WEIGHT = {"N": 1.0, "S": 0.6, "A": 0.4, "P": 0.9, "D": 0.7, "K": 0.8, "T": 0.3}


def band_of(p: Profile) -> int | None:
    return None if p.birth is None else int(p.birth // BAND_YEARS)


def record_keys(p: Profile) -> list[str]:
    """Keys a record is filed under (band left off: the index appends it)."""
    g = p.gender
    keys: list[str] = []
    first = True
    for name in p.names:
        for t in name.core:
            keys.append(f"N|{t}|{g}|")
            if first:
                keys.append(f"S|{skeleton(t)}|{g}|")
                if len(t) >= 5:  # a typo changes the skeleton, rarely both ends of the name
                    keys += [f"A|{t[:3]}^|{g}|", f"A|^{t[-3:]}|{g}|"]
                first = False
    for parent in (p.father, p.mother, p.guardian):
        if parent.core:
            keys.append(f"P|{parent.core[0]}||")
    places = set(p.home)
    if p.district:
        places.add(p.district)
    for d in places:
        keys.append(f"D|{d}|{g}|")
    for kind, part, _side in p.marks:
        keys.append(f"K|{kind}{_REGION.get(part, '')}|{g}|")
    if p.state:
        keys.append(f"T|{p.state}|{g}|")
    return list(dict.fromkeys(keys))


def query_keys(p: Profile) -> list[str]:
    """Keys to look up for a query record: its own keys; the state key only for a child with no name,
    widened to the neighbouring states and those on known routes."""
    keys = [k for k in record_keys(p) if not k.startswith("T|")]
    if not p.names and p.state:
        keys.append(f"T|{p.state}|{p.gender}|")
        keys += [f"T|{s}|{p.gender}|" for s in linked_states(p.state)]
    return keys


@lru_cache(maxsize=64)
def linked_states(state: str) -> tuple[str, ...]:
    """Neighbouring states and states on a known long route from or to ``state``."""
    return tuple(s for s in STATES if s != state and relation(state, s) in ("near", "route"))


def query_bands(p: Profile) -> list[int | None]:
    """Birth bands to look in: the query's birth +- 2.5 combined standard errors, then "no birth"."""
    if p.birth is None:
        return [None]
    reach = 2.5 * (p.birth_tol**2 + 0.8**2) ** 0.5
    first, last = int((p.birth - reach) // BAND_YEARS), int((p.birth + reach) // BAND_YEARS)
    own = int(p.birth // BAND_YEARS)
    return [own] + [b for b in range(first, last + 1) if b != own] + [None]


def kind_weight(key: str) -> float:
    return KIND_WEIGHT[key[0]]


def banded(key: str, band: int | None) -> str:
    return key + ("?" if band is None else str(band))
