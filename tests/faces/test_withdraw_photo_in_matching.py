"""A withdrawn photo leaves matching: the record's face in the index becomes its next usable photo's, or none,
and the record is matched again, so a candidate that only the withdrawn face found is not kept on it."""

from datetime import timedelta

import numpy as np
from django.utils import timezone

from tests.conftest import found_child_data, missing_report_data
from tests.faces.conftest import face_photo
from trackchild.cases.services import (
    PhotoUpload,
    register_found_child,
    register_missing_report,
    withdraw_photo,
)
from trackchild.faces.models import PhotoFace
from trackchild.faces.selectors import record_face_similarity
from trackchild.matching import adapter
from trackchild.matching.engine import PORTAL_INDEX
from trackchild.matching.models import Candidate

REASON = "The photo is of the child's cousin"


def nameless_child(cast, committed, person: str):
    data = found_child_data(
        cast, name="", father_name="", found_district=cast.district_b, found_place="Pune railway station"
    )
    return committed(
        register_found_child, actor=cast.cci_staff, data=data, photos=[PhotoUpload(face_photo(person, 3))]
    )


def embedding_of(photo) -> np.ndarray:
    return np.frombuffer(bytes(PhotoFace.objects.get(pk=photo.pk).embedding), dtype=np.float32)


def test_the_records_face_becomes_its_next_usable_photos_face(cast, committed):
    today = timezone.localdate()
    report = committed(
        register_missing_report,
        actor=cast.police_officer,
        data=missing_report_data(cast),
        photos=[
            PhotoUpload(face_photo("John_Salley", 0), taken_on=today - timedelta(days=400)),
            PhotoUpload(face_photo("John_Savage", 0), taken_on=today - timedelta(days=30)),
        ],
    )
    older, newer = report.photos.order_by("taken_on")
    record_id = adapter.engine_id("missing", report.pk)
    faces = PORTAL_INDEX.current().faces["missing"]
    assert np.allclose(faces.embedding(record_id), embedding_of(newer))  # the newest photo is the face

    committed(withdraw_photo, actor=cast.police_officer, photo=newer, reason=REASON)

    assert np.allclose(PORTAL_INDEX.current().faces["missing"].embedding(record_id), embedding_of(older))


def test_a_candidate_found_only_through_the_withdrawn_face_loses_it(cast, committed):
    report = committed(
        register_missing_report,
        actor=cast.police_officer,
        data=missing_report_data(cast),
        photos=[
            PhotoUpload(face_photo("John_Salley", 0), taken_on=timezone.localdate() - timedelta(days=200))
        ],
    )
    child = nameless_child(cast, committed, "John_Salley")
    candidate = Candidate.objects.get(missing_report=report, found_child=child)
    assert any(p["field"] == "face" and p["level"] == "strong_recent" for p in candidate.explanation)

    committed(withdraw_photo, actor=cast.police_officer, photo=report.photos.get(), reason=REASON)

    assert adapter.engine_id("missing", report.pk) not in PORTAL_INDEX.current().faces["missing"]
    assert record_face_similarity(report.pk, child.pk) is None
    candidate.refresh_from_db()
    # Matched again without the face, the nameless child far from home is no longer proposed for the report.
    assert candidate.status == Candidate.Status.RETIRED


def test_a_withdrawn_photo_still_waiting_for_its_face_is_never_embedded(cast, committed, settings):
    from trackchild.faces.services import due

    settings.MATCHING_INLINE = False  # no inline embedding: the face row stays pending, as with a busy worker
    report = committed(
        register_missing_report,
        actor=cast.police_officer,
        data=missing_report_data(cast),
        photos=[PhotoUpload(face_photo("John_Salley", 0))],
    )
    photo = report.photos.get()
    assert list(due([photo.pk])) != []
    committed(withdraw_photo, actor=cast.police_officer, photo=photo, reason=REASON)
    assert list(due([photo.pk])) == []
