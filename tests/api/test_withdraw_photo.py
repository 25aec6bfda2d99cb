"""POST /api/missing-reports/{id}/photos/{photo_id}/withdraw and its found-children twin: a wrong photo taken off
a record with a reason, as on the record's page; tokens and API keys with the register's write scope."""

import pytest

from tests.api.conftest import ApiClient, error_of
from tests.web.helpers import png_bytes
from trackchild.audit.models import AuditEvent
from trackchild.cases.models import Photo
from trackchild.cases.services import PhotoUpload, add_photo
from trackchild.exchange.keys import issue_api_key

MISSING = "/api/missing-reports"
FOUND = "/api/found-children"
REASON = "The photo shows the child's elder brother"


@pytest.fixture
def photo(cast, missing_report) -> Photo:
    return add_photo(
        actor=cast.police_officer, record=missing_report, expected_version=1, upload=PhotoUpload(png_bytes())
    )


def withdraw(client, record, photo, reason=REASON, base=MISSING):
    return client.post_json(f"{base}/{record.pk}/photos/{photo.pk}/withdraw", {"reason": reason})


def test_it_withdraws_the_photo_and_answers_with_the_records_new_version(cast, api_as, missing_report, photo):
    response = withdraw(api_as(cast.police_officer), missing_report, photo)
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["id"] == photo.pk and body["withdrawal_reason"] == REASON and body["withdrawn_at"]
    assert body["record_version"] == 3
    assert Photo.objects.get(pk=photo.pk).is_withdrawn
    event = AuditEvent.objects.get(action="withdraw_photo")
    assert (event.channel, event.summary) == ("api", {"photo": photo.pk})


def test_the_photo_is_no_longer_listed_on_the_record(cast, api_as, missing_report, photo):
    client = api_as(cast.police_officer)
    withdraw(client, missing_report, photo)
    assert client.get(f"{MISSING}/{missing_report.pk}").json()["photos"] == []


def test_a_photo_withdrawn_before_answers_409_already_withdrawn(cast, api_as, missing_report, photo):
    client = api_as(cast.police_officer)
    withdraw(client, missing_report, photo)
    again = withdraw(client, missing_report, photo, reason="again")
    assert again.status_code == 409
    assert error_of(again)["code"] == "already_withdrawn"
    assert error_of(again)["message"] == "This photo was already withdrawn."
    assert AuditEvent.objects.filter(action="withdraw_photo").count() == 1


@pytest.mark.parametrize("reason", ["", "   "])
def test_an_empty_reason_answers_422_against_reason(cast, api_as, missing_report, photo, reason):
    response = withdraw(api_as(cast.police_officer), missing_report, photo, reason=reason)
    assert response.status_code == 422
    assert error_of(response)["fields"] == {"reason": ["Give the reason for withdrawing this photo."]}
    assert not Photo.objects.get(pk=photo.pk).is_withdrawn


def test_a_reason_over_2000_characters_and_unknown_fields_are_refused(cast, api_as, missing_report, photo):
    client = api_as(cast.police_officer)
    assert withdraw(client, missing_report, photo, reason="x" * 2001).status_code == 422
    extra = client.post_json(
        f"{MISSING}/{missing_report.pk}/photos/{photo.pk}/withdraw", {"reason": REASON, "delete": True}
    )
    assert extra.status_code == 422 and error_of(extra)["fields"] == {"delete": ["Unknown field."]}
    assert not Photo.objects.get(pk=photo.pk).is_withdrawn


def test_the_outsider_gets_404_as_for_a_record_that_does_not_exist(cast, api_as, missing_report, photo):
    response = withdraw(api_as(cast.outsider), missing_report, photo)
    assert response.status_code == 404 and error_of(response)["code"] == "not_found"
    assert not Photo.objects.get(pk=photo.pk).is_withdrawn


def test_a_national_officer_gets_403(cast, api_as, missing_report, photo):
    response = withdraw(api_as(cast.national_officer), missing_report, photo)
    assert response.status_code == 403 and not Photo.objects.get(pk=photo.pk).is_withdrawn


def test_a_photo_of_another_record_gets_404(cast, api_as, missing_report, found_child):
    others = add_photo(
        actor=cast.cci_staff, record=found_child, expected_version=1, upload=PhotoUpload(png_bytes())
    )
    response = withdraw(api_as(cast.police_officer), missing_report, others)
    assert response.status_code == 404 and not Photo.objects.get(pk=others.pk).is_withdrawn


def test_a_cci_withdraws_a_photo_of_its_found_child(cast, api_as, found_child):
    photo = add_photo(
        actor=cast.cci_staff, record=found_child, expected_version=1, upload=PhotoUpload(png_bytes())
    )
    response = withdraw(api_as(cast.cci_staff), found_child, photo, base=FOUND)
    assert response.status_code == 200 and response.json()["record_version"] == 3


def test_an_api_key_needs_the_registers_write_scope(cast, missing_report, photo):
    _key, raw = issue_api_key(actor=cast.police_officer, name="CCTNS", scopes=["missing_reports:read"])
    refused = withdraw(ApiClient(raw), missing_report, photo)
    assert refused.status_code == 403 and not Photo.objects.get(pk=photo.pk).is_withdrawn
    _key, raw = issue_api_key(
        actor=cast.police_officer, name="CCTNS sync", scopes=["missing_reports:read", "missing_reports:write"]
    )
    assert withdraw(ApiClient(raw), missing_report, photo).status_code == 200


def test_the_change_feed_tells_connected_systems(cast, api_as, missing_report, photo, monkeypatch):
    monkeypatch.setattr("trackchild.exchange.changes.SETTLE_SECONDS", 0)
    client = api_as(cast.police_officer)
    withdraw(client, missing_report, photo)
    changes = client.get("/api/changes").json()["results"]
    assert changes[-1]["action"] == "withdraw_photo" and changes[-1]["record"]["version"] == 3
