"""Batch operations in-process: link two sets, dedupe one set, and fit a model from data.

Batch link files the missing reports in a :class:`~childmatch.index.MatchIndex` and asks it for each found
child's candidates — the same retrieval and scoring as the real-time path, so the two never disagree. The
queries are split over worker processes (fork) when there are enough of them.

>>> from childmatch.records import Record
>>> ms = [Record.from_dict({"record_id": "M1", "side": "missing", "name": "Arjun", "gender": "M"})]
>>> fs = [Record.from_dict({"record_id": "F1", "side": "found", "name": "Arjun", "gender": "M"})]
>>> [(c.missing_id, c.found_id, c.rank) for c in link(ms, fs)]
[('M1', 'F1', 1)]
"""

from __future__ import annotations

import functools
import gc
import math
import multiprocessing
import os
import random
import threading
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import TypeVar

import numpy as np

from .claims import CLAIM_FLOOR, claim_bits
from .compare import COMPARISONS, FATHER, GENDER, HOME, MOTHER, NAME, PLACE, compare_pairs
from .index import MatchIndex
from .model import (
    Model,
    expectation_maximisation,
    level_frequencies,
    name_frequencies,
    platt_with_rivals,
    with_labels,
)
from .profile import Profile, profile_of
from .records import Record
from .scoring import Candidate, Scored, candidates_of, explained

Progress = Callable[[int, int], None]
_F = TypeVar("_F", bound=Callable[..., object])


def _without_gc(func: _F) -> _F:
    """Run a batch with Python's cyclic garbage collector paused (the workers, forked inside, inherit it).

    A batch makes millions of small acyclic objects (profiles, levels, candidates, cache entries), and
    each full collection walked all of them again: 4.8 of 33.5 CPU seconds of the benchmark's
    single-process link and 0.8 of 5.3 s of its fit. A batch makes no reference cycles (gc.collect()
    after the benchmark's fit and link finds nothing unreachable), so nothing waits on the collector;
    collection resumes when the batch returns.
    """

    @functools.wraps(func)
    def run(*args: object, **kwargs: object) -> object:
        if not gc.isenabled():
            return func(*args, **kwargs)
        gc.disable()
        try:
            return func(*args, **kwargs)
        finally:
            gc.enable()

    return run  # type: ignore[return-value]


@dataclass(frozen=True, slots=True)
class RankedCandidate:
    """A batch result: a :class:`Candidate` and its rank among the found child's (or record's) candidates."""

    missing_id: str
    found_id: str
    score: float
    rank: int
    candidate: Candidate


#: profile_of, remembered for the last 50,000 records: fitting a model and then linking or deduplicating
#: with it read the same records, and making a profile (names in every script, places) is a tenth of a
#: batch. Records are immutable, so a remembered profile is never stale.
_profile = functools.lru_cache(maxsize=50_000)(profile_of)


# Set in the parent before forking; read by the workers.
_JOB: dict[str, object] = {}


def _run_chunk(bounds: tuple[int, int]) -> tuple[list[Scored], int]:
    index: MatchIndex = _JOB["index"]  # type: ignore[assignment]
    queries: Sequence[Profile] = _JOB["queries"]  # type: ignore[assignment]
    side: str = _JOB["side"]  # type: ignore[assignment]
    model: Model = _JOB["model"]  # type: ignore[assignment]
    min_score: float = _JOB["min_score"]  # type: ignore[assignment]
    before = index.pairs_scored
    out = index.scored_all(queries[bounds[0] : bounds[1]], side, model, min_score=min_score)
    return out, index.pairs_scored - before


def _query_all(
    index: MatchIndex,
    queries: Sequence[Profile],
    side: str,
    model: Model,
    min_score: float,
    workers: int,
    progress: Progress | None,
) -> tuple[list[Scored], int]:
    """Each query's scored candidates (as numbers: the parent explains those it keeps), in order."""
    _JOB.update(index=index, queries=queries, side=side, model=model, min_score=min_score)
    step = 250
    chunks = [(i, min(i + step, len(queries))) for i in range(0, len(queries), step)]
    results: list[Scored] = []
    scored = 0
    done = 0
    try:
        if workers > 1 and len(queries) >= 2000 and can_fork():
            with multiprocessing.get_context("fork").Pool(workers) as pool:
                for part, n in pool.imap(_run_chunk, chunks):
                    results.extend(part)
                    scored += n
                    done += len(part)
                    if progress:
                        progress(done, len(queries))
        else:
            for chunk in chunks:
                part, n = _run_chunk(chunk)
                results.extend(part)
                scored += n
                done += len(part)
                if progress:
                    progress(done, len(queries))
    finally:
        _JOB.clear()
    index.pairs_scored += scored
    return results, scored


def can_fork() -> bool:
    """Whether worker processes may be forked from this one: the platform forks, and no other thread runs.

    A thread may hold a lock (the logging module's, the allocator's, an import's) at the moment of the
    fork; the child gets the lock held, with no thread left to release it, and hangs the first time it
    asks for it. That hung a CI run, once, in a test process running a live server. With other threads
    running, a batch runs in this process instead: slower, never stuck.
    """
    return "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1


def default_workers() -> int:
    return max(1, min(2, os.cpu_count() or 1))


@_without_gc
def link(
    missing: Iterable[Record],
    found: Iterable[Record],
    *,
    model: Model | None = None,
    min_score: float = 0.01,
    shortlist: int = 100,
    workers: int | None = None,
    progress: Progress | None = None,
    stats: dict[str, int] | None = None,
    claims: bool = True,
) -> list[RankedCandidate]:
    """Every (missing, found) pair scoring at least ``min_score``, ranked within each found child; the
    found children that fit one report share it (:mod:`childmatch.claims`) unless ``claims=False``,
    which ranks each found child's candidates as the real-time path does."""
    model = model or Model.default("link")
    index = MatchIndex(link_model=model, shortlist=shortlist)
    for r in missing:
        index.add_profile(_profile(r))
    queries = [_profile(r) for r in found]
    results, scored = _query_all(
        index,
        queries,
        "missing",
        model,
        min(min_score, CLAIM_FLOOR) if claims else min_score,
        workers or default_workers(),
        progress,
    )
    if stats is not None:
        stats["pairs_scored"] = scored
    return linked(results, {p.record_id: p for p in queries} if claims else None, model, min_score)


def linked(
    results: Sequence[Scored], found: Mapping[str, Profile] | None, model: Model, min_score: float
) -> list[RankedCandidate]:
    """Explain and rank the found children's scored candidates; with ``found`` (their profiles), after
    the claims of the other found children on the same reports (:mod:`childmatch.claims`)."""
    results = [s for s in results if len(s)]
    if found is None:
        return ranked((s.query_id, candidates_of(s, model, min_score=min_score)) for s in results)
    claims = claim_bits(results, found, weight=model.rival_weight)
    return ranked(
        (s.query_id, candidates_of(s, model, claims=c, min_score=min_score)) for s, c in zip(results, claims)
    )


def ranked(results: Iterable[tuple[str, list[Candidate]]]) -> list[RankedCandidate]:
    """Flatten each found child's candidates (best first) into ranked pairs."""
    return [
        RankedCandidate(c.missing_id, found_id, c.score, rank, c)
        for found_id, cands in results
        for rank, c in enumerate(cands, start=1)
    ]


@_without_gc
def dedupe(
    records: Iterable[Record],
    *,
    model: Model | None = None,
    min_score: float = 0.01,
    shortlist: int = 50,
    workers: int | None = None,
    progress: Progress | None = None,
    stats: dict[str, int] | None = None,
) -> list[tuple[str, str, float, Candidate]]:
    """Likely duplicate pairs ``(id_a, id_b, score, candidate)`` within one set, each pair once."""
    records = list(records)
    model = model or Model.default("dedupe")
    index = MatchIndex(dedupe_model=model, shortlist=shortlist)
    for r in records:
        index.add_profile(_profile(r))
    best: dict[tuple[str, str], tuple[float, Scored, int]] = {}
    for side in ("missing", "found"):
        queries = [index.profile(r.record_id) for r in records if r.side == side]
        if not queries:
            continue
        results, scored = _query_all(
            index, queries, side, model, min_score, workers or default_workers(), progress
        )
        if stats is not None:
            stats["pairs_scored"] = stats.get("pairs_scored", 0) + scored
        for s in results:
            rid = s.query_id
            for i, (other, score) in enumerate(zip(s.other_ids, s.scores.tolist())):
                key = (rid, other) if rid < other else (other, rid)
                if key not in best or best[key][0] < score:
                    best[key] = (score, s, i)
    out = [(a, b, score, explained(s, i, model, score)) for (a, b), (score, s, i) in best.items()]
    return sorted(out, key=lambda t: (-t[2], t[0], t[1]))


# ---- estimation from data ------------------------------------------------------------------------------
def _levels_of(
    pairs: list[tuple[Profile, Profile]], mode: str, workers: int = 1
) -> tuple[np.ndarray, list[str]]:
    """Levels and name tokens of many pairs, in order; over forked workers when there are many (fit
    compares some 250,000 on the benchmark, half its time) and :func:`can_fork` allows."""
    if workers > 1 and len(pairs) >= 20_000 and can_fork():
        _JOB.update(pairs=pairs, mode=mode)
        step = -(-len(pairs) // (4 * workers))
        try:
            with multiprocessing.get_context("fork").Pool(workers) as pool:
                parts = pool.map(_levels_chunk, [(i, i + step) for i in range(0, len(pairs), step)])
        finally:
            _JOB.clear()
        return np.concatenate([lv for lv, _ in parts]), [t for _, tokens in parts for t in tokens]
    if not pairs:
        return np.zeros((0, len(COMPARISONS)), dtype=np.int64), []
    a, b = zip(*pairs)
    return compare_pairs(a, b, mode)


def _levels_chunk(bounds: tuple[int, int]) -> tuple[np.ndarray, list[str]]:
    pairs: list[tuple[Profile, Profile]] = _JOB["pairs"]  # type: ignore[assignment]
    return _levels_of(pairs[bounds[0] : bounds[1]], _JOB["mode"])  # type: ignore[arg-type]


def _name_key(p: Profile) -> str:
    return p.names[0].core[0] + p.gender if p.names and p.names[0].core else ""


def _family_key(p: Profile) -> str:
    if p.father.core:
        return "f" + p.father.core[0]
    return "m" + p.mother.core[0] if p.mother.core else ""


def _session_pairs(
    pa: Sequence[Profile],
    pb: Sequence[Profile],
    mode: str,
    key: Callable[[Profile], str],
    rng: random.Random,
    limit: int = 300_000,
) -> list[tuple[Profile, Profile]]:
    """Pairs that share ``key`` (a sample of at most ``limit``), for one training session."""
    groups: dict[str, list[Profile]] = {}
    for p in pa:
        k = key(p)
        if k:
            groups.setdefault(k, []).append(p)
    pairs: list[tuple[Profile, Profile]] = []
    sizes = [(len(groups.get(key(q), ())), q) for q in pb]
    total = sum(n for n, _ in sizes) or 1
    keep = min(1.0, limit / total)
    for n, q in sizes:
        if not n:
            continue
        for a in groups[key(q)]:
            if (mode == "link" or (a.record_id < q.record_id and a.side == q.side)) and rng.random() < keep:
                pairs.append((a, q))
    return pairs


def _prior_of_duplicates(
    model: Model, levels: np.ndarray, tf: np.ndarray, group: Sequence[int], n_queries: int, n_records: int
) -> float:
    """The dedupe prior on the footing of u: the chance that two records drawn at random are one child.

    Estimated as the link prior is (:func:`_prior_one_to_one`): each query is a second record of at most
    one of the other ``n_records - 1``. Estimated among the shortlisted pairs instead, as it once was, it
    was the share of duplicates among look-alikes, about 1 in 65, while u came from random pairs; every
    pair then started some 10 bits too high, and a shared mother's name or a popular first name with a
    place nearby made nearly every record of the demo a "likely duplicate" (docs/matching.md).
    """
    base = model.total_bits(levels, tf) - model.prior_bits
    # At most half the records are second entries: with u that do not fit the data (the shipped ones on
    # synthetic records), EM takes every look-alike for a re-entry and would put nine in ten there.
    group_ = np.asarray(group, dtype=np.int64)
    return _prior_one_to_one(base, group_, n_queries, max(n_records - 1, 1), most=0.5)


def _prior_by_em(model: Model, levels: np.ndarray, tf: np.ndarray, cap: float, iterations: int = 50) -> float:
    """Share of matches among scored pairs, with every m and u held (a one-parameter EM)."""
    base = model.total_bits(levels, tf) - model.prior_bits
    prior = 0.01
    for _ in range(iterations):
        odds = np.exp2(np.clip(base + np.log2(prior / (1 - prior)), -60, 60))
        new = float(np.mean(odds / (1 + odds)))
        if abs(new - prior) < 1e-7:
            break
        prior = min(max(new, 1e-6), cap)
    return prior


def _state_name_frequencies(profiles: Sequence[Profile], least: int = 5) -> dict[str, float]:
    """Frequencies of names common within a state (``least`` records or more), keyed ``"UP:pooja"``
    (see :meth:`Model.tf_adjustment`); rarer names keep their national frequency, as a count of one or
    two within a state says little."""
    counts: dict[tuple[str, str], int] = {}
    sizes: dict[str, int] = {}
    for p in profiles:
        if p.state:
            sizes[p.state] = sizes.get(p.state, 0) + 1
            for t in set(p.names[0].core if p.names else ()):
                counts[(p.state, t)] = counts.get((p.state, t), 0) + 1
    return {f"{s}:{t}": n / sizes[s] for (s, t), n in counts.items() if n >= least}


def _prior_one_to_one(
    base: np.ndarray,
    group: np.ndarray,
    n_queries: int,
    n_records: int,
    iterations: int = 200,
    most: float = 0.999,
) -> float:
    """The prior of one pair, by EM under "a found child is at most one child".

    Each query (found child) is the child of one of the ``n_records`` reports with probability ``pi``,
    equally likely any of them, or of none. ``base`` are the log-odds bits (prior left out) of the pairs
    the engine scores, ``group`` the query of each; unscored reports are taken to fit not at all. EM
    estimates ``pi`` (at most ``most``); a pair's prior odds are then ``pi / ((1 - pi) * n_records)``, the
    same footing as u, which comes from random pairs.
    """
    pi = 0.5
    n_records = max(n_records, 1)
    for _ in range(iterations):
        prior_bits = math.log2(pi / ((1 - pi) * n_records))
        odds = np.bincount(group, weights=np.exp2(np.clip(base + prior_bits, -60, 60)), minlength=n_queries)
        new = float(np.clip(np.mean(odds / (1 + odds)), 1e-4, most))
        if abs(new - pi) < 1e-7:
            pi = new
            break
        pi = new
    odds1 = pi / ((1 - pi) * n_records)
    return odds1 / (1 + odds1)


def _labelled_rivals(index: MatchIndex, pairs: list[tuple[Profile, Profile]], model: Model) -> np.ndarray:
    """Rivalry bits of labelled (missing, found) pairs, as the engine computes them when it scores."""
    by_found: dict[str, list[int]] = {}
    for k, (_, f) in enumerate(pairs):
        by_found.setdefault(f.record_id, []).append(k)
    out = np.zeros(len(pairs))
    for ks in by_found.values():
        q = pairs[ks[0]][1]
        others = index.shortlist_for(q, "missing")
        where = {o.record_id: i for i, o in enumerate(others)}
        for k in ks:
            if pairs[k][0].record_id not in where:
                where[pairs[k][0].record_id] = len(others)
                others.append(pairs[k][0])
        _, rivals, _, _ = index.pair_bits(q, others, model)
        for k in ks:
            out[k] = rivals[where[pairs[k][0].record_id]]
    return out


@_without_gc
def fit(
    records_a: Sequence[Record],
    records_b: Sequence[Record] | None = None,
    *,
    labelled_pairs: Sequence[tuple[str, str, bool]] | None = None,
    start: Model | None = None,
    u_samples: int = 100_000,
    shortlist: int = 100,
    seed: int = 1,
    estimate_m: bool = False,
    workers: int | None = None,
) -> Model:
    """Estimate a model from unlabelled records, refined by labelled pairs when given.

    From unlabelled data: u from random pairs, name frequencies, and the prior (by EM over candidate
    pairs, expressed per random pair like u). m starts from ``start`` (default: the shipped parameters, set from domain knowledge); with
    ``estimate_m`` EM also re-estimates m in two training sessions — measured on the synthetic benchmark
    to *hurt* (candidate pairs that share a name also share region, language and age band, which EM
    takes for matching), so it is off by default. Labelled pairs re-estimate m and calibrate.

    ``records_b`` given: a link model (``records_a`` missing, ``records_b`` found); otherwise a dedupe model.
    ``labelled_pairs`` are ``(id_a, id_b, is_match)``: officers' confirmed and rejected matches.
    ``workers``: processes that compare the pairs (default :func:`default_workers`); the model is the same.
    """
    mode = "link" if records_b is not None else "dedupe"
    workers = workers or default_workers()
    pa = [_profile(r) for r in records_a]
    pb = [_profile(r) for r in records_b] if records_b is not None else pa
    rng = random.Random(seed)
    n = min(u_samples, len(pa) * len(pb))
    random_pairs = [(pa[rng.randrange(len(pa))], pb[rng.randrange(len(pb))]) for _ in range(n)]
    if mode == "dedupe":
        random_pairs = [(a, b) for a, b in random_pairs if a.record_id != b.record_id and a.side == b.side]
    u = level_frequencies(_levels_of(random_pairs, mode, workers)[0])
    everyone = pa + pb if records_b is not None else pa
    freq, default_freq = name_frequencies(p.names[0].core if p.names else () for p in everyone)
    freq.update(_state_name_frequencies(everyone))
    base = start or Model.default(mode)
    model = Model(mode=mode, m=base.m, u=u, prior=0.01, name_freq=freq, default_freq=default_freq)
    # Two training sessions, as a careful Splink user would run them: pairs that share a name (EM learns
    # every m but the name's), then pairs that share a parent's name or a home district (EM learns the
    # name's m). Within a session the comparison that chose the pairs is ignored.
    by_name = _session_pairs(pa, pb, mode, _name_key, rng) if estimate_m else []
    by_family = _session_pairs(pa, pb, mode, _family_key, rng) if estimate_m else []
    m = model.m
    if estimate_m and len(by_name):
        m, _ = expectation_maximisation(_levels_of(by_name, mode)[0], u, 0.05, m, ignore=(NAME, GENDER))
    if estimate_m and len(by_family):
        m2, _ = expectation_maximisation(
            _levels_of(by_family, mode)[0], u, 0.05, m, ignore=(FATHER, MOTHER, PLACE, HOME)
        )
        m = tuple(m2[c] if c in (NAME, GENDER) else m[c] for c in range(len(COMPARISONS)))
    model = replace(model, m=m)
    # The prior among the pairs the engine will score: EM over those pairs with m and u held.
    index = MatchIndex(link_model=model, dedupe_model=model, shortlist=shortlist)
    for p in pa:
        index.add_profile(p)
    side = pa[0].side if pa else "missing"
    queries = list(pb if mode == "link" else pa)
    if len(queries) > 1500:
        queries = rng.sample(queries, 1500)
    blocked, group = [], []
    for g, q in enumerate(queries):
        for c in index.shortlist_for(q, side if mode == "link" else q.side):
            blocked.append((c, q))
            group.append(g)
    levels, tokens = _levels_of(blocked, mode, workers)
    tf = np.array([model.tf_adjustment(int(levels[i, NAME]), t) for i, t in enumerate(tokens)])
    if mode == "link":
        base = model.total_bits(levels, tf) - model.prior_bits
        model = replace(
            model, prior=_prior_one_to_one(base, np.array(group, dtype=np.int64), len(queries), len(pa))
        )
    else:
        model = replace(model, prior=_prior_of_duplicates(model, levels, tf, group, len(queries), len(pa)))
    if labelled_pairs:
        by_id = {p.record_id: p for p in pa + pb}
        known = [(a, b, y) for a, b, y in labelled_pairs if a in by_id and b in by_id]
        pairs = [(by_id[a], by_id[b]) for a, b, _ in known]
        labels = np.array([y for _, _, y in known], dtype=bool)
        lv, tokens = _levels_of(pairs, mode)
        tf = np.array([model.tf_adjustment(int(lv[i, NAME]), t) for i, t in enumerate(tokens)])
        model = with_labels(model, lv, tf, labels)
        if mode == "link" and 0 < labels.sum() < len(labels):
            # Calibrate what the engine outputs: the pair's bits less what it loses to its rivals.
            plain = replace(model, calibration=(1.0, 0.0), rival_weight=1.0)
            index.link_model = plain
            rivals = _labelled_rivals(index, [(by_id[a], by_id[b]) for a, b, _ in known], plain)
            calibration, weight = platt_with_rivals(plain.total_bits(lv, tf), rivals, labels)
            model = replace(model, calibration=calibration, rival_weight=weight)
    del index
    return model
