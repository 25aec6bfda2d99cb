"""`trackchild run_matching --all` (nightly) or `--since DATE`: match records in bulk.

`--all` matches every open found child against every open missing report with the batch engine's method
(matching/bulk.py: one index of the reports, the found children's queries over worker processes), storing the
candidates a chunk of found children per transaction together with the run's progress: interrupting it loses
at most the chunk under way, and running it again resumes after the last chunk stored (`--restart` starts
over). With MATCHING_SPARK set, Spark scores everything first and the candidates are then stored in chunks.
`--since` queues every record changed since the date and works those jobs with the index.
"""

import resource
import time
from datetime import date

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from trackchild.cases.models import FoundChild, MissingReport
from trackchild.matching import adapter
from trackchild.matching.bulk import rematch_all
from trackchild.matching.engine import PORTAL_INDEX, current_models
from trackchild.matching.models import MatchJob
from trackchild.matching.pipeline import run_jobs, store_links_many

CHUNK = 2000


class Command(BaseCommand):
    help = "Match records in bulk: every open record (--all) or those changed since a date (--since)."

    def add_arguments(self, parser):
        group = parser.add_mutually_exclusive_group(required=True)
        group.add_argument("--all", action="store_true")
        group.add_argument("--since", type=date.fromisoformat, metavar="YYYY-MM-DD")
        parser.add_argument("--workers", type=int, default=None, help="processes scoring (default: 2)")
        parser.add_argument(
            "--chunk", type=int, default=CHUNK, help="found children stored per transaction (default 2000)"
        )
        parser.add_argument(
            "--restart",
            action="store_true",
            help="start --all from the first found child, not where it stopped",
        )

    def handle(
        self,
        *args,
        all: bool,
        since: date | None,
        workers: int | None,
        chunk: int,
        restart: bool,
        **options,
    ):
        started = time.monotonic()
        if since is not None:
            self._since(since)
        else:
            if chunk < 1:
                raise CommandError("--chunk must be at least 1")
            self._all(workers, chunk, restart)
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        workers_peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        cpu = sum(
            sum(resource.getrusage(who)[:2]) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)
        )
        # Worker processes are forked from this one and share its index until they write to it, so their
        # peak (resident, shared pages included) is not added to this process's.
        self.stdout.write(
            f"done in {time.monotonic() - started:.1f} s ({cpu:.0f} s CPU with the workers), peak memory "
            f"{peak:.0f} MB (largest worker process {workers_peak:.0f} MB)"
        )

    def _since(self, since: date) -> None:
        jobs = []
        for side, model in (("missing", MissingReport), ("found", FoundChild)):
            pks = model.objects.filter(updated_at__date__gte=since).values_list("pk", flat=True)
            jobs += MatchJob.objects.bulk_create([MatchJob(side=side, record_id=pk) for pk in pks.iterator()])
        self.stdout.write(f"{len(jobs)} records changed since {since}")
        jobs = list(MatchJob.objects.filter(state=MatchJob.State.PENDING).order_by("id"))
        for start in range(0, len(jobs), 500):
            run_jobs(jobs[start : start + 500])
            self.stdout.write(f"  {min(start + 500, len(jobs))}/{len(jobs)} matched")

    def _all(self, workers: int | None, chunk: int, restart: bool) -> None:
        if settings.MATCHING_SPARK:
            self._all_with_spark()
            return
        progress = rematch_all(
            min_score=settings.MATCHING_FLOOR,
            limit=settings.MATCHING_LIMIT,
            chunk=chunk,
            workers=workers,
            restart=restart,
            say=self.stdout.write,
        )
        resumed = f" ({progress.found_before:,} of them by the run resumed)" if progress.found_before else ""
        self.stdout.write(
            f"{progress.found_done:,} found children matched{resumed}; this time {progress.candidates:,} "
            f"candidates stored, {progress.pairs:,} pairs scored (index of missing reports built in "
            f"{progress.index_seconds:.0f} s)"
        )

    def _all_with_spark(self) -> None:
        """Spark scores everything first, then the candidates are stored in chunks (not resumable)."""
        try:
            from childmatch.spark import spark_link
        except ImportError as error:
            raise CommandError(f"MATCHING_SPARK is set but Spark is not installed: {error}") from None
        link_model, _dedupe, _version = current_models()
        missing = list(adapter.open_records("missing"))
        found = list(adapter.open_records("found"))
        self.stdout.write(f"read {len(missing):,} open missing reports and {len(found):,} found children")
        # Without claims: the portal's scores are the real-time path's, on a save and in a re-match alike.
        ranked = spark_link(missing, found, model=link_model, min_score=settings.MATCHING_FLOOR, claims=False)
        by_found: dict[str, list] = {}
        for r in ranked:
            if r.rank <= settings.MATCHING_LIMIT:
                by_found.setdefault(r.found_id, []).append(_as_seen_from_found(r.candidate))
        stored = 0
        for start in range(0, len(found), CHUNK):
            with transaction.atomic():
                items = [
                    (adapter.parse_engine_id(f.record_id)[1], f, by_found.get(f.record_id, []))
                    for f in found[start : start + CHUNK]
                ]
                stored += store_links_many("found", items)[0]
        PORTAL_INDEX.reset()
        self.stdout.write(f"{stored:,} candidates stored")


def _as_seen_from_found(candidate):
    """Batch candidates name the missing report in other_id when a found child was the query: keep that."""
    from dataclasses import replace

    return replace(candidate, other_id=candidate.missing_id) if candidate.missing_id else candidate
