"""Which true pairs childmatch still misses or ranks wrongly on the benchmark data, by kind.

    .venv/bin/python bench/error_analysis.py        # reads bench/out/data (run_benchmark.py writes it)

Prints markdown tables for docs/matching.md: found children with a true report by what their record has
(no usable name, only a pet name, a name) and whether the true pair shares any linking evidence, with where
the true report ranks; then the wrong pairs above, and the true pairs below, the best-F1 threshold, by the
name's level and the linking evidence the pair shares.
"""

from __future__ import annotations

import os
import sys
from collections import Counter, defaultdict

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

from childmatch import fit, link  # noqa: E402
from childmatch.compare import COMPARISONS, FIELDS, compare_pair  # noqa: E402
from childmatch.profile import profile_of  # noqa: E402
from run_benchmark import BENCH_MIN_SCORE, LINKING, load  # noqa: E402


def main() -> None:
    ms, fs, links, _ = load()
    model = fit(ms, fs)
    results = link(ms, fs, model=model, min_score=BENCH_MIN_SCORE)
    profiles = {r.record_id: profile_of(r) for r in ms + fs}
    score = {(r.missing_id, r.found_id): r.score for r in results}
    ranked: dict[str, list[tuple[float, str]]] = defaultdict(list)
    for r in results:
        ranked[r.found_id].append((r.score, r.missing_id))
    truth: dict[str, set[str]] = defaultdict(set)
    for m, f in links:
        truth[f].add(m)

    def levels(m: str, f: str) -> dict[str, str]:
        lv, _ = compare_pair(profiles[m], profiles[f], "link")
        return {FIELDS[c]: COMPARISONS[c].levels[lv[c]] for c in range(len(FIELDS) - 1)}

    def evidence(d: dict[str, str]) -> str:
        return "+".join(k for k, v in d.items() if v in LINKING.get(k, ())) or "none"

    rows: Counter[tuple[str, str, str]] = Counter()
    for f, mids in truth.items():
        order = [m for _, m in sorted(ranked.get(f, []), reverse=True)]
        rank = min((order.index(m) + 1 for m in mids if m in order), default=0)
        best = min(mids, key=lambda m: -score.get((m, f), 0.0))
        d = levels(best, f)
        kind = (
            "no usable name" if not profiles[f].names else "pet name only" if d["name"] == "pet" else "a name"
        )
        where = "first" if rank == 1 else "2-10" if 1 < rank <= 10 else "below 10 or never scored"
        rows[(kind, "some" if evidence(d) != "none" else "none", where)] += 1
    print(
        "| found child's record | linking evidence with its report | true report first | 2nd-10th | "
        "below 10th or never scored |"
    )
    print("|---|---|---|---|---|")
    for kind in ("a name", "pet name only", "no usable name"):
        for ev in ("some", "none"):
            cells = [rows[(kind, ev, w)] for w in ("first", "2-10", "below 10 or never scored")]
            if sum(cells):
                print(f"| {kind} | {ev} | " + " | ".join(f"{c:,}" for c in cells) + " |")

    pairs = sorted(score.items(), key=lambda t: -t[1])
    y = np.array([k in links for k, _ in pairs])
    tp = np.cumsum(y)
    precision, recall = tp / np.arange(1, len(y) + 1), tp / len(links)
    best = int((2 * precision * recall / np.maximum(precision + recall, 1e-12)).argmax())
    threshold = pairs[best][1]
    wrong = Counter(
        (levels(m, f)["name"], evidence(levels(m, f)))
        for (m, f), _ in pairs[: best + 1]
        if (m, f) not in links
    )
    missed = Counter(
        (levels(m, f)["name"], evidence(levels(m, f))) for m, f in links if score.get((m, f), 0.0) < threshold
    )
    print(
        f"\nBest-F1 threshold {threshold:.3f}: {sum(wrong.values()):,} wrong pairs above it, "
        f"{sum(missed.values()):,} true pairs below it.\n"
    )
    print("| name level, linking evidence | wrong pairs above | true pairs below |")
    print("|---|---|---|")
    for key in sorted(set(wrong) | set(missed), key=lambda k: -(wrong[k] + missed[k]))[:14]:
        print(f"| {key[0]}, {key[1]} | {wrong[key]:,} | {missed[key]:,} |")


if __name__ == "__main__":
    main()
