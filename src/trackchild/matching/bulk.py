"""The full re-match (`trackchild run_matching --all`): every open found child against every open missing
report, with the batch engine's method, streamed into Candidate rows a chunk at a time, resumable.

As childmatch.batch.link does, the open missing reports are filed in one MatchIndex and each found child asks
it for its candidates (the same retrieval and scoring as a save, so the two never disagree), the queries split
over forked worker processes. Unlike `link`, which returns every pair at the end, the found children are read
from the database in id order and scored `chunk` at a time; each chunk's candidates are stored, and the run's
cursor moved, in one transaction. Memory stays at the index plus one chunk, and an interrupted run resumes
after the last chunk it stored.
"""

import multiprocessing
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace

from django.db import connection, transaction
from django.utils import timezone

from childmatch import MatchIndex
from childmatch.batch import can_fork, default_workers
from trackchild.cases.models import FoundChild

from . import adapter
from .engine import PORTAL_INDEX, _give_faces, current_models
from .models import Candidate, RematchRun
from .pipeline import store_links_many

PART = 250  # found children per task sent to a worker process
POOL_FROM = 2000  # fewer found children than this are scored in this process (forking costs more)
_JOB: dict[str, object] = {}  # set before forking, read by the workers (as childmatch.batch does)


@dataclass
class Progress:
    found_total: int = 0
    found_done: int = 0
    candidates: int = 0
    pairs: int = 0
    index_seconds: float = 0.0
    resumed_after: int = 0
    found_before: int = 0  # found children matched by the interrupted run this one resumed


def rematch_all(
    *,
    min_score: float,
    limit: int,
    chunk: int = 2000,
    workers: int | None = None,
    restart: bool = False,
    say: Callable[[str], None] = print,
) -> Progress:
    link_model, _dedupe, version = current_models()
    run = _run_to_continue(version, restart)
    progress = Progress(
        resumed_after=run.last_found_id, found_done=run.found_done, found_before=run.found_done
    )
    if run.last_found_id:
        say(f"resuming run {run.pk} after found child {run.last_found_id} ({run.found_done:,} done)")
    else:
        retired = _retire_closed()
        say(f"run {run.pk}: {retired:,} candidates of records no longer open retired")
    started = time.monotonic()
    index = MatchIndex(link_model=link_model)
    for n, record in enumerate(adapter.open_records("missing"), start=1):
        index.add(record)
        if n % 100_000 == 0:
            say(f"  indexed {n:,} open missing reports")
    _give_faces(
        index, "missing", None
    )  # a face is a retrieval key too: nameless children keep their candidates
    progress.index_seconds = time.monotonic() - started
    say(f"indexed {len(index):,} open missing reports in {progress.index_seconds:.0f} s")
    todo = FoundChild.objects.filter(status=adapter.MATCHABLE["found"], pk__gt=run.last_found_id)
    progress.found_total = progress.found_done + todo.count()
    last_said = time.monotonic()
    parallel = (
        (workers or default_workers()) if progress.found_total - progress.found_done >= POOL_FROM else 1
    )
    for records, ranked, pairs in _scored_chunks(index, todo, chunk, min_score, limit, parallel):
        with transaction.atomic():
            items = [
                (adapter.parse_engine_id(r.record_id)[1], r, ranked[r.record_id]) for r, _f, _t in records
            ]
            kept, _retired = store_links_many("found", items)
            progress.found_done += len(records)
            progress.candidates += kept
            progress.pairs += pairs
            RematchRun.objects.filter(pk=run.pk).update(
                last_found_id=items[-1][0],
                found_done=progress.found_done,
                candidates_stored=run.candidates_stored + progress.candidates,
                pairs_scored=run.pairs_scored + progress.pairs,
            )
        if time.monotonic() - last_said > 10 or progress.found_done == progress.found_total:
            last_said = time.monotonic()
            say(
                f"  stored candidates of {progress.found_done:,}/{progress.found_total:,} found children "
                f"({progress.candidates:,} candidates, {progress.pairs:,} pairs scored)"
            )
    RematchRun.objects.filter(pk=run.pk).update(finished_at=timezone.now())
    PORTAL_INDEX.reset()  # a process holding the index rebuilds it from what was stored
    return progress


def _run_to_continue(version: str, restart: bool) -> RematchRun:
    """The unfinished run of the same model, to resume; else a new one."""
    unfinished = RematchRun.objects.filter(finished_at__isnull=True).order_by("-started_at", "-pk").first()
    if unfinished and not restart and unfinished.model_version == version:
        return unfinished
    if unfinished:  # restarted, or the model changed: the old run is closed where it stopped
        RematchRun.objects.filter(finished_at__isnull=True).update(finished_at=timezone.now())
    return RematchRun.objects.create(model_version=version)


def _retire_closed() -> int:
    """Pending candidates whose report or found child is no longer open leave the queue."""
    return (
        Candidate.objects.filter(status=Candidate.Status.PENDING)
        .exclude(
            missing_report__status=adapter.MATCHABLE["missing"],
            found_child__status=adapter.MATCHABLE["found"],
        )
        .update(status=Candidate.Status.RETIRED, computed_at=timezone.now())
    )


def _scored_chunks(index: MatchIndex, todo, chunk: int, min_score: float, limit: int, workers: int):
    """(records, {record id: candidates seen from the found child}, pairs scored) per chunk, in id order."""
    _JOB.update(index=index, min_score=min_score, limit=limit)
    pool = None
    if workers > 1 and can_fork():
        connection.close()  # the children must not share the parent's database connection
        pool = multiprocessing.get_context("fork").Pool(workers)
    try:
        if pool is None:
            for records in _chunks(todo, chunk):
                yield records, *_merged(map(_score_part, _parts(records)))
            return
        # The workers score the next chunk while this process stores the one before.
        chunks = _chunks(todo, chunk)
        records = next(chunks, None)
        pending = pool.map_async(_score_part, _parts(records)) if records else None
        while records:
            following = next(chunks, None)
            results = pending.get()
            pending = pool.map_async(_score_part, _parts(following)) if following else None
            yield records, *_merged(results)
            records = following
    finally:
        if pool:
            pool.terminate()
            pool.join()
        _JOB.clear()


def _parts(records: list) -> list[list]:
    return [records[i : i + PART] for i in range(0, len(records), PART)]


def _merged(results) -> tuple[dict[str, list], int]:
    ranked, pairs = {}, 0
    for part, n in results:
        ranked.update(part)
        pairs += n
    return ranked, pairs


def _chunks(todo, chunk: int) -> Iterator[list]:
    """Open found children in id order, `chunk` at a time (keyset pagination: no long-lived cursor), each
    with its face as a save would use it: (record, embedding or None, year the photo was taken or None)."""
    after = 0
    while True:
        page = todo.filter(pk__gt=after).order_by("pk").values(*adapter._FIELDS["found"])[:chunk]
        rows = list(page)
        if not rows:
            return
        after = rows[-1]["pk"]
        faces = {
            pk: (embedding, taken)
            for pk, embedding, taken in adapter.faces_of("found", [r["pk"] for r in rows])
        }
        yield [(adapter.record_from_row("found", row), *faces.get(row["pk"], (None, None))) for row in rows]


def _score_part(records: list) -> tuple[dict[str, list], int]:
    index: MatchIndex = _JOB["index"]  # type: ignore[assignment]
    min_score, limit = _JOB["min_score"], _JOB["limit"]
    before = index.pairs_scored
    out = {}
    for record, face, taken in records:
        found = index.candidates(
            record,
            min_score=min_score,  # type: ignore[arg-type]
            limit=limit,  # type: ignore[arg-type]
            face=face,
            taken=taken,
        )
        # Stored from the found child's side: other_id names the missing report.
        out[record.record_id] = [replace(c, other_id=c.missing_id) if c.missing_id else c for c in found]
    return out, index.pairs_scored - before
