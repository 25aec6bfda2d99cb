"""/matching/candidates/<pk>/: both records side by side with photos and the explanation; decisions."""

import pytest

from tests.conftest import found_child_data, missing_report_data
from tests.web.helpers import client_for, png_bytes
from trackchild.audit.models import AuditEvent
from trackchild.cases.services import PhotoUpload, register_found_child, register_missing_report
from trackchild.matching.models import Candidate


@pytest.fixture
def with_photos(cast, delhi, committed):
    photo = [PhotoUpload(content=png_bytes())]
    report = committed(
        register_missing_report, actor=cast.police_officer, data=missing_report_data(cast), photos=photo
    )
    child = committed(
        register_found_child,
        actor=delhi.cci_staff,
        photos=photo,
        data=found_child_data(
            cast,
            found_district=delhi.district,
            found_place="New Delhi railway station",
            cwc=delhi.cwc,
            name="सोनु कुमार",
        ),
    )
    return report, child, Candidate.objects.get()


def test_the_police_station_sees_the_other_states_child_side_by_side_audited(cast, with_photos):
    _report, child, candidate = with_photos
    client = client_for(cast.police_officer)
    page = client.get(f"/matching/candidates/{candidate.pk}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "सोनु कुमार" in html and "Sonu Kumar" in html and "Why these may be the same child" in html
    assert f'href="/found/{child.pk}/"' not in html  # the Delhi CCI's whole file stays closed
    assert "Ask the police station to verify" in html and "Confirm: the same child" not in html
    assert AuditEvent.objects.filter(
        action="view", object_type="matching.candidate", actor=cast.police_officer
    ).exists()
    photo = child.photos.get()
    thumb = client.get(f"/matching/candidates/{candidate.pk}/photos/{photo.pk}/")
    assert thumb.status_code == 200 and thumb["Cache-Control"] == "private, no-store"
    assert client.get(f"/photos/{photo.pk}/thumb/").status_code == 404  # not through the register's own view
    assert AuditEvent.objects.filter(
        action="view", object_type="cases.photo", object_id=str(photo.pk)
    ).exists()


def test_the_outsider_gets_404_for_the_page_and_its_photos(cast, with_photos):
    _report, child, candidate = with_photos
    client = client_for(cast.outsider)
    assert client.get(f"/matching/candidates/{candidate.pk}/").status_code == 404
    assert (
        client.get(f"/matching/candidates/{candidate.pk}/photos/{child.photos.get().pk}/").status_code == 404
    )
    assert (
        client.post(
            f"/matching/candidates/{candidate.pk}/", {"decision": "confirm", "version": 1}
        ).status_code
        == 404
    )


def test_the_cwc_confirms_on_the_page(delhi, with_photos):
    _report, _child, candidate = with_photos
    answer = client_for(delhi.cwc_member).post(
        f"/matching/candidates/{candidate.pk}/", {"decision": "confirm", "version": 1}
    )
    assert answer.status_code == 302
    candidate.refresh_from_db()
    assert candidate.status == "confirmed"


def test_a_rejection_without_a_reason_is_refused_on_the_page(delhi, with_photos):
    _report, _child, candidate = with_photos
    answer = client_for(delhi.cwc_member).post(
        f"/matching/candidates/{candidate.pk}/", {"decision": "reject", "version": 1, "reason": ""}
    )
    assert answer.status_code == 400
    candidate.refresh_from_db()
    assert candidate.status == "pending"


def test_both_record_pages_list_the_candidate_with_its_explanation(cast, delhi, with_photos):
    report, child, candidate = with_photos
    mine = client_for(cast.police_officer).get(f"/missing/{report.pk}/").content.decode()
    theirs = client_for(delhi.cci_staff).get(f"/found/{child.pk}/").content.decode()
    for html in (mine, theirs):
        assert f'href="/matching/candidates/{candidate.pk}/"' in html and "Possible matches" in html


def test_the_undo_page_is_the_district_officers(cast, delhi, with_photos, committed):
    from trackchild.matching.services import confirm_candidate

    _report, _child, candidate = with_photos
    committed(confirm_candidate, actor=delhi.cwc_member, candidate_id=candidate.pk, expected_version=1)
    assert (
        client_for(cast.police_officer).get(f"/matching/candidates/{candidate.pk}/undo/").status_code == 403
    )
    officer = client_for(cast.district_officer)
    assert officer.get(f"/matching/candidates/{candidate.pk}/undo/").status_code == 200
    answer = officer.post(
        f"/matching/candidates/{candidate.pk}/undo/", {"version": 2, "reason": "Wrong family"}
    )
    assert answer.status_code == 302
    candidate.refresh_from_db()
    assert candidate.status == "undone"
