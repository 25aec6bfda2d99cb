"""A report is one child too: in a batch link, the found children that fit one report share it.

The real-time path ranks one found child's candidates, and each gives up its rivals' odds
(:func:`~childmatch.scoring.rival_bits`). A batch link sees every found child at once, so it can also
use the other direction: at most one found child is the child of a missing report (or several records of
that same child, found twice). With ``o_j`` the odds of found child ``j`` for report ``m`` after its own
rivals, ``j`` keeps ``o_j / (1 + C_j)``, ``C_j`` the summed odds of the other found children on ``m``
that are not duplicates of ``j`` — the same rule as the rivals', by columns instead of rows. A look-alike
report whose own child is among the found children is thus claimed by that child and stops taking the
probability of others; the explanation shows it as ``claims=claimed:-1.8`` or ``claims=alone``.

>>> from childmatch.scoring import Scored
>>> from childmatch.profile import profile_of
>>> from childmatch.records import Record
>>> f = {i: profile_of(Record.from_dict({"record_id": i, "side": "found", "name": n, "gender": "M"}))
...      for i, n in (("F1", "Arjun"), ("F2", "Ravi"))}
>>> rows = [Scored.of("F1", {"M1": 0.9}), Scored.of("F2", {"M1": 0.5})]
>>> [round(float(b[0]), 2) for b in claim_bits(rows, f)]  # odds 9 and 1: 9 / (1 + 1) and 1 / (1 + 9)
[-1.0, -3.32]
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence

import numpy as np

from .model import Model
from .profile import Profile
from .scoring import Scored, rival_bits_of_groups

#: Candidates at or above this probability take part in the claims (the benchmark's floor): the rest
#: hold under a thousandth of a report's odds each.
CLAIM_FLOOR = 0.001
#: Claimants below these odds are not checked for being one child found twice: their claim moves a
#: stronger one by at most 0.014 bits.
DUPLICATE_ODDS = 0.01


def claim_bits(
    results: Sequence[Scored],
    found: Mapping[str, Profile],
    dedupe_model: Model | None = None,
    *,
    weight: float = 1.0,
) -> list[np.ndarray]:
    """For each found child's scored candidates, the bits each gives up to the other found children's
    claims on the same report (<= 0; :func:`~childmatch.scoring.candidates_of` takes them off).
    ``results`` must hold every candidate of the found children concerned down to :data:`CLAIM_FLOOR`
    (or lower). ``weight``: how much of a claim counts, the link model's ``rival_weight`` (1 until
    labelled pairs fit it), as for the rivals."""
    dedupe_model = dedupe_model or Model.default("dedupe")
    sizes = [len(s) for s in results]
    scores = np.clip(np.concatenate([s.scores for s in results] or [np.zeros(0)]), 1e-15, 1.0 - 1e-15)
    logits = np.log2(scores / (1.0 - scores))
    row_of = np.repeat(np.arange(len(results)), sizes)
    by_report: dict[str, list[int]] = defaultdict(list)
    for i, report in enumerate(m for s in results for m in s.other_ids):
        by_report[report].append(i)
    columns = [column for column in by_report.values() if len(column) > 1]
    # Whether two claimants are one child found twice matters only where both hold real odds.
    bits = rival_bits_of_groups(
        [logits[column] for column in columns],
        [[found[results[row_of[i]].query_id] for i in column] for column in columns],
        dedupe_model,
        min_odds=DUPLICATE_ODDS,
    )
    claims = np.zeros(len(scores))
    for column, b in zip(columns, bits):
        claims[column] = b
    claims *= weight
    return np.split(claims, np.cumsum(sizes)[:-1]) if results else []
