"""/api/batch/…: many records per request, each with its own result, idempotent by external key and by the
Idempotency-Key header."""

import json
from datetime import timedelta

from django.utils import timezone

from tests.api.conftest import ApiClient, error_of
from trackchild.audit.models import AuditEvent
from trackchild.cases.models import FoundChild, MissingReport
from trackchild.exchange.models import IdempotentRequest

URL = "/api/batch/missing-reports"
WHEN = (timezone.localtime() - timedelta(days=4)).replace(microsecond=0)


def item(cast, fir="FIR-900/2026", **overrides) -> dict:
    return {
        "fir_number": fir,
        "fir_date": WHEN.date().isoformat(),
        "missing_since": WHEN.isoformat(),
        "place_last_seen": "Gandhi Maidan",
        "last_seen_district": cast.district_a.lgd_code,
        "complainant_name": "Sunita Devi",
        "complainant_relation": "mother",
        "complainant_phone": "9876543210",
        "name": "Priya Kumari",
        "gender": "female",
        "age_years": 13,
        **overrides,
    }


def post(client, items, key=None, url=URL):
    headers = {"Idempotency-Key": key} if key else {}
    return client.post(url, json.dumps(items), content_type="application/json", headers=headers)


def test_it_creates_updates_and_reports_each_item(cast, api_as):
    client = api_as(cast.police_officer)
    first = post(
        client, [item(cast), item(cast, fir="FIR-901/2026", age_years=30), item(cast, fir="FIR-902/2026")]
    )
    assert first.status_code == 200, first.content
    body = first.json()
    assert body["counts"] == {"created": 2, "invalid": 1}
    assert [r["outcome"] for r in body["results"]] == ["created", "invalid", "created"]
    assert "age_years" in body["results"][1]["errors"]
    assert MissingReport.objects.count() == 2
    report = MissingReport.objects.get(fir_number="FIR-900/2026")
    assert AuditEvent.objects.filter(
        action="create", object_id=str(report.pk), actor=cast.police_officer, channel="api"
    ).exists()

    again = post(
        client, [item(cast, fir="fir-900/2026", age_years=12), item(cast, fir="FIR-902/2026")]
    ).json()
    assert [r["outcome"] for r in again["results"]] == ["updated", "unchanged"]
    report.refresh_from_db()
    assert (report.age_years, report.version, MissingReport.objects.count()) == (12, 2, 2)


def test_a_retried_request_with_the_same_idempotency_key_returns_the_stored_answer(cast, api_as):
    client = api_as(cast.police_officer)
    original = item(cast)
    first = post(client, [original], key="batch-0001")
    report = MissingReport.objects.get()
    # Someone changes the record between the two tries: a replay must not undo or repeat anything.
    post(client, [item(cast, age_years=12)])
    retry = post(client, [original], key="batch-0001")
    assert retry.status_code == 200 and retry.json() == first.json()
    assert retry["Idempotent-Replayed"] == "true"
    report.refresh_from_db()
    assert (report.age_years, MissingReport.objects.count()) == (12, 1)
    assert IdempotentRequest.objects.count() == 1


def test_an_idempotency_key_reused_with_another_body_is_refused(cast, api_as):
    client = api_as(cast.police_officer)
    post(client, [item(cast)], key="k-1")
    response = post(client, [item(cast, fir="FIR-1/2026")], key="k-1")
    assert response.status_code == 409
    assert error_of(response)["code"] == "conflict"
    assert MissingReport.objects.count() == 1


def test_a_withdraw_item_closes_the_report_through_its_pipeline(cast, api_as):
    client = api_as(cast.police_officer)
    post(client, [item(cast)])
    body = post(client, [{"fir_number": "FIR-900/2026", "withdraw_reason": "Registered twice"}]).json()
    assert body["results"][0]["outcome"] == "withdrawn"
    report = MissingReport.objects.get()
    assert report.status == "closed"
    assert report.status_changes.last().reason == "Registered twice"
    assert AuditEvent.objects.filter(action="status", object_id=str(report.pk)).exists()


def test_found_children_are_keyed_by_cci_and_admission_number(cast, api_as):
    client = api_as(cast.cci_staff)
    child = {
        "found_on": (timezone.localdate() - timedelta(days=2)).isoformat(),
        "found_place": "Platform 4",
        "found_district": cast.district_a.lgd_code,
        "found_by": "railway_police",
        "circumstance": "railway_station",
        "gender": "male",
        "age_years": 9,
        "admission_number": "ADM-1",
    }
    url = "/api/batch/found-children"
    assert post(client, [child], url=url).json()["counts"] == {"created": 1}
    assert post(client, [child], url=url).json()["counts"] == {"unchanged": 1}
    assert FoundChild.objects.get().cci == cast.cci_a


def test_it_refuses_a_body_that_is_not_an_array(cast, api_as):
    response = api_as(cast.police_officer).post(
        URL, json.dumps({"fir_number": "x"}), content_type="application/json"
    )
    assert response.status_code == 422
    assert MissingReport.objects.count() == 0


def test_a_role_that_cannot_file_reports_is_refused(cast, api_as):
    response = post(api_as(cast.national_officer), [item(cast)])
    assert response.status_code == 403
    assert MissingReport.objects.count() == 0


def test_the_outsider_cannot_touch_another_stations_report(cast, api_as):
    post(api_as(cast.police_officer), [item(cast)])
    # The outsider's batch with the same FIR number files a report at the outsider's own station.
    body = post(
        api_as(cast.outsider), [item(cast, last_seen_district=cast.district_b.lgd_code, age_years=5)]
    ).json()
    assert body["results"][0]["outcome"] == "created"
    ours = MissingReport.objects.get(police_station=cast.police_station_a)
    assert ours.age_years == 13 and ours.version == 1


def test_it_needs_a_credential(db):
    response = ApiClient("nonsense").post(URL, "[]", content_type="application/json")
    assert response.status_code == 401
