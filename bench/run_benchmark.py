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
import os
import platform
import random
import subprocess
import sys
import threading
import time
from collections import defaultdict

import numpy as np
import psutil

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
OUT = os.path.join(HERE, "out")
DATA = os.path.join(OUT, "data")


class PeakMemory:
    """Peak RSS of this process and its children, polled in a thread."""

    def __init__(self) -> None:
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        me = psutil.Process()
        while not self._stop.is_set():
            try:
                rss = me.memory_info().rss + sum(c.memory_info().rss for c in me.children(recursive=True))
            except psutil.Error:
                rss = 0
            self.peak = max(self.peak, rss)
            time.sleep(0.05)

    def __enter__(self) -> PeakMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


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


def calibration_error(pairs: list[tuple[str, str, float]], truth: set[tuple[str, str]]) -> float:
    """Expected calibration error over ten probability bins (pair-weighted)."""
    p = np.array([x[2] for x in pairs])
    y = np.array([(x[0], x[1]) in truth for x in pairs], dtype=float)
    bins = np.minimum((p * 10).astype(int), 9)
    return float(
        sum(
            abs(p[bins == b].mean() - y[bins == b].mean()) * (bins == b).sum()
            for b in range(10)
            if (bins == b).any()
        )
        / len(p)
    )


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
        results = link(ms, fs, model=model, min_score=0.01, stats=stats)
        t2 = time.perf_counter()
        c2 = cpu_seconds()
    pairs = [(r.missing_id, r.found_id, r.score) for r in results]
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
    )
    t3 = time.perf_counter()
    dmodel = fit(ms + fs)
    dpairs = [(a, b, s) for a, b, s, _ in dedupe(ms + fs, model=dmodel, min_score=0.01)]
    out["dedupe_s"] = time.perf_counter() - t3
    out["dedupe"] = dupe_metrics(dpairs, dupes)
    return out


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
    out = link_metrics(pairs, links)
    out.update(wall_s=t1 - t0, cpu_s=c1 - c0, peak_rss=mem.peak, ece=calibration_error(pairs, links))
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
    lat = []
    for i, p in enumerate(random.Random(5).sample(fs, queries)):
        new = db.register(sb.prepare([p]), table_name=f"new{i}")
        t = time.perf_counter()
        linker.inference.predict_between(existing, new).as_pyarrow_table()
        lat.append((time.perf_counter() - t) * 1000)
    lat_a = np.array(lat[2:])
    return {
        "size": size,
        "queries": len(lat_a),
        "p50_ms": float(np.percentile(lat_a, 50)),
        "p95_ms": float(np.percentile(lat_a, 95)),
        "p99_ms": float(np.percentile(lat_a, 99)),
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
    ap = argparse.ArgumentParser()
    ap.add_argument("--part", nargs="*")
    ap.add_argument("--missing", type=int, default=20_000)
    ap.add_argument("--found", type=int, default=15_000)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--realtime", default="100000,1000000")
    ap.add_argument("--queries", type=int, default=500)
    ap.add_argument("--splink-realtime", default="100000")
    ap.add_argument("--docs", default=os.path.join(HERE, "..", "docs", "benchmarks.md"))
    a = ap.parse_args()
    if a.part:
        kind = a.part[0]
        result = (
            part_engine()
            if kind == "engine"
            else part_splink()
            if kind == "splink"
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
    write_section(a.docs, table)


if __name__ == "__main__":
    main()
