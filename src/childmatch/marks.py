"""Identification marks, described in different words, reduced to (kind, body part, side).

>>> sorted(parse_marks("Black mole (til) on left cheek; burn scar right hand"))
[('burn', 'hand', 'R'), ('mole', 'cheek', 'L')]
"""

from __future__ import annotations

import re
from functools import lru_cache

Mark = tuple[str, str, str]  # kind, part, side ("L", "R" or "")

_KINDS: dict[str, str] = {
    "mole": "mole",
    "til": "mole",
    "moles": "mole",
    "beauty": "mole",
    "scar": "scar",
    "cut": "scar",
    "stitch": "scar",
    "stitches": "scar",
    "wound": "scar",
    "injury": "scar",
    "chot": "scar",
    "operation": "scar",
    "burn": "burn",
    "burnt": "burn",
    "jala": "burn",
    "jalne": "burn",
    "birthmark": "birthmark",
    "lehsun": "birthmark",
    "lahsun": "birthmark",
    "patch": "birthmark",
    "tattoo": "tattoo",
    "godna": "tattoo",
    "tatoo": "tattoo",
    "gudna": "tattoo",
    "wart": "wart",
    "masa": "wart",
    "massa": "wart",
    "sixfinger": "extra_finger",
    "extra": "extra_finger",
}
# A part and the coarser region it belongs to: "cheek" and "face" describe overlapping places.
_PARTS: dict[str, tuple[str, str]] = {
    "forehead": ("forehead", "face"),
    "mathe": ("forehead", "face"),
    "cheek": ("cheek", "face"),
    "gaal": ("cheek", "face"),
    "chin": ("chin", "face"),
    "nose": ("nose", "face"),
    "lip": ("lip", "face"),
    "lips": ("lip", "face"),
    "eye": ("eye", "face"),
    "eyebrow": ("eyebrow", "face"),
    "face": ("face", "face"),
    "ear": ("ear", "head"),
    "head": ("head", "head"),
    "scalp": ("head", "head"),
    "neck": ("neck", "neck"),
    "gardan": ("neck", "neck"),
    "chest": ("chest", "trunk"),
    "back": ("back", "trunk"),
    "stomach": ("stomach", "trunk"),
    "abdomen": ("stomach", "trunk"),
    "belly": ("stomach", "trunk"),
    "pet": ("stomach", "trunk"),
    "shoulder": ("shoulder", "arm"),
    "arm": ("arm", "arm"),
    "elbow": ("elbow", "arm"),
    "forearm": ("arm", "arm"),
    "wrist": ("wrist", "hand"),
    "hand": ("hand", "hand"),
    "haath": ("hand", "hand"),
    "palm": ("hand", "hand"),
    "finger": ("finger", "hand"),
    "thumb": ("finger", "hand"),
    "leg": ("leg", "leg"),
    "pair": ("leg", "leg"),
    "thigh": ("thigh", "leg"),
    "knee": ("knee", "leg"),
    "shin": ("leg", "leg"),
    "ankle": ("ankle", "foot"),
    "foot": ("foot", "foot"),
    "feet": ("foot", "foot"),
    "toe": ("toe", "foot"),
}
_SIDES = {
    "left": "L",
    "lt": "L",
    "baayen": "L",
    "bayen": "L",
    "right": "R",
    "rt": "R",
    "daayen": "R",
    "dayen": "R",
}
_WORD = re.compile(r"[a-z]+")
_CLAUSE = re.compile(r"[;,]| and |\n")


@lru_cache(maxsize=100_000)
def parse_marks(text: str) -> frozenset[Mark]:
    """All marks found in a free-text description, one per clause that names a kind of mark."""
    marks: set[Mark] = set()
    for clause in _CLAUSE.split(text.lower()):
        kind = part = side = ""
        for word in _WORD.findall(clause):
            if not kind and word in _KINDS:
                kind = _KINDS[word]
            elif not part and word in _PARTS:
                part = word
            elif not side and word in _SIDES:
                side = _SIDES[word]
        if kind:
            marks.add((kind, _PARTS[part][0] if part else "", side))
    return frozenset(marks)


def region(part: str) -> str:
    """The coarse body region of a part ("cheek" -> "face")."""
    for fine, coarse in _PARTS.values():
        if fine == part:
            return coarse
    return ""


_REGION = {fine: coarse for fine, coarse in _PARTS.values()}


def mark_agreement(a: frozenset[Mark], b: frozenset[Mark]) -> int:
    """Best agreement between two sets of marks: 3 same kind, part and side; 2 same kind and part (or
    region) with no side conflict; 1 same kind only; 0 none in common; -1 either side has no marks."""
    if not a or not b:
        return -1
    best = 0
    for ka, pa, sa in a:
        for kb, pb, sb in b:
            if ka != kb:
                continue
            side_ok = not sa or not sb or sa == sb
            if pa and pb and pa == pb and sa and sa == sb:
                return 3
            if pa and pb and side_ok and (pa == pb or _REGION.get(pa) == _REGION.get(pb)):
                best = max(best, 2)
            else:
                best = max(best, 1)
    return best
