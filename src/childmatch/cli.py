"""The ``childmatch`` command: link, dedupe, explain.

    childmatch link MISSING.csv FOUND.csv --out MATCHES.csv [--min-score S] [--engine local|spark]
    childmatch dedupe RECORDS.csv --out DUPES.csv
    childmatch explain MISSING.csv FOUND.csv --missing-id X --found-id Y

Exit codes: 0 done (bad rows, if any, were reported and left out); 1 nothing useful could be done
(an unreadable file, a missing column, no good rows, an unknown id); 2 wrong arguments.
"""

from __future__ import annotations

import argparse
import csv
import sys
import time
from collections.abc import Sequence
from dataclasses import replace
from typing import TextIO

from . import ENGINE_VERSION
from .batch import dedupe, link
from .claims import CLAIM_FLOOR, claim_bits
from .csvfiles import InputError, read_records
from .index import MatchIndex
from .model import Model
from .profile import profile_of
from .records import Record
from .scoring import Candidate, candidates_of


class Failure(Exception):
    """Stop with a message and exit code 1."""


def _read(path: str, side: str | None, err: TextIO) -> list[Record]:
    try:
        result = read_records(path, side=side)
    except InputError as e:
        raise Failure(str(e)) from None
    for w in result.warnings:
        print(f"warning: {w}", file=err)
    for p in result.problems:
        print(f"bad row: {p} (row left out)", file=err)
    if result.problems:
        print(f"{path}: {len(result.problems)} bad row(s) left out, {len(result.records)} read", file=err)
    if not result.records:
        raise Failure(f"{path}: no usable records")
    return result.records


class ProgressBar:
    """A one-line progress bar on stderr, shown only for long runs on a terminal (or when forced)."""

    def __init__(self, err: TextIO, label: str, force: bool = False) -> None:
        self.err, self.label, self.start = err, label, time.monotonic()
        self.enabled = force or (hasattr(err, "isatty") and err.isatty())
        self.last = 0.0

    def __call__(self, done: int, total: int) -> None:
        now = time.monotonic()
        if not self.enabled or (now - self.last < 0.5 and done < total) or now - self.start < 1.0:
            return
        self.last = now
        width = 30
        filled = int(width * done / max(total, 1))
        eta = (now - self.start) / max(done, 1) * (total - done)
        print(
            f"\r{self.label} [{'#' * filled}{'.' * (width - filled)}] {done}/{total} eta {eta:4.0f}s",
            end="\n" if done >= total else "",
            file=self.err,
            flush=True,
        )


def _model(path: str | None, mode: str) -> Model:
    return Model.load_mode(path, mode) if path else Model.default(mode)


def cmd_link(a: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    missing = _read(a.missing, "missing", err)
    found = _read(a.found, "found", err)
    model = _model(a.model, "link")
    bar = ProgressBar(err, "linking", force=a.progress)
    if a.engine == "spark":
        from .spark import spark_link

        results = spark_link(missing, found, model=model, min_score=a.min_score)
    else:
        results = link(missing, found, model=model, min_score=a.min_score, progress=bar)
    with open(a.out, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["missing_id", "found_id", "score", "rank", "explanation"])
        for r in sorted(results, key=lambda r: (r.found_id, r.rank)):
            w.writerow([r.missing_id, r.found_id, f"{r.score:.6f}", r.rank, r.candidate.explanation()])
    print(f"{len(results)} candidate pairs written to {a.out} ({ENGINE_VERSION})", file=err)
    return 0


def cmd_dedupe(a: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    records = _read(a.records, None, err)
    model = _model(a.model, "dedupe")
    results = dedupe(
        records,
        model=model,
        min_score=a.min_score,
        progress=ProgressBar(err, "deduplicating", force=a.progress),
    )
    with open(a.out, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["id_a", "id_b", "score", "explanation"])
        for id_a, id_b, score, cand in results:
            w.writerow([id_a, id_b, f"{score:.6f}", cand.explanation()])
    print(f"{len(results)} likely duplicate pairs written to {a.out} ({ENGINE_VERSION})", file=err)
    return 0


def _explained(
    missing: list[Record], found: list[Record], found_id: str, missing_id: str, model: Model
) -> Candidate:
    """The pair as ``link`` scores it: among the found child's candidates, so that its rivals count, and
    with the claims on the report of the other found children whose candidates include it
    (:mod:`childmatch.claims`)."""
    index = MatchIndex(link_model=model)
    for r in missing:
        index.add(r)
    queries = {r.record_id: profile_of(r) for r in found}
    p = queries[found_id]
    others = index.shortlist_for(p, "missing")
    if missing_id not in {q.record_id for q in others}:
        others.append(index.profile(missing_id))
    rows = [index.scored(p, others, model)]
    for q in queries.values():
        shortlist = index.shortlist_for(q, "missing") if q.record_id != found_id else []
        if any(x.record_id == missing_id for x in shortlist):
            scored = index.scored(q, shortlist, model, min_score=CLAIM_FLOOR)
            if missing_id in scored.other_ids:
                i = scored.other_ids.index(missing_id)
                rows.append(replace(scored, **{f: getattr(scored, f)[i : i + 1] for f in _PER_CANDIDATE}))
    claims = claim_bits(rows, queries, index.dedupe_model, weight=model.rival_weight)
    return next(c for c in candidates_of(rows[0], model, claims=claims[0]) if c.missing_id == missing_id)


#: The fields of :class:`~childmatch.scoring.Scored` that hold one item per candidate.
_PER_CANDIDATE = ("other_ids", "scores", "levels", "name_adjustment", "rivals", "near")


def cmd_explain(a: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    missing = {r.record_id: r for r in _read(a.missing, "missing", err)}
    found = {r.record_id: r for r in _read(a.found, "found", err)}
    if a.missing_id not in missing:
        raise Failure(f"{a.missing}: no record with record_id {a.missing_id!r}")
    if a.found_id not in found:
        raise Failure(f"{a.found}: no record with record_id {a.found_id!r}")
    c = _explained(
        list(missing.values()), list(found.values()), a.found_id, a.missing_id, _model(a.model, "link")
    )
    print(
        f"missing {a.missing_id} / found {a.found_id}: match probability {c.score:.4f} ({c.band})", file=out
    )
    print(f"{'field':<12} {'level':<12} {'weight':>7}  meaning", file=out)
    for x in c.contributions:
        print(f"{x.field:<12} {x.level:<12} {x.weight:>+7.2f}  {x.description}", file=out)
    return 0


def build_parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(
        prog="childmatch",
        description="Match missing-children reports to found children, and find duplicate records.",
    )
    ap.add_argument("--version", action="version", version=ENGINE_VERSION)
    sub = ap.add_subparsers(dest="command", required=True)
    p = sub.add_parser("link", help="score every plausible (missing, found) pair")
    p.add_argument("missing")
    p.add_argument("found")
    p.add_argument("--out", required=True)
    p.add_argument("--min-score", type=float, default=0.01)
    p.add_argument("--engine", choices=("local", "spark"), default="local")
    p.add_argument("--model", help="model JSON file (default: the shipped parameters)")
    p.add_argument(
        "--progress", action="store_true", help="show the progress bar even when not on a terminal"
    )
    p.set_defaults(run=cmd_link)
    p = sub.add_parser("dedupe", help="find records of the same child within one file")
    p.add_argument("records")
    p.add_argument("--out", required=True)
    p.add_argument("--min-score", type=float, default=0.01)
    p.add_argument("--model")
    p.add_argument("--progress", action="store_true")
    p.set_defaults(run=cmd_dedupe)
    p = sub.add_parser("explain", help="print each field's contribution to one pair's score")
    p.add_argument("missing")
    p.add_argument("found")
    p.add_argument("--missing-id", required=True)
    p.add_argument("--found-id", required=True)
    p.add_argument("--model")
    p.set_defaults(run=cmd_explain)
    return ap


def main(argv: Sequence[str] | None = None, out: TextIO | None = None, err: TextIO | None = None) -> int:
    out, err = out or sys.stdout, err or sys.stderr
    args = build_parser().parse_args(argv)
    if getattr(args, "min_score", 0.0) is not None and not 0.0 <= getattr(args, "min_score", 0.0) <= 1.0:
        print("childmatch: error: --min-score must be between 0 and 1", file=err)
        return 2
    try:
        return int(args.run(args, out, err))
    except Failure as e:
        print(f"childmatch: error: {e}", file=err)
        return 1


if __name__ == "__main__":
    raise SystemExit(main())
