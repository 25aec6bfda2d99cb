"""A worker killed in the middle of an import: a re-run completes it with every row present once.

The worker runs as a real `trackchild run_imports` process on its own database (a SQLite file, or a fresh
PostgreSQL database when DATABASE_URL names PostgreSQL), is sent SIGKILL after some chunks are saved, and is
run again."""

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlparse

import pytest

ROWS = 6000
ROOT = Path(__file__).resolve().parents[2]
TRACKCHILD = [sys.executable, "-m", "trackchild"]

SETUP = f"""
import csv, io
from datetime import timedelta
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from trackchild.accounts.services import create_account
from trackchild.exchange.imports import start_import, check_job, request_save
from trackchild.exchange.models import ImportJob
from trackchild.geo.models import District
from trackchild.registry.services import create_institution
patna = District.objects.get(name="Patna", state__name="Bihar")
station = create_institution(actor=None, data={{"code": "PS-A", "name": "PS-A", "kind": "police_station", "district": patna}})
officer = create_account(actor=None, username="police_a", password="correct-horse-battery-9", full_name="P",
                         role="police_officer", institution=station)
day = (timezone.localdate() - timedelta(days=9)).strftime("%d-%m-%Y")
out = io.StringIO()
writer = csv.writer(out)
writer.writerow(["fir_number", "fir_date", "missing_since", "place_last_seen", "last_seen_district", "complainant_name",
                 "complainant_relation", "complainant_phone", "gender", "age_years", "name"])
for n in range({ROWS}):
    writer.writerow([f"FIR-{{n}}/2026", day, day, "Patna Junction", patna.lgd_code, "Ramesh", "father",
                     "9812345678", "male", 10, f"सोनू {{n}}"])
job = start_import(actor=officer, register="missing_reports", mode="all",
                   upload=SimpleUploadedFile("big.csv", out.getvalue().encode()))
check_job(job)
job.refresh_from_db()
assert job.status == "checked" and job.total_rows == {ROWS}, (job.status, job.message)
request_save(actor=officer, job=job)
print("queued", ImportJob.objects.get().status)
"""

VERIFY = """
from django.db.models import Count
from trackchild.audit.models import AuditEvent
from trackchild.cases.models import MissingReport, StatusChange
from trackchild.exchange.models import ImportJob
job = ImportJob.objects.get()
doubled = MissingReport.objects.values("fir_number").annotate(n=Count("id")).filter(n__gt=1).count()
print("RESULT", job.status, job.rows_done, MissingReport.objects.count(), doubled, StatusChange.objects.count(),
      AuditEvent.objects.filter(action="create", object_type="cases.missingreport").count())
"""


@pytest.fixture
def worker_env(tmp_path):
    env = {
        **os.environ,
        "TRACKCHILD_TESTING": "1",
        "DJANGO_SETTINGS_MODULE": "trackchild.settings",
        "TRACKCHILD_VAR_DIR": str(tmp_path),
        "MEDIA_ROOT": str(tmp_path / "media"),
        "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), str(ROOT)]),
    }
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith("postgres"):
        import psycopg

        parts = urlparse(url)
        name = f"trackchild_resume_{os.getpid()}"
        admin = parts._replace(path="/postgres").geturl()
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
            connection.execute(f'CREATE DATABASE "{name}"')
        env["DATABASE_URL"] = parts._replace(path=f"/{name}").geturl()
        yield env, lambda sql: _pg(env["DATABASE_URL"], sql)
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    else:
        env["DATABASE_URL"] = ""
        yield env, lambda sql: _sqlite(tmp_path / "trackchild.sqlite3", sql)


def _pg(url, sql):
    import psycopg

    with psycopg.connect(url) as connection:
        return connection.execute(sql).fetchone()


def _sqlite(path, sql):
    with sqlite3.connect(path, timeout=10) as connection:
        return connection.execute(sql).fetchone()


def manage(env, *args, **kwargs):
    return subprocess.run(
        [*TRACKCHILD, *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        **kwargs,
    )


def test_a_killed_worker_is_resumed_without_duplicates(worker_env):
    env, query = worker_env
    assert manage(env, "migrate", "--no-input").returncode == 0
    setup = manage(env, "shell", "-c", SETUP)
    assert "queued queued" in setup.stdout, setup.stderr[-2000:]

    worker = subprocess.Popen(
        [*TRACKCHILD, "run_imports", "--chunk-rows", "200"],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 120
    done = 0
    while time.monotonic() < deadline and worker.poll() is None:
        done = query("SELECT rows_done FROM exchange_importjob")[0]
        if done >= 1000:
            break
        time.sleep(0.02)
    worker.send_signal(signal.SIGKILL)
    worker.wait()
    status, done = query("SELECT status, rows_done FROM exchange_importjob")
    saved = query("SELECT COUNT(*) FROM cases_missingreport")[0]
    assert status == "saving" and 0 < done < ROWS + 1, "the worker must be killed mid-import"
    assert saved >= done - 1  # whole chunks only: rows_done is written with its chunk

    rerun = manage(env, "run_imports", "--stale-after", "0")
    assert rerun.returncode == 0, rerun.stderr[-2000:]
    result = manage(env, "shell", "-c", VERIFY).stdout.split("RESULT", 1)[1].split()
    assert result == ["done", str(ROWS + 1), str(ROWS), "0", str(ROWS), str(ROWS)]
