"""From a saved record to stored candidates: the queue of match jobs, and storing what the engine found.

Services enqueue a job per changed record once their transaction commits (`record_changed`). A running
`match_worker` takes the jobs; without one (the laptop demo, tests) the saving process matches inline
within a time budget. Either way a failure leaves the job `failed` with its error and the record saved.
"""

import logging
import time
from collections.abc import Iterable

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from childmatch import ENGINE_VERSION
from trackchild.audit.services import record_event
from trackchild.cases.models import FoundChild, MissingReport

from . import adapter
from .engine import PORTAL_INDEX, floor, inline_allowed
from .models import Candidate, Duplicate, MatchJob

logger = logging.getLogger(__name__)
LIVE = (Candidate.Status.PENDING, Candidate.Status.VERIFYING)
CHANNEL = "trackchild_match_jobs"  # PostgreSQL NOTIFY channel the worker listens on


def record_changed(side: str, pks: Iterable[int]) -> None:
    """Call inside the saving transaction: queues the records once it commits (never before)."""
    pks = [pk for pk in pks if pk]
    if pks:
        transaction.on_commit(lambda: enqueue(side, pks))


def enqueue(side: str, pks: list[int]) -> list[MatchJob]:
    jobs = MatchJob.objects.bulk_create([MatchJob(side=side, record_id=pk) for pk in pks])
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:  # wakes a match_worker waiting on LISTEN at once
            cursor.execute(f"NOTIFY {CHANNEL}")
    if not jobs[0].pk:  # backends without RETURNING on bulk_create
        jobs = list(MatchJob.objects.filter(side=side, record_id__in=pks, state=MatchJob.State.PENDING))
    try:
        if inline_allowed():
            run_jobs(jobs, budget_seconds=settings.MATCHING_INLINE_BUDGET_SECONDS)
    except Exception:  # matching must never break a save: the jobs stay queued
        logger.exception("inline matching failed; the jobs stay queued")
    return jobs


def run_jobs(jobs: Iterable[MatchJob], *, budget_seconds: float | None = None) -> int:
    """Match each job's record; stops (leaving the rest pending) when the budget is spent."""
    start = time.monotonic()
    done = 0
    for job in jobs:
        if budget_seconds is not None and time.monotonic() - start > budget_seconds:
            break
        run_job(job)
        done += 1
    return done


def run_job(job: MatchJob) -> None:
    try:
        match_record(job.side, job.record_id, job=job)
    except Exception as error:
        logger.exception("match job %s failed", job.pk)
        MatchJob.objects.filter(pk=job.pk).update(
            state=MatchJob.State.FAILED,
            attempts=job.attempts + 1,
            error=f"{type(error).__name__}: {error}"[:2000],
            finished_at=timezone.now(),
        )
        return


def match_record(side: str, pk: int, *, job: MatchJob | None = None) -> tuple[int, int]:
    """Find and store one record's candidates and duplicates; returns (candidates kept, retired).

    The job, if given, is marked done in the same transaction as the candidates (one commit, not two)."""
    with PORTAL_INDEX.lock:
        index = PORTAL_INDEX.current()
        record = adapter.record_of(side, pk)
        if record is None:
            index.remove(adapter.engine_id(side, pk))
            links, duplicates = [], []
        else:
            links, duplicates = find_for(index, record)
        links, duplicates = _still_open(index, links), _still_open(index, duplicates)
    with transaction.atomic():
        kept, retired = store_links(side, pk, record, links)
        store_duplicates(side, pk, duplicates)
        owner = (MissingReport if side == "missing" else FoundChild)(pk=pk)
        record_event(
            "match",
            owner,
            actor=None,
            candidates=kept,
            retired=retired,
            duplicates=len(duplicates),
            engine=ENGINE_VERSION,
        )
        if job is not None:
            MatchJob.objects.filter(pk=job.pk).update(
                state=MatchJob.State.DONE, attempts=job.attempts + 1, error="", finished_at=timezone.now()
            )
    return kept, retired


def find_for(index, record) -> tuple[list, list]:
    """File `record` in the index and find its candidates (other side) and likely duplicates (own side).

    One profile for both questions (the index's own copy, made when the record was filed) instead of three.
    The own-side shortlist stays whole: cutting it to its 20 best pre-scored records lost duplicates scoring
    1.0 that the pre-score ranked 20th to 64th (measured, docs/benchmarks.md "Matching in the portal").
    """
    index.add(record)
    profile = index.profile(record.record_id)
    other = "found" if record.side == "missing" else "missing"
    links = index.score_shortlist(
        profile,
        index.shortlist_for(profile, other),
        index.link_model,
        min_score=floor(),
        limit=settings.MATCHING_LIMIT,
    )
    duplicates = index.score_shortlist(
        profile,
        index.shortlist_for(profile, record.side),
        index.dedupe_model,
        min_score=settings.MATCHING_DUPLICATE_FLOOR,
        limit=5,
    )
    return links, duplicates


def _still_open(index, found: list) -> list:
    """Candidates whose record is still in the database and open. Another process may have closed one since
    this index last looked (or, in tests, the database was emptied under it): those leave the index."""
    wanted: dict[str, set[int]] = {}
    for candidate in found:
        side, pk = adapter.parse_engine_id(candidate.other_id)
        wanted.setdefault(side, set()).add(pk)
    open_ids = set()
    for side, pks in wanted.items():
        model = adapter.MODEL[side]
        open_ids |= {
            adapter.engine_id(side, pk)
            for pk in model.objects.filter(pk__in=pks, status=adapter.MATCHABLE[side]).values_list(
                "pk", flat=True
            )
        }
    for candidate in found:
        if candidate.other_id not in open_ids:
            index.remove(candidate.other_id)
    return [c for c in found if c.other_id in open_ids]


def store_links(side: str, pk: int, record, links) -> tuple[int, int]:
    """Upsert this record's candidate rows; its live candidates the engine no longer proposes are retired."""
    return store_links_many(side, [(pk, record, links)])


def store_links_many(side: str, items: list) -> tuple[int, int]:
    """`store_links` for many records of one side at once, in a handful of queries (the bulk re-match)."""
    now = timezone.now()
    mine = "missing_report_id" if side == "missing" else "found_child_id"
    others = "found_child_id" if side == "missing" else "missing_report_id"
    existing: dict[tuple[int, int], Candidate] = {
        (getattr(c, mine), getattr(c, others)): c
        for c in Candidate.objects.select_for_update().filter(**{f"{mine}__in": [pk for pk, _r, _l in items]})
    }
    to_create, to_update, kept = [], [], 0
    proposed: set[tuple[int, int]] = set()
    for pk, record, links in items:
        for engine_candidate in links:
            key = (pk, adapter.parse_engine_id(engine_candidate.other_id)[1])
            proposed.add(key)
            values = {
                "score": engine_candidate.score,
                "band": engine_candidate.band,
                "explanation": adapter.contributions_json(engine_candidate),
                "engine_version": ENGINE_VERSION,
                "computed_at": now,
            }
            row = existing.get(key)
            if row is None:
                to_create.append(Candidate(**{mine: key[0], others: key[1]}, **values))
                kept += 1
                continue
            if row.status == Candidate.Status.REJECTED:
                if not _compared_fields_changed(row, record, side, key[1]):
                    continue  # a rejected pair stays rejected while both records are as they were
                values |= {"status": Candidate.Status.PENDING, "rejected_fingerprint": ""}
            elif row.status == Candidate.Status.RETIRED:
                values["status"] = Candidate.Status.PENDING
            kept += 1
            if (
                "status" not in values
                and row.score == values["score"]
                and row.explanation == values["explanation"]
            ):
                continue  # scored the same as before: nothing to write
            to_update.append((row.pk, values))
    Candidate.objects.bulk_create(to_create, batch_size=1000)
    for row_pk, values in to_update:  # few per record; Django's bulk_update costs more to build than these
        Candidate.objects.filter(pk=row_pk).update(**values)
    stale = [
        row.pk
        for key, row in existing.items()
        if key not in proposed and row.status == Candidate.Status.PENDING
    ]
    Candidate.objects.filter(pk__in=stale).update(status=Candidate.Status.RETIRED, computed_at=now)
    return kept, len(stale)


def _compared_fields_changed(row: Candidate, record, side: str, other_pk: int) -> bool:
    other_side = "found" if side == "missing" else "missing"
    other = adapter.record_of(other_side, other_pk)
    if record is None or other is None:
        return False
    return adapter.fingerprint([record, other]) != row.rejected_fingerprint


def store_duplicates(side: str, pk: int, duplicates) -> None:
    now = timezone.now()
    wanted = {}
    for engine_candidate in duplicates:
        other = adapter.parse_engine_id(engine_candidate.other_id)[1]
        wanted[tuple(sorted((pk, other)))] = {
            "score": engine_candidate.score,
            "band": engine_candidate.band,
            "computed_at": now,
            "explanation": adapter.contributions_json(engine_candidate),
            "engine_version": ENGINE_VERSION,
        }
    rows = {
        (d.first_id, d.second_id): d
        for d in Duplicate.objects.filter(Q(first_id=pk) | Q(second_id=pk), side=side)
    }
    new, changed = [], []
    for key, values in wanted.items():
        row = rows.get(key)
        if row is None:
            new.append(Duplicate(side=side, first_id=key[0], second_id=key[1], **values))
        elif row.status == Duplicate.Status.RETIRED or (
            row.status == Duplicate.Status.PENDING and row.score != values["score"]
        ):
            changed.append((row.pk, values))
    Duplicate.objects.bulk_create(new, ignore_conflicts=True)
    for row_pk, values in changed:
        Duplicate.objects.filter(pk=row_pk).update(status=Duplicate.Status.PENDING, **values)
    stale = [
        row.pk for key, row in rows.items() if key not in wanted and row.status == Duplicate.Status.PENDING
    ]
    if stale:
        Duplicate.objects.filter(pk__in=stale).update(status=Duplicate.Status.RETIRED, computed_at=now)


def pending_jobs(limit: int = 200):
    return MatchJob.objects.filter(state=MatchJob.State.PENDING).order_by("id")[:limit]
