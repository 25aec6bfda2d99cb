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
    uptime = subprocess.run(
        ["uptime"], capture_output=True, text=True, env={**os.environ, "TZ": "UTC"}
    ).stdout.strip()
    if args.per_save_engine:
        import django

        django.setup()
        out = per_save_engine(args.per_save_engine, args.saves, args.seed)
        if not args.no_docs:
            write_docs(f"engine {args.per_save_engine}", engine_block(out, uptime))
        return
    # Only a plain run (no --reuse) drops and refills the database; reading a re-match's progress never does.
    ensure_database(args.database_url, fresh=not (args.reuse or args.rematch_status))
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
    elif not args.skip_saves and not args.rematch_status:
        held_out = regenerate_held_out(args.children, args.saves, args.seed)
    if args.rematch_status:
        status = rematch_status(args.database_url)
        print(status)
        if not args.no_docs:
            write_docs(f"rematch {args.children}", rematch_status_block(args.children, status, uptime))
        return
    results = {"children": args.children}
    if not args.skip_saves:
        results |= measure_saves(args, held_out)
        if not args.no_docs:
            write_docs(f"saves {args.children}", saves_block(args.children, results, uptime))
    if args.full_rematch:
        uptime = subprocess.run(
            ["uptime"], capture_output=True, text=True, env={**os.environ, "TZ": "UTC"}
        ).stdout.strip()
        results |= full_rematch()
        if not args.no_docs:
            write_docs(f"rematch {args.children}", rematch_block(args.children, results, uptime))
    if args.refit_effect:
        results |= refit_effect(args.children, args.saves, args.seed)
    print(results)


def per_save_engine(records: int, queries: int, seed: int) -> dict:
    """The engine's share of one save, before and after the adapter asked one combined question.

    Builds a MatchIndex of `records` generated children (60% missing, 40% found) in this process, then for
    `queries` held-out found children times (CPU) the old path — file the record, then `candidates()` and
    `duplicates()`, each profiling the record and scoring a shortlist of 100 — against `pipeline.find_for`,
    and counts the duplicates each found (the short own-side shortlist must not lose any)."""
    from childmatch import MatchIndex, Record
    from trackchild.matching.pipeline import find_for

    missing, found, held = synthetic(records, queries, seed)
    index = MatchIndex()
    started = time.process_time()
    for row in missing + found:
        index.add(Record.from_dict(row))
    build = time.process_time() - started
    held = [Record.from_dict(row) for row in held]
    before, after, dup_before, dup_after, same = [], [], 0, 0, 0
    for record in held:
        # Both paths timed on the same index state (filing a record again replaces it), then compared.
        c0 = time.process_time()
        index.add(record)
        links_a = index.candidates(record, min_score=0.2, limit=10)
        dups_a = index.duplicates(record, min_score=0.5, limit=5)
        before.append((time.process_time() - c0) * 1000)
        c0 = time.process_time()
        links_b, dups_b = find_for(index, record)
        after.append((time.process_time() - c0) * 1000)
        links_a = index.candidates(record, min_score=0.2, limit=10)
        dups_a = index.duplicates(record, min_score=0.5, limit=5)
        index.remove(record.record_id)
        dup_before += len(dups_a)
        dup_after += len(dups_b)
        same += [c.other_id for c in links_a] == [c.other_id for c in links_b] and {
            c.other_id for c in dups_a
        } == {c.other_id for c in dups_b}
    out = {
        "index_records": len(index),
        "index_build_cpu_s": round(build, 1),
        "queries": len(held),
        "before_cpu_ms": percentiles(before),
        "after_cpu_ms": percentiles(after),
        "duplicates_found_before": dup_before,
        "duplicates_found_after": dup_after,
        "same_results": same,
        "load_1min": round(os.getloadavg()[0], 1),
    }
    print(out)
    return out


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
    parser.add_argument("--no-docs", action="store_true", help="do not rewrite docs/benchmarks.md")
    parser.add_argument(
        "--rematch-status",
        action="store_true",
        help="report how far a run_matching --all on this database has got (one still running, or stopped)",
    )
    parser.add_argument(
        "--per-save-engine",
        type=int,
        metavar="N",
        help="only time the engine's share of a save, before/after, on an in-process index of N children",
    )
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

    tables = ("cases_missingreport", "cases_foundchild")
    with connection.cursor() as cursor:
        # Secondary indexes (b-tree and the trigram GIN ones) are dropped for the COPY and built again after:
        # maintaining a GIN index row by row made the load run at ~1,100 rows/s; building it once is minutes.
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = ANY(%s) AND indexname NOT IN "
            "(SELECT conname FROM pg_constraint)",
            [list(tables)],
        )
        secondary = cursor.fetchall()
        for name, _definition in secondary:
            cursor.execute(f'DROP INDEX "{name}"')
        started = time.perf_counter()
        copy_rows(cursor, "cases_missingreport", missing_rows())
        copy_rows(cursor, "cases_foundchild", found_rows())
        print(f"COPY of {len(missing) + len(found):,} children: {time.perf_counter() - started:.0f} s")
        started = time.perf_counter()
        cursor.execute("SET maintenance_work_mem = '1GB'")
        for _name, definition in secondary:
            cursor.execute(definition)
        cursor.execute("ANALYZE")
        print(f"{len(secondary)} indexes rebuilt and ANALYZE: {time.perf_counter() - started:.0f} s")
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
    build_cpu = cpu_seconds(worker.pid)
    worker_mb = rss_mb(worker.pid)
    print(
        f"worker index built in {built:.0f} s ({build_cpu:.0f} s CPU), worker peak RSS {worker_mb:.0f} MB,"
        f" load {os.getloadavg()}",
        flush=True,
    )
    random.Random(args.seed)
    districts = {(d.state.name.lower(), d.name.lower()): d for d in District.objects.select_related("state")}
    any_cci = Institution.objects.filter(kind="cci").first()
    staff = User.objects.filter(username="bench_cci").first() or User.objects.create_user(
        "bench_cci", password="bench-password-1", role="cci_staff", institution=any_cci, full_name="Bench CCI"
    )
    timings, web_cpu, worker_cpu, candidates_found = [], [], [], 0
    loads = [os.getloadavg()[0]]
    for i, row in enumerate(held):
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
        w0 = cpu_seconds(worker.pid)
        t0, c0 = time.perf_counter(), time.process_time()
        try:
            child = register_found_child(actor=staff, data=data)
        except Exception as error:  # noqa: BLE001 - a synthetic row the portal's rules refuse (e.g. an age over 18)
            print("skipped a row:", type(error).__name__)
            continue
        c_save = time.process_time() - c0
        while not MatchJob.objects.filter(side="found", record_id=child.pk, state="done").exists():
            time.sleep(0.002)
        c1 = time.process_time()
        shown = candidates_for_record(staff, child)  # the record page's candidate panel
        timings.append((time.perf_counter() - t0) * 1000)
        # The web process's CPU: the save and the page's query (not this script's polling for the job).
        web_cpu.append((c_save + time.process_time() - c1) * 1000)
        worker_cpu.append((cpu_seconds(worker.pid) - w0) * 1000)
        candidates_found += bool(shown)
        connection.close_if_unusable_or_obsolete()
        if i % 50 == 49:
            loads.append(os.getloadavg()[0])
    loads.append(os.getloadavg()[0])
    worker_rss = rss_now_mb(worker.pid)
    worker.terminate()
    try:
        worker.wait(timeout=30)
    except subprocess.TimeoutExpired:
        worker.kill()
    out = {
        "saves": len(timings),
        "wall_ms": percentiles(timings),
        "web_cpu_ms": percentiles(web_cpu),
        "worker_cpu_ms": percentiles(worker_cpu),
        "with_candidates": candidates_found,
        "index_build_s": round(built, 1),
        "index_build_cpu_s": round(build_cpu, 1),
        "worker_peak_rss_mb": round(worker_mb),
        "worker_rss_after_mb": round(worker_rss),
        "load_1min": [round(x, 1) for x in loads],
    }
    print(out)
    return out


def percentiles(values: list[float]) -> dict:
    values = sorted(values)
    if not values:
        return {}

    def p(q: float) -> float:
        return round(values[min(len(values) - 1, int(q * len(values)))], 1)

    return {"p50": p(0.5), "p95": p(0.95), "p99": p(0.99), "max": round(values[-1], 1)}


def cpu_seconds(pid: int) -> float:
    """User + system CPU of a process so far (from /proc, in clock ticks)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def rss_now_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def full_rematch() -> dict:
    """`trackchild run_matching --all` in its own process: wall time, CPU (with its workers), peak memory."""
    load_before = os.getloadavg()[0]
    started = time.perf_counter()
    done = subprocess.run(
        [str(ROOT / ".venv/bin/trackchild"), "run_matching", "--all", "--restart"],
        env=os.environ.copy(),
        capture_output=True,
        text=True,
    )
    elapsed = time.perf_counter() - started
    print(done.stdout[-3000:], done.stderr[-3000:])
    lines = done.stdout.splitlines()
    out = {
        "full_rematch_s": round(elapsed),
        "full_rematch_summary": [line for line in lines if "found children matched" in line][-1:],
        "full_rematch_report": [line for line in lines if "peak memory" in line][-1:] or done.returncode,
        "load_1min_before_after": [round(load_before, 1), round(os.getloadavg()[0], 1)],
    }
    print(out)
    return out


# --- docs/benchmarks.md -------------------------------------------------------------------------------------

DOCS = ROOT / "docs" / "benchmarks.md"
SECTION_END = (
    "<!-- end of Matching in the portal: bench/bench_portal_matching.py rewrites its blocks above -->"
)


def write_docs(key: str, lines: list[str]) -> None:
    """Replace this measurement's block (one per kind and size) in the section, or add it above the end."""
    import re

    begin, end = f"<!-- bench_portal_matching {key}: begin -->", f"<!-- bench_portal_matching {key}: end -->"
    block = "\n".join([begin, *lines, end]) + "\n"
    text = DOCS.read_text()
    marked = re.compile(rf"^{re.escape(begin)}\n.*?^{re.escape(end)}\n", re.DOTALL | re.MULTILINE)
    if marked.search(text):
        text = marked.sub(lambda _m: block, text, count=1)
    else:
        assert SECTION_END in text, "docs/benchmarks.md has no end marker for Matching in the portal"
        text = text.replace(SECTION_END, block + "\n" + SECTION_END, 1)
    DOCS.write_text(text)


def _when_and_where(uptime: str, *, database: bool = True) -> str:
    import platform

    where = ""
    if database:
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            where = f", PostgreSQL {cursor.fetchone()[0].split()[0]}"
    return (
        f"Measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on {platform.machine()}, {os.cpu_count()} cores shared "
        f"with other engineers' work, Python {platform.python_version()}{where}. `uptime` before: `{uptime}`."
    )


def _command() -> str:
    return " ".join([".venv/bin/python", "bench/bench_portal_matching.py", *sys.argv[1:]])


def _row(label: str, figures: dict) -> str:
    return f"| {label} | {figures['p50']} | {figures['p95']} | {figures['p99']} | {figures['max']} |"


def saves_block(children: int, r: dict, uptime: str) -> list[str]:
    return [
        f"**Save → candidates visible, {children:,} children in PostgreSQL.** `{_command()}`",
        "",
        _when_and_where(uptime) + f" 1-minute load average during the saves: {r['load_1min']}.",
        "",
        "| per save, ms | p50 | p95 | p99 | max |",
        "| --- | --- | --- | --- | --- |",
        _row("wall: save → match job done → the record page's candidate query answered", r["wall_ms"]),
        _row("CPU of the web process: the save and the candidate query", r["web_cpu_ms"]),
        _row("CPU of match_worker for the job (10 ms clock ticks)", r["worker_cpu_ms"]),
        "",
        f"{r['saves']} saves timed (held-out found children the portal's rules accepted), {r['with_candidates']} "
        f"of them with candidates on their page. The worker built its index of {children:,} open records in "
        f"{r['index_build_s']} s ({r['index_build_cpu_s']} s CPU); peak RSS {r['worker_peak_rss_mb']} MB, "
        f"{r['worker_rss_after_mb']} MB after the saves.",
    ]


def engine_block(r: dict, uptime: str) -> list[str]:
    return [
        f"**The engine's share of a save, before and after one profile per save, on an in-process index of "
        f"{r['index_records']:,} children.** `{_command()}`",
        "",
        _when_and_where(uptime, database=False) + f" Index built in {r['index_build_cpu_s']} s CPU.",
        "",
        "| engine CPU per save, ms | p50 | p95 | p99 | max |",
        "| --- | --- | --- | --- | --- |",
        _row("before: add, then candidates() and duplicates(), three profiles", r["before_cpu_ms"]),
        _row("after: pipeline.find_for, one profile", r["after_cpu_ms"]),
        "",
        f"{r['queries']} saves; the same candidates and duplicates both ways in {r['same_results']} of them "
        f"(duplicates found: {r['duplicates_found_before']} before, {r['duplicates_found_after']} after).",
    ]


def rematch_block(children: int, r: dict, uptime: str) -> list[str]:
    summary = r["full_rematch_summary"][0] if r["full_rematch_summary"] else ""
    report = r["full_rematch_report"][0] if isinstance(r["full_rematch_report"], list) else "failed"
    return [
        f"**Full re-match, {children:,} children** (`trackchild run_matching --all --restart`, 2 worker "
        f"processes). `{_command()}`",
        "",
        _when_and_where(uptime) + f" 1-minute load before and after: {r['load_1min_before_after']}.",
        "",
        f'Wall time {r["full_rematch_s"]} s. The command\'s own report: "{summary}"; "{report}".',
    ]


def rematch_status(database_url: str) -> dict:
    """The newest RematchRun of the database, and the CPU and memory of its processes if they still run."""
    from django.utils import timezone

    from trackchild.cases.models import FoundChild
    from trackchild.matching.models import RematchRun

    run = RematchRun.objects.order_by("-started_at", "-pk").first()
    if run is None:
        raise SystemExit("no run_matching --all has run on this database")
    processes = []
    for proc in Path("/proc").iterdir():
        try:
            cmdline = (proc / "cmdline").read_bytes().split(b"\0")
            environ = (proc / "environ").read_bytes().split(b"\0")
        except (OSError, ValueError):
            continue
        if b"run_matching" in cmdline and f"DATABASE_URL={database_url}".encode() in environ:
            processes.append(int(proc.name))
    elapsed = ((run.finished_at or timezone.now()) - run.started_at).total_seconds()
    return {
        "run": run.pk,
        "finished": run.finished_at is not None,
        "started_utc": f"{run.started_at:%H:%M}",
        "elapsed_s": round(elapsed),
        "found_done": run.found_done,
        "found_open": FoundChild.objects.filter(status="in_care").count(),
        "candidates_stored": run.candidates_stored,
        "pairs_scored": run.pairs_scored,
        "processes": len(processes),
        "cpu_s": round(sum(cpu_seconds(pid) for pid in processes)),
        "rss_mb": [round(rss_now_mb(pid)) for pid in processes],
        "load_1min": round(os.getloadavg()[0], 1),
    }


def rematch_status_block(children: int, r: dict, uptime: str) -> list[str]:
    rate = r["found_done"] / max(r["elapsed_s"], 1)
    remaining = (r["found_open"] - r["found_done"]) / rate if rate else float("inf")
    state = "finished" if r["finished"] else "**not finished when measured**"
    return [
        f"**Full re-match, {children:,} children: {state}.** `{_command()}` (progress of the run started "
        f"{r['started_utc']} UTC by `--full-rematch`, read from its `RematchRun` row and /proc)",
        "",
        _when_and_where(uptime),
        "",
        f"After {r['elapsed_s'] / 60:.0f} min it had matched {r['found_done']:,} of {r['found_open']:,} open "
        f"found children, stored {r['candidates_stored']:,} candidates and scored {r['pairs_scored']:,} pairs "
        f"({rate * 60:,.0f} found children a minute, index build included). Its {r['processes']} processes "
        f"(the command and its 2 workers) had used {r['cpu_s']:,} s CPU; resident memory {r['rss_mb']} MB "
        f"(the workers share the index's pages with the command). At that rate the rest would take another "
        f"{remaining / 60:.0f} min on this shared machine: the full time at 1,000,000 is not measured.",
    ]


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
