"""`trackchild run_imports`: check and save queued spreadsheet imports (from cron, or `--loop` as a worker).

Each run first deletes what is kept past its time: uploaded files of finished imports (`--purge-after-days`)
and API batch answers past `API_IDEMPOTENCY_HOURS`. A job whose worker was killed is taken up again once its
heartbeat is older than `--stale-after` seconds; it resumes after the last saved chunk, and rows already saved
are recognised by their external key."""

import time
from datetime import timedelta

from django.core.management.base import BaseCommand

from trackchild.exchange import imports
from trackchild.exchange.batches import purge_idempotent_requests
from trackchild.exchange.imports import claim_next_job, run_job


class Command(BaseCommand):
    help = "Check and save queued spreadsheet imports."

    def add_arguments(self, parser):
        parser.add_argument("--loop", action="store_true", help="Keep waiting for new jobs (a worker).")
        parser.add_argument("--sleep", type=float, default=5.0, help="Seconds between polls with --loop.")
        parser.add_argument(
            "--stale-after",
            type=float,
            default=120.0,
            help="Seconds without a heartbeat after which a running job is taken over.",
        )
        parser.add_argument(
            "--chunk-rows",
            type=int,
            default=imports.CHUNK_ROWS,
            help="Rows saved per transaction (and per progress record).",
        )
        parser.add_argument(
            "--purge-after-days",
            type=float,
            default=30.0,
            help="Delete uploaded files of imports finished this many days ago (they hold children's data).",
        )

    def handle(
        self,
        *args,
        loop: bool,
        sleep: float,
        stale_after: float,
        chunk_rows: int,
        purge_after_days: float,
        **options,
    ):
        purged = imports.purge_uploaded_files(timedelta(days=purge_after_days))
        if purged:
            self.stdout.write(f"deleted the uploaded files of {purged} finished imports")
        answers = purge_idempotent_requests()
        if answers:
            self.stdout.write(f"deleted {answers} API batch answers kept past API_IDEMPOTENCY_HOURS")
        original, imports.CHUNK_ROWS = imports.CHUNK_ROWS, max(1, chunk_rows)
        try:
            self._run(loop, sleep, timedelta(seconds=stale_after))
        finally:
            imports.CHUNK_ROWS = original

    def _run(self, loop: bool, sleep: float, stale: timedelta) -> None:
        while True:
            job = claim_next_job(stale)
            if job is None:
                if not loop:
                    return
                time.sleep(sleep)
                continue
            self.stdout.write(f"import {job.pk}: {job.status}")
            job = run_job(job)
            # Counts only: never a child's data in the log.
            self.stdout.write(
                f"import {job.pk}: {job.status} rows={job.total_rows} created={job.created} updated={job.updated} "
                f"unchanged={job.unchanged} withdrawn={job.withdrawn} skipped={job.skipped}"
            )
