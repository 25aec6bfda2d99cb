"""The face as one more comparison of the Fellegi–Sunter model: levels, their m and u, and the ceiling
that keeps a face from outvoting a gender or age that cannot match.

A pair's face level combines how alike the two faces are (cosine similarity of their embeddings, in four
bands) with how many years lie between the two photos (three bands): a child's face changes fast, so the
same likeness is weaker evidence when the photos are years apart.

The match weight of a face level is ``log2(m / u)`` like any other, then held within a ceiling:

* the ceiling is just below the smaller of the model's gender-mismatch and impossible-age penalties
  (:data:`VETO_MARGIN` bits below), so no face, however alike, can turn a pair whose gender or age rules it
  out into a likely match — a face-only system in India once matched boys with girls;
* the ceiling falls with the years between the photos (:data:`GAP_SHARE`).

Pure Python and NumPy: the engine imports this module whether or not the face model is installed.

>>> face_level(0.72, 0.5), LEVELS[face_level(0.72, 0.5)]
(1, 'strong_recent')
>>> LEVELS[face_level(0.72, 7.0)], LEVELS[face_level(None, 1.0)]
('strong_long', 'null')
"""

from __future__ import annotations

import math
from collections.abc import Sequence

#: Lower bounds of the similarity bands, for SFace embeddings. Measured on adult photos
#: (docs/benchmarks.md "## Faces"): 95% of same-person pairs scored above 0.67 and no different-person
#: pair above 0.37.
SIMILARITY_BANDS: tuple[tuple[str, float], ...] = (
    ("strong", 0.55),
    ("moderate", 0.40),
    ("weak", 0.30),
    ("unlike", -math.inf),
)
#: Upper bounds (years between the photos) of the gap bands; an unknown gap counts as long.
GAP_BANDS: tuple[tuple[str, float], ...] = (("recent", 2.0), ("years", 5.0), ("long", math.inf))
#: Share of the ceiling left to a face at each gap: likeness across five or more years of a child's growth
#: is weak evidence either way.
GAP_SHARE = {"recent": 1.0, "years": 0.6, "long": 0.3}
#: How far below the smaller veto penalty the face's ceiling sits, in bits.
VETO_MARGIN = 0.5

_SIM_WORDS = {
    "strong": "faces look very alike",
    "moderate": "faces look alike",
    "weak": "faces look faintly alike",
    "unlike": "faces look different",
}
_GAP_WORDS = {
    "recent": "photos under 2 years apart",
    "years": "photos 2-5 years apart",
    "long": "photos 5+ years apart or undated",
}

LEVELS: tuple[str, ...] = ("null",) + tuple(f"{s}_{g}" for g, _ in GAP_BANDS for s, _ in SIMILARITY_BANDS)
DESCRIPTIONS: tuple[str, ...] = ("no usable photo on one side",) + tuple(
    f"{_SIM_WORDS[s]} ({_GAP_WORDS[g]})" for g, _ in GAP_BANDS for s, _ in SIMILARITY_BANDS
)


def face_level(similarity: float | None, years_apart: float | None) -> int:
    """Level index (into :data:`LEVELS`) for a cosine similarity and the years between the photos."""
    if similarity is None or not math.isfinite(similarity):
        return 0
    gap = (
        len(GAP_BANDS) - 1
        if years_apart is None
        else next(i for i, (_, upper) in enumerate(GAP_BANDS) if abs(years_apart) < upper)
    )
    sim = next(i for i, (_, lower) in enumerate(SIMILARITY_BANDS) if similarity >= lower)
    return 1 + gap * len(SIMILARITY_BANDS) + sim


def gap_band(level: int) -> str:
    return GAP_BANDS[(level - 1) // len(SIMILARITY_BANDS)][0]


# ---- default m and u ------------------------------------------------------------------------------------
# u: how often two different people's faces fall in each band. None of 1,428 different-person adult pairs
# scored 0.40 or more (bench/bench_faces.py), which bounds u there only to below ~1/1,000; among a million
# children strangers that alike do occur, so the strong and moderate bands get 0.001 and 0.01 (the face
# simulation of the benchmark puts them at 0.001 and 0.03). m at a recent gap: one person's photos, as
# measured on adults. m at longer gaps is an assumption, not a measurement — no labelled photos of children
# across years are available — and it matters less, because the ceiling limits those levels most.
_U_SIM = (0.001, 0.01, 0.05, 0.939)
_M_SIM = {"recent": (0.95, 0.035, 0.01, 0.005), "years": (0.6, 0.2, 0.1, 0.1), "long": (0.3, 0.25, 0.2, 0.25)}
# Share of pairs in each gap band (the same for matches and non-matches: the timeline comparison judges
# the gap itself), so it cancels in every weight.
_GAP_SHARE_OF_PAIRS = {"recent": 0.5, "years": 0.3, "long": 0.2}

DEFAULT_M: tuple[float, ...] = (0.0,) + tuple(
    _GAP_SHARE_OF_PAIRS[g] * m for g, _ in GAP_BANDS for m in _M_SIM[g]
)
DEFAULT_U: tuple[float, ...] = (0.0,) + tuple(
    _GAP_SHARE_OF_PAIRS[g] * u for g, _ in GAP_BANDS for u in _U_SIM
)


def ceiling(gender_penalty: float, age_penalty: float) -> float:
    """Largest face weight (bits) at a recent gap, given the model's gender-mismatch and impossible-age
    weights (negative numbers)."""
    return max(0.0, min(abs(gender_penalty), abs(age_penalty)) - VETO_MARGIN)


def bounded_weights(m: Sequence[float], u: Sequence[float], top: float, floor: float = 1e-4) -> list[float]:
    """Face weights in bits, level by level: ``log2(m / u)`` held within ``±top x GAP_SHARE[gap]``."""
    out = [0.0]
    for level in range(1, len(LEVELS)):
        raw = math.log2(max(m[level], floor) / max(u[level], floor))
        limit = top * GAP_SHARE[gap_band(level)]
        out.append(max(-limit, min(limit, raw)))
    return out
