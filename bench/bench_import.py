"""Benchmark: a 100,000-row missing-reports CSV checked (the preview) and saved, through the same code as an
upload (exchange.imports: row parsing, cases.rules as a dry run, then the save from the preview's kept rows:
cases.rules and key clashes again, the bulk upserts with their status, audit and match-queue rows), on a fresh
database. Prints rows per second (wall and per CPU-second of this process), peak memory (RSS) and the load
average, since the machine may be shared.

    .venv/bin/python bench/bench_import.py                       # SQLite file in a temporary directory
    .venv/bin/python bench/bench_import.py --database-url postgres://postgres@127.0.0.1:5432/postgres
    .venv/bin/python bench/bench_import.py --rows 20000          # a quicker run

With --database-url, a fresh database named trackchild_bench_import is created next to the one named, and
dropped afterwards.
"""

import argparse
import csv
import os
import resource
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parents[1]


def rss_mb() -> float:
    """Resident memory now, from /proc (Linux)."""
    pages = int(Path("/proc/self/statm").read_text().split()[1])
    return pages * resource.getpagesize() / (1024 * 1024)


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


def fresh_postgres(url: str) -> tuple[str, str]:
    import psycopg

    parts = urlparse(url)
    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute("DROP DATABASE IF EXISTS trackchild_bench_import WITH (FORCE)")
        connection.execute("CREATE DATABASE trackchild_bench_import")
    return parts._replace(path="/trackchild_bench_import").geturl(), admin


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--database-url", default="")
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="bench-import-"))
    admin = ""
    os.environ.update(
        {
            "TRACKCHILD_TESTING": "1",
            "DJANGO_SETTINGS_MODULE": "trackchild.settings",
            "TRACKCHILD_VAR_DIR": str(workdir),
            "MEDIA_ROOT": str(workdir / "media"),
            "IMPORT_MAX_ROWS": str(max(args.rows, 100_000)),
            "LOG_LEVEL": "WARNING",
        }
    )
    if args.database_url:
        os.environ["DATABASE_URL"], admin = fresh_postgres(args.database_url)
    else:
        os.environ["DATABASE_URL"] = ""
    sys.path.insert(0, str(ROOT))
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
    write_csv(path, args.rows, patna.lgd_code)
    size_mb = path.stat().st_size / 1e6
    memory = PeakMemory().__enter__()
    load_before = os.getloadavg()[0]

    with open(path, "rb") as source:
        upload = File(source, name="missing.csv")
        upload.size = path.stat().st_size
        started, cpu_started = time.perf_counter(), time.process_time()
        job = imports.start_import(actor=officer, register="missing_reports", upload=upload, mode="all")
    stored = time.perf_counter()
    imports.check_job(job)
    checked, cpu_checked = time.perf_counter(), time.process_time()
    job.refresh_from_db()
    assert job.status == "checked" and job.invalid_rows == 0, (job.status, job.message, job.invalid_rows)
    imports.request_save(actor=officer, job=job)
    imports.save_job(job)
    saved, cpu_saved = time.perf_counter(), time.process_time()
    memory.__exit__(None, None, None)
    load_after = os.getloadavg()[0]
    job.refresh_from_db()
    assert job.status == "done" and job.created == args.rows, (job.status, job.message, job.created)
    assert MissingReport.objects.count() == args.rows == StatusChange.objects.count()
    assert AuditEvent.objects.filter(action="create", object_type="cases.missingreport").count() == args.rows
    # Matching is queued for the match worker, not run inside the import.
    assert MatchJob.objects.filter(side="missing", state="pending").count() == args.rows

    total = saved - started
    vendor = connection.vendor
    print(f"database        {vendor}")
    print(f"rows            {args.rows:,} ({size_mb:.1f} MB CSV)")
    print(f"upload stored   {stored - started:.1f} s")
    print(f"checked         {checked - stored:.1f} s  ({args.rows / (checked - stored):,.0f} rows/s)")
    print(f"saved           {saved - checked:.1f} s  ({args.rows / (saved - checked):,.0f} rows/s)")
    print(f"total           {total:.1f} s  ({args.rows / total:,.0f} rows/s, checked and saved)")
    cpu_check, cpu_save = cpu_checked - cpu_started, cpu_saved - cpu_checked
    print(
        f"CPU time        check {cpu_check:.1f} s ({args.rows / cpu_check:,.0f}/s), save {cpu_save:.1f} s "
        f"({args.rows / cpu_save:,.0f}/s): {args.rows / (cpu_check + cpu_save):,.0f} rows per CPU-second; the rest "
        f"of the wall time is waiting for the database or for a busy machine"
    )
    print(
        f"memory (RSS)    {memory.start:.0f} MB before the import, peak {memory.peak:.0f} MB during it "
        f"(+{memory.peak - memory.start:.0f} MB)"
    )
    print(f"load average    {load_before:.1f} at the start, {load_after:.1f} at the end (1-minute; 2 cores)")
    if admin:
        connection.close()
        import psycopg

        with psycopg.connect(admin, autocommit=True) as admin_connection:
            admin_connection.execute("DROP DATABASE IF EXISTS trackchild_bench_import WITH (FORCE)")


if __name__ == "__main__":
    main()
