"""A report is one child too: in a batch link, the found children that fit one report share it.

The real-time path ranks one found child's candidates, and each gives up its rivals' odds
(:func:`~childmatch.scoring.rival_bits`). A batch link sees every found child at once, so it can also
use the other direction: at most one found child is the child of a missing report (or several records of
that same child, found twice). With ``o_j`` the odds of found child ``j`` for report ``m`` after its own
rivals, ``j`` keeps ``o_j / (1 + C_j)``, ``C_j`` the summed odds of the other found children on ``m``
that are not duplicates of ``j`` — the same rule as the rivals', by columns instead of rows. A look-alike
report whose own child is among the found children is thus claimed by that child and stops taking the
probability of others; the explanation shows it as ``claims=claimed:-1.8`` or ``claims=alone``.

>>> from childmatch.scoring import Candidate
>>> from childmatch.profile import profile_of
>>> from childmatch.records import Record
>>> f = {i: profile_of(Record.from_dict({"record_id": i, "side": "found", "name": n, "gender": "M"}))
...      for i, n in (("F1", "Arjun"), ("F2", "Ravi"))}
>>> rows = [("F1", [Candidate("M1", 0.9, "high", (), missing_id="M1", found_id="F1")]),
...         ("F2", [Candidate("M1", 0.5, "medium", (), missing_id="M1", found_id="F2")])]
>>> [(f_id, round(c.score, 3)) for f_id, cs in with_claims(rows, f) for c in cs]
[('F1', 0.818), ('F2', 0.091)]
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from functools import lru_cache

import numpy as np

from .model import Model
from .profile import Profile
from .scoring import Candidate, Contribution, band_of, rival_bits

#: Candidates at or above this probability take part in the claims (the benchmark's floor): the rest
#: hold under a thousandth of a report's odds each.
CLAIM_FLOOR = 0.001
#: Claimants below these odds are not checked for being one child found twice: their claim moves a
#: stronger one by at most 0.014 bits.
DUPLICATE_ODDS = 0.01


def with_claims(
    results: Sequence[tuple[str, list[Candidate]]],
    found: Mapping[str, Profile],
    dedupe_model: Model | None = None,
    *,
    weight: float = 1.0,
    min_score: float = 0.0,
) -> list[tuple[str, list[Candidate]]]:
    """Each found child's candidates with the other found children's claims on the same reports taken
    off, re-ranked, and those still at or above ``min_score``. ``results`` must hold every candidate of
    the found children concerned down to :data:`CLAIM_FLOOR` (or lower). ``weight``: how much of a claim
    counts, the link model's ``rival_weight`` (1 until labelled pairs fit it), as for the rivals."""
    dedupe_model = dedupe_model or Model.default("dedupe")
    cells = [(row, c) for row, (_found_id, cands) in enumerate(results) for c in cands]
    scores = np.clip(np.array([c.score for _, c in cells], dtype=float), 1e-15, 1.0 - 1e-15)
    logits = np.log2(scores / (1.0 - scores))
    by_report: dict[str, list[int]] = defaultdict(list)
    for i, (_row, c) in enumerate(cells):
        by_report[c.missing_id].append(i)
    claims = np.zeros(len(cells))
    for column in by_report.values():
        if len(column) > 1:
            claimants = [found[results[cells[i][0]][0]] for i in column]
            # Whether two claimants are one child found twice matters only where both hold real odds.
            claims[column] = rival_bits(logits[column], claimants, dedupe_model, min_odds=DUPLICATE_ODDS)
    claims *= weight
    new_scores = (1.0 / (1.0 + np.exp2(-(logits + claims)))).tolist()
    out: list[tuple[str, list[Candidate]]] = [(found_id, []) for found_id, _ in results]
    for (row, c), claim, score in zip(cells, claims.tolist(), new_scores):
        if score >= min_score:
            said = _said(round(claim, 2))
            out[row][1].append(
                Candidate(
                    c.other_id, score, band_of(score), (*c.contributions, said), c.missing_id, c.found_id
                )
            )
    for _found_id, kept in out:
        kept.sort(key=lambda c: -c.score)
    return out


@lru_cache(maxsize=4096)
def _said(weight: float) -> Contribution:
    if weight > -0.05:
        return Contribution("claims", "alone", weight, "no other found child fits this report as well")
    return Contribution("claims", "claimed", weight, "other found children fit this report too")
