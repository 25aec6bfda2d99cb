"""Turn bench/out/results.json into the "## Matching engine" section of docs/benchmarks.md.

python bench/report.py          # re-render from the last results
"""

from __future__ import annotations

import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
HEADING = "## Matching engine"


def _f(x: object, fmt: str = "{:.3f}") -> str:
    return "n/a" if x is None else fmt.format(x)


def _load_note(before: float, after: float) -> str:
    busy = max(before, after) >= 2.0
    return f"Load average {before:.1f} at the start and {after:.1f} at the end, on 2 cores: " + (
        "the machine was shared with other jobs, so wall times are inflated; CPU times are less affected."
        if busy
        else "nothing else ran."
    )


def render(r: dict) -> str:
    e, s = r.get("engine", {}), r.get("splink", {})
    d = r["data"]
    lines = [
        HEADING,
        "",
        f"Measured {r['date']} on {r['machine']}, with `{r['command']}`. Synthetic data from "
        f"`bench/generate.py` (seed 7): {d['missing']:,} missing reports x {d['found']:,} found children, "
        f"{d['true_links']:,} true (missing, found) pairs, {d['true_duplicates']:,} true duplicate pairs. "
        "In the first table both engines are trained without labels on these records; childmatch keeps "
        "pairs down to probability 0.001 (Splink returns every blocked pair). Every figure comes from this "
        "one run unless a note says otherwise. "
        + _load_note(r.get("load_before", float("nan")), r.get("load_after", float("nan"))),
        "",
        "| figure | childmatch | Splink 5 (DuckDB) | target |",
        "|---|---|---|---|",
    ]

    def row(
        name: str,
        key: str,
        target: str = "",
        fmt: str = "{:.3f}",
        src_e: dict | None = None,
        src_s: dict | None = None,
    ) -> None:
        ee, ss = src_e if src_e is not None else e, src_s if src_s is not None else s
        lines.append(f"| {name} | {_f(ee.get(key), fmt)} | {_f(ss.get(key), fmt)} | {target} |")

    row("best F1", "f1", ">= 0.90, ahead of Splink")
    row("precision at best F1", "precision", "ahead of Splink")
    row("recall at best F1", "recall", "ahead of Splink")
    row("average precision", "ap", "ahead of Splink")
    row("recall@1 (found children with a true match)", "recall_at_1", "ahead of Splink")
    row("recall@5", "recall_at_5", "ahead of Splink")
    row("recall@10", "recall_at_10", ">= 0.98, ahead of Splink")
    row(
        "duplicate precision (best F1)",
        "precision",
        "ahead of Splink",
        src_e=e.get("dedupe", {}),
        src_s=s.get("dedupe", {}),
    )
    row(
        "duplicate recall (best F1)",
        "recall",
        "ahead of Splink",
        src_e=e.get("dedupe", {}),
        src_s=s.get("dedupe", {}),
    )
    row("retrieval recall (true pairs ever scored)", "retrieval_recall", "")
    row("pairs scored", "pairs_scored", "few", fmt="{:,}")
    row("calibration error (ECE, 10 bins, pairs scoring >= 0.01)", "ece", "small")
    row("ECE over every output pair", "ece_all", "")
    common = r.get("common_ece")
    if common:
        row(
            f"ECE over one population: every pair either engine returned ({common['pairs']:,}), "
            "a pair not returned counting as 0",
            "x",
            "small",
            src_e={"x": common["childmatch"]},
            src_s={"x": common["splink"]},
        )
    row("batch link wall time, s (training included)", "wall_s", "<= Splink's", fmt="{:.1f}")
    row("batch link CPU time, s (process + workers; load-independent)", "cpu_s", "", fmt="{:.1f}")
    row(
        "peak memory of the link run, MiB",
        "peak_rss",
        "",
        fmt="{:.0f}",
        src_e={"peak_rss": e.get("peak_rss", 0) / 2**20},
        src_s={"peak_rss": s.get("peak_rss", 0) / 2**20},
    )
    row("batch dedupe wall time, s (both sides)", "dedupe_s", "", fmt="{:.1f}")
    lines += _labelled(r) + _oracle(r)
    lines += [
        "",
        "Real time: one new found child against N existing missing reports (candidates, explained, top 10).",
        "",
        "| N | engine | p50 ms | p95 ms | p99 ms | CPU p50 / p95 / p99 ms | load | index build s | "
        "index memory MiB | update+remove ms |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for x in r.get("realtime", []):
        if x.get("unique", x.get("size")) != x.get("size"):
            lines[-3:-3] = [
                f"The {x['size']:,}-record index holds {x['unique']:,} generated children, each "
                f"filed {x['size'] // x['unique']} times with other ids, dates and ages (generating "
                "a million distinct children did not fit the session).",
                "",
            ]
        if "error" in x:
            lines.append(f"| ? | childmatch | error: {x['error']} | | | | | | | |")
            continue
        cpu = (
            f"{x['cpu_p50_ms']:.2f} / {x['cpu_p95_ms']:.2f} / {x['cpu_p99_ms']:.2f}"
            if "cpu_p50_ms" in x
            else "n/a"
        )
        lines.append(
            f"| {x['size']:,} | childmatch | {x['p50_ms']:.2f} | {x['p95_ms']:.2f} | {x['p99_ms']:.2f} | "
            f"{cpu} | {x.get('load', float('nan')):.1f} | {x['build_s']:.0f} | "
            f"{x['index_bytes'] / 2**20:.0f} | {x['insert_remove_ms']:.2f} |"
        )
    for x in r.get("splink_realtime", []):
        if "error" in x:
            lines.append(f"| ? | Splink predict_between | error: {x['error']} | | | | | | | |")
            continue
        cpu = (
            f"{x['cpu_p50_ms']:.0f} / {x['cpu_p95_ms']:.0f} / {x['cpu_p99_ms']:.0f}"
            if "cpu_p50_ms" in x
            else ""
        )
        load = f"{x['load']:.1f}" if "load" in x else ""
        lines.append(
            f"| {x['size']:,} | Splink predict_between ({x['queries']} queries) | {x['p50_ms']:.0f} | "
            f"{x['p95_ms']:.0f} | {x['p99_ms']:.0f} | {cpu} | {load} | | | |"
        )
    lines.append("")
    for note in r.get("notes", []):
        lines += [note, ""]
    return "\n".join(lines)


def _labelled(r: dict) -> list[str]:
    e, s = r.get("engine", {}), r.get("splink", {})
    if "labelled" not in e:
        return []
    lab = e.get("labels", {})
    out = [
        "",
        "**With labels.** The found children were split in two halves (a child's found-side duplicates kept "
        f"together). For the {lab.get('train', 0):,} found children of the first half, officers' decisions "
        f"were simulated: every true pair confirmed and the five best wrong candidates rejected "
        f"({lab.get('pairs', 0):,} labelled pairs, {lab.get('matches', 0):,} of them matches). childmatch "
        "re-estimates m from the confirmed pairs and fits its calibration on all of them "
        "(`fit(..., labelled_pairs=...)`); Splink gets the same kind of labels on its own candidates: m from "
        "the confirmed pairs (`estimate_m_from_pairwise_labels`; it takes no rejections) and the same Platt "
        "calibration of its match weight on the labelled pairs it scored. Every figure below is measured "
        "on the second, held-out half only.",
        "",
        "| held-out found children | childmatch unlabelled | childmatch labelled | Splink unlabelled | "
        "Splink labelled |",
        "|---|---|---|---|---|",
    ]
    for name, key, fmt in (
        ("best F1", "f1", "{:.3f}"),
        ("precision at best F1", "precision", "{:.3f}"),
        ("recall at best F1", "recall", "{:.3f}"),
        ("average precision", "ap", "{:.3f}"),
        ("recall@1", "recall_at_1", "{:.3f}"),
        ("recall@5", "recall_at_5", "{:.3f}"),
        ("recall@10", "recall_at_10", "{:.3f}"),
        ("ECE (pairs >= 0.01)", "ece", "{:.3f}"),
        ("ECE (every output pair)", "ece_all", "{:.3f}"),
    ):
        cells = [
            _f(src.get(k, {}).get(key), fmt)
            for src, k in ((e, "heldout"), (e, "labelled"), (s, "heldout"), (s, "labelled"))
        ]
        out.append(f"| {name} | " + " | ".join(cells) + " |")
    return out


def _oracle(r: dict) -> list[str]:
    o, sup, e = r.get("oracle", {}), r.get("supervised", {}), r.get("engine", {})
    out = []
    if "oracle_f1" in o:
        out += [
            "",
            f"**What the data allows.** {o['no_linking_evidence']:,} of the {o['found_with_truth']:,} found "
            f"children with a true report ({o['no_linking_evidence'] / o['found_with_truth']:.1%}; "
            f"{o['no_linking_evidence_pairs']:,} of {o['true_pairs']:,} true pairs) share no linking evidence "
            "with it at all: no agreeing name, parent, recalled home, mark or district, only gender, age, "
            "dates, state, language, height or complexion. For every true pair, the reports at least as good "
            "on every comparison tie with or beat it for any scorer that rises with each comparison's weight, "
            f"and no threshold keeps it without them; {o['undominated_pairs']:,} true pairs have none. "
            "Counting them bounds what any such scorer can reach on this data: "
            f"recall@1 <= {o['oracle_recall_at_1']:.3f}, recall@5 <= {o['oracle_recall_at_5']:.3f}, "
            f"recall@10 <= {o['oracle_recall_at_10']:.3f}, best F1 <= {o['oracle_f1']:.3f} (a loose bound: "
            "it lets every found child choose its own threshold) (`python bench/run_benchmark.py --part oracle`).",
        ]
    if "f1" in sup:
        held = e.get("heldout", {})
        out += [
            "",
            "**A supervised reference.** A gradient-boosted classifier (scikit-learn) given the truth of "
            "every candidate of the first half of the found children, with the engine's comparisons, bits, "
            "rivals, rank and margin as features, on the engine's candidates, scores on the held-out half: "
            f"best F1 {sup['f1']:.3f}, average precision {sup['ap']:.3f}, recall@1 {sup['recall_at_1']:.3f}, "
            f"recall@10 {sup['recall_at_10']:.3f}; the unlabelled engine on the same half: "
            f"{_f(held.get('f1'))}, {_f(held.get('ap'))}, {_f(held.get('recall_at_1'))}, "
            f"{_f(held.get('recall_at_10'))} (`python bench/run_benchmark.py --part supervised`).",
        ]
    return out


def write_section(path: str, section: str) -> None:
    """Replace (or append) the "## Matching engine" section; keep every other section as it is."""
    text = open(path, encoding="utf-8").read() if os.path.exists(path) else "# Benchmarks\n"
    pattern = re.compile(rf"^{re.escape(HEADING)}\n.*?(?=^## |\Z)", re.S | re.M)
    if pattern.search(text):
        text = pattern.sub(lambda _: section.rstrip("\n") + "\n\n", text, count=1)
    else:
        text = text.rstrip("\n") + "\n\n" + section.rstrip("\n") + "\n"
    with open(path, "w", encoding="utf-8") as f:
        f.write(text.rstrip("\n") + "\n")


if __name__ == "__main__":
    results = json.load(open(os.path.join(HERE, "out", "results.json")))
    table = render(results)
    print(table)
    if "--write" in sys.argv:
        write_section(os.path.join(HERE, "..", "docs", "benchmarks.md"), table)
