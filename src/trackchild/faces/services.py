"""Every write about faces: a photo's face row at upload, and the embedding made in the background.

`photo_stored` runs inside the transaction that stores the photo (cases.services). Once it commits, the
photo's row is queued: with no match worker running (a laptop, the tests) it is embedded right after the save
within the matching's inline budget, as matching itself is (matching.pipeline); otherwise `match_worker`
takes it. A failure leaves the row `failed` with its error and a time to try again; the photo is never
touched. Once a record's face is stored, the record is queued for matching again so its face finds
candidates.
"""

import logging
import time
from datetime import timedelta
from itertools import islice

import numpy as np
from django.conf import settings
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from childmatch.faces import PhotoCheck, check_photo
from trackchild.audit.services import record_event
from trackchild.cases.models import Photo

from .models import PhotoFace

logger = logging.getLogger(__name__)
#: Tries before a failed photo waits for an administrator (`trackchild embed_faces --retry-failed`).
MAX_ATTEMPTS = 5
#: Wait before the next try, times the tries so far: a broken model file or a full disk is not fixed in seconds.
RETRY_DELAY = timedelta(minutes=5)


def photo_stored(photo: Photo, check: PhotoCheck | None) -> PhotoFace:
    """The face row of a photo just stored; `check` is the upload check (None when it could not run)."""
    side, record_id = (
        ("missing", photo.missing_report_id) if photo.missing_report_id else ("found", photo.found_child_id)
    )
    row = PhotoFace(photo=photo, side=side, record_id=record_id)
    if check is not None:
        for field, value in _measurements(check).items():
            setattr(row, field, value)
        row.checked_at = timezone.now()
        # A photo without a usable face is kept and shown, and simply not embedded.
        row.state = PhotoFace.State.PENDING if check.ok else PhotoFace.State.UNUSABLE
    row.save()
    if row.state == PhotoFace.State.PENDING:
        transaction.on_commit(lambda: queued([photo.pk]))
    return row


def photo_withdrawn(photo: Photo) -> bool:
    """Call in the transaction that withdraws `photo`: marks its face row changed, so that every process's
    matching index files the record's next usable face in its place, or none (matching.engine reads face
    rows changed since it last looked). The row and its embedding stay, as the photo does; every reader
    leaves out the faces of withdrawn photos. Returns whether the photo had a face row."""
    return PhotoFace.objects.filter(pk=photo.pk).update(updated_at=timezone.now()) > 0


def _measurements(check: PhotoCheck) -> dict:
    return {
        "problem": check.problem,
        "face_width": check.face_width or None,
        "sharpness": check.sharpness or None,
        "brightness": check.brightness or None,
    }


def queued(photo_ids: list[int]) -> None:
    """After the commit: wake the worker, or embed here when no worker runs (as matching does)."""
    from trackchild.matching.engine import inline_allowed
    from trackchild.matching.pipeline import CHANNEL

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"NOTIFY {CHANNEL}")
    try:
        if inline_allowed():
            embed_pending(photo_ids=photo_ids, budget_seconds=settings.MATCHING_INLINE_BUDGET_SECONDS)
    except Exception:  # embedding must never break a save: the rows stay queued
        logger.exception("inline face embedding failed; the photos stay queued")


def due(photo_ids: list[int] | None = None):
    """Rows to embed now: pending ones, and failed ones whose wait is over and tries are not used up."""
    now = timezone.now()
    rows = PhotoFace.objects.filter(
        Q(state=PhotoFace.State.PENDING)
        | Q(state=PhotoFace.State.FAILED, attempts__lt=MAX_ATTEMPTS, retry_after__lte=now)
    ).filter(photo__is_withdrawn=False)
    if photo_ids is not None:
        rows = rows.filter(pk__in=photo_ids)
    return rows.select_related("photo").defer("embedding").order_by("retry_after", "pk")


def embed_pending(
    *, limit: int = 100, photo_ids: list[int] | None = None, budget_seconds: float | None = None
) -> dict[str, int]:
    """Embed up to `limit` due photos, then queue their records for matching. Returns counts by outcome."""
    start = time.monotonic()
    counts = {"embedded": 0, "unusable": 0, "failed": 0}
    rematch: dict[str, set[int]] = {"missing": set(), "found": set()}
    for row in list(due(photo_ids)[:limit]):
        if budget_seconds is not None and time.monotonic() - start > budget_seconds:
            break
        outcome, face_changed = embed_one(row)
        counts[outcome] += 1
        if face_changed:
            rematch[row.side].add(row.record_id)
    if any(rematch.values()):
        from trackchild.matching.pipeline import enqueue

        for side, record_ids in rematch.items():
            if record_ids:
                enqueue(side, sorted(record_ids))
    return counts


def embed_one(row: PhotoFace) -> tuple[str, bool]:
    """Check and embed one photo; returns its outcome and whether the record's face may have changed."""
    had_face = PhotoFace.objects.filter(pk=row.pk, embedding__isnull=False).exists()
    try:
        with row.photo.image.open("rb") as image:
            data = image.read()
        check = check_photo(data)
    except Exception as error:
        # The photo's number only: the error text of a file or model failure holds no child's data.
        logger.exception("face embedding of photo %s failed", row.pk)
        attempts = row.attempts + 1
        PhotoFace.objects.filter(pk=row.pk).update(
            state=PhotoFace.State.FAILED,
            attempts=attempts,
            error=f"{type(error).__name__}: {error}"[:2000],
            retry_after=timezone.now() + RETRY_DELAY * attempts,
            updated_at=timezone.now(),
        )
        return "failed", False
    now = timezone.now()
    embedding = np.asarray(check.embedding, dtype=np.float32).tobytes() if check.ok else None
    state = PhotoFace.State.EMBEDDED if check.ok else PhotoFace.State.UNUSABLE
    with transaction.atomic():
        PhotoFace.objects.filter(pk=row.pk).update(
            **_measurements(check),
            state=state,
            embedding=embedding,
            model_version=check.model_version,
            checked_at=now,
            attempts=row.attempts + 1,
            error="",
            retry_after=None,
            updated_at=now,
        )
        record_event("face", row.photo, actor=None, state=state, model=check.model_version)
    return ("embedded" if check.ok else "unusable"), check.ok or had_face


def queue_unread() -> int:
    """Rows for photos that have none (stored before faces were read), queued; returns how many."""
    unread = Photo.objects.filter(is_withdrawn=False, face__isnull=True).values_list(
        "pk", "missing_report_id", "found_child_id"
    )
    rows = (
        PhotoFace(photo_id=pk, side="missing" if report_id else "found", record_id=report_id or child_id)
        for pk, report_id, child_id in unread.iterator(chunk_size=5000)
    )
    added = 0
    while batch := list(islice(rows, 2000)):
        PhotoFace.objects.bulk_create(batch, ignore_conflicts=True)
        added += len(batch)
    return added


def queue_all() -> int:
    """Every photo (not withdrawn) to be checked and embedded again: after the face model changes.

    Stored embeddings stay in use until each is replaced. Returns how many photos are queued.
    """
    queue_unread()
    # updated_at is left alone: a row counts as changed (for the index) when its new face is stored.
    return PhotoFace.objects.filter(photo__is_withdrawn=False).update(
        state=PhotoFace.State.PENDING, attempts=0, retry_after=None, error=""
    )


def retry_failed() -> int:
    """Failed rows, even those past their tries, queued again at once (an administrator's decision)."""
    return PhotoFace.objects.filter(state=PhotoFace.State.FAILED).update(
        state=PhotoFace.State.PENDING, attempts=0, retry_after=None
    )
