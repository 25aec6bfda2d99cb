"""The engine's shipped parameters (src/childmatch/data/default_model.json): how they are made, and measured.

    .venv/bin/python bench/fit_default_model.py                       # rewrites the shipped file
    .venv/bin/python bench/fit_default_model.py --fit-u --out /tmp/fitted.json   # childmatch.fit's own output
    .venv/bin/python bench/fit_default_model.py measure-demo sqlite:////tmp/demo.sqlite3 PAIRS.csv [--model M.json]

The shipped parameters are used only until a portal runs ``trackchild refit_matching`` on its own registers.
What is fitted, and what is set by hand (docs/matching.md "Shipped parameters" has the measurements):

- **The prior** of each mode is estimated as ``childmatch.fit`` estimates it, with the same engine functions
  (the one-to-one EM, per random pair like u, for both) over the pairs the engine scores, on synthetic
  records from bench/generate.py with seed 2027 (the benchmark's is 7, so it never scores its training data).
- **m** is set by hand from domain knowledge and carried through: without labels the engine does not estimate
  it (EM of m lowered every figure on the benchmark).
- **u** is set by hand too. ``childmatch.fit`` would take u from random pairs of the synthetic records
  (``--fit-u`` writes that model), but such u describe the generator's population — its districts, its
  name lists — and on the demo, another population, they ranked the true report first for 69% of found
  children against 75% with the hand-set u. A portal's own u come with its first refit.
- **Name frequencies** are not shipped: the generator's are made up (a Zipf law over its lists), and a
  portal's names are its own, learnt at refit (with the hand-set u, the synthetic table ranked worse on the
  demo). A name without a figure is taken as 1 in 10,000 (``default_freq``); the neutral alternative (the
  frequency at which tf adds nothing) made "high" more precise but ranked and showed fewer true pairs.

``measure-demo`` scores a demo database (``trackchild load_demo --pairs-csv PAIRS.csv``) as the portal does
(``matching.pipeline.find_for`` on every open record, the index built as ``PortalIndex`` builds it) with the
given model file, or with the portal's own (the newest ``FittedModel``, else the shipped file).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import sys
import time
from dataclasses import replace
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = ROOT / "src" / "childmatch" / "data" / "default_model.json"
FIT_SEED = 2027  # not the benchmark's 7


def fitted_prior(model, records_a, records_b=None, *, shortlist: int = 100, seed: int = 1) -> float:
    """The prior ``childmatch.fit`` estimates for ``model``'s m and u (its own steps: the pairs the engine
    scores for 1,500 sampled queries, then the one-to-one EM, for links and for duplicates)."""
    from childmatch.batch import _levels_of, _prior_of_duplicates, _prior_one_to_one
    from childmatch.compare import NAME
    from childmatch.index import MatchIndex
    from childmatch.profile import profile_of

    mode = "link" if records_b is not None else "dedupe"
    pa = [profile_of(r) for r in records_a]
    pb = [profile_of(r) for r in records_b] if records_b is not None else pa
    rng = random.Random(seed)
    index = MatchIndex(link_model=model, dedupe_model=model, shortlist=shortlist)
    for p in pa:
        index.add_profile(p)
    queries = list(pb)
    if len(queries) > 1500:
        queries = rng.sample(queries, 1500)
    blocked, group = [], []
    for g, q in enumerate(queries):
        for c in index.shortlist_for(q, pa[0].side if mode == "link" else q.side):
            blocked.append((c, q))
            group.append(g)
    levels, tokens = _levels_of(blocked, mode)
    tf = np.array([model.tf_adjustment(int(levels[i, NAME]), t) for i, t in enumerate(tokens)])
    if mode == "link":
        base = model.total_bits(levels, tf) - model.prior_bits
        return _prior_one_to_one(base, np.array(group, dtype=np.int64), len(queries), len(pa))
    return _prior_of_duplicates(model, levels, tf, group, len(queries), len(pa))


def make_parameters(n_missing: int, n_found: int, seed: int, fit_u: bool) -> dict[str, object]:
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from childmatch import Model, Record, fit
    from generate import generate

    started = time.process_time()
    missing_rows, found_rows, _links, _dupes = generate(n_missing, n_found, seed)
    missing = [Record.from_dict(r) for r in missing_rows]
    found = [Record.from_dict(r) for r in found_rows]
    source = f"bench/generate.py seed {seed}, {n_missing} missing and {n_found} found records"
    if fit_u:
        models = {"link": fit(missing, found), "dedupe": fit(missing + found)}
        provenance = f"childmatch.fit without labels on {source} (bench/fit_default_model.py --fit-u)"
    else:
        models = {
            "link": replace(Model.default("link"), prior=fitted_prior(Model.default("link"), missing, found)),
            "dedupe": replace(
                Model.default("dedupe"), prior=fitted_prior(Model.default("dedupe"), missing + found)
            ),
        }
        provenance = (
            f"bench/fit_default_model.py: prior as childmatch.fit estimates it, on {source}; m, u and "
            f"default_freq set by hand; no name frequencies (docs/matching.md, 'Shipped parameters')"
        )
    out: dict[str, object] = {"provenance": provenance}
    for mode, model in models.items():
        out[mode] = model.to_json()
        print(f"{mode}: prior {model.prior:.3g}, {len(model.name_freq):,} name frequencies")
    print(f"made in {time.process_time() - started:.0f} s CPU")
    return out


# ---- the demo database, scored as the portal scores it -----------------------------------------------------
def measure_demo(database_url: str, pairs_csv: str, model_path: str | None) -> dict[str, float]:
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("TRACKCHILD_DEMO", "1")
    os.environ["MATCHING_INLINE"] = "false"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "trackchild.settings")
    import django

    django.setup()
    from childmatch import Model
    from trackchild.matching import adapter, engine, pipeline

    if model_path:
        link, dedupe = (Model.load_mode(model_path, mode) for mode in ("link", "dedupe"))
        engine.current_models = lambda: (link, dedupe, "measured")  # type: ignore[assignment]
    portal = engine.PortalIndex()
    index = portal.build()
    print(f"models: {portal.model_version}; link prior {index.link_model.prior:.3g}")
    with open(pairs_csv, newline="") as f:
        truth = {(f"M{r['missing_report_id']}", f"F{r['found_child_id']}") for r in csv.DictReader(f)}
    truth = {(m, f) for m, f in truth if m in index and f in index}
    # As stored: a pair's row holds what the later of its two records' jobs found (found children are
    # matched after the reports they might be), and a job retires its record's rows it no longer proposes.
    stored: dict[tuple[str, str], tuple[float, str]] = {}
    best_of: dict[str, str] = {}
    duplicates: set[tuple[str, str]] = set()
    flagged = 0  # open records shown a likely duplicate
    ranked: dict[str, list[str]] = {}  # a found child's best 10 with no floor: the ranking alone
    for side in ("missing", "found"):
        for record in list(adapter.open_records(side)):
            links, dupes = pipeline.find_for(index, record)
            if links:
                best_of[record.record_id] = links[0].other_id
            for c in links:
                stored[(c.missing_id, c.found_id)] = (c.score, c.band)
            if side == "found":
                p = index.profile(record.record_id)
                best = index.score_shortlist(p, index.shortlist_for(p, "missing"), index.link_model, limit=10)
                ranked[record.record_id] = [c.other_id for c in best]
                proposed = {c.missing_id for c in links}
                for key in [k for k in stored if k[1] == record.record_id and k[0] not in proposed]:
                    del stored[key]
            flagged += bool(dupes)
            duplicates |= {tuple(sorted((record.record_id, c.other_id))) for c in dupes}  # type: ignore[misc]
    high = [k for k, (_s, band) in stored.items() if band == "high"]
    n = len(truth) or 1
    result = {
        "true pairs (both open)": len(truth),
        "found child's top candidate is its report": sum(best_of.get(f) == m for m, f in truth) / n,
        "report's top candidate is its found child": sum(best_of.get(m) == f for m, f in truth) / n,
        "ranked first, no floor": sum(ranked.get(f, [""])[:1] == [m] for m, f in truth) / n,
        "ranked in the top 10, no floor": sum(m in ranked.get(f, []) for m, f in truth) / n,
        "true pair among the stored candidates": sum(k in stored for k in truth) / n,
        "candidates stored": len(stored),
        "high band: candidates": len(high),
        "high band: precision": sum(k in truth for k in high) / max(len(high), 1),
        "duplicate pairs proposed (the demo has none)": len(duplicates),
        "open records shown a likely duplicate": flagged / max(len(index), 1),
    }
    for key, value in result.items():
        print(f"{key:48s} {value:.3f}" if isinstance(value, float) else f"{key:48s} {value}")
    return result


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "measure-demo":
        ap = argparse.ArgumentParser(prog="fit_default_model.py measure-demo")
        ap.add_argument("database_url")
        ap.add_argument("pairs_csv")
        ap.add_argument("--model", help="a model file (both modes); default: what the portal would use")
        a = ap.parse_args(sys.argv[2:])
        measure_demo(a.database_url, a.pairs_csv, a.model)
        return
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--missing", type=int, default=20_000)
    ap.add_argument("--found", type=int, default=15_000)
    ap.add_argument("--seed", type=int, default=FIT_SEED)
    ap.add_argument("--out", default=str(SHIPPED))
    ap.add_argument("--fit-u", action="store_true", help="u and name frequencies from the data too")
    a = ap.parse_args()
    if a.fit_u and Path(a.out).resolve() == SHIPPED:
        ap.error("--fit-u replaces the hand-set u: write it elsewhere with --out")
    data = make_parameters(a.missing, a.found, a.seed, a.fit_u)
    with open(a.out, "w", encoding="utf-8") as f:
        json.dump(data, f, ensure_ascii=False, indent=1)
        f.write("\n")
    print(f"wrote {a.out} ({os.path.getsize(a.out):,} bytes)")


if __name__ == "__main__":
    main()
