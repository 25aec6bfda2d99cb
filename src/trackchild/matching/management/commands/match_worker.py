"""`trackchild match_worker`: hold a MatchIndex built from the database and work the queue of match jobs.

While it runs (its heartbeat fresh), saves leave matching to it. It polls the queue every `--interval`
seconds (0.2 by default) — on PostgreSQL it LISTENs instead and wakes as soon as a save NOTIFYs — refreshing
its index with every row changed since its last look. Stop it with Ctrl-C or SIGTERM; a job it was working on is simply
done again by the next run.
"""

import os
import signal
import socket
import time

from django.core.management.base import BaseCommand
from django.db import close_old_connections, connection
from django.utils import timezone

from trackchild.faces.services import embed_pending
from trackchild.matching.engine import PORTAL_INDEX
from trackchild.matching.models import MatchJob, WorkerHeartbeat
from trackchild.matching.pipeline import CHANNEL, pending_jobs, run_jobs

HEARTBEAT_SECONDS = 5  # well inside settings.MATCHING_WORKER_STALE_SECONDS


def _sleep(interval: float) -> None:
    close_old_connections()
    time.sleep(interval)


class Command(BaseCommand):
    help = "Match saved records in the background, holding the engine's index in memory."

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=float, default=0.2, help="seconds between looks at the queue")
        parser.add_argument("--once", action="store_true", help="work the queue once, then stop")
        parser.add_argument(
            "--retry-failed", action="store_true", help="put failed jobs back in the queue first"
        )

    def handle(self, *args, interval: float, once: bool, retry_failed: bool, **options):
        if retry_failed:
            count = MatchJob.objects.filter(state=MatchJob.State.FAILED).update(state=MatchJob.State.PENDING)
            self.stdout.write(f"{count} failed jobs queued again")
        name = f"{socket.gethostname()}:{os.getpid()}"
        stopping = []
        signal.signal(signal.SIGTERM, lambda *_: stopping.append(True))
        started = time.monotonic()
        PORTAL_INDEX.build(progress=lambda n: self.stdout.write(f"  indexed {n:,} records"))
        self.stdout.write(
            f"index built: {len(PORTAL_INDEX.index):,} open records in {time.monotonic() - started:.1f} s"
        )
        wait = self._waiter()
        done = 0
        try:
            beat = 0.0
            while not stopping:
                if time.monotonic() - beat > HEARTBEAT_SECONDS:  # not every loop: a query saved per job
                    WorkerHeartbeat.objects.update_or_create(
                        name=name, defaults={"beat_at": timezone.now(), "records": len(PORTAL_INDEX.index)}
                    )
                    beat = time.monotonic()
                # Faces of new photos first (trackchild.faces): each queues its record to be matched again.
                faces = sum(embed_pending(limit=20).values())
                jobs = list(pending_jobs())
                done += run_jobs(jobs)
                if once and not jobs and not faces:
                    break
                if not jobs and not faces:
                    wait(interval)
        except KeyboardInterrupt:
            pass
        finally:
            WorkerHeartbeat.objects.filter(name=name).delete()
        self.stdout.write(f"{done} jobs done")

    def _waiter(self):
        """On PostgreSQL: wait for a NOTIFY from a save (or the interval); elsewhere: sleep the interval."""
        if connection.vendor != "postgresql":
            return _sleep
        import psycopg

        settings = connection.settings_dict
        listener = psycopg.connect(
            dbname=settings["NAME"],
            user=settings["USER"],
            password=settings["PASSWORD"],
            host=settings["HOST"] or None,
            port=settings["PORT"] or None,
            autocommit=True,
        )
        listener.execute(f"LISTEN {CHANNEL}")

        def wait(interval: float) -> None:
            for _note in listener.notifies(timeout=max(interval, 1.0), stop_after=1):
                break

        return wait
