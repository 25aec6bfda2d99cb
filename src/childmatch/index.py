"""The real-time index: records of both sides, filed under their retrieval keys, open to inserts, updates
and removals; asked for the candidates of one record.

Retrieval works like a small search engine. Each key of the query is looked up (with neighbouring birth
bands); each record found earns the key's kind weight times its rarity (``log(1 + N / postings)``), so a
shared rare name counts more than a shared common one; keys with more than ``posting_cap`` records are too
common to help and are skipped. The best ``shortlist`` records by that pre-score are then scored by the
model, and the best of those returned. Postings are ``array('i')`` of record numbers: 4 bytes each.

>>> from childmatch.records import Record
>>> index = MatchIndex()
>>> index.add(Record.from_dict({"record_id": "M1", "side": "missing", "name": "Pooja Kumari",
...                             "gender": "F", "age_years": "8", "event_date": "2021-03-01"}))
>>> found = Record.from_dict({"record_id": "F1", "side": "found", "name": "पूजा", "gender": "F",
...                           "age_years": "11", "event_date": "2024-01-10"})
>>> [c.other_id for c in index.candidates(found)]
['M1']
"""

from __future__ import annotations

import math
from array import array
from collections.abc import Iterable, Sequence

import numpy as np

from .blocking import (
    STATE_NUMBER,
    STATE_RELATION,
    band_of,
    banded,
    kind_weight,
    query_bands,
    query_keys,
    record_keys,
)
from .compare import AGE, NAME, PLACE, TIMELINE, compare_pairs
from .faces.comparison import face_level
from .faces.face_index import FaceIndex
from .model import Model
from .profile import Profile, profile_of
from .records import Record
from .scoring import (
    Candidate,
    Scored,
    candidates_of,
    could_be_duplicate,
    rival_bits_of_groups,
    scoring_within_a_bit,
)

_OTHER = {"missing": "found", "found": "missing"}
_SIDE_CHAR = {"missing": "m", "found": "f"}


class MatchIndex:
    """Records of both sides, ready to be matched one at a time.

    ``candidates(record)`` ranks the other side's records for a new or changed record;
    ``duplicates(record)`` ranks records of its own side.
    """

    def __init__(
        self,
        link_model: Model | None = None,
        dedupe_model: Model | None = None,
        *,
        shortlist: int = 100,
        posting_cap: int = 20_000,
        read_budget: int = 40_000,
    ) -> None:
        self.link_model = link_model or Model.default("link")
        self.dedupe_model = dedupe_model or Model.default("dedupe")
        self.shortlist = shortlist
        self.posting_cap = posting_cap
        #: Most posting entries one query reads (rarest keys first); 4x the most any query read against
        #: the 20,000 reports of the benchmark, so batch results there do not depend on it.
        self.read_budget = read_budget
        self._profiles: list[Profile | None] = []
        self._numbers: dict[str, int] = {}
        self._postings: dict[str, array] = {}
        self._count = {"missing": 0, "found": 0}
        self.pairs_scored = 0
        # Per record number, for the vectorised pre-score: birth, its uncertainty, event date, state.
        self._birth = array("d")
        self._tol = array("d")
        self._event = array("d")
        self._state = array("b")
        # Faces: one index per side, and when each photo was taken (fractional year) where known.
        self.faces = {"missing": FaceIndex(), "found": FaceIndex()}
        self._taken: dict[str, float] = {}
        #: Nearest faces (at cosine >= face_floor) added to a shortlist: nameless children get candidates.
        self.face_candidates, self.face_floor = 30, 0.30

    # ---- changes ---------------------------------------------------------------------------------------
    def add(self, record: Record) -> None:
        """Insert a record, or replace the one with the same ``record_id``."""
        self.add_profile(profile_of(record))

    def add_profile(self, p: Profile) -> None:
        if p.record_id in self._numbers:
            self._drop(p.record_id)  # a changed record keeps its face
        number = len(self._profiles)
        self._profiles.append(p)
        self._numbers[p.record_id] = number
        self._count[p.side] += 1
        self._birth.append(np.nan if p.birth is None else p.birth)
        self._tol.append(p.birth_tol)
        self._event.append(np.nan if p.event is None else p.event)
        self._state.append(STATE_NUMBER.get(p.state, -1))
        side = _SIDE_CHAR[p.side]
        band = band_of(p)
        for key in record_keys(p):
            full = side + banded(key, band)
            posting = self._postings.get(full)
            if posting is None:
                posting = self._postings[full] = array("i")
            posting.append(number)

    def update(self, record: Record) -> None:
        """Replace a changed record (same as :meth:`add`)."""
        self.add(record)

    def add_face(self, record_id: str, embedding: np.ndarray, *, taken: object = None) -> None:
        """Give a record in the index its face embedding (from :func:`childmatch.faces.check_photo`),
        replacing any it had; ``taken`` is the photo's date, if known (else the record's event date)."""
        side = self.profile(record_id).side
        self.faces[side].add(record_id, embedding)
        year = _year(taken)
        if year is None:
            self._taken.pop(record_id, None)
        else:
            self._taken[record_id] = year

    def remove(self, record_id: str) -> bool:
        """Take a record out (closed, withdrawn or restored), with its face; returns whether it was there.

        Its postings stay until :meth:`compact` and are skipped at query time.
        """
        for faces in self.faces.values():
            faces.remove(record_id)
        self._taken.pop(record_id, None)
        return self._drop(record_id)

    def _drop(self, record_id: str) -> bool:
        number = self._numbers.pop(record_id, None)
        if number is None:
            return False
        p = self._profiles[number]
        assert p is not None
        self._count[p.side] -= 1
        self._profiles[number] = None
        return True

    def compact(self) -> None:
        """Drop postings of removed records."""
        for key, posting in list(self._postings.items()):
            kept = array("i", (n for n in posting if self._profiles[n] is not None))
            if kept:
                self._postings[key] = kept
            else:
                del self._postings[key]

    def extend(self, records: Iterable[Record]) -> None:
        for r in records:
            self.add(r)

    def __len__(self) -> int:
        return len(self._numbers)

    def __contains__(self, record_id: str) -> bool:
        return record_id in self._numbers

    def profile(self, record_id: str) -> Profile:
        p = self._profiles[self._numbers[record_id]]
        assert p is not None
        return p

    # ---- queries ---------------------------------------------------------------------------------------
    def shortlist_for(self, p: Profile, side: str, face: np.ndarray | None = None) -> list[Profile]:
        """The records of ``side`` most likely to match ``p``: those found by keys (:meth:`_keyed`), then
        those with the nearest faces that keys missed."""
        out = self._keyed(p, side)
        face = self._face_of(p, face)
        if face is not None:
            seen = {q.record_id for q in out} | {p.record_id}
            for record_id, _ in self.faces[side].nearest(
                face, k=self.face_candidates, min_similarity=self.face_floor
            ):
                if record_id not in seen and record_id in self._numbers:
                    out.append(self.profile(record_id))
        return out

    def _face_of(self, p: Profile, face: np.ndarray | None) -> np.ndarray | None:
        if face is None:
            return self.faces[p.side].embedding(p.record_id)
        face = np.asarray(face, dtype=np.float32).reshape(-1)
        return face / max(float(np.linalg.norm(face)), 1e-12)

    def _face_level(self, p: Profile, face: np.ndarray | None, taken: float | None, q: Profile) -> int:
        other = self.faces[q.side].embedding(q.record_id)
        if face is None or other is None:
            return 0
        when_p = taken if taken is not None else self._taken.get(p.record_id, p.event)
        when_q = self._taken.get(q.record_id, q.event)
        years = None if when_p is None or when_q is None else when_p - when_q
        return face_level(float(face @ other), years)

    def _keyed(self, p: Profile, side: str) -> list[Profile]:
        """The records of ``side`` most likely to match ``p``, best first.

        Records sharing keys with ``p`` are pre-scored by the rarity of the keys they share plus the
        model's weights for age, timeline and state, computed with numpy over all of them at once.
        """
        char = _SIDE_CHAR[side]
        total = max(self._count[side], 1)
        bands = [banded("", b) for b in query_bands(p)]
        postings, cap = self._postings, self.posting_cap
        found: list[tuple[int, float, array]] = []
        for key in query_keys(p):
            kind = kind_weight(key)
            for b in bands:
                posting = postings.get(char + key + b)
                if posting and len(posting) <= cap:
                    found.append((len(posting), kind, posting))
        # Rarest keys first, until the budget of postings read is spent: the common keys left out
        # (a state, a popular name in a big band) are the weakest evidence, and reading them all made
        # the slowest queries at a million records (docs/matching.md, "Retrieval").
        found.sort(key=lambda t: t[0])
        read = array("i")  # the postings read, end to end
        weights: list[float] = []
        sizes: list[int] = []
        for n, kind, posting in found:
            if len(read) + n > self.read_budget and sizes:
                break
            read.extend(posting)
            weights.append(kind * math.log(1.0 + total / n))
            sizes.append(n)
        if not sizes:
            return []
        numbers = np.frombuffer(read, dtype=np.int32)
        score = np.repeat(np.asarray(weights), sizes)
        unique, inverse = np.unique(numbers, return_inverse=True)
        totals = np.bincount(inverse, weights=score)
        model = self.link_model if side != p.side else self.dedupe_model
        totals += self._context_bits(p, unique, model)
        k = min(len(unique), self.shortlist + 8)
        top = np.argpartition(-totals, k - 1)[:k] if k < len(unique) else np.arange(len(unique))
        top = top[np.argsort(-totals[top], kind="stable")]
        out = []
        for n in unique[top].tolist():
            q = self._profiles[n]
            if q is not None and q.record_id != p.record_id and q.side == side:
                out.append(q)
                if len(out) == self.shortlist:
                    break
        return out

    def _context_bits(self, p: Profile, numbers: np.ndarray, model: Model) -> np.ndarray:
        """Model weights of age, timeline and state for many records at once (a cheap half of the score)."""
        w = model.weights() * 0.5  # in pre-score units: about one rare key per 2 bits
        out = np.zeros(len(numbers))
        if p.birth is not None:
            birth = np.frombuffer(self._birth, dtype=np.float64)[numbers]
            tol = np.frombuffer(self._tol, dtype=np.float64)[numbers]
            z = np.abs(birth - p.birth) / np.sqrt(tol**2 + p.birth_tol**2)
            level = np.where(
                np.isnan(z), 0, np.where(z <= 1, 1, np.where(z <= 2, 2, np.where(z <= 3.5, 3, 4)))
            )
            out += w[AGE][level]
        if p.event is not None:
            event = np.frombuffer(self._event, dtype=np.float64)[numbers]
            if model.mode == "link":
                elapsed = (p.event - event) if p.side == "found" else (event - p.event)
                level = np.where(
                    elapsed < -0.08, 1, np.where(elapsed <= 0.08, 2, np.where(elapsed <= 2, 3, 4))
                )
            else:
                gap = np.abs(event - p.event)
                level = np.where(gap <= 0.08, 2, np.where(gap <= 1, 3, 4))
            out += np.where(np.isnan(event), 0.0, w[TIMELINE][level])
        mine = STATE_NUMBER.get(p.state, -1)
        if mine >= 0:
            states = np.frombuffer(self._state, dtype=np.int8)[numbers].astype(np.int64)
            level = np.where(states < 0, 0, STATE_RELATION[mine][np.maximum(states, 0)])
            out += w[PLACE][level]
        return out

    def pair_bits(
        self,
        p: Profile,
        others: list[Profile],
        model: Model,
        *,
        face: np.ndarray | None = None,
        taken: float | None = None,
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """Log-odds of ``p`` against each of ``others`` (bits, prior included), the rivalry bits of each
        (link mode: :func:`~childmatch.scoring.rival_bits`; zeros in dedupe), each pair's levels (a row
        per pair) and the name's frequency adjustment in bits (included in the log-odds)."""
        levels, adjustment, bits = self._compared([p], [others], model, [self._face_of(p, face)], taken)
        return bits, self._rivals([bits], [others], model)[0], levels, adjustment

    def _compared(
        self,
        queries: Sequence[Profile],
        shortlists: Sequence[list[Profile]],
        model: Model,
        faces: Sequence[np.ndarray | None],
        taken: float | None = None,
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Levels, name frequency adjustments and log-odds of every query against its shortlist, the pairs
        of all queries end to end (compared in one go: :func:`~childmatch.compare.compare_pairs`)."""
        flip = model.mode == "link" and bool(queries) and queries[0].side == "found"
        others = [q for shortlist in shortlists for q in shortlist]
        repeated = [p for p, shortlist in zip(queries, shortlists) for _ in shortlist]
        face_levels = None
        if any(face is not None for face in faces):
            face_levels = [
                0 if face is None else self._face_level(p, face, taken, q)
                for p, face, shortlist in zip(queries, faces, shortlists)
                for q in shortlist
            ]
        a, b = (others, repeated) if flip else (repeated, others)
        levels, tokens = compare_pairs(a, b, model.mode, face_levels)
        tf_adjustment = model.tf_adjustment
        adjustment = np.array(
            [tf_adjustment(lv, token) for lv, token in zip(levels[:, NAME].tolist(), tokens)],
            dtype=np.float64,
        )
        self.pairs_scored += len(others)
        return levels, adjustment, model.total_bits(levels, adjustment)

    def _rivals(
        self, bits: Sequence[np.ndarray], shortlists: Sequence[list[Profile]], model: Model
    ) -> list[np.ndarray]:
        """Each query's rivalry bits (link mode: :func:`~childmatch.scoring.rival_bits`; zeros in dedupe)."""
        if model.mode != "link":
            return [np.zeros(len(b)) for b in bits]
        return [r * model.rival_weight for r in rival_bits_of_groups(bits, shortlists, self.dedupe_model)]

    def scored(
        self,
        p: Profile,
        others: list[Profile],
        model: Model,
        *,
        min_score: float = 0.0,
        limit: int | None = None,
        face: np.ndarray | None = None,
        taken: float | None = None,
    ) -> Scored:
        """Score ``p`` against ``others``; those at or above ``min_score`` (at most ``limit``), best first,
        as numbers (:meth:`score_shortlist` explains them)."""
        levels, adjustment, bits = self._compared([p], [others], model, [self._face_of(p, face)], taken)
        [rivals] = self._rivals([bits], [others], model)
        return self._kept(p, others, model, levels, adjustment, bits, rivals, min_score, limit)

    def scored_all(
        self, queries: Sequence[Profile], side: str, model: Model, *, min_score: float = 0.0
    ) -> list[Scored]:
        """:meth:`scored` for many queries of the index, each against its shortlist on ``side``; their
        pairs are compared in one go, which is what makes a batch fast."""
        shortlists = [self.shortlist_for(p, side) for p in queries]
        faces = [self._face_of(p, None) for p in queries]
        levels, adjustment, bits = self._compared(queries, shortlists, model, faces)
        ends = np.cumsum([len(others) for others in shortlists]).tolist()
        spans = [slice(end - len(others), end) for others, end in zip(shortlists, ends)]
        rivals = self._rivals([bits[span] for span in spans], shortlists, model)
        return [
            self._kept(p, others, model, levels[span], adjustment[span], bits[span], r, min_score, None)
            for p, others, span, r in zip(queries, shortlists, spans, rivals)
        ]

    def _kept(
        self,
        p: Profile,
        others: list[Profile],
        model: Model,
        levels: np.ndarray,
        adjustment: np.ndarray,
        bits: np.ndarray,
        rivals: np.ndarray,
        min_score: float,
        limit: int | None,
    ) -> Scored:
        link = model.mode == "link"
        probs = np.asarray(model.probability(bits + rivals))
        if not link:  # a duplicate needs the name and more (scoring.could_be_duplicate): others score 0
            probs = np.where([could_be_duplicate(lv) for lv in levels.tolist()], probs, 0.0)
        order = np.argsort(-probs, kind="stable")
        keep = order[probs[order] >= min_score][:limit]
        near = scoring_within_a_bit(bits)[keep] - 1 if link else np.zeros(len(keep), dtype=np.int64)
        return Scored(
            p.record_id,
            p.side,
            model.mode,
            tuple(others[i].record_id for i in keep.tolist()),
            probs[keep],
            levels[keep].astype(np.int8),
            adjustment[keep],
            rivals[keep],
            near,
        )

    def score_shortlist(
        self,
        p: Profile,
        others: list[Profile],
        model: Model,
        *,
        min_score: float = 0.0,
        limit: int | None = None,
        face: np.ndarray | None = None,
        taken: float | None = None,
    ) -> list[Candidate]:
        """Score ``p`` against ``others`` and explain those at or above ``min_score``, best first.

        ``face``: ``p``'s embedding when ``p`` is not in the index (else its stored face is used).
        """
        scored = self.scored(p, others, model, min_score=min_score, limit=limit, face=face, taken=taken)
        return candidates_of(scored, model)

    def candidates(
        self,
        record: Record,
        *,
        side: str | None = None,
        limit: int = 10,
        min_score: float = 0.0,
        face: np.ndarray | None = None,
        taken: object = None,
    ) -> list[Candidate]:
        """Ranked candidates for ``record`` on ``side`` (default: the other side).

        Asking for the record's own side gives its likely duplicates (see :meth:`duplicates`). ``face``
        is the record's embedding if it is not in the index (``taken``: the photo's date, if known).
        """
        p = profile_of(record)
        target = side or _OTHER[p.side]
        model = self.link_model if target != p.side else self.dedupe_model
        return self.score_shortlist(
            p,
            self.shortlist_for(p, target, face),
            model,
            min_score=min_score,
            limit=limit,
            face=face,
            taken=_year(taken),
        )

    def duplicates(self, record: Record, *, limit: int = 10, min_score: float = 0.0) -> list[Candidate]:
        """Likely duplicates of ``record`` on its own side (the same child reported or entered twice)."""
        return self.candidates(record, side=record.side, limit=limit, min_score=min_score)


def _year(d: object) -> float | None:
    """A date as a fractional year (as profiles hold event dates); ``None`` stays ``None``."""
    if d is None or isinstance(d, float):
        return d  # type: ignore[return-value]
    return d.year + (d.timetuple().tm_yday - 0.5) / 365.25  # type: ignore[attr-defined]
