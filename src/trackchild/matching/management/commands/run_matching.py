"""`trackchild run_matching --all` (nightly) or `--since DATE`: match records in bulk.

`--all` links every open missing report with every open found child through the batch engine (Spark when
MATCHING_SPARK is set) and stores each found child's candidates as it goes, a chunk of found children per
transaction: interrupting it loses at most the chunk under way, and running it again stores the same rows.
`--since` queues every record changed since the date and works those jobs with the index.
"""

import resource
import time
from datetime import date

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from childmatch import link
from trackchild.cases.models import FoundChild, MissingReport
from trackchild.matching import adapter
from trackchild.matching.engine import PORTAL_INDEX, current_models
from trackchild.matching.models import Candidate, MatchJob
from trackchild.matching.pipeline import run_jobs, store_links_many

CHUNK = 2000


class Command(BaseCommand):
    help = "Match records in bulk: every open record (--all) or those changed since a date (--since)."

    def add_arguments(self, parser):
        group = parser.add_mutually_exclusive_group(required=True)
        group.add_argument("--all", action="store_true")
        group.add_argument("--since", type=date.fromisoformat, metavar="YYYY-MM-DD")
        parser.add_argument("--workers", type=int, default=None)

    def handle(self, *args, all: bool, since: date | None, workers: int | None, **options):
        started = time.monotonic()
        if since is not None:
            self._since(since)
        else:
            self._all(workers)
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        self.stdout.write(f"done in {time.monotonic() - started:.1f} s, peak memory {peak:.0f} MB")

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

    def _all(self, workers: int | None) -> None:
        link_model, _dedupe, _version = current_models()
        t = time.monotonic()
        missing = list(adapter.open_records("missing"))
        found = list(adapter.open_records("found"))
        self.stdout.write(
            f"read {len(missing):,} open missing reports and {len(found):,} found children "
            f"in {time.monotonic() - t:.1f} s"
        )
        # Candidates of records no longer open are retired first (their records left the index).
        Candidate.objects.filter(status=Candidate.Status.PENDING).exclude(
            missing_report__status=adapter.MATCHABLE["missing"],
            found_child__status=adapter.MATCHABLE["found"],
        ).update(status=Candidate.Status.RETIRED, computed_at=timezone.now())
        by_found: dict[str, list] = {}
        if settings.MATCHING_SPARK:
            try:
                from childmatch.spark import spark_link
            except ImportError as error:
                raise CommandError(f"MATCHING_SPARK is set but Spark is not installed: {error}") from None
            ranked = spark_link(missing, found, model=link_model, min_score=settings.MATCHING_FLOOR)
        else:
            last = [0.0]

            def progress(done: int, total: int) -> None:
                if time.monotonic() - last[0] > 5 or done == total:
                    last[0] = time.monotonic()
                    self.stdout.write(f"  scored {done:,}/{total:,} found children")

            ranked = link(
                missing,
                found,
                model=link_model,
                min_score=settings.MATCHING_FLOOR,
                workers=workers,
                progress=progress,
            )
        for r in ranked:
            if r.rank <= settings.MATCHING_LIMIT:
                by_found.setdefault(r.found_id, []).append(r.candidate)
        del ranked
        found_by_id = {f.record_id: f for f in found}
        ids = [f.record_id for f in found]
        stored = 0
        for start in range(0, len(ids), CHUNK):
            with transaction.atomic():
                items = [
                    (
                        adapter.parse_engine_id(record_id)[1],
                        found_by_id[record_id],
                        [_as_seen_from_found(c) for c in by_found.get(record_id, [])],
                    )
                    for record_id in ids[start : start + CHUNK]
                ]
                kept, _retired = store_links_many("found", items)
                stored += kept
            self.stdout.write(
                f"  stored candidates of {min(start + CHUNK, len(ids)):,}/{len(ids):,} found children"
            )
        PORTAL_INDEX.reset()
        self.stdout.write(f"{stored:,} candidates stored")


def _as_seen_from_found(candidate):
    """Batch candidates name the missing report in other_id when a found child was the query: keep that."""
    from dataclasses import replace

    return replace(candidate, other_id=candidate.missing_id) if candidate.missing_id else candidate
