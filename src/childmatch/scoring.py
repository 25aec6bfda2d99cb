"""Scores with explanations: what the portal shows an officer.

>>> from childmatch.records import Record
>>> m = Record.from_dict({"record_id": "M1", "side": "missing", "name": "Sunita", "gender": "F"})
>>> f = Record.from_dict({"record_id": "F1", "side": "found", "name": "सुनीता", "gender": "F"})
>>> c = score_records(m, f)
>>> c.contributions[0].field, c.contributions[0].level
('name', 'exact')
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from .compare import COMPARISONS, FACE, FIELDS, NAME, compare_pair, compare_pairs
from .faces.comparison import face_level as face_level_of
from .model import Model
from .profile import Profile, profile_of
from .records import Record

#: Probability at or above which a candidate is in the "high" band, and the "medium" band.
HIGH, MEDIUM = 0.8, 0.3


@dataclass(frozen=True, slots=True)
class Contribution:
    """One field's part in a score: its level, its weight in bits (+ for, - against) and a description."""

    field: str
    level: str
    weight: float
    description: str

    def __reduce__(self) -> tuple[type, tuple[str, str, float, str]]:
        # Batch workers pickle every candidate back to the parent. Rebuilt from a tuple, a candidate
        # costs a third of what the default for slotted dataclasses (a state dict per object) costs.
        return Contribution, (self.field, self.level, self.weight, self.description)


@dataclass(frozen=True, slots=True)
class Candidate:
    """A possible match for a record, with its calibrated probability and why.

    ``other_id`` is the other record; for a link, ``missing_id`` and ``found_id`` name both sides.

    >>> c = Candidate("F7", 0.93, "high", (), missing_id="M1", found_id="F7")
    >>> c.band
    'high'
    """

    other_id: str
    score: float
    band: str
    contributions: tuple[Contribution, ...]
    missing_id: str = ""
    found_id: str = ""

    def __reduce__(self) -> tuple[type, tuple[object, ...]]:
        # See Contribution.__reduce__.
        fields = (self.other_id, self.score, self.band, self.contributions, self.missing_id, self.found_id)
        return Candidate, fields

    def explanation(self) -> str:
        """Compact summary, strongest evidence first: ``name=exact:+9.1 gender=same:+1.2 ...``."""
        parts = sorted(self.contributions, key=lambda c: -abs(c.weight))
        return " ".join(f"{c.field}={c.level}:{c.weight:+.1f}" for c in parts if c.level != "null")


def band_of(score: float) -> str:
    return "high" if score >= HIGH else "medium" if score >= MEDIUM else "low"


def _contribution_table(model: Model) -> list[list[Contribution]]:
    """One shared :class:`Contribution` per comparison level (names get their own: tf varies)."""
    table = model.__dict__.get("_contributions")
    if table is None:
        w = model.weights().tolist()
        table = [
            [
                Contribution(comp.field, comp.levels[lv], round(w[c][lv], 2), comp.descriptions[lv])
                for lv in range(len(comp.levels))
            ]
            for c, comp in enumerate(COMPARISONS)
        ]
        object.__setattr__(model, "_contributions", table)
    return table


def explain_levels(levels: list[int], token: str, model: Model) -> tuple[float, tuple[Contribution, ...]]:
    """Total log-odds (bits, prior included) and per-field contributions for one pair's levels."""
    contributions = contributions_of(levels, token, model)
    return model.prior_bits + sum(c.weight for c in contributions), contributions


def contributions_of(levels: Sequence[int], token: str, model: Model) -> tuple[Contribution, ...]:
    """Per-field contributions for one pair's levels (:func:`explain_levels` without the total)."""
    return tuple(_contributions(levels, model.tf_adjustment(levels[NAME], token), model))


def _contributions(levels: Sequence[int], name_adjustment: float, model: Model) -> list[Contribution]:
    contributions = [row[lv] for row, lv in zip(_contribution_table(model), levels)]
    if name_adjustment:
        contributions[NAME] = _name_contribution(model, levels[NAME], name_adjustment)
    return contributions


def _name_contribution(model: Model, level: int, adjustment: float) -> Contribution:
    """The name's line, its weight adjusted for the name's frequency; one object per level and weight."""
    base = _contribution_table(model)[NAME][level]
    weight = round(base.weight + adjustment, 2)
    shared = model.__dict__.get("_names")
    if shared is None or len(shared) >= 100_000:
        shared = {}
        object.__setattr__(model, "_names", shared)
    found = shared.get((level, weight))
    if found is None:
        found = shared[(level, weight)] = Contribution(base.field, base.level, weight, base.description)
    return found


def _levels_named(field: str, names: Iterable[str]) -> frozenset[tuple[int, int]]:
    c = FIELDS.index(field)
    return frozenset((c, COMPARISONS[c].levels.index(n)) for n in names)


#: A second record of a child carries the child's name, or a spelling or pet form of it.
_NAME_AGREES = frozenset(lv for _c, lv in _levels_named("name", ("exact", "subset", "fuzzy", "pet")))
#: Agreements that single out a child among others of its name. A shared surname (a parent "partial")
#: or a state does not; a mother's name alone is shared by siblings.
_IDENTIFYING = (
    _levels_named("father", ("same",))
    | _levels_named("mother", ("same",))
    | _levels_named("age", ("close",))
    | _levels_named("place", ("district",))
    | _levels_named("home", ("mentioned",))
    | _levels_named("marks", ("same",))
    | _levels_named("face", [n for n in COMPARISONS[FACE].levels if n.startswith(("strong", "moderate"))])
)
#: How many identifying agreements a duplicate needs besides the name.
DUPLICATE_AGREEMENTS = 2


def could_be_duplicate(levels: Sequence[int]) -> bool:
    """Whether two records of one side agree enough to be one child entered twice: on the name AND on
    :data:`DUPLICATE_AGREEMENTS` identifying fields (parents, age, district, home, marks, face).

    The weights alone let siblings (same parents and place, another name) or two girls called Pooja of
    one district and age add up past any threshold on registers whose u the model does not know (the
    shipped one on the demo: 99.5% of records had a "likely duplicate"; docs/matching.md, "Duplicates").

    >>> could_be_duplicate([1, 1, 1, 0, 1, 0, 1, 1, 0, 0, 0, 0, 0])  # name, age, district, parents
    True
    >>> could_be_duplicate([7, 1, 1, 0, 1, 0, 1, 1, 0, 0, 0, 0, 0])  # the same, under another name
    False
    """
    if levels[NAME] not in _NAME_AGREES:
        return False
    return sum((c, lv) in _IDENTIFYING for c, lv in enumerate(levels)) >= DUPLICATE_AGREEMENTS


#: How many of a found child's best candidates are checked against each other for being the same child.
RIVAL_TOP = 6


def rival_bits(bits: np.ndarray, others: list[Profile], dedupe_model: Model) -> np.ndarray:
    """Bits each candidate loses to the others of the same found child (<= 0).

    A found child is one child: at most one of its candidates is the report of it (or several reports
    of that same child). With ``o_j`` the odds of candidate ``j``, the probability that ``i`` is the one is
    ``o_i / (1 + o_i + S_i)``, ``S_i`` the summed odds of the candidates that are not duplicates of ``i``;
    in log-odds, ``-log2(1 + S_i)`` bits. A popular name matched by five reports is then worth a fifth
    of what it would be if it were matched by one. Duplicates are told apart by the dedupe model among
    the best :data:`RIVAL_TOP` candidates.
    """
    return rival_bits_of_groups([bits], [others], dedupe_model)[0]


def rival_bits_of_groups(
    bits: Sequence[np.ndarray],
    groups: Sequence[Sequence[Profile]],
    dedupe_model: Model,
    *,
    min_odds: float = 0.0,
) -> list[np.ndarray]:
    """:func:`rival_bits` of many groups (a batch's queries, or the claimants of each report), their best
    candidates checked for being one child in one call; only those at ``min_odds`` or more are checked."""
    odds = [np.exp2(np.minimum(b, 60.0)) for b in bits]
    rest = [o.sum() - o for o in odds]
    pairs: list[tuple[int, int, int]] = []
    for g, o in enumerate(odds):
        if len(o) > 1:
            top = np.argsort(-o, kind="stable")[:RIVAL_TOP]
            top = top[(o[top] >= o[top[0]] * 1e-3) & (o[top] >= min_odds)].tolist()
            pairs += [(g, i, j) for x, i in enumerate(top) for j in top[x + 1 :]]
    for g, i, j in _same_children(groups, pairs, dedupe_model):
        rest[g][i] -= odds[g][j]
        rest[g][j] -= odds[g][i]
    return [-np.log2(1.0 + np.maximum(r, 0.0)) for r in rest]


def _same_children(
    groups: Sequence[Sequence[Profile]], pairs: list[tuple[int, int, int]], dedupe_model: Model
) -> list[tuple[int, int, int]]:
    """The pairs ``(group, i, j)`` of records likely to be one child recorded twice: they could be
    (:func:`could_be_duplicate`) and the dedupe model gives them a probability of 0.5 or more."""
    if not pairs:
        return []
    a = [groups[g][i] for g, i, _ in pairs]
    b = [groups[g][j] for g, _, j in pairs]
    levels, tokens = compare_pairs(a, b, "dedupe")
    return [
        pair
        for pair, lv, token in zip(pairs, levels.tolist(), tokens)
        if could_be_duplicate(lv) and _duplicate_probability(lv, token, dedupe_model) >= 0.5
    ]


def _duplicate_probability(levels: list[int], token: str, dedupe_model: Model) -> float:
    w = dedupe_model.weights()
    total = dedupe_model.prior_bits + dedupe_model.tf_adjustment(levels[NAME], token)
    total += sum(float(w[c, lv]) for c, lv in enumerate(levels))
    return float(dedupe_model.probability(total))


def rival_contribution(weight: float, near: int) -> Contribution:
    """The explanation's line for :func:`rival_bits`: the bits a candidate gives up to its rivals, and how
    many others score about as high (within a bit, :func:`scoring_within_a_bit`)."""
    return _rival_contribution(round(weight, 2), near)


@lru_cache(maxsize=65_536)
def _rival_contribution(weight: float, near: int) -> Contribution:
    if weight > -0.05:
        return Contribution("others", "alone", weight, "no other report comes close")
    words = (
        f"{near} other reports score about as high or higher"
        if near > 1
        else "1 other report scores about as high or higher"
        if near
        else "other reports, taken together, fit nearly as well"
    )
    return Contribution("others", "rivals", weight, words)


@lru_cache(maxsize=4096)
def claims_contribution(weight: float) -> Contribution:
    """The explanation's line for the claims of other found children on a report (:mod:`childmatch.claims`)."""
    if weight > -0.05:
        return Contribution("claims", "alone", weight, "no other found child fits this report as well")
    return Contribution("claims", "claimed", weight, "other found children fit this report too")


def scoring_within_a_bit(bits: np.ndarray) -> np.ndarray:
    """For each pair, how many pairs score at least its bits less one (itself included): one sort for
    all of a query's candidates instead of a comparison with every other for each."""
    return len(bits) - np.searchsorted(np.sort(bits), bits - 1.0, side="left")


@dataclass(frozen=True, slots=True)
class Scored:
    """One query's candidates as numbers, best first: what batch workers send back to the parent.

    Numbers pickle in a few microseconds a query, where explained candidates took some 30 µs each to
    pickle and unpickle, half of it in the parent, one at a time. :func:`candidates_of` explains them.
    ``near`` (link mode): how many other candidates score within a bit of each.
    """

    query_id: str
    query_side: str
    mode: str
    other_ids: tuple[str, ...]
    scores: np.ndarray
    levels: np.ndarray
    name_adjustment: np.ndarray
    rivals: np.ndarray
    near: np.ndarray

    def __reduce__(self) -> tuple[type, tuple[object, ...]]:
        # See Contribution.__reduce__.
        return Scored, tuple(getattr(self, f) for f in self.__slots__)

    def __len__(self) -> int:
        return len(self.other_ids)

    @classmethod
    def of(cls, query_id: str, scores: Mapping[str, float], *, query_side: str = "found") -> Scored:
        """A link query's candidates known by their scores alone (every level null), e.g. for examples."""
        n = len(scores)
        zeros = np.zeros(n)
        levels = np.zeros((n, len(COMPARISONS)), dtype=np.int8)
        values = np.array(list(scores.values()), dtype=np.float64)
        return cls(query_id, query_side, "link", tuple(scores), values, levels, zeros, zeros, zeros)


def candidates_of(
    s: Scored, model: Model, *, claims: np.ndarray | None = None, min_score: float = 0.0
) -> list[Candidate]:
    """Explain a query's scored candidates, best first. ``claims``: the bits each gives up to the other
    found children's claims on its report (:func:`childmatch.claims.claim_bits`); the scores then take
    them off, are re-ranked, and those under ``min_score`` are left out."""
    scores = s.scores
    if claims is not None:
        p = np.clip(scores, 1e-15, 1.0 - 1e-15)
        scores = 1.0 / (1.0 + np.exp2(-(np.log2(p / (1.0 - p)) + claims)))
    values = scores.tolist()
    keep = [i for i, score in enumerate(values) if score >= min_score]
    if claims is not None:
        keep.sort(key=lambda i: -values[i])
    return _explained(s, model, keep, values, None if claims is None else claims.tolist())


def explained(s: Scored, i: int, model: Model, score: float) -> Candidate:
    """Candidate ``i`` of ``s`` with its explanation, at ``score``."""
    return _explained(s, model, [i], {i: score}, None)[0]


def _explained(
    s: Scored,
    model: Model,
    picks: Sequence[int],
    scores: Sequence[float] | Mapping[int, float],
    claims: Sequence[float] | None,
) -> list[Candidate]:
    """The candidates ``picks`` of ``s``, explained, at ``scores`` (after ``claims``, if given)."""
    if not picks:
        return []
    rows, adjustments = s.levels.tolist(), s.name_adjustment.tolist()
    link = s.mode == "link"
    if link:
        rivals, near = s.rivals.tolist(), s.near.tolist()
    out = []
    for i in picks:
        contributions = _contributions(rows[i], adjustments[i], model)
        other, score = s.other_ids[i], scores[i]
        if not link:
            out.append(Candidate(other, score, band_of(score), tuple(contributions)))
            continue
        contributions.append(rival_contribution(rivals[i], near[i]))
        if claims is not None:
            contributions.append(claims_contribution(round(claims[i], 2)))
        missing_id, found_id = (other, s.query_id) if s.query_side == "found" else (s.query_id, other)
        out.append(Candidate(other, score, band_of(score), tuple(contributions), missing_id, found_id))
    return out


def score_profiles(a: Profile, b: Profile, model: Model, face_level: int = 0) -> Candidate:
    """Score one pair; ``a`` is the missing report in link mode."""
    levels, token = compare_pair(a, b, model.mode, face_level)
    total, contributions = explain_levels(levels, token, model)
    p = float(model.probability(total))
    if model.mode == "link":
        return Candidate(
            b.record_id, p, band_of(p), contributions, missing_id=a.record_id, found_id=b.record_id
        )
    return Candidate(b.record_id, p, band_of(p), contributions)


def score_records(
    a: Record, b: Record, model: Model | None = None, *, face_similarity: float | None = None
) -> Candidate:
    """Score two records; the mode follows their sides (missing + found = link, same side = dedupe).

    ``face_similarity``: cosine similarity of the two records' face embeddings, if both have one; the
    photos are taken to date from the records' event dates.
    """
    mode = "dedupe" if a.side == b.side else "link"
    if mode == "link" and a.side == "found":
        a, b = b, a
    pa, pb = profile_of(a), profile_of(b)
    years = None if pa.event is None or pb.event is None else pb.event - pa.event
    return score_profiles(pa, pb, model or Model.default(mode), face_level_of(face_similarity, years))


def fast_scores(pairs: list[tuple[Profile, Profile]], model: Model) -> np.ndarray:
    """Probabilities for many pairs, without building explanations."""
    if not pairs:
        return np.zeros(0)
    a, b = zip(*pairs)
    levels, tokens = compare_pairs(a, b, model.mode)
    tf = np.array([model.tf_adjustment(lv, t) for lv, t in zip(levels[:, NAME].tolist(), tokens)])
    return np.asarray(model.probability(model.total_bits(levels, tf)))
