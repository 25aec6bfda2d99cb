"""Benchmark: a 100,000-row missing-reports CSV checked (the preview) and saved, through the same code as an
upload (exchange.imports: row parsing, cases.rules as a dry run, then the save from the preview's kept rows:
key clashes and references again, the bulk upserts with their status, audit and match-queue rows), on a fresh
database, SQLite and PostgreSQL side by side in one run.

    .venv/bin/python bench/bench_import.py                   # both databases, 100,000 rows; rewrites docs
    .venv/bin/python bench/bench_import.py --runs 3          # medians of three runs of each
    .venv/bin/python bench/bench_import.py --rows 20000 --databases sqlite --profile /tmp/import

Each measurement runs in its own process (a fresh interpreter, so its memory figures are its own). Printed per
database: wall time and rows per second of the check and the save; CPU time of the Python process and, on
PostgreSQL, of the server process serving it (read from /proc: PostgreSQL runs on the same machine here);
rows per CPU-second; peak resident memory during the import; and the load average, since the machine may be
shared. A run of --rows 100000 or more rewrites the block of docs/benchmarks.md between this script's markers
(--no-docs to leave it).

With PostgreSQL, a fresh database named trackchild_bench_import_<process id> is created beside the one
--database-url names and dropped afterwards (so that two runs at once do not meet).
"""

import argparse
import csv
import json
import os
import platform
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs" / "benchmarks.md"
BEGIN = "<!-- bench/bench_import.py: begin (rewritten by the script) -->"
END = "<!-- bench/bench_import.py: end -->"
POSTGRES = "postgres://postgres@127.0.0.1:5432/postgres"
TICKS = os.sysconf("SC_CLK_TCK")
DATABASE = f"trackchild_bench_import_{os.getpid()}"


def rss_mb() -> float:
    """Resident memory now, from /proc (Linux)."""
    pages = int(Path("/proc/self/statm").read_text().split()[1])
    return pages * resource.getpagesize() / (1024 * 1024)


def process_cpu(pid: int) -> float:
    """User + system CPU seconds of another process (the PostgreSQL backend serving this connection)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS


class PeakMemory:
    """Samples resident memory every 50 ms in a thread: the peak during the import itself, not the set-up's."""

    def __enter__(self):
        import threading

        self.start = self.peak = rss_mb()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()
        return self

    def _sample(self):
        while not self._stop.wait(0.05):
            self.peak = max(self.peak, rss_mb())

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, rss_mb())


def write_csv(path: Path, rows: int, district_code: int) -> None:
    from django.utils import timezone

    day = timezone.localdate() - timedelta(days=30)
    scripts = ["सोनू कुमार", "Sonu Kumar", "সোনু", "சோனு", "Priya Kumari", "ਪ੍ਰਿਆ"]
    with open(path, "w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(
            [
                "fir_number",
                "fir_date",
                "missing_since",
                "place_last_seen",
                "last_seen_district",
                "complainant_name",
                "complainant_relation",
                "complainant_phone",
                "name",
                "gender",
                "age_years",
                "father_name",
                "languages",
                "identification_marks",
            ]
        )
        for n in range(rows):
            when = day - timedelta(days=n % 300)
            writer.writerow(
                [
                    f"FIR-{n}/2026",
                    when.strftime("%d-%m-%Y"),
                    when.strftime("%d-%m-%Y") + " 18:30",
                    "Patna Junction",
                    district_code,
                    "Ramesh Yadav",
                    "father",
                    "9812345678",
                    f"{scripts[n % len(scripts)]} {n}",
                    ("male", "female")[n % 2],
                    3 + n % 14,
                    "Ramesh Yadav",
                    "Hindi, Bhojpuri",
                    "Mole on the left cheek",
                ]
            )


def _profiled(prefix: str, step: str, function, *args):
    """Run `function`, under cProfile (wall clock, so time waiting on the database shows) when asked."""
    if not prefix:
        return function(*args)
    if os.environ.get("BENCH_PYINSTRUMENT"):  # a sampling profiler: little overhead on many small calls
        from pyinstrument import Profiler

        with Profiler(interval=0.0005) as profiler:
            result = function(*args)
        Path(f"{prefix}.{step}.txt").write_text(profiler.output_text(show_all=False))
        return result
    import cProfile

    profile = cProfile.Profile()
    try:
        return profile.runcall(function, *args)
    finally:
        profile.dump_stats(f"{prefix}.{step}")


def fresh_postgres(url: str) -> tuple[str, str]:
    import psycopg

    parts = urlparse(url)
    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")
        connection.execute(f"CREATE DATABASE {DATABASE}")
    return parts._replace(path=f"/{DATABASE}").geturl(), admin


def measure_one(database: str, rows: int, database_url: str, profile: str) -> dict:
    """One import on a fresh database, in this process; returns its figures."""
    workdir = Path(tempfile.mkdtemp(prefix="bench-import-"))
    admin = ""
    os.environ.update(
        {
            "TRACKCHILD_TESTING": "1",
            "DJANGO_SETTINGS_MODULE": "trackchild.settings",
            "TRACKCHILD_VAR_DIR": str(workdir),
            "MEDIA_ROOT": str(workdir / "media"),
            "IMPORT_MAX_ROWS": str(max(rows, 100_000)),
            "LOG_LEVEL": "WARNING",
            "DATABASE_URL": "",
        }
    )
    if database == "postgresql":
        os.environ["DATABASE_URL"], admin = fresh_postgres(database_url)
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()
    from django.core.files import File
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    from trackchild.accounts.services import create_account
    from trackchild.audit.models import AuditEvent
    from trackchild.cases.models import MissingReport, StatusChange
    from trackchild.exchange import imports
    from trackchild.geo.models import District
    from trackchild.matching.models import MatchJob
    from trackchild.registry.services import create_institution

    patna = District.objects.get(name="Patna", state__name="Bihar")
    station = create_institution(
        actor=None, data={"code": "PS-BENCH", "name": "Bench PS", "kind": "police_station", "district": patna}
    )
    officer = create_account(
        actor=None,
        username="bench",
        password="correct-horse-battery-9",
        full_name="Bench",
        role="police_officer",
        institution=station,
    )
    path = workdir / "missing.csv"
    write_csv(path, rows, patna.lgd_code)
    backend = None
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            backend = cursor.fetchone()[0]

    def server_cpu() -> float:
        return process_cpu(backend) if backend else 0.0

    memory = PeakMemory().__enter__()
    load_before = os.getloadavg()[0]
    with open(path, "rb") as source:
        upload = File(source, name="missing.csv")
        upload.size = path.stat().st_size
        started, cpu_started, server_started = time.perf_counter(), time.process_time(), server_cpu()
        job = imports.start_import(actor=officer, register="missing_reports", upload=upload, mode="all")
    _profiled(profile, "check", imports.check_job, job)
    checked, cpu_checked, server_checked = time.perf_counter(), time.process_time(), server_cpu()
    job.refresh_from_db()
    assert job.status == "checked" and job.invalid_rows == 0, (job.status, job.message, job.invalid_rows)
    imports.request_save(actor=officer, job=job)
    _profiled(profile, "save", imports.save_job, job)
    saved, cpu_saved, server_saved = time.perf_counter(), time.process_time(), server_cpu()
    memory.__exit__(None, None, None)
    load_after = os.getloadavg()[0]
    job.refresh_from_db()
    assert job.status == "done" and job.created == rows, (job.status, job.message, job.created)
    assert MissingReport.objects.count() == rows == StatusChange.objects.count()
    assert AuditEvent.objects.filter(action="create", object_type="cases.missingreport").count() == rows
    # Matching is queued for the match worker, not run inside the import.
    assert MatchJob.objects.filter(side="missing", state="pending").count() == rows
    figures = {
        "database": connection.vendor,
        "rows": rows,
        "csv_mb": round(path.stat().st_size / 1e6, 1),
        "check_wall": checked - started,
        "save_wall": saved - checked,
        "check_cpu": cpu_checked - cpu_started,
        "save_cpu": cpu_saved - cpu_checked,
        "check_server_cpu": server_checked - server_started,
        "save_server_cpu": server_saved - server_checked,
        "rss_start": memory.start,
        "rss_peak": memory.peak,
        "load_before": load_before,
        "load_after": load_after,
    }
    connection.close()
    if admin:
        import psycopg

        with psycopg.connect(admin, autocommit=True) as admin_connection:
            admin_connection.execute(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")
    shutil.rmtree(workdir, ignore_errors=True)  # the CSV, the upload and (SQLite) the database
    return figures


def describe(f: dict) -> str:
    rows = f["rows"]
    total = f["check_wall"] + f["save_wall"]
    python_cpu = f["check_cpu"] + f["save_cpu"]
    server = f["check_server_cpu"] + f["save_server_cpu"]
    lines = [
        f"database        {f['database']}",
        f"rows            {rows:,} ({f['csv_mb']:.1f} MB CSV)",
        f"checked         {f['check_wall']:.1f} s  ({rows / f['check_wall']:,.0f} rows/s)",
        f"saved           {f['save_wall']:.1f} s  ({rows / f['save_wall']:,.0f} rows/s)",
        f"total           {total:.1f} s  ({rows / total:,.0f} rows/s, checked and saved)",
        f"CPU, Python     check {f['check_cpu']:.1f} s, save {f['save_cpu']:.1f} s: "
        f"{rows / python_cpu:,.0f} rows per CPU-second",
    ]
    if f["database"] == "postgresql":
        lines.append(
            f"CPU, server     check {f['check_server_cpu']:.1f} s, save {f['save_server_cpu']:.1f} s; with "
            f"Python's: {rows / (python_cpu + server):,.0f} rows per CPU-second"
        )
    lines += [
        f"memory (RSS)    {f['rss_start']:.0f} MB before, peak {f['rss_peak']:.0f} MB during the import "
        f"(+{f['rss_peak'] - f['rss_start']:.0f} MB)",
        f"load average    {f['load_before']:.1f} at the start, {f['load_after']:.1f} at the end (1-minute; 2 cores)",
    ]
    return "\n".join(lines)


def median_of(runs: list[dict]) -> dict:
    """Each figure's median over the runs (so a row of the table need not come from one run)."""
    keys = [k for k, v in runs[0].items() if isinstance(v, float)]
    return {**runs[0], **{k: statistics.median(r[k] for r in runs) for k in keys}}


def table(results: dict[str, list[dict]]) -> list[str]:
    lines = [
        "| Database | Check + save, wall | Check, wall | Save, wall | Python CPU | Server CPU "
        "| **Rows per CPU-second** (Python; with server) | Memory (RSS) | Load (1 min) |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for database, runs in results.items():
        f = median_of(runs)
        rows = f["rows"]
        totals = sorted(r["check_wall"] + r["save_wall"] for r in runs)
        total = statistics.median(totals)  # the median run's total, not the sum of the two medians
        spread = f" ({rows / totals[-1]:,.0f}–{rows / totals[0]:,.0f})" if len(runs) > 1 else ""
        python_cpu = statistics.median(r["check_cpu"] + r["save_cpu"] for r in runs)
        server = statistics.median(r["check_server_cpu"] + r["save_server_cpu"] for r in runs)
        server_text = (
            f"{f['check_server_cpu']:.1f} + {f['save_server_cpu']:.1f} s"
            if database == "postgresql"
            else "in Python's"
        )
        both = f"; {rows / (python_cpu + server):,.0f}" if database == "postgresql" else ""
        loads = [r["load_before"] for r in runs] + [r["load_after"] for r in runs]
        lines.append(
            f"| {database} | {total:.1f} s, **{rows / total:,.0f} rows/s**{spread} "
            f"| {f['check_wall']:.1f} s ({rows / f['check_wall']:,.0f}/s) "
            f"| {f['save_wall']:.1f} s ({rows / f['save_wall']:,.0f}/s) "
            f"| {f['check_cpu']:.1f} + {f['save_cpu']:.1f} s | {server_text} "
            f"| **{rows / python_cpu:,.0f}**{both} "
            f"| {f['rss_start']:.0f} → peak {f['rss_peak']:.0f} MB (+{f['rss_peak'] - f['rss_start']:.0f}) "
            f"| {min(loads):.1f}–{max(loads):.1f} |"
        )
    return lines


def write_docs(results: dict[str, list[dict]], command: str, started: str, uptime: str) -> None:
    runs = max(len(r) for r in results.values())
    any_run = next(iter(results.values()))[0]
    block = [
        BEGIN,
        f"Last run: {started} UTC, `{command}`, {any_run['rows']:,} rows ({any_run['csv_mb']:.1f} MB CSV), "
        f"{runs} run(s) of each database, one after the other, each in a fresh process on a fresh database; "
        f"{'each figure below is its median over the runs (check + save: the median run total, with the range)' if runs > 1 else 'figures below'}. Machine: {platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}, shared with other engineers' work. `uptime` before the run: "
        f"`{uptime}`. Check and save are timed separately and added; CPU is `time.process_time()` of the Python "
        "process (SQLite's work is in it) and, for PostgreSQL, the user + system time of the server process "
        "serving the import, read from /proc.",
        "",
        *table(results),
        END,
    ]
    text = DOCS.read_text()
    marked = re.compile(rf"^{re.escape(BEGIN)}\n.*?^{re.escape(END)}\n", re.DOTALL | re.MULTILINE)
    if marked.search(text):
        text = marked.sub(lambda _m: "\n".join(block) + "\n", text, count=1)
    else:  # first run: the block goes right under the section's heading
        heading = "## Data exchange\n\n"
        assert heading in text, "docs/benchmarks.md has no Data exchange section"
        text = text.replace(heading, heading + "\n".join(block) + "\n\n", 1)
    DOCS.write_text(text)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--databases", default="sqlite,postgresql", help="sqlite, postgresql or both")
    parser.add_argument("--database-url", default=POSTGRES, help="a PostgreSQL server to make a database on")
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument(
        "--profile",
        default="",
        help="write cProfile statistics of the check and the save to PREFIX.{check,save}",
    )
    parser.add_argument("--no-docs", action="store_true", help="do not rewrite docs/benchmarks.md")
    # A child process: one database, its figures as JSON on stdout.
    parser.add_argument("--one", default="", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        figures = measure_one(args.one, args.rows, args.database_url, args.profile)
        print(json.dumps(figures))
        return
    databases = [d.strip() for d in args.databases.split(",") if d.strip()]
    unknown = set(databases) - {"sqlite", "postgresql"}
    if unknown:
        parser.error(f"unknown database: {', '.join(sorted(unknown))}")
    started = datetime.now(UTC).strftime("%Y-%m-%d %H:%M")
    uptime = subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()
    print(uptime)
    results: dict[str, list[dict]] = {d: [] for d in databases}
    for run in range(args.runs):
        for database in databases:
            command = [sys.executable, __file__, "--one", database, "--rows", str(args.rows)]
            command += ["--database-url", args.database_url]
            if args.profile:
                command += ["--profile", f"{args.profile}-{database}-{run}"]
            done = subprocess.run(command, capture_output=True, text=True, cwd=ROOT)
            if done.returncode:
                sys.exit(f"{database} run failed:\n{done.stderr}")
            figures = json.loads(done.stdout.strip().splitlines()[-1])
            results[database].append(figures)
            print(describe(figures), end="\n\n", flush=True)
    print("\n".join(table(results)))
    print(json.dumps(results))  # every run's figures, for the record
    if args.rows >= 100_000 and not args.no_docs:
        shown = " ".join(a for a in sys.argv[1:])
        write_docs(results, f".venv/bin/python bench/bench_import.py {shown}".strip(), started, uptime)
        print(f"\nrewrote the block in {DOCS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
