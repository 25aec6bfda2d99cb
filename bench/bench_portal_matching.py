"""Benchmark: matching in the portal on PostgreSQL at national scale.

    .venv/bin/python bench/bench_portal_matching.py [--database-url postgres://postgres@127.0.0.1:5432/trackchild_bench_matching]
                                                    [--children 1000000] [--saves 200] [--reuse] [--full-rematch]

Makes (or with --reuse keeps) a dedicated database, fills it with COPY from bench/generate.py's synthetic
children (60% missing reports, 40% found children, all still open: the largest index), with one police
station and one CCI per district. Then:

1. starts `trackchild match_worker` (a separate process), and times the building of its index and its memory;
2. saves `--saves` found children one at a time through the real service (cases.services.register_found_child,
   as the page and the API do), each the found record of a child reported missing, and times save → the
   match job done → the candidates readable through the selector the pages use. The target is p95 ≤ 200 ms;
3. with --full-rematch, runs `trackchild run_matching --all` and reports its time and peak memory.

The script never touches any database but the one named (its name must start with trackchild_bench).
"""

import argparse
import os
import random
import subprocess
import sys
import time
from datetime import UTC, date, datetime, timedelta
from datetime import time as dtime
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/trackchild_bench_matching"
sys.path.insert(0, str(ROOT / "bench"))


def main() -> None:
    args = parse_args()
    os.environ["DATABASE_URL"] = args.database_url
    os.environ.setdefault("TRACKCHILD_TESTING", "1")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "trackchild.settings")
    os.environ["MATCHING_INLINE"] = "false"  # the worker matches; a save only queues
    ensure_database(args.database_url, fresh=not args.reuse)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from trackchild.cases.models import MissingReport

    held_out = None
    if not MissingReport.objects.exists():
        started = time.perf_counter()
        held_out = load(args.children, args.saves, seed=args.seed)
        print(f"generated and loaded {args.children:,} children in {time.perf_counter() - started:.0f} s")
    else:
        held_out = regenerate_held_out(args.children, args.saves, args.seed)
    results = {"children": args.children}
    if not args.skip_saves:
        results |= measure_saves(args, held_out)
    if args.full_rematch:
        results |= full_rematch()
    if args.refit_effect:
        results |= refit_effect(args.children, args.saves, args.seed)
    print(results)


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=DEFAULT_URL)
    parser.add_argument("--children", type=int, default=1_000_000)
    parser.add_argument("--saves", type=int, default=200)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--reuse", action="store_true")
    parser.add_argument("--full-rematch", action="store_true")
    parser.add_argument(
        "--refit-effect",
        action="store_true",
        help="decide half the stored candidates from the truth, refit, score the other half",
    )
    parser.add_argument("--skip-saves", action="store_true")
    args = parser.parse_args()
    if not urlparse(args.database_url).path.strip("/").startswith("trackchild_bench"):
        parser.error("the database's name must start with trackchild_bench: this script drops and fills it")
    return args


def ensure_database(url: str, *, fresh: bool) -> None:
    import psycopg

    parts = urlparse(url)
    name = parts.path.strip("/")
    with psycopg.connect(parts._replace(path="/postgres").geturl(), autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if exists and fresh:
            conn.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
            exists = None
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')


# --- Data ---------------------------------------------------------------------------------------------------

GENDER = {"M": "male", "F": "female", "T": "transgender"}
COMPLEXIONS = {"fair", "wheatish", "dusky", "dark"}


def synthetic(children: int, saves: int, seed: int):
    from generate import generate

    n_missing = int(children * 0.6)
    missing, found, links, _dupes = generate(n_missing, children - n_missing + saves, seed)
    linked = {f for _m, f in links}
    # Held out, to be saved through the service: found records of children reported missing.
    held = [row for row in found if row["record_id"] in linked][-saves:]
    held_ids = {row["record_id"] for row in held}
    kept = [row for row in found if row["record_id"] not in held_ids][: children - n_missing]
    synthetic.links = links  # for refit_effect: the true (missing, found) pairs, by generator id
    return missing, kept, held


def regenerate_held_out(children: int, saves: int, seed: int):
    return synthetic(children, saves, seed)[2]


def load(children: int, saves: int, *, seed: int):
    from django.db import connection

    from trackchild.accounts.models import User
    from trackchild.geo.models import District

    missing, found, held = synthetic(children, saves, seed)
    rng = random.Random(seed)
    districts = list(District.objects.select_related("state"))
    by_state: dict[str, list] = {}
    by_name: dict[tuple[str, str], object] = {}
    for d in districts:
        by_state.setdefault(d.state.name.lower(), []).append(d)
        by_name[(d.state.name.lower(), d.name.lower())] = d
    now = datetime.now(UTC)
    entry = User.objects.create_user(
        "bench_entry", password="bench-password-1", role="system_admin", full_name="Bench data entry"
    ).pk
    institutions = []
    for d in districts:
        for kind in ("police_station", "cci"):
            institutions.append(
                {
                    "code": f"{kind[:3].upper()}-{d.pk}",
                    "name": f"{kind} {d.name}",
                    "kind": kind,
                    "cci_kind": "childrens_home" if kind == "cci" else "",
                    "registration_number": "",
                    "capacity": 100 if kind == "cci" else None,
                    "district_id": d.pk,
                    "address": "",
                    "phone": "",
                    "email": "",
                    "is_active": True,
                    "closed_on": None,
                    "closed_reason": "",
                    "version": 1,
                    "created_at": now,
                    "updated_at": now,
                }
            )
    with connection.cursor() as cursor:
        copy_rows(cursor, "registry_institution", institutions)
        cursor.execute("SELECT id, kind, district_id FROM registry_institution")
        station, cci = {}, {}
        for pk, kind, district_id in cursor.fetchall():
            (station if kind == "police_station" else cci)[district_id] = pk

    def district_of(row):
        state = row["state"].lower()
        found_one = by_name.get((state, row["district"].lower()))
        if found_one is None:
            found_one = rng.choice(by_state.get(state) or districts)
        return found_one

    def description(row, status):
        age = row["age_years"]
        return {
            "name": row["name"][:150],
            "other_names": row["alias"].replace(";", ", ")[:300],
            "gender": GENDER.get(row["gender"], "unknown"),
            "date_of_birth": row["date_of_birth"] or None,
            "age_years": int(float(age)) if age else None,
            "height_cm": int(float(row["height_cm"])) if row["height_cm"] else None,
            "build": "",
            "complexion": row["complexion"] if row["complexion"] in COMPLEXIONS else "",
            "identification_marks": row["identification_marks"],
            "clothing": "",
            "languages": row["languages"].replace(";", ", ")[:200],
            "disability": "",
            "school": "",
            "father_name": row["father_name"][:150],
            "mother_name": row["mother_name"][:150],
            "guardian_name": row["guardian_name"][:150],
            "home_address": row["address"],
            "home_district_id": None,
            "home_state_id": None,
            "home_pin": "",
            "status": status,
            "version": 1,
            "created_by_id": entry,
            "created_at": now,
            "updated_at": now - timedelta(days=1),
        }

    def missing_rows():
        for i, row in enumerate(missing):
            d = district_of(row)
            when = date.fromisoformat(row["event_date"])
            yield {
                **description(row, "reported"),
                "police_station_id": station[d.pk],
                "fir_number": f"FIR-{i}",
                "fir_date": when,
                "missing_since": datetime.combine(when, dtime(12), UTC),
                "place_last_seen": row["place"][:300] or "not known",
                "last_seen_district_id": d.pk,
                "circumstances": "",
                "complainant_name": "Complainant",
                "complainant_relation": "parent",
                "complainant_phone": "9800000000",
                "complainant_address": "",
            }

    def found_rows():
        for row in found:
            d = district_of(row)
            yield {
                **description(row, "in_care"),
                "recorded_by_id": cci[d.pk],
                "found_on": date.fromisoformat(row["event_date"]),
                "found_place": row["place"][:300] or "not known",
                "found_district_id": d.pk,
                "found_by": "railway_police",
                "circumstance": "railway_station",
                "circumstances_detail": "",
                "age_is_estimated": True,
                "recalls_of_home": "",
                "cwc_id": None,
                "cwc_order_number": "",
                "cwc_order_date": None,
                "cci_id": cci[d.pk],
                "admission_number": "",
                "admission_date": None,
            }

    with connection.cursor() as cursor:
        copy_rows(cursor, "cases_missingreport", missing_rows())
        copy_rows(cursor, "cases_foundchild", found_rows())
        cursor.execute("ANALYZE")
    print(
        f"{len(missing):,} missing reports, {len(found):,} found children, {len(institutions):,} institutions"
    )
    return held


def copy_rows(cursor, table: str, rows) -> None:
    rows = iter(rows)
    first = next(rows, None)
    if first is None:
        return
    columns = list(first)
    with cursor.cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
        copy.write_row([first[c] for c in columns])
        for row in rows:
            copy.write_row([row[c] for c in columns])


# --- Measurements -------------------------------------------------------------------------------------------


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def measure_saves(args, held) -> dict:
    from django.db import connection

    from trackchild.accounts.models import User
    from trackchild.cases.services import register_found_child
    from trackchild.geo.models import District
    from trackchild.matching.models import MatchJob, WorkerHeartbeat
    from trackchild.matching.selectors import candidates_for_record
    from trackchild.registry.models import Institution

    WorkerHeartbeat.objects.all().delete()
    MatchJob.objects.filter(state="pending").delete()
    started = time.perf_counter()
    worker = subprocess.Popen(
        [str(ROOT / ".venv/bin/trackchild"), "match_worker", "--interval", "0.05"],
        env=os.environ.copy(),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    while not WorkerHeartbeat.objects.exists():
        if worker.poll() is not None:
            raise SystemExit(worker.stdout.read())
        time.sleep(0.5)
    built = time.perf_counter() - started
    worker_mb = rss_mb(worker.pid)
    print(f"worker index built in {built:.0f} s, worker peak RSS {worker_mb:.0f} MB")
    random.Random(args.seed)
    districts = {(d.state.name.lower(), d.name.lower()): d for d in District.objects.select_related("state")}
    any_cci = Institution.objects.filter(kind="cci").first()
    staff = User.objects.filter(username="bench_cci").first() or User.objects.create_user(
        "bench_cci", password="bench-password-1", role="cci_staff", institution=any_cci, full_name="Bench CCI"
    )
    timings, candidates_found = [], 0
    for row in held:
        d = districts.get((row["state"].lower(), row["district"].lower())) or any_cci.district
        data = {
            "found_on": min(date.fromisoformat(row["event_date"]), date.today()),
            "found_place": row["place"] or "Railway station",
            "found_district": d,
            "found_by": "railway_police",
            "circumstance": "railway_station",
            "name": row["name"][:150],
            "gender": GENDER.get(row["gender"], "unknown"),
            "age_years": int(float(row["age_years"])) if row["age_years"] else None,
            "father_name": row["father_name"][:150],
            "mother_name": row["mother_name"][:150],
            "languages": row["languages"].replace(";", ", ")[:200],
            "home_address": row["address"],
        }
        t0 = time.perf_counter()
        try:
            child = register_found_child(actor=staff, data=data)
        except Exception as error:  # noqa: BLE001 - a synthetic row the portal's rules refuse (e.g. an age over 18)
            print("skipped a row:", type(error).__name__)
            continue
        while not MatchJob.objects.filter(side="found", record_id=child.pk, state="done").exists():
            time.sleep(0.005)
        shown = candidates_for_record(staff, child)
        timings.append((time.perf_counter() - t0) * 1000)
        candidates_found += bool(shown)
        connection.close_if_unusable_or_obsolete()
    worker.terminate()
    try:
        worker.wait(timeout=30)
    except subprocess.TimeoutExpired:
        worker.kill()
    timings.sort()
    p = lambda q: timings[min(len(timings) - 1, int(q * len(timings)))]
    out = {
        "saves": len(timings),
        "p50_ms": round(p(0.5), 1),
        "p95_ms": round(p(0.95), 1),
        "max_ms": round(timings[-1], 1),
        "with_candidates": candidates_found,
        "index_build_s": round(built, 1),
        "worker_peak_rss_mb": round(worker_mb),
    }
    print(out)
    return out


def full_rematch() -> dict:
    started = time.perf_counter()
    done = subprocess.run(
        [str(ROOT / ".venv/bin/trackchild"), "run_matching", "--all"],
        env=os.environ.copy(),
        capture_output=True,
        text=True,
    )
    elapsed = time.perf_counter() - started
    print(done.stdout[-3000:], done.stderr[-3000:])
    peak = [line for line in done.stdout.splitlines() if "peak memory" in line]
    return {"full_rematch_s": round(elapsed), "full_rematch_report": peak[-1] if peak else done.returncode}


def refit_effect(children: int, saves: int, seed: int) -> dict:
    """Officers' decisions as labels: half the stored candidates decided from the truth (as officers would),
    `refit_matching` run, and the other half scored by the shipped and the refitted model. The database must
    have been loaded fresh by this script (record ids follow the generator's order)."""
    from django.core.management import call_command

    from childmatch import Model, score_records
    from trackchild.matching import adapter
    from trackchild.matching.engine import current_models
    from trackchild.matching.models import Candidate

    missing, found, _held = synthetic(children, saves, seed)
    m_pk = {row["record_id"]: i + 1 for i, row in enumerate(missing)}
    f_pk = {row["record_id"]: i + 1 for i, row in enumerate(found)}
    truth = {(m_pk[m], f_pk[f]) for m, f in synthetic.links if m in m_pk and f in f_pk}
    rows = list(
        Candidate.objects.filter(status="pending")
        .order_by("pk")
        .values_list("pk", "missing_report_id", "found_child_id")
    )
    random.Random(seed).shuffle(rows)
    half = len(rows) // 2
    decided, held_out = rows[:half], rows[half:]
    confirmed = [pk for pk, m, f in decided if (m, f) in truth]
    Candidate.objects.filter(pk__in=confirmed).update(status="confirmed")
    Candidate.objects.filter(pk__in=[pk for pk, _m, _f in decided]).exclude(pk__in=confirmed).update(
        status="rejected"
    )
    call_command("refit_matching")
    fitted, _dedupe, version = current_models()
    shipped = Model.default("link")

    def quality(model) -> dict:
        scored = []
        for _pk, m, f in held_out:
            a, b = adapter.record_of("missing", m), adapter.record_of("found", f)
            if a is not None and b is not None:
                scored.append((score_records(a, b, model).score, (m, f) in truth))
        positives = [s for s, y in scored if y]
        negatives = [s for s, y in scored if not y]
        auc = sum((p > n) + 0.5 * (p == n) for p in positives for n in negatives) / max(
            1, len(positives) * len(negatives)
        )
        high = [y for s, y in scored if s >= 0.8]
        return {
            "auc": round(auc, 3),
            "high_band_precision": round(sum(high) / max(1, len(high)), 3),
            "high_band_recall": round(sum(high) / max(1, len(positives)), 3),
            "pairs": len(scored),
        }

    out = {
        "labelled": len(decided),
        "labelled_matches": len(confirmed),
        "fitted_version": version,
        "shipped_model": quality(shipped),
        "refitted_model": quality(fitted),
    }
    print(out)
    return out


if __name__ == "__main__":
    main()
