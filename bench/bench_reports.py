"""Benchmark: the national compliance statement and MIS dashboard at national scale, on PostgreSQL.

    .venv/bin/python bench/bench_reports.py [--database-url postgres://postgres@127.0.0.1:5432/trackchild_bench_reports]
                                            [--institutions 25000] [--children 1000000] [--runs 7] [--reuse]

Makes (or with --reuse, keeps) a dedicated database, loads 36 States/UTs and their districts (the migration),
then with COPY: the institutions, one account per kind of work, the children (60% missing reports, 40% found
children) and the status history of the traced reports. It then renders each page through Django's test client
as a national officer and prints the median of several runs (after one warm-up run that is not counted).
The target is 2 s per page. The dashboard reads counts that `trackchild refresh_mis` makes periodically; the
time of one such refresh is measured and printed too. The script never touches any database but the one named.
"""

import argparse
import io
import os
import random
import statistics
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/trackchild_bench_reports"
PAGES = [
    ("national statement", "/reports/statement/"),
    ("national statement, all periods since the start", "/reports/statement/?period=ever"),
    ("national dashboard", "/reports/dashboard/"),
    ("state statement (districts of the largest State/UT)", None),
]


def main() -> None:
    args = parse_args()
    os.environ["DATABASE_URL"] = args.database_url
    os.environ.setdefault("TRACKCHILD_TESTING", "1")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "trackchild.settings")
    sys.path.insert(0, str(ROOT / "src"))
    ensure_database(args.database_url, fresh=not args.reuse)

    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from trackchild.cases.models import MissingReport

    if not MissingReport.objects.exists():
        started = time.perf_counter()
        generate(args.institutions, args.children, seed=args.seed)
        print(f"generated in {time.perf_counter() - started:.0f} s")
    measure(args.runs)


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=os.environ.get("BENCH_REPORTS_DATABASE_URL", DEFAULT_URL))
    parser.add_argument("--institutions", type=int, default=25_000)
    parser.add_argument("--children", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--seed", type=int, default=5)
    parser.add_argument(
        "--reuse", action="store_true", help="keep the database and its data if already loaded"
    )
    args = parser.parse_args()
    if not urlparse(args.database_url).path.strip("/").startswith("trackchild_bench"):
        parser.error("the database's name must start with trackchild_bench: this script drops and fills it")
    return args


def ensure_database(url: str, *, fresh: bool) -> None:
    import psycopg

    parts = urlparse(url)
    name = parts.path.strip("/")
    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if exists and fresh:
            conn.execute(f'DROP DATABASE "{name}"')
            exists = None
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')


# --- Data -------------------------------------------------------------------------------------------------------

KIND_SHARES = [("police_station", 0.68), ("cci", 0.258), ("cwc", 0.031), ("jjb", 0.031)]


def generate(n_institutions: int, n_children: int, *, seed: int) -> None:
    from django.db import connection

    from trackchild.accounts.models import User
    from trackchild.geo.models import District

    rng = random.Random(seed)
    now = datetime.now(UTC)
    districts = list(District.objects.values_list("pk", "state_id"))
    national = User.objects.create_user(
        "bench_national",
        password="bench-password-1",
        role="national_officer",
        full_name="Bench national officer",
    )
    User.objects.create_user(
        "bench_entry", password="bench-password-1", role="system_admin", full_name="Bench data entry"
    )
    entry_user = User.objects.get(username="bench_entry").pk
    institutions = make_institutions(rng, n_institutions, districts, now)
    with connection.cursor() as cursor:
        copy_rows(cursor, "registry_institution", institutions)
        cursor.execute("SELECT id, kind, district_id FROM registry_institution")
        by_kind: dict[str, list[tuple[int, int]]] = {}
        for pk, kind, district_id in cursor.fetchall():
            by_kind.setdefault(kind, []).append((pk, district_id))
    state_of = dict(districts)
    # Most institutions upload something; a quarter never do (the problem the statement is for).
    active = {kind: rows[: int(len(rows) * 0.75)] for kind, rows in by_kind.items()}
    n_missing = int(n_children * 0.6)
    missing_rows, traced = make_missing_reports(rng, n_missing, active["police_station"], entry_user, now)
    found_rows = make_found_children(
        rng, n_children - n_missing, active, districts, state_of, entry_user, now
    )
    with connection.cursor() as cursor:
        copy_rows(cursor, "cases_missingreport", missing_rows)
        copy_rows(cursor, "cases_foundchild", found_rows)
        cursor.execute("SELECT id, fir_date FROM cases_missingreport WHERE status = 'traced'")
        changes = make_trace_history(rng, cursor.fetchall(), entry_user, now)
        copy_rows(cursor, "cases_statuschange", changes)
        cursor.execute("ANALYZE")
    print(
        f"{len(institutions)} institutions, {n_missing} missing reports ({traced} traced), "
        f"{n_children - n_missing} found children; national officer: {national.username}"
    )


def make_institutions(rng, n, districts, now):
    counts = {kind: int(n * share) for kind, share in KIND_SHARES}
    counts["police_station"] += n - sum(counts.values())
    rows = []
    for kind, count in counts.items():
        for i in range(count):
            district_id, _state = (
                districts[i % len(districts)] if kind in ("cwc", "jjb") else rng.choice(districts)
            )
            rows.append(
                {
                    "code": f"{kind[:3].upper()}-{i:06d}",
                    "name": f"Bench {kind.replace('_', ' ')} {i}",
                    "kind": kind,
                    "cci_kind": "childrens_home" if kind == "cci" else "",
                    "registration_number": "",
                    "capacity": 50 if kind == "cci" else None,
                    "district_id": district_id,
                    "address": "",
                    "phone": "",
                    "email": "",
                    "is_active": True,
                    "closed_on": None,
                    "closed_reason": "",
                    "created_at": now - timedelta(days=900),
                    "updated_at": now - timedelta(days=900),
                    "version": 1,
                }
            )
    rng.shuffle(rows)
    return rows


def description(rng, entry_user, created, updated, status, version):
    age = rng.choice([None] + list(range(1, 18)) * 3)
    return {
        "name": f"Child {rng.randrange(10**6)}",
        "other_names": "",
        "gender": rng.choices(["female", "male", "transgender", "unknown"], [77, 21, 1, 1])[0],
        "date_of_birth": None,
        "age_years": age,
        "height_cm": None,
        "build": "",
        "complexion": "",
        "identification_marks": "",
        "clothing": "",
        "languages": rng.choice(["", "Hindi", "Bhojpuri"]),
        "disability": "",
        "school": "",
        "father_name": rng.choice(["", "Ram"]),
        "mother_name": "",
        "guardian_name": "",
        "home_address": "",
        "home_district_id": None,
        "home_state_id": None,
        "home_pin": "",
        "status": status,
        "version": version,
        "created_by_id": entry_user,
        "created_at": created,
        "updated_at": updated,
    }


def times(rng, now):
    created = now - timedelta(days=rng.randrange(0, 1400), seconds=rng.randrange(86400))
    if rng.random() < 0.5:
        return created, created, 1
    return created, created + (now - created) * rng.random(), rng.randrange(2, 6)


def make_missing_reports(rng, n, stations, entry_user, now):
    rows, traced = [], 0
    for i in range(n):
        station, district_id = rng.choice(stations)
        created, updated, version = times(rng, now)
        status = rng.choices(["reported", "traced", "closed"], [34, 60, 6])[0]
        traced += status == "traced"
        fir_date = created.date()
        rows.append(
            {
                **description(rng, entry_user, created, updated, status, version),
                "police_station_id": station,
                "fir_number": f"FIR-{i}",
                "fir_date": fir_date,
                "missing_since": created - timedelta(days=1),
                "place_last_seen": "Bus stand",
                "last_seen_district_id": district_id,
                "circumstances": "",
                "complainant_name": "Complainant",
                "complainant_relation": "father",
                "complainant_phone": "9800000000",
                "complainant_address": "",
            }
        )
    return rows, traced


def make_found_children(rng, n, active, districts, state_of, entry_user, now):
    recorders = active["cci"] * 3 + active["cwc"] + active["police_station"][:2000]
    rows = []
    for _i in range(n):
        recorder, district_id = rng.choice(recorders)
        created, updated, version = times(rng, now)
        status = rng.choices(
            ["in_care", "restored", "repatriated", "transferred", "absconded"], [45, 40, 6, 5, 4]
        )[0]
        row = description(rng, entry_user, created, updated, status, version)
        if rng.random() < 0.6:
            home_district, home_state = (
                rng.choice(districts) if rng.random() < 0.3 else (district_id, state_of[district_id])
            )
            row.update(home_district_id=home_district, home_state_id=home_state)
        row.update(
            {
                "recorded_by_id": recorder,
                "found_on": created.date(),
                "found_place": "Railway station",
                "found_district_id": district_id,
                "found_by": "railway_police",
                "circumstance": "railway_station",
                "circumstances_detail": "",
                "age_is_estimated": True,
                "recalls_of_home": "",
                "cwc_id": None,
                "cwc_order_number": "",
                "cwc_order_date": None,
                "cci_id": None,
                "admission_number": "",
                "admission_date": None,
            }
        )
        rows.append(row)
    return rows


def make_trace_history(rng, traced, entry_user, now):
    for pk, fir_date in traced:
        days = min(int(rng.expovariate(1 / 60)), (now.date() - fir_date).days)
        yield {
            "missing_report_id": pk,
            "found_child_id": None,
            "from_status": "reported",
            "to_status": "traced",
            "effective_on": fir_date + timedelta(days=days),
            "order_number": "",
            "reason": "",
            "changed_by_id": entry_user,
            "changed_at": now,
        }


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


# --- Measuring --------------------------------------------------------------------------------------------------


def measure(runs: int) -> None:
    from django.db import connection
    from django.db.models import Count
    from django.test import Client
    from django.test.utils import setup_test_environment

    from trackchild.accounts.models import User
    from trackchild.registry.models import Institution

    setup_test_environment()
    client = Client()
    client.force_login(User.objects.get(username="bench_national"))
    largest = (
        Institution.objects.values("district__state_id").annotate(n=Count("pk")).order_by("-n").first()
    )["district__state_id"]
    counts = {
        "institutions": Institution.objects.count(),
        "children": sum(_count(connection, t) for t in ("cases_missingreport", "cases_foundchild")),
    }
    print(f"PostgreSQL {connection.cursor().connection.info.server_version}, {counts}")
    from trackchild.reports.mis import refresh_mis_counts

    refresh = refresh_mis_counts()  # what cron runs (trackchild refresh_mis); the dashboard reads its counts
    print(f"refresh_mis (the dashboard's periodic count): {refresh.seconds:.1f} s")
    results = [
        ("refresh_mis (periodic, not a page)", "trackchild refresh_mis", refresh.seconds, None, None, 0)
    ]
    for label, url in PAGES:
        url = url or f"/reports/statement/?state={largest}"
        timings = []
        for run in range(runs + 1):
            started = time.perf_counter()
            response = client.get(url)
            elapsed = time.perf_counter() - started
            assert response.status_code == 200, (url, response.status_code)
            if run:
                timings.append(elapsed)
        results.append(
            (label, url, statistics.median(timings), min(timings), max(timings), len(response.content))
        )
        print(
            f"{label:55s} median {statistics.median(timings):6.3f} s  (min {min(timings):.3f}, "
            f"max {max(timings):.3f}, {runs} runs, {len(response.content) // 1024} KB)  {url}"
        )
    write_report(results, counts, runs)


def _count(connection, table: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {table}")
        return cursor.fetchone()[0]


def write_report(results, counts, runs) -> None:
    out = io.StringIO()
    out.write(
        f"Measured {date.today().isoformat()} with `.venv/bin/python bench/bench_reports.py` "
        f"(PostgreSQL, {counts['institutions']:,} institutions, {counts['children']:,} children, "
        f"36 States/UTs, their districts; median of {runs} runs after a warm-up, full page render through "
        f"Django's test client as a national officer; target ≤ 2 s).\n\n"
    )
    out.write("| Page | Median | Min | Max |\n| --- | --- | --- | --- |\n")
    for label, url, median, low, high, _size in results:
        if low is None:
            out.write(f"| {label} (`{url}`) | {median:.1f} s, once | | |\n")
        else:
            out.write(f"| {label} (`{url}`) | {median:.3f} s | {low:.3f} s | {high:.3f} s |\n")
    print("\n" + out.getvalue())
    target = Path(os.environ.get("BENCH_REPORTS_OUT", ROOT / "bench" / "out" / "bench_reports.md"))
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(out.getvalue())


if __name__ == "__main__":
    main()
