"""childmatch against Splink 5 on the same synthetic data and machine, in one run.

    .venv/bin/python bench/run_benchmark.py            # 20,000 x 15,000; real time against 100k and 1M

Each part runs in its own process so that peak memory (RSS of the process and its workers, polled every
50 ms) belongs to that part alone. Results go to bench/out/results.json; the table is printed and written
to the "## Matching engine" section of docs/benchmarks.md (other sections are kept).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import os
import platform
import random
import subprocess
import sys
import time
from collections import defaultdict

import numpy as np
import psutil

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
OUT = os.path.join(HERE, "out")
#: Where the generated records go; another directory lets a trial run leave the full-size data alone.
DATA = os.environ.get("BENCH_DATA", os.path.join(OUT, "data"))


class PeakMemory:
    """Peak RSS of this process and its children, polled every 50 ms by a watcher process: a thread here
    would keep childmatch from forking its workers (childmatch.batch.can_fork)."""

    def __enter__(self) -> PeakMemory:
        self.peak = 0
        self._watcher = subprocess.Popen(
            [sys.executable, os.path.abspath(__file__), "--watch-memory", str(os.getpid())],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        return self

    def __exit__(self, *exc: object) -> None:
        out, _ = self._watcher.communicate("stop\n")
        self.peak = int(out.strip() or 0)


def watch_memory(pid: int) -> None:
    """The watcher of :class:`PeakMemory`: prints the peak RSS of ``pid`` and its children once told to stop."""
    import select

    me, peak, watcher = psutil.Process(pid), 0, os.getpid()
    while not select.select([sys.stdin], [], [], 0.05)[0]:
        try:
            workers = [c for c in me.children(recursive=True) if c.pid != watcher]
            rss = me.memory_info().rss + sum(c.memory_info().rss for c in workers)
        except psutil.Error:
            rss = 0
        peak = max(peak, rss)
    print(peak)


def cpu_seconds() -> float:
    """User + system CPU of this process and its reaped children (the worker processes)."""
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def load():
    from childmatch.csvfiles import read_records

    ms = read_records(os.path.join(DATA, "missing.csv")).records
    fs = read_records(os.path.join(DATA, "found.csv")).records
    import csv

    links = {
        (r["missing_id"], r["found_id"]) for r in csv.DictReader(open(os.path.join(DATA, "truth_links.csv")))
    }
    dupes = {
        tuple(sorted((r["id_a"], r["id_b"])))
        for r in csv.DictReader(open(os.path.join(DATA, "truth_dupes.csv")))
    }
    return ms, fs, links, dupes


def link_metrics(pairs: list[tuple[str, str, float]], truth: set[tuple[str, str]]) -> dict[str, float]:
    """Best-threshold P/R/F1, average precision, recall@k per found child, retrieval recall."""
    scores = np.array([p[2] for p in pairs])
    y = np.array([(p[0], p[1]) in truth for p in pairs])
    order = np.argsort(-scores, kind="stable")
    tp = np.cumsum(y[order])
    precision = tp / np.arange(1, len(order) + 1)
    recall = tp / len(truth)
    f1 = 2 * precision * recall / np.maximum(precision + recall, 1e-12)
    best = int(f1.argmax())
    by_found: dict[str, list[tuple[float, bool]]] = defaultdict(list)
    for (_m, f, s), is_true in zip(pairs, y):
        by_found[f].append((s, bool(is_true)))
    targets = {f for _, f in truth}
    at = {}
    for k in (1, 5, 10):
        hits = 0
        for f in targets:
            ranked = sorted(by_found.get(f, []), key=lambda t: -t[0])[:k]
            hits += any(t for _, t in ranked)
        at[k] = hits / len(targets)
    return {
        "precision": float(precision[best]),
        "recall": float(recall[best]),
        "f1": float(f1[best]),
        "threshold": float(scores[order][best]),
        "ap": float((precision * y[order]).sum() / len(truth)),
        "recall_at_1": at[1],
        "recall_at_5": at[5],
        "recall_at_10": at[10],
        "retrieval_recall": float(y.sum() / len(truth)),
        "pairs_scored": len(pairs),
    }


def dupe_metrics(pairs: list[tuple[str, str, float]], truth: set[tuple[str, str]]) -> dict[str, float]:
    if not pairs:
        return {"precision": 0.0, "recall": 0.0, "f1": 0.0}
    scores = np.array([p[2] for p in pairs])
    y = np.array([(min(p[0], p[1]), max(p[0], p[1])) in truth for p in pairs])
    order = np.argsort(-scores, kind="stable")
    tp = np.cumsum(y[order])
    precision = tp / np.arange(1, len(order) + 1)
    recall = tp / len(truth)
    f1 = 2 * precision * recall / np.maximum(precision + recall, 1e-12)
    best = int(f1.argmax())
    return {"precision": float(precision[best]), "recall": float(recall[best]), "f1": float(f1[best])}


def calibration_error(
    pairs: list[tuple[str, str, float]], truth: set[tuple[str, str]], floor: float = 0.01
) -> float:
    """Expected calibration error over ten probability bins (pair-weighted), over the pairs scoring at
    least ``floor`` (the CLI's default --min-score): the same rule for both engines, since Splink also
    returns every blocked pair, most near 0, and those would dilute its error and not childmatch's."""
    kept = [x for x in pairs if x[2] >= floor]
    if not kept:
        return float("nan")
    p = np.array([x[2] for x in kept])
    y = np.array([(x[0], x[1]) in truth for x in kept], dtype=float)
    bins = np.minimum((p * 10).astype(int), 9)
    return float(
        sum(
            abs(p[bins == b].mean() - y[bins == b].mean()) * (bins == b).sum()
            for b in range(10)
            if (bins == b).any()
        )
        / len(p)
    )


def save_pairs(engine: str, pairs: list[tuple[str, str, float]]) -> None:
    """Keep an engine's unlabelled link output for :func:`common_calibration` (bench/out/pairs_*.tsv)."""
    with open(os.path.join(OUT, f"pairs_{engine}.tsv"), "w") as f:
        f.writelines(f"{m}\t{fo}\t{sc!r}\n" for m, fo, sc in pairs)


def common_calibration(truth: set[tuple[str, str]]) -> dict[str, float]:
    """ECE of both engines over one population: every pair either engine returned, a pair an engine did
    not return counting as its score 0 (what leaving it out claims). Each engine's own list is a different
    population (Splink returns every blocked pair, a million near 0; childmatch stops at 0.001), so their
    own-list ECEs do not compare like for like."""
    scores: dict[str, dict[tuple[str, str], float]] = {}
    for engine in ("childmatch", "splink"):
        with open(os.path.join(OUT, f"pairs_{engine}.tsv")) as f:
            scores[engine] = {(m, fo): float(sc) for m, fo, sc in (line.split("\t") for line in f)}
    union = sorted(set(scores["childmatch"]) | set(scores["splink"]))
    return {
        "pairs": len(union),
        **{
            engine: calibration_error([(m, f, own.get((m, f), 0.0)) for m, f in union], truth, 0.0)
            for engine, own in scores.items()
        },
    }


def quality(pairs: list[tuple[str, str, float]], truth: set[tuple[str, str]]) -> dict[str, float]:
    return {
        **link_metrics(pairs, truth),
        "ece": calibration_error(pairs, truth),
        "ece_all": calibration_error(pairs, truth, 0.0),
    }


#: childmatch's batch keeps pairs down to this probability for the benchmark (the CLI's default is
#: 0.01): a true report among a hundred equal look-alikes is honestly at ~0.01, and recall@k should
#: count it where it ranks, as Splink's list (which has no floor) does.
BENCH_MIN_SCORE = 0.001


def split_found(fs, dupes: set[tuple[str, str]], seed: int = 11) -> tuple[set[str], set[str]]:
    """Found children in two halves, a child's records (found-side duplicates) kept together: labels may
    come from the first (training) half only; the labelled setting is measured on the second."""
    parent: dict[str, str] = {}

    def root(x: str) -> str:
        while parent.get(x, x) != x:
            x = parent[x]
        return x

    for a, b in dupes:
        if a.startswith("F") and b.startswith("F"):
            parent[root(a)] = root(b)
    rng = random.Random(seed)
    half: dict[str, bool] = {}
    train, test = set(), set()
    for f in sorted(r.record_id for r in fs):
        g = root(f)
        if g not in half:
            half[g] = rng.random() < 0.5
        (train if half[g] else test).add(f)
    return train, test


def officer_labels(
    pairs: list[tuple[str, str, float]], truth: set[tuple[str, str]], train: set[str], rejected: int = 5
) -> list[tuple[str, str, bool]]:
    """What officers would have decided for the training half: every true pair confirmed (found among the
    candidates, or by other means), and the best ``rejected`` wrong candidates of each child rejected."""
    by_found: dict[str, list[tuple[float, str]]] = defaultdict(list)
    for m, f, s in pairs:
        if f in train and (m, f) not in truth:
            by_found[f].append((s, m))
    labels = [(m, f, True) for m, f in truth if f in train]
    for f, cands in by_found.items():
        labels += [(m, f, False) for _, m in sorted(cands, reverse=True)[:rejected]]
    return labels


def held_out(pairs, truth, test):  # type: ignore[no-untyped-def]
    """Pairs and truth of the held-out found children only."""
    return [p for p in pairs if p[1] in test], {t for t in truth if t[1] in test}


def part_engine() -> dict:
    from childmatch import MatchIndex, dedupe, fit, link
    from childmatch.profile import profile_of

    ms, fs, links, dupes = load()
    with PeakMemory() as mem:
        c0 = cpu_seconds()
        t0 = time.perf_counter()
        model = fit(ms, fs)
        t1 = time.perf_counter()
        stats: dict[str, int] = {}
        results = link(ms, fs, model=model, min_score=BENCH_MIN_SCORE, stats=stats)
        t2 = time.perf_counter()
        c2 = cpu_seconds()
    pairs = [(r.missing_id, r.found_id, r.score) for r in results]
    save_pairs("childmatch", pairs)
    out = link_metrics(pairs, links)
    # Retrieval (untimed): which true pairs reach scoring at all, and how many pairs are scored.
    index = MatchIndex(link_model=model)
    for r in ms:
        index.add(r)
    reached = {
        (p.record_id, q.record_id)
        for q in (profile_of(f) for f in fs)
        for p in index.shortlist_for(q, "missing")
    }
    out["retrieval_recall"] = len(reached & links) / len(links)
    out["pairs_scored"] = stats["pairs_scored"]
    out.update(
        train_s=t1 - t0,
        link_s=t2 - t1,
        wall_s=t2 - t0,
        cpu_s=c2 - c0,
        peak_rss=mem.peak,
        ece=calibration_error(pairs, links),
        ece_all=calibration_error(pairs, links, 0.0),
    )
    # The labelled setting: officers' decisions on the training half refine the model, which is then
    # measured on the held-out half beside the unlabelled model on the same half.
    train, test = split_found(fs, dupes)
    labels = officer_labels(pairs, links, train)
    c4, t4 = cpu_seconds(), time.perf_counter()
    lmodel = fit(ms, fs, labelled_pairs=labels)
    fs_test = [f for f in fs if f.record_id in test]
    lpairs = [
        (r.missing_id, r.found_id, r.score)
        for r in link(ms, fs_test, model=lmodel, min_score=BENCH_MIN_SCORE)
    ]
    out["labelled_cpu_s"], out["labelled_wall_s"] = cpu_seconds() - c4, time.perf_counter() - t4
    upairs, utruth = held_out(pairs, links, test)
    out["heldout"] = quality(upairs, utruth)
    out["labelled"] = quality(lpairs, utruth)
    out["labels"] = {"pairs": len(labels), "matches": sum(y for _, _, y in labels), "train": len(train)}
    out["labelled_model"] = lmodel.to_json()
    out["labelled_model"].pop("name_freq", None)
    t3 = time.perf_counter()
    dmodel = fit(ms + fs)
    dpairs = [(a, b, s) for a, b, s, _ in dedupe(ms + fs, model=dmodel, min_score=0.01)]
    out["dedupe_s"] = time.perf_counter() - t3
    out["dedupe"] = dupe_metrics(dpairs, dupes)
    return out


#: Levels that point to one child rather than to a group of children (see part_oracle).
LINKING = {
    "name": {"exact", "subset", "fuzzy", "conflict", "pet", "weak"},
    "place": {"district"},
    "home": {"mentioned"},
    "father": {"same", "partial"},
    "mother": {"same", "partial"},
    "marks": {"same", "similar"},
}


def part_oracle() -> dict:
    """Bounds on what any scorer could reach on this data, from the dominance of true pairs.

    A report at least as good as the true one on every comparison (by the weight order of the levels) ties
    with or beats it for any scorer that rises with each comparison's weight. With ``s`` such reports
    beating the true one strictly and ``t`` tying, the true report is in the top k with probability at most
    ``(k - s) / (t + 1)``, and no threshold keeps it without keeping those ``s + t`` wrong pairs, which
    bounds best F1. Found children whose true pairs carry no linking evidence (only gender, age, dates,
    state, language, height, complexion) are compared with every report; the others with the 300 reports
    their keys reach first, reading every posting (missing a dominating report only loosens the bound).
    """
    from childmatch import MatchIndex
    from childmatch.compare import COMPARISONS, FIELDS, compare_pair, compare_pairs
    from childmatch.model import Model
    from childmatch.profile import profile_of

    ms, fs, links, _ = load()
    w = Model.default("link").weights()[: len(COMPARISONS) - 1]
    pm = [profile_of(r) for r in ms]
    pf = {r.record_id: profile_of(r) for r in fs}
    by_found: dict[str, list[str]] = defaultdict(list)
    for m, f in links:
        by_found[f].append(m)
    by_id = {p.record_id: p for p in pm}
    index = MatchIndex(shortlist=300, read_budget=10**9, posting_cap=10**9)
    for p in pm:
        index.add_profile(p)

    def weights_of(pool, q) -> np.ndarray:  # type: ignore[no-untyped-def]
        """Each report of ``pool`` against ``q``: a row of weights per report."""
        lv, _ = compare_pairs(pool, [q] * len(pool), "link")
        return w[np.arange(len(w)), lv[:, : len(w)]]

    def linking(a, b) -> bool:  # type: ignore[no-untyped-def]
        lv, _ = compare_pair(a, b, "link")
        return any(COMPARISONS[c].levels[lv[c]] in LINKING.get(FIELDS[c], ()) for c in range(len(w)))

    blind = set()
    hits = {1: 0.0, 5: 0.0, 10: 0.0}
    costs: list[int] = []  # wrong pairs a threshold must keep to keep each true pair
    for f, mids in by_found.items():
        q = pf[f]
        if not any(linking(by_id[m], q) for m in mids):
            blind.add(f)
            pool = [p for p in pm if p.record_id not in mids]
        else:
            pool = [p for p in index.shortlist_for(q, "missing") if p.record_id not in mids]
        others = weights_of(pool, q).reshape(-1, len(w))
        best = {k: 0.0 for k in hits}
        previous = 0
        true_weights = weights_of([by_id[m] for m in mids], q)
        for cost, s, t in sorted(_dominance(true_w, others) for true_w in true_weights):
            costs.append(max(0, cost - previous))  # a child's true reports share their rivals
            previous = max(previous, cost)
            for k in hits:
                best[k] = max(best[k], 1.0 if s + t < k else 0.0 if s >= k else (k - s) / (t + 1))
        for k in hits:
            hits[k] += best[k]
    tp = np.arange(1, len(costs) + 1)
    fp = np.cumsum(sorted(costs))
    f1 = 2 * tp / (2 * tp + fp + (len(costs) - tp))
    n = len(by_found)
    return {
        "found_with_truth": n,
        "no_linking_evidence": len(blind),
        "no_linking_evidence_pairs": sum(len(by_found[f]) for f in blind),
        "true_pairs": len(links),
        "undominated_pairs": int(sum(c == 0 for c in costs)),
        "oracle_f1": float(f1.max()),
        **{f"oracle_recall_at_{k}": v / n for k, v in hits.items()},
    }


def _dominance(true_w: np.ndarray, others: np.ndarray) -> tuple[int, int, int]:
    """(reports at least as good, strictly better, tying) against a true pair's weights."""
    at_least = (others >= true_w - 1e-9).all(axis=1)
    strictly = at_least & (others > true_w + 1e-9).any(axis=1)
    s, t = int(strictly.sum()), int((at_least & ~strictly).sum())
    return s + t, s, t


def part_supervised() -> dict:
    """A reference for how much the comparisons can tell: a gradient-boosted classifier given the truth
    of every candidate of the first half of the found children (not officers' few decisions: all of it),
    measured on the held-out half. Its features are each pair's comparison levels, the engine's bits and
    rivals' share, the pair's rank and margin among its found child's candidates, how many candidates it
    has, the age gap in standard errors and the years elapsed; its candidates are the engine's."""
    from sklearn.ensemble import HistGradientBoostingClassifier

    from childmatch import MatchIndex, fit
    from childmatch.profile import profile_of

    ms, fs, links, dupes = load()
    model = fit(ms, fs)
    index = MatchIndex(link_model=model)
    for r in ms:
        index.add(r)
    ids, rows = [], []
    for q in (profile_of(f) for f in fs):
        shortlist = index.shortlist_for(q, "missing")
        if not shortlist:
            continue
        bits, rivals, levels, _ = index.pair_bits(q, shortlist, model)
        rank = np.argsort(np.argsort(-bits, kind="stable"))
        top = np.sort(bits)[::-1]
        for i, (a, lv) in enumerate(zip(shortlist, levels.tolist())):
            b = q
            best_other = top[1] if len(top) > 1 and bits[i] == top[0] else top[0]
            z = abs(a.birth - b.birth) / math.hypot(a.birth_tol, b.birth_tol) if a.birth and b.birth else -1
            elapsed = b.event - a.event if a.event and b.event else -99
            ids.append((a.record_id, b.record_id))
            rows.append([*lv, bits[i], rivals[i], rank[i], bits[i] - best_other, len(bits), z, elapsed])
    x, y = np.array(rows, dtype=float), np.array([i in links for i in ids])
    train, test = split_found(fs, dupes)
    in_train = np.array([f in train for _, f in ids])
    n_levels = len(rows[0]) - 7
    clf = HistGradientBoostingClassifier(
        max_iter=300, categorical_features=[True] * n_levels + [False] * 7, random_state=0
    )
    clf.fit(x[in_train], y[in_train])
    p = clf.predict_proba(x[~in_train])[:, 1]
    held = [(m, f, float(s)) for (m, f), s in zip(np.array(ids)[~in_train], p) if s >= BENCH_MIN_SCORE]
    return quality(held, {t for t in links if t[1] in test})


def part_splink() -> dict:
    import logging

    logging.disable(logging.WARNING)
    import splink_baseline as sb

    ms, fs, links, dupes = load()
    with PeakMemory() as mem:
        c0 = cpu_seconds()
        t0 = time.perf_counter()
        pairs, _ = sb.link(ms, fs)
        t1 = time.perf_counter()
        c1 = cpu_seconds()
    save_pairs("splink", pairs)
    out = link_metrics(pairs, links)
    out.update(
        wall_s=t1 - t0,
        cpu_s=c1 - c0,
        peak_rss=mem.peak,
        ece=calibration_error(pairs, links),
        ece_all=calibration_error(pairs, links, 0.0),
    )
    # The labelled setting, with the same split and the same kind of labels (Splink's own candidates).
    train, test = split_found(fs, dupes)
    labels = officer_labels(pairs, links, train)
    lpairs = sb.link_with_labels(ms, fs, labels)
    upairs, utruth = held_out(pairs, links, test)
    lpairs, _ = held_out(lpairs, links, test)
    out["heldout"] = quality(upairs, utruth)
    out["labelled"] = quality(lpairs, utruth)
    t2 = time.perf_counter()
    out["dedupe"] = dupe_metrics(sb.dedupe(ms + fs), dupes)
    out["dedupe_s"] = time.perf_counter() - t2
    return out


def part_realtime(size: int, queries: int) -> dict:
    from childmatch import MatchIndex, Record
    from generate import background

    _, fs, _, _ = load()
    rng = random.Random(5)
    probes = rng.sample(fs, queries)
    proc = psutil.Process()
    index = MatchIndex()
    before = proc.memory_info().rss
    t0 = time.perf_counter()
    unique = min(size, 200_000)
    for copy in range(size // unique):
        for row in background(unique, seed=99):
            if copy:  # the same child reported again elsewhere and at another time: new id, date, age
                row = {
                    **row,
                    "record_id": f"{row['record_id']}c{copy}",
                    "event_date": f"20{15 + (copy * 2 + len(row['name'])) % 10}-0{1 + copy}-15",
                    "age_years": str(max(0, int(row["age_years"] or 9) + copy - 2)),
                    "date_of_birth": "",
                }
            index.add(Record.from_dict(row))
    build_s = time.perf_counter() - t0
    index_bytes = proc.memory_info().rss - before
    for p in probes[:20]:  # warm caches
        index.candidates(p, limit=10)
    lat, cpu = [], []
    for p in probes:
        t, c = time.perf_counter(), time.process_time()
        index.candidates(p, limit=10)
        lat.append((time.perf_counter() - t) * 1000)
        cpu.append((time.process_time() - c) * 1000)
    lat_a, cpu_a = np.array(lat), np.array(cpu)
    t = time.perf_counter()
    for p in probes[:50]:
        index.update(Record.from_dict({**p.to_dict(), "record_id": "NEW" + p.record_id}))
        index.remove("NEW" + p.record_id)
    upd = (time.perf_counter() - t) / 50 * 1000
    return {
        "size": size,
        "unique": unique,
        "p50_ms": float(np.percentile(lat_a, 50)),
        "p95_ms": float(np.percentile(lat_a, 95)),
        "p99_ms": float(np.percentile(lat_a, 99)),
        "build_s": build_s,
        "index_bytes": index_bytes,
        "cpu_p50_ms": float(np.percentile(cpu_a, 50)),
        "cpu_p95_ms": float(np.percentile(cpu_a, 95)),
        "cpu_p99_ms": float(np.percentile(cpu_a, 99)),
        "load": os.getloadavg()[0],
        "insert_remove_ms": upd,
    }


def part_splink_realtime(size: int, queries: int) -> dict:
    """Splink's predict_between: one new record against ``size`` existing ones (trained on the batch data)."""
    import logging

    logging.disable(logging.WARNING)
    from splink import Linker
    from splink.internals.duckdb.database_api import DuckDBAPI

    import splink_baseline as sb
    from childmatch import Record
    from generate import background

    ms, fs, _, _ = load()
    db = DuckDBAPI()
    linker = Linker(
        [db.register(sb.prepare(ms), table_name="m"), db.register(sb.prepare(fs), table_name="f")],
        sb.settings("link_only"),
    )
    sb.train(linker)
    existing = db.register(
        sb.prepare([Record.from_dict(r) for r in background(size, seed=99)]), table_name="existing"
    )
    for col in ("first_name", "surname"):
        linker.table_management.compute_tf_table(col)
    lat, cpu = [], []
    for i, p in enumerate(random.Random(5).sample(fs, queries)):
        new = db.register(sb.prepare([p]), table_name=f"new{i}")
        t, c = time.perf_counter(), time.process_time()  # process time: DuckDB's threads included
        linker.inference.predict_between(existing, new).as_pyarrow_table()
        lat.append((time.perf_counter() - t) * 1000)
        cpu.append((time.process_time() - c) * 1000)
    lat_a, cpu_a = np.array(lat[2:]), np.array(cpu[2:])
    return {
        "size": size,
        "queries": len(lat_a),
        "p50_ms": float(np.percentile(lat_a, 50)),
        "p95_ms": float(np.percentile(lat_a, 95)),
        "p99_ms": float(np.percentile(lat_a, 99)),
        "cpu_p50_ms": float(np.percentile(cpu_a, 50)),
        "cpu_p95_ms": float(np.percentile(cpu_a, 95)),
        "cpu_p99_ms": float(np.percentile(cpu_a, 99)),
        "load": os.getloadavg()[0],
    }


def run_part(args: list[str]) -> dict:
    out = subprocess.run(
        [sys.executable, os.path.abspath(__file__), "--part", *args], capture_output=True, text=True
    )
    if out.returncode != 0:
        print(out.stderr[-3000:], file=sys.stderr)
        return {"error": out.stderr.strip().splitlines()[-1] if out.stderr.strip() else "failed"}
    result = json.loads(out.stdout.strip().splitlines()[-1])
    with open(os.path.join(OUT, f"part-{'-'.join(args)}.json"), "w") as f:
        json.dump(result, f)
    return result


def main() -> None:
    if sys.argv[1:2] == ["--watch-memory"]:
        watch_memory(int(sys.argv[2]))
        return
    ap = argparse.ArgumentParser()
    ap.add_argument("--part", nargs="*")
    ap.add_argument("--missing", type=int, default=20_000)
    ap.add_argument("--found", type=int, default=15_000)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--realtime", default="100000,1000000")
    ap.add_argument("--queries", type=int, default=500)
    ap.add_argument("--splink-realtime", default="100000")
    ap.add_argument("--docs", default=os.path.join(HERE, "..", "docs", "benchmarks.md"), help="'' to skip")
    a = ap.parse_args()
    if a.part:
        kind = a.part[0]
        result = (
            part_engine()
            if kind == "engine"
            else part_splink()
            if kind == "splink"
            else part_oracle()
            if kind == "oracle"
            else part_supervised()
            if kind == "supervised"
            else part_realtime(int(a.part[1]), int(a.part[2]))
            if kind == "realtime"
            else part_splink_realtime(int(a.part[1]), int(a.part[2]))
        )
        print(json.dumps(result))
        return
    from generate import generate, write_csv

    os.makedirs(DATA, exist_ok=True)
    missing, found, links, dupes = generate(a.missing, a.found, a.seed)
    write_csv(os.path.join(DATA, "missing.csv"), missing)
    write_csv(os.path.join(DATA, "found.csv"), found)
    write_csv(
        os.path.join(DATA, "truth_links.csv"),
        ({"missing_id": m, "found_id": f} for m, f in links),
        ("missing_id", "found_id"),
    )
    write_csv(
        os.path.join(DATA, "truth_dupes.csv"), ({"id_a": x, "id_b": y} for x, y in dupes), ("id_a", "id_b")
    )
    results = {
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "command": " ".join(["python", "bench/run_benchmark.py", *sys.argv[1:]]),
        "load_before": os.getloadavg()[0],
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, "
        f"{psutil.virtual_memory().total / 2**30:.0f} GiB, Python {platform.python_version()}",
        "data": {
            "missing": len(missing),
            "found": len(found),
            "true_links": len(links),
            "true_duplicates": len(dupes),
        },
    }
    print("engine batch ...", file=sys.stderr)
    results["engine"] = run_part(["engine"])
    print("splink batch ...", file=sys.stderr)
    results["splink"] = run_part(["splink"])
    if "error" not in results["engine"] and "error" not in results["splink"]:
        results["common_ece"] = common_calibration(set(links))
    print("oracle ...", file=sys.stderr)
    results["oracle"] = run_part(["oracle"])
    print("supervised reference ...", file=sys.stderr)
    results["supervised"] = run_part(["supervised"])
    results["realtime"] = []
    for size in [int(s) for s in a.realtime.split(",") if s]:
        print(f"engine real time {size} ...", file=sys.stderr)
        results["realtime"].append(run_part(["realtime", str(size), str(a.queries)]))
    results["splink_realtime"] = []
    for size in [int(s) for s in a.splink_realtime.split(",") if s]:
        print(f"splink real time {size} ...", file=sys.stderr)
        results["splink_realtime"].append(run_part(["splink_realtime", str(size), "14"]))
    results["load_after"] = os.getloadavg()[0]
    with open(os.path.join(OUT, "results.json"), "w") as f:
        json.dump(results, f, indent=1)
    from report import render, write_section

    table = render(results)
    print(table)
    if a.docs:
        write_section(a.docs, table)


if __name__ == "__main__":
    main()
