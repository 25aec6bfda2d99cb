"""States, their neighbours, and the long routes along which children are taken or travel.

Place names are compared through :func:`place_key`, the phonetic key of the name, so "Barddhaman",
"Bardhaman" and "বর্ধমান" agree. States have short codes.

>>> state_code("Uttar Pradesh"), state_code("U.P."), state_code("उत्तर प्रदेश")
('UP', 'UP', 'UP')
>>> relation("BR", "DL")
'route'
"""

from __future__ import annotations

import re
from functools import lru_cache

from .names import phonetic_key

STATES: dict[str, tuple[str, ...]] = {
    "AN": ("Andaman and Nicobar Islands", "Andaman"),
    "AP": ("Andhra Pradesh",),
    "AR": ("Arunachal Pradesh",),
    "AS": ("Assam", "Asom", "অসম"),
    "BR": ("Bihar", "बिहार"),
    "CH": ("Chandigarh",),
    "CG": ("Chhattisgarh", "Chattisgarh", "छत्तीसगढ़"),
    "DH": ("Dadra and Nagar Haveli and Daman and Diu", "Daman and Diu", "Dadra and Nagar Haveli"),
    "DL": ("Delhi", "NCT of Delhi", "New Delhi", "दिल्ली"),
    "GA": ("Goa",),
    "GJ": ("Gujarat", "ગુજરાત"),
    "HR": ("Haryana", "हरियाणा"),
    "HP": ("Himachal Pradesh",),
    "JK": ("Jammu and Kashmir", "J&K"),
    "JH": ("Jharkhand", "झारखंड"),
    "KA": ("Karnataka", "ಕರ್ನಾಟಕ"),
    "KL": ("Kerala", "കേരളം"),
    "LA": ("Ladakh",),
    "LD": ("Lakshadweep",),
    "MP": ("Madhya Pradesh", "मध्य प्रदेश"),
    "MH": ("Maharashtra", "महाराष्ट्र"),
    "MN": ("Manipur",),
    "ML": ("Meghalaya",),
    "MZ": ("Mizoram",),
    "NL": ("Nagaland",),
    "OD": ("Odisha", "Orissa", "ଓଡ଼ିଶା"),
    "PY": ("Puducherry", "Pondicherry"),
    "PB": ("Punjab", "ਪੰਜਾਬ"),
    "RJ": ("Rajasthan", "राजस्थान"),
    "SK": ("Sikkim",),
    "TN": ("Tamil Nadu", "தமிழ்நாடு"),
    "TS": ("Telangana", "తెలంగాణ"),
    "TR": ("Tripura",),
    "UP": ("Uttar Pradesh", "उत्तर प्रदेश"),
    "UK": ("Uttarakhand", "Uttaranchal"),
    "WB": ("West Bengal", "Bengal", "পশ্চিমবঙ্গ"),
}

_NEIGHBOURS: dict[str, str] = {
    "UP": "UK HP HR DL RJ MP CG JH BR",
    "BR": "UP JH WB",
    "JH": "BR UP CG OD WB",
    "WB": "BR JH OD SK AS",
    "OD": "WB JH CG AP",
    "MP": "UP RJ GJ MH CG",
    "RJ": "PB HR UP MP GJ DL",
    "MH": "GJ MP CG TS KA GA DH",
    "GJ": "RJ MP MH DH",
    "KA": "MH TS AP TN KL GA",
    "TN": "KA AP KL PY",
    "KL": "KA TN PY",
    "AP": "OD CG TS KA TN PY",
    "TS": "MH CG AP KA",
    "CG": "UP MP MH TS AP OD JH",
    "PB": "JK HP HR RJ CH",
    "HR": "PB HP UK UP RJ DL CH",
    "DL": "HR UP",
    "AS": "WB AR NL ML MN MZ TR",
    "HP": "JK PB HR UK LA",
    "UK": "HP UP",
    "JK": "LA HP PB",
}
# Where children go when taken far from home: labour, domestic work, begging, trafficking, or by train.
_ROUTES: dict[str, str] = {
    "BR": "DL MH GJ PB HR KA TN KL RJ UP TS",
    "JH": "DL MH GJ PB HR KA UP WB",
    "WB": "DL MH KA TN KL GJ",
    "AS": "DL MH KA TN KL WB",
    "OD": "DL MH GJ KA TN KL AP TS",
    "UP": "DL MH GJ PB HR KA",
    "MP": "DL MH GJ",
    "CG": "DL MH GJ TS",
    "RJ": "DL MH GJ",
    "NL": "DL KA",
    "MN": "DL KA",
    "TR": "DL KA",
    "ML": "DL KA",
    "TS": "MH KA",
    "AP": "MH KA TN",
}
_PAIRS_NEAR = {(a, b) for a, bs in _NEIGHBOURS.items() for b in bs.split()}
_PAIRS_NEAR |= {(b, a) for a, b in _PAIRS_NEAR}
_PAIRS_ROUTE = {(a, b) for a, bs in _ROUTES.items() for b in bs.split()}
_PAIRS_ROUTE |= {(b, a) for a, b in _PAIRS_ROUTE}

_CLEAN = re.compile(r"[^\w]+")


@lru_cache(maxsize=200_000)
def place_key(text: str) -> str:
    """Phonetic key of a place name, words joined: "Purba Bardhaman" -> "purbabardaman"."""
    return "".join(phonetic_key(w) for w in _CLEAN.split(text) if w)


@lru_cache(maxsize=4096)
def state_code(text: str) -> str:
    """Two-letter code of a state name, code or alias; ``""`` if unknown or empty."""
    t = text.strip()
    if not t:
        return ""
    if t.upper().replace(".", "") in STATES:
        return t.upper().replace(".", "")
    key = place_key(t)
    return _BY_KEY.get(key, "")


_BY_KEY: dict[str, str] = {}
for _code, _names in STATES.items():
    for _name in _names:
        _BY_KEY[place_key(_name)] = _code
_BY_KEY[place_key("UP")] = "UP"


#: The number of each state code (its row in compare.STATE_RELATION).
STATE_NUMBER: dict[str, int] = {s: i for i, s in enumerate(STATES)}


def relation(a: str, b: str) -> str:
    """How two state codes relate: ``same``, ``near`` (neighbours), ``route`` (a known long route), ``far``."""
    if a == b:
        return "same"
    if (a, b) in _PAIRS_NEAR:
        return "near"
    if (a, b) in _PAIRS_ROUTE:
        return "route"
    return "far"
