"""Reads about faces. Callers have already been authorised for the records and photos concerned (the record
page, the candidate page, the add-photo page): these functions never return an embedding, only what a
person may read — a verdict, what to retake, a similarity between two photos both shown on the page."""

from collections.abc import Iterable

import numpy as np
from django.db.models import Count
from django.utils.translation import gettext as _

from trackchild.cases.models import Photo

from .checks import retake_message
from .models import PhotoFace


def upload_warnings(photos: Iterable[Photo]) -> list[str]:
    """What to tell the officer who just uploaded these photos: one sentence per photo without a usable face."""
    rows = PhotoFace.objects.filter(
        photo__in=[p.pk for p in photos], state=PhotoFace.State.UNUSABLE
    ).values_list("problem", flat=True)
    return [
        _("The photo is saved, but it cannot be used to match faces. %(retake)s")
        % {"retake": retake_message(problem)}
        for problem in rows
    ]


def face_check_of(photo: Photo) -> dict:
    """The upload check of a photo as the API reports it (never the embedding)."""
    face = PhotoFace.objects.filter(photo=photo.pk).only("state", "problem", "checked_at").first()
    if face is not None and face.state == PhotoFace.State.UNUSABLE:
        return {"usable": False, "problem": face.problem, "message": retake_message(face.problem)}
    if face is not None and face.checked_at is not None and face.state != PhotoFace.State.FAILED:
        return {"usable": True, "problem": "", "message": ""}
    return {"usable": None, "problem": "", "message": ""}


def photo_note(photo: Photo) -> tuple[str, str]:
    """(state, sentence) for a photo on its record's page; expects `face` selected with the photo."""
    try:
        face = photo.face
    except PhotoFace.DoesNotExist:
        return "", ""
    if face.state == PhotoFace.State.UNUSABLE:
        return face.state, _("Not used to match faces. %(retake)s") % {"retake": retake_message(face.problem)}
    if face.state == PhotoFace.State.EMBEDDED:
        return face.state, _("Used to match faces.")
    return face.state, _("The face in this photo is still being read for matching.")


def record_face_similarity(missing_report_id: int, found_child_id: int) -> float | None:
    """Cosine similarity of the two records' faces as the engine compares them (each record's newest usable
    photo, matching.adapter.faces_of), or None when either has none."""
    from trackchild.matching.adapter import faces_of

    missing = list(faces_of("missing", [missing_report_id]))
    found = list(faces_of("found", [found_child_id]))
    if not missing or not found:
        return None
    return float(np.dot(missing[0][1], found[0][1]))


def failed_faces():
    """Failed face readings, newest first, for system administrators (no photo, no embedding)."""
    return PhotoFace.objects.filter(state=PhotoFace.State.FAILED).defer("embedding").order_by("-updated_at")


def face_counts() -> list[tuple[str, str, int]]:
    counts = dict(
        PhotoFace.objects.order_by().values_list("state").annotate(n=Count("pk")).values_list("state", "n")
    )
    return [(state, label, counts.get(state, 0)) for state, label in PhotoFace.State.choices]
