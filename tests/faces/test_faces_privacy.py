"""Nothing about a child's face leaks: no embedding in any page, API answer, export or log; an outsider (the
police station of another state) and a role owning neither record see no photo, no face score, no verdict."""

import logging
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.api.conftest import ApiClient, token_for
from tests.conftest import found_child_data, missing_report_data
from tests.faces.conftest import face_photo
from tests.web.helpers import client_for
from trackchild.cases.services import PhotoUpload, register_found_child, register_missing_report
from trackchild.faces.models import PhotoFace
from trackchild.matching.models import Candidate


@pytest.fixture
def matched(cast, committed, caplog):
    """A Patna report and a nameless child at the CCI of Patna, each with a photo of the same person."""
    caplog.set_level(logging.DEBUG)
    taken = timezone.localdate() - timedelta(days=100)
    report = committed(
        register_missing_report,
        actor=cast.police_officer,
        data=missing_report_data(cast),
        photos=[PhotoUpload(face_photo("John_Salley", 0), taken_on=taken)],
    )
    child = committed(
        register_found_child,
        actor=cast.cci_staff,
        data=found_child_data(cast, name="", father_name=""),
        photos=[PhotoUpload(face_photo("John_Salley", 2))],
    )
    candidate = Candidate.objects.get(missing_report=report, found_child=child)
    assert PhotoFace.objects.filter(state="embedded").count() == 2
    return report, child, candidate


def embedding_traces(text: str) -> list[str]:
    """Signs of an embedding in a text: the field's name, NumPy's repr, or a run of many decimals."""
    import re

    signs = ["embedding", "array(", "float32"]
    found = [s for s in signs if s in text]
    if re.search(r"(-?0\.\d{4,}[, ]+){8,}", text):
        found.append("a run of numbers")
    return found


def test_an_outsider_sees_no_photo_no_face_score_and_no_verdict(cast, matched):
    report, child, candidate = matched
    outsider = client_for(cast.outsider)
    photo_ids = PhotoFace.objects.values_list("photo_id", flat=True)
    assert outsider.get(reverse("matching-candidate", args=[candidate.pk])).status_code == 404
    for photo_id in photo_ids:
        assert outsider.get(reverse("photos-thumbnail", args=[photo_id])).status_code == 404
        assert (
            outsider.get(reverse("matching-candidate-photo", args=[candidate.pk, photo_id])).status_code
            == 404
        )
    assert outsider.get(reverse("missing-reports-detail", args=[report.pk])).status_code == 404
    assert outsider.get(reverse("faces-failed")).status_code == 403
    queue = outsider.get(reverse("matching-queue"))
    assert f"/matching/candidates/{candidate.pk}/" not in queue.text and "Face similarity" not in queue.text


def test_a_role_owning_neither_record_sees_nothing_of_the_faces(cast, matched):
    _report, _child, candidate = matched
    # The JJB of the same district handles children in conflict with law: neither record is its.
    jjb = client_for(cast.jjb_member)
    assert jjb.get(reverse("matching-candidate", args=[candidate.pk])).status_code == 404


def test_the_api_never_sends_an_embedding_nor_a_similarity(cast, matched):
    report, child, candidate = matched
    api = ApiClient(token_for(cast.district_officer))
    for path in (
        f"/api/missing-reports/{report.pk}",
        f"/api/found-children/{child.pk}",
        "/api/candidates",
        f"/api/candidates/{candidate.pk}",
    ):
        response = api.get(path)
        assert response.status_code == 200, path
        assert embedding_traces(response.text) == [], path
    outsider = ApiClient(token_for(cast.outsider))
    assert outsider.get(f"/api/candidates/{candidate.pk}").status_code == 404
    assert outsider.get("/api/candidates").json() == []
    assert outsider.get(f"/api/missing-reports/{report.pk}").status_code == 404


def test_pages_show_a_score_and_a_verdict_but_never_an_embedding(cast, matched):
    report, child, candidate = matched
    officer = client_for(cast.district_officer)
    for url in (
        reverse("matching-candidate", args=[candidate.pk]),
        reverse("missing-reports-detail", args=[report.pk]),
        reverse("found-children-detail", args=[child.pk]),
    ):
        page = officer.get(url)
        assert page.status_code == 200 and embedding_traces(page.text) == [], url


def test_exports_carry_no_photo_and_no_face(cast, matched):
    for user in (cast.police_officer, cast.national_officer):
        for register in ("missing-reports", "found-children"):
            response = client_for(user).get(f"/exchange/export/{register}.csv")
            text = b"".join(response.streaming_content).decode("utf-8-sig")
            header = text.splitlines()[0].lower()
            assert "photo" not in header and "face" not in header
            assert embedding_traces(text) == []


def test_the_logs_hold_no_embedding_and_no_childs_data(cast, matched, caplog):
    assert embedding_traces(caplog.text) == []
    assert "Sonu" not in caplog.text and "Ramesh" not in caplog.text
