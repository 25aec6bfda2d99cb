"""API keys on the registers' own endpoints: a connected system lists, reads, files, changes and moves records
with a key, within the key's scopes and its account's jurisdiction; everything else is refused."""

import json
from datetime import timedelta

import pytest
from django.utils import timezone

from tests.api.conftest import ApiClient, error_of
from trackchild.audit.models import AuditEvent
from trackchild.cases.models import FoundChild, MissingReport
from trackchild.exchange.keys import issue_api_key

MISSING = "/api/missing-reports"
FOUND = "/api/found-children"


def key_for(user, *scopes: str) -> ApiClient:
    _key, raw = issue_api_key(actor=user, name="CCTNS", scopes=list(scopes))
    return ApiClient(raw)


def report_payload(cast, **overrides) -> dict:
    when = timezone.localtime() - timedelta(days=5)
    return {
        "fir_number": "FIR-301/2026",
        "fir_date": when.date().isoformat(),
        "missing_since": when.isoformat(),
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


def test_a_read_key_lists_and_reads_its_stations_reports_and_the_reading_is_audited(cast, missing_report):
    client = key_for(cast.police_officer, "missing_reports:read")
    listed = client.get(MISSING)
    assert listed.status_code == 200 and [r["id"] for r in listed.json()["results"]] == [missing_report.pk]
    detail = client.get(f"{MISSING}/{missing_report.pk}")
    assert detail.status_code == 200 and detail.json()["fir_number"] == missing_report.fir_number
    assert AuditEvent.objects.filter(
        action="view",
        object_type="cases.missingreport",
        object_id=str(missing_report.pk),
        actor=cast.police_officer,
        channel="api",
    ).exists()


def test_a_write_key_files_changes_and_moves_a_report_as_its_account(cast):
    client = key_for(cast.police_officer, "missing_reports:read", "missing_reports:write")
    created = client.post_json(MISSING, report_payload(cast))
    assert created.status_code == 201, created.content
    report = MissingReport.objects.get()
    assert report.police_station == cast.police_station_a and report.created_by == cast.police_officer
    changed = client.patch_json(f"{MISSING}/{report.pk}", {"version": 1, "height_cm": 140})
    assert changed.status_code == 200 and changed.json()["version"] == 2
    moved = client.post_json(f"{MISSING}/{report.pk}/status", {"to_status": "traced", "version": 2})
    assert moved.status_code == 200 and moved.json()["status"] == "traced"
    actions = list(
        AuditEvent.objects.filter(object_type="cases.missingreport", object_id=str(report.pk))
        .order_by("pk")
        .values_list("action", "actor", "channel")
    )
    assert actions == [(a, cast.police_officer.pk, "api") for a in ("create", "update", "status")]


@pytest.mark.parametrize(
    "method, path, body",
    [
        ("post", "", "new"),
        ("patch", "/{pk}", {"version": 1, "height_cm": 140}),
        ("post", "/{pk}/status", {"to_status": "traced", "version": 1}),
    ],
)
def test_a_read_only_key_cannot_write_and_nothing_changes(cast, missing_report, method, path, body):
    client = key_for(cast.police_officer, "missing_reports:read")
    data = report_payload(cast) if body == "new" else body
    call = getattr(client, f"{method}_json")
    response = call(MISSING + path.format(pk=missing_report.pk), data)
    assert response.status_code == 403
    assert "missing_reports:write" in error_of(response)["message"]
    missing_report.refresh_from_db()
    assert MissingReport.objects.count() == 1 and missing_report.version == 1
    assert missing_report.status == "reported" and missing_report.height_cm is None


def test_a_photo_needs_the_write_scope(cast, missing_report):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.api.conftest import jpeg_bytes

    client = key_for(cast.police_officer, "missing_reports:read")
    response = client.post(
        f"{MISSING}/{missing_report.pk}/photos",
        {"photo": SimpleUploadedFile("p.jpg", jpeg_bytes(), "image/jpeg"), "version": 1},
    )
    assert response.status_code == 403 and missing_report.photos.count() == 0


def test_a_key_for_one_register_is_refused_the_other(cast, missing_report, found_child):
    missing_only = key_for(cast.district_officer, "missing_reports:read")
    assert missing_only.get(MISSING).status_code == 200
    refused = missing_only.get(FOUND)
    assert refused.status_code == 403 and "found_children:read" in error_of(refused)["message"]
    assert missing_only.get(f"{FOUND}/{found_child.pk}").status_code == 403
    found_only = key_for(cast.district_officer, "found_children:read")
    assert found_only.get(f"{FOUND}/{found_child.pk}").status_code == 200
    assert found_only.get(f"{MISSING}/{missing_report.pk}").status_code == 403


def test_a_cci_key_registers_and_withdraws_a_child_in_its_own_cci(cast):
    client = key_for(cast.cci_staff, "found_children:read", "found_children:write")
    payload = {
        "found_on": (timezone.localdate() - timedelta(days=2)).isoformat(),
        "found_place": "Patna Junction",
        "found_district": cast.district_a.lgd_code,
        "found_by": "railway_police",
        "circumstance": "railway_station",
        "name": "सोनू",
        "gender": "male",
        "age_years": 12,
        "cwc": "CWC-A",
        "cci": "CCI-A",
        "admission_number": "ADM-9",
    }
    created = client.post_json(FOUND, payload)
    assert created.status_code == 201, created.content
    child = FoundChild.objects.get()
    withdrawn = client.post_json(
        f"{FOUND}/{child.pk}/status", {"to_status": "withdrawn", "version": 1, "reason": "Entered twice"}
    )
    assert withdrawn.status_code == 200 and withdrawn.json()["status"] == "withdrawn"


def test_the_outsiders_key_sees_nothing_of_district_a(cast, missing_report, found_child):
    client = key_for(cast.outsider, "missing_reports:read", "missing_reports:write")
    assert client.get(MISSING).json()["count"] == 0
    assert client.get(f"{MISSING}/{missing_report.pk}").status_code == 404
    response = client.patch_json(f"{MISSING}/{missing_report.pk}", {"version": 1, "height_cm": 140})
    assert response.status_code == 404
    missing_report.refresh_from_db()
    assert missing_report.version == 1


def test_a_key_stops_working_when_its_account_moves_to_another_institution(cast, missing_report):
    client = key_for(cast.police_officer, "missing_reports:read")
    assert client.get(MISSING).status_code == 200
    cast.police_officer.institution = cast.police_station_b
    cast.police_officer.save(update_fields=["institution"])
    assert client.get(MISSING).status_code == 401


def test_a_key_reads_its_account_and_the_institutions_it_may_name(cast):
    client = key_for(cast.cci_staff, "found_children:write")
    assert client.get("/api/me").json()["username"] == cast.cci_staff.username
    codes = {i["code"] for i in client.get("/api/institutions").json()["results"]}
    assert codes == {"CCI-A"}  # as for its account: an institution sees itself


@pytest.mark.parametrize(
    "method, path",
    [("get", "/api/keys"), ("delete", "/api/tokens/current"), ("get", "/api/candidates")],
)
def test_a_key_cannot_reach_token_only_endpoints(cast, method, path):
    client = key_for(cast.police_officer, "missing_reports:read", "missing_reports:write")
    assert getattr(client, method)(path).status_code == 401


def test_keys_are_rate_limited_on_the_registers_too(cast, settings):
    from django.core.cache import cache

    settings.API_RATE_LIMIT_PER_MINUTE = 2
    cache.clear()
    client = key_for(cast.police_officer, "missing_reports:read")
    answers = [client.get(MISSING).status_code for _ in range(3)]
    assert answers == [200, 200, 429]


def test_the_openapi_document_tells_which_scope_each_register_endpoint_needs(cast):
    from django.test import Client

    document = json.loads(Client().get("/api/openapi.json").content)
    description = document["paths"]["/api/missing-reports"]["get"]["description"]
    assert "missing_reports:read" in description
