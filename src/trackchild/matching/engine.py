"""The engine as the portal holds it: one MatchIndex per process, built from the database and kept current.

The index is filled once (every open record of both registers) and then refreshed from rows whose
`updated_at` moved past a watermark, so a worker, a web process matching inline and a test all see the
records others saved. Matching one record reads it fresh from the database first, so a job never works
on a stale copy of the record it was queued for.
"""

import threading
import time
from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from childmatch import MatchIndex, Model
from trackchild.cases.models import FoundChild, MissingReport

from . import adapter
from .models import FittedModel

# Rows saved in the same second as the watermark may commit after it is read: look back a little.
OVERLAP = timedelta(seconds=5)


def current_models() -> tuple[Model, Model, str]:
    """The newest fitted link and dedupe models (refit_matching), else the engine's shipped ones."""
    models, version = {}, "default"
    for mode in ("link", "dedupe"):
        fitted = FittedModel.objects.filter(mode=mode).order_by("-created_at", "-pk").first()
        models[mode] = Model.from_json(fitted.parameters) if fitted else Model.default(mode)
        if fitted and mode == "link":
            version = f"fitted-{fitted.pk}"
    return models["link"], models["dedupe"], version


class PortalIndex:
    def __init__(self) -> None:
        self.lock = threading.RLock()
        self.index: MatchIndex | None = None
        self.watermark = None
        self.model_version = ""

    def open_count(self) -> int:
        return (
            MissingReport.objects.filter(status=adapter.MATCHABLE["missing"]).count()
            + FoundChild.objects.filter(status=adapter.MATCHABLE["found"]).count()
        )

    def build(self, progress=None) -> MatchIndex:
        with self.lock:
            link_model, dedupe_model, self.model_version = current_models()
            index = MatchIndex(link_model=link_model, dedupe_model=dedupe_model)
            self.watermark = timezone.now() - OVERLAP
            done = 0
            for side in ("missing", "found"):
                for record in adapter.open_records(side):
                    index.add(record)
                    done += 1
                    if progress and done % 50_000 == 0:
                        progress(done)
            for side in ("missing", "found"):
                _give_faces(index, side, None)
            self.index = index
            return index

    def current(self) -> MatchIndex:
        """The index, brought up to date with every row changed since the last look."""
        with self.lock:
            if self.index is None:
                return self.build()
            since, now = self.watermark, timezone.now()
            faces = adapter.face_changes_since(since)
            for side in ("missing", "found"):
                queryset = adapter.MODEL[side].objects.filter(updated_at__gte=since)
                for row in adapter.rows(side, queryset):
                    record_id = adapter.engine_id(side, row["pk"])
                    was_in = record_id in self.index
                    self.apply(side, row)
                    # A record already in the index keeps its face; one (re)entering it gets its face back.
                    if not was_in and record_id in self.index:
                        faces[side].add(row["pk"])
            for side, pks in faces.items():
                if pks:
                    _give_faces(self.index, side, pks)
            self.watermark = now - OVERLAP
            return self.index

    def apply(self, side: str, row: dict) -> None:
        record_id = adapter.engine_id(side, row["pk"])
        if row["status"] == adapter.MATCHABLE[side]:
            self.index.add(adapter.record_from_row(side, row))
        else:
            self.index.remove(record_id)

    def reset(self) -> None:
        with self.lock:
            self.index = None


PORTAL_INDEX = PortalIndex()


def _give_faces(index: MatchIndex, side: str, pks: set[int] | None) -> None:
    """File the records' faces (all of a side when ``pks`` is None); a record left without a usable face
    loses the one it had."""
    with_face = set()
    for pk, embedding, taken in adapter.faces_of(side, pks):
        record_id = adapter.engine_id(side, pk)
        if record_id in index:
            index.add_face(record_id, embedding, taken=taken)
            with_face.add(pk)
    for pk in (pks or set()) - with_face:
        index.faces[side].remove(adapter.engine_id(side, pk))


def floor() -> float:
    return settings.MATCHING_FLOOR


def inline_allowed() -> bool:
    """Match in the saving process only when no worker runs and the index is (or can be) small enough."""
    from .models import WorkerHeartbeat

    if not settings.MATCHING_INLINE:
        return False
    fresh = timezone.now() - timedelta(seconds=settings.MATCHING_WORKER_STALE_SECONDS)
    if WorkerHeartbeat.objects.filter(beat_at__gte=fresh).exists():
        return False
    return PORTAL_INDEX.index is not None or PORTAL_INDEX.open_count() <= settings.MATCHING_INLINE_MAX_RECORDS


def elapsed_ms(start: float) -> float:
    return (time.monotonic() - start) * 1000
