"""Background embedding: a usable photo's embedding is stored after the save with the model version and the
check's measurements; a failure is kept visible for administrators and retried, never losing the photo;
`trackchild embed_faces` (re)embeds every photo."""

from datetime import timedelta
from io import StringIO

import numpy as np
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils import timezone

from tests.conftest import found_child_data, missing_report_data
from tests.faces.conftest import face_photo, gradient_photo
from tests.web.helpers import client_for
from trackchild.audit.models import AuditEvent
from trackchild.cases.models import Photo
from trackchild.cases.services import PhotoUpload, add_photo, register_found_child, register_missing_report
from trackchild.faces import services
from trackchild.faces.models import PhotoFace
from trackchild.matching.models import MatchJob, WorkerHeartbeat

MODEL = "sface-2021dec-int8bq/yunet-2023mar-int8bq"


def test_a_face_photo_gets_its_embedding_after_the_save(cast, committed):
    report = committed(
        register_missing_report,
        actor=cast.police_officer,
        data=missing_report_data(cast),
        photos=[PhotoUpload(face_photo("John_Salley"))],
    )
    face = PhotoFace.objects.get(photo__missing_report=report)
    assert face.state == "embedded" and face.model_version == MODEL
    vector = np.frombuffer(bytes(face.embedding), dtype=np.float32)
    assert vector.shape == (128,) and abs(float(np.linalg.norm(vector)) - 1) < 1e-4
    assert face.face_width > 64 and face.sharpness > 50 and face.brightness > 40
    assert (face.side, face.record_id, face.attempts, face.error) == ("missing", report.pk, 1, "")
    event = AuditEvent.objects.get(action="face", object_type="cases.photo", object_id=str(face.photo_id))
    assert event.actor is None and event.summary == {"state": "embedded", "model": MODEL}
    # Once its face is stored the record is matched again, so the face can find candidates.
    assert MatchJob.objects.filter(side="missing", record_id=report.pk, state="done").count() == 2


def test_the_embedding_waits_for_the_worker_when_one_runs(cast, committed):
    WorkerHeartbeat.objects.create(name="worker-1", beat_at=timezone.now())
    report = committed(register_missing_report, actor=cast.police_officer, data=missing_report_data(cast))
    photo = committed(
        add_photo,
        actor=cast.police_officer,
        record=report,
        expected_version=report.version,
        upload=PhotoUpload(face_photo("John_Savage")),
    )
    assert PhotoFace.objects.get(photo=photo).state == "pending"  # nothing heavy in the request
    WorkerHeartbeat.objects.all().delete()
    call_command("match_worker", once=True, interval=0.01, stdout=StringIO())
    assert PhotoFace.objects.get(photo=photo).state == "embedded"
    assert MatchJob.objects.filter(side="missing", record_id=report.pk, state="done").exists()


def test_a_photo_without_a_face_is_not_embedded_nor_queued(cast, committed):
    child = committed(
        register_found_child,
        actor=cast.cci_staff,
        data=found_child_data(cast),
        photos=[PhotoUpload(gradient_photo())],
    )
    face = PhotoFace.objects.get(photo__found_child=child)
    assert face.state == "unusable" and face.embedding is None and face.attempts == 0
    assert not services.due().exists()


def test_a_failure_keeps_the_photo_shows_the_administrator_and_is_retried(cast, committed, caplog):
    WorkerHeartbeat.objects.create(name="worker-1", beat_at=timezone.now())  # leave the embedding queued
    child = committed(
        register_found_child,
        actor=cast.cci_staff,
        data=found_child_data(cast, name="Rahul Paswan"),
        photos=[PhotoUpload(face_photo("John_Simm"))],
    )
    photo = Photo.objects.get(found_child=child)
    stored = photo.image.path
    original = open(stored, "rb").read()
    with open(stored, "wb") as broken:  # a disk fault: the stored file is damaged
        broken.write(b"not an image any more")
    counts = services.embed_pending()
    assert counts == {"embedded": 0, "unusable": 1, "failed": 0}  # unreadable: a verdict, not a crash
    face = PhotoFace.objects.get(photo=photo)
    assert face.problem == "unreadable"

    import os

    os.remove(stored)  # the file is gone: a failure, retried later
    services.queue_all()
    counts = services.embed_pending()
    face.refresh_from_db()
    assert counts["failed"] == 1 and face.state == "failed" and face.attempts == 1
    assert "FileNotFoundError" in face.error and face.retry_after > timezone.now()
    assert Photo.objects.filter(pk=photo.pk).exists()
    assert "failed" in caplog.text and "Rahul" not in caplog.text + face.error  # no child's data logged

    page = client_for(cast.system_admin).get(reverse("faces-failed"))
    assert page.status_code == 200 and "FileNotFoundError" in page.text
    assert client_for(cast.district_officer).get(reverse("faces-failed")).status_code == 403

    assert services.embed_pending() == {"embedded": 0, "unusable": 0, "failed": 0}  # waits before retrying
    with open(stored, "wb") as restored:
        restored.write(original)
    PhotoFace.objects.filter(pk=face.pk).update(retry_after=timezone.now() - timedelta(seconds=1))
    WorkerHeartbeat.objects.all().delete()
    assert services.embed_pending()["embedded"] == 1
    face.refresh_from_db()
    assert face.state == "embedded" and face.error == "" and face.attempts == 2


def test_after_the_last_try_only_an_administrator_retries(cast, committed):
    WorkerHeartbeat.objects.create(name="worker-1", beat_at=timezone.now())
    report = committed(
        register_missing_report,
        actor=cast.police_officer,
        data=missing_report_data(cast),
        photos=[PhotoUpload(face_photo("John_Shimkus"))],
    )
    face = PhotoFace.objects.get(photo__missing_report=report)
    PhotoFace.objects.filter(pk=face.pk).update(
        state="failed", attempts=services.MAX_ATTEMPTS, retry_after=timezone.now() - timedelta(hours=1)
    )
    assert not services.due().exists()
    out = StringIO()
    call_command("embed_faces", retry_failed=True, stdout=out)
    assert "1 failed photos queued again" in out.getvalue() and "1 embedded" in out.getvalue()
    face.refresh_from_db()
    assert face.state == "embedded"


def test_embed_faces_all_embeds_every_photo_again_and_adds_photos_never_read(cast, committed):
    report = committed(
        register_missing_report,
        actor=cast.police_officer,
        data=missing_report_data(cast),
        photos=[PhotoUpload(face_photo("John_Salley")), PhotoUpload(gradient_photo())],
    )
    # As after a model change: an old version's embedding, and a photo stored before faces were read.
    PhotoFace.objects.filter(photo__missing_report=report, state="embedded").update(model_version="old-model")
    PhotoFace.objects.filter(photo__missing_report=report, state="unusable").delete()
    out = StringIO()
    call_command("embed_faces", all=True, stdout=out)
    assert "2 photos queued" in out.getvalue()
    assert "2 photos: 1 embedded, 1 without a usable face, 0 failed" in out.getvalue()
    assert set(PhotoFace.objects.values_list("state", "model_version")) == {
        ("embedded", MODEL),
        ("unusable", MODEL),
    }


@pytest.mark.parametrize("option", [{"batch": 0}, {"limit": 0}, {"limit": -5}])
def test_embed_faces_refuses_a_batch_or_limit_below_one(db, option):
    with pytest.raises(CommandError, match="at least 1"):
        call_command("embed_faces", stdout=StringIO(), **option)
