"""/api/missing-reports: list, read, file, change, move along the pipeline, add photos."""

import json
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from tests.api.conftest import error_of, jpeg_bytes
from tests.conftest import missing_report_data
from trackchild.audit.models import AuditEvent
from trackchild.cases.models import MissingReport, Photo
from trackchild.cases.services import register_missing_report

URL = "/api/missing-reports"


def payload(cast, **overrides) -> dict:
    when = timezone.localtime() - timedelta(days=5)
    return {
        "fir_number": "FIR-202/2026",
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


def audited(action, record, actor) -> AuditEvent:
    return AuditEvent.objects.get(
        action=action, object_type="cases.missingreport", object_id=str(record.pk), actor=actor, channel="api"
    )


# --- list ---------------------------------------------------------------------------------------------------


def test_it_lists_the_reports_of_the_jurisdiction_with_a_total(cast, api_as, missing_report):
    response = api_as(cast.district_officer).get(URL)
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1 and body["page"] == 1
    assert body["results"][0] == {
        "id": missing_report.pk,
        "status": "reported",
        "version": 1,
        "name": "Sonu Kumar",
        "gender": "male",
        "age_years": 11,
        "date_of_birth": None,
        "fir_number": "FIR-101/2026",
        "missing_since": body["results"][0]["missing_since"],
        "police_station": "PS-A",
        "last_seen_district": cast.district_a.lgd_code,
    }


def test_it_searches_names_in_any_script_and_filters(cast, api_as, missing_report):
    register_missing_report(
        actor=cast.police_officer,
        data=missing_report_data(cast, fir_number="FIR-7", name="प्रिया", gender="female", age_years=15),
    )
    client = api_as(cast.police_officer)

    def names(**query):
        response = client.get(URL, query)
        assert response.status_code == 200, response.content
        return {row["name"] for row in response.json()["results"]}

    assert names(q="प्रिया") == {"प्रिया"}
    assert names(q="sonu") == {"Sonu Kumar"}
    assert names(gender="female") == {"प्रिया"}
    assert names(age_min=12, age_max=17) == {"प्रिया"}
    assert names(status="traced") == set()
    assert names(district=cast.district_a.lgd_code) == {"प्रिया", "Sonu Kumar"}
    assert names(district=cast.district_b.lgd_code) == set()
    today = timezone.localdate()
    assert names(date_from=today.isoformat()) == set()
    assert names(date_to=today.isoformat()) == {"प्रिया", "Sonu Kumar"}


def test_it_pages_the_list(cast, api_as, missing_report):
    for n in range(3):
        register_missing_report(
            actor=cast.police_officer, data=missing_report_data(cast, fir_number=f"P-{n}")
        )
    body = api_as(cast.police_officer).get(URL, {"page": 2, "page_size": 3}).json()
    assert body["count"] == 4 and body["page_size"] == 3 and len(body["results"]) == 1


def test_it_refuses_a_page_size_over_100_and_an_unknown_status(cast, api_as):
    client = api_as(cast.police_officer)
    response = client.get(URL, {"page_size": 101})
    assert response.status_code == 422
    assert list(error_of(response)["fields"]) == ["page_size"]
    response = client.get(URL, {"status": "in_care"})
    assert response.status_code == 422
    assert "reported" in error_of(response)["fields"]["status"][0]


def test_it_refuses_a_misspelt_filter_rather_than_list_everything(cast, api_as, missing_report):
    response = api_as(cast.police_officer).get(URL, {"gendr": "female"})
    assert response.status_code == 422
    assert error_of(response)["fields"] == {"gendr": ["Unknown query parameter."]}


def test_the_outsider_gets_an_empty_list(cast, api_as, missing_report):
    body = api_as(cast.outsider).get(URL).json()
    assert body["count"] == 0 and body["results"] == []


# --- read ---------------------------------------------------------------------------------------------------


def test_it_shows_one_report_in_full_and_audits_the_reading(cast, api_as, missing_report):
    response = api_as(cast.state_officer).get(f"{URL}/{missing_report.pk}")
    assert response.status_code == 200
    body = response.json()
    assert body["complainant_phone"] == "9812345678"
    assert body["next_statuses"] == ["closed", "traced"]
    assert [change["to_status"] for change in body["status_history"]] == ["reported"]
    assert audited("view", missing_report, cast.state_officer)


def test_the_outsider_gets_404_for_a_report_of_district_a(cast, api_as, missing_report):
    response = api_as(cast.outsider).get(f"{URL}/{missing_report.pk}")
    assert response.status_code == 404
    assert error_of(response)["code"] == "not_found"
    assert not AuditEvent.objects.filter(action="view").exists()


@pytest.mark.parametrize("report_id", ["999999", "9" * 30])
def test_a_report_that_does_not_exist_gets_the_same_404(cast, api_as, report_id):
    client = api_as(cast.police_officer)
    for response in (
        client.get(f"{URL}/{report_id}"),
        client.patch_json(f"{URL}/{report_id}", {"version": 1, "clothing": "x"}),
    ):
        assert response.status_code == 404
        assert error_of(response)["code"] == "not_found"


# --- file ---------------------------------------------------------------------------------------------------


def test_a_police_officer_files_a_report_at_their_station(cast, api_as):
    response = api_as(cast.police_officer).post_json(
        URL, payload(cast, home_state=cast.district_a.state.lgd_code)
    )
    assert response.status_code == 201, response.content
    body = response.json()
    report = MissingReport.objects.get()
    assert body["id"] == report.pk and body["police_station"] == "PS-A" and body["version"] == 1
    assert report.police_station == cast.police_station_a and report.name == "Priya Kumari"
    assert report.home_state == cast.district_a.state and report.last_seen_district == cast.district_a
    assert "name" in audited("create", report, cast.police_officer).summary["fields"]


def test_a_time_without_offset_is_taken_as_indian_standard_time(cast, api_as):
    data = payload(cast, missing_since="2026-01-10T09:30:00", fir_date="2026-01-10")
    assert api_as(cast.police_officer).post_json(URL, data).status_code == 201
    assert timezone.localtime(MissingReport.objects.get().missing_since).hour == 9


def test_a_cci_cannot_file_a_missing_report(cast, api_as):
    response = api_as(cast.cci_staff).post_json(URL, payload(cast))
    assert response.status_code == 403
    assert error_of(response)["code"] == "permission_denied"
    assert not MissingReport.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "field", "words"),
    [
        ({"age_years": 19}, "age_years", "under 18"),
        ({"fir_date": "2099-01-01"}, "fir_date", "future"),
        ({"missing_since": "2099-01-01T10:00:00+05:30"}, "missing_since", "future"),
        ({"last_seen_district": 999999}, "last_seen_district", "LGD code 999999"),
        ({"home_state": 999}, "home_state", "LGD code 999"),
        ({"gender": "boy"}, "gender", "male"),
        ({"complainant_phone": ""}, "complainant_phone", "required"),
        ({"colour_of_eyes": "brown"}, "colour_of_eyes", "Unknown field"),
        ({"name": "So\x00nu"}, "name", "NUL"),
    ],
)
def test_it_refuses_invalid_reports_with_field_messages(cast, api_as, overrides, field, words):
    response = api_as(cast.police_officer).post_json(URL, payload(cast, **overrides))
    assert response.status_code == 422
    error = error_of(response)
    assert error["code"] == "validation_error"
    assert field in error["fields"] and words in " ".join(error["fields"][field])
    assert not MissingReport.objects.exists()


def test_it_refuses_a_district_no_longer_in_use(cast, api_as):
    cast.district_b.is_active = False
    cast.district_b.save(update_fields=["is_active"])
    response = api_as(cast.police_officer).post_json(
        URL, payload(cast, last_seen_district=cast.district_b.lgd_code)
    )
    assert response.status_code == 422
    assert "no longer in use" in error_of(response)["fields"]["last_seen_district"][0]


def test_it_refuses_the_same_fir_twice_at_one_station(cast, api_as):
    client = api_as(cast.police_officer)
    assert client.post_json(URL, payload(cast)).status_code == 201
    response = client.post_json(URL, payload(cast, fir_number="fir-202/2026"))
    assert response.status_code == 422
    assert "fir_number" in error_of(response)["fields"]
    assert MissingReport.objects.count() == 1


def test_it_refuses_a_body_that_is_not_a_json_object(cast, api_as):
    client = api_as(cast.police_officer)
    for body in ("", "[1, 2]"):
        response = client.post(URL, body, content_type="application/json")
        assert response.status_code == 422
        assert list(error_of(response)["fields"]) == ["__all__"]


def test_it_refuses_malformed_json_with_400(cast, api_as):
    response = api_as(cast.police_officer).post(URL, '{"name": "Priya",', content_type="application/json")
    assert response.status_code == 400
    assert error_of(response) == {
        "code": "bad_request",
        "message": "The request body is not valid JSON.",
        "fields": {},
    }


# --- change -------------------------------------------------------------------------------------------------


def test_it_changes_the_fields_sent_and_bumps_the_version(cast, api_as, missing_report):
    response = api_as(cast.police_officer).patch_json(
        f"{URL}/{missing_report.pk}", {"version": 1, "home_pin": "800001", "date_of_birth": None}
    )
    assert response.status_code == 200, response.content
    assert response.json()["version"] == 2 and response.json()["home_pin"] == "800001"
    missing_report.refresh_from_db()
    assert missing_report.home_pin == "800001" and missing_report.name == "Sonu Kumar"
    assert audited("update", missing_report, cast.police_officer).summary["fields"] == ["home_pin"]


def test_a_stale_version_gets_409_and_changes_nothing(cast, api_as, missing_report):
    client = api_as(cast.police_officer)
    assert (
        client.patch_json(f"{URL}/{missing_report.pk}", {"version": 1, "clothing": "Blue shirt"}).status_code
        == 200
    )
    response = client.patch_json(f"{URL}/{missing_report.pk}", {"version": 1, "clothing": "Red shirt"})
    assert response.status_code == 409
    error = error_of(response)
    assert error["code"] == "conflict" and "version 2" in error["message"]
    missing_report.refresh_from_db()
    assert missing_report.clothing == "Blue shirt" and missing_report.version == 2
    assert AuditEvent.objects.filter(action="update").count() == 1


def test_a_change_needs_the_version(cast, api_as, missing_report):
    response = api_as(cast.police_officer).patch_json(f"{URL}/{missing_report.pk}", {"clothing": "Red shirt"})
    assert response.status_code == 422
    assert error_of(response)["fields"] == {"version": ["This field is required."]}


def test_a_change_cannot_empty_a_required_field_or_make_the_child_an_adult(cast, api_as, missing_report):
    client = api_as(cast.police_officer)
    response = client.patch_json(f"{URL}/{missing_report.pk}", {"version": 1, "gender": None})
    assert response.status_code == 422 and "gender" in error_of(response)["fields"]
    response = client.patch_json(f"{URL}/{missing_report.pk}", {"version": 1, "age_years": 19})
    assert response.status_code == 422 and "age_years" in error_of(response)["fields"]
    missing_report.refresh_from_db()
    assert missing_report.version == 1


def test_a_national_officer_reads_but_cannot_change(cast, api_as, missing_report):
    response = api_as(cast.national_officer).patch_json(
        f"{URL}/{missing_report.pk}", {"version": 1, "clothing": "x"}
    )
    assert response.status_code == 403
    assert error_of(response)["code"] == "permission_denied"


def test_the_outsider_gets_404_when_changing_a_report(cast, api_as, missing_report):
    response = api_as(cast.outsider).patch_json(f"{URL}/{missing_report.pk}", {"version": 1, "clothing": "x"})
    assert response.status_code == 404
    missing_report.refresh_from_db()
    assert missing_report.clothing == "" and missing_report.version == 1


# --- status -------------------------------------------------------------------------------------------------


def test_it_marks_a_report_traced_with_a_history_row(cast, api_as, missing_report):
    today = timezone.localdate().isoformat()
    response = api_as(cast.police_officer).post_json(
        f"{URL}/{missing_report.pk}/status",
        {"to_status": "traced", "effective_on": today, "reason": "Found at his uncle's", "version": 1},
    )
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "traced" and response.json()["next_statuses"] == ["reported"]
    missing_report.refresh_from_db()
    assert missing_report.status == "traced" and missing_report.version == 2
    change = missing_report.status_changes.last()
    assert (change.from_status, change.to_status, change.changed_by) == (
        "reported",
        "traced",
        cast.police_officer,
    )
    assert audited("status", missing_report, cast.police_officer).summary["to_status"] == "traced"


def test_a_transition_outside_the_table_gets_409(cast, api_as, missing_report):
    response = api_as(cast.police_officer).post_json(
        f"{URL}/{missing_report.pk}/status", {"to_status": "adopted", "version": 1}
    )
    assert response.status_code == 409
    assert error_of(response)["code"] == "transition_not_allowed"
    missing_report.refresh_from_db()
    assert missing_report.status == "reported"


def test_closing_needs_a_reason(cast, api_as, missing_report):
    response = api_as(cast.police_officer).post_json(
        f"{URL}/{missing_report.pk}/status", {"to_status": "closed", "version": 1}
    )
    assert response.status_code == 422
    assert list(error_of(response)["fields"]) == ["reason"]


def test_the_outsider_gets_404_when_changing_a_status(cast, api_as, missing_report):
    response = api_as(cast.outsider).post_json(
        f"{URL}/{missing_report.pk}/status", {"to_status": "traced", "version": 1}
    )
    assert response.status_code == 404
    missing_report.refresh_from_db()
    assert missing_report.status == "reported"


# --- photos -------------------------------------------------------------------------------------------------


def upload(client, report, content: bytes, name="photo.jpg", **form):
    data = {"photo": SimpleUploadedFile(name, content), "version": 1, **form}
    return client.post(f"{URL}/{report.pk}/photos", data)


def test_it_adds_a_photo_with_the_date_taken(cast, api_as, missing_report):
    taken = (timezone.localdate() - timedelta(days=30)).isoformat()
    response = upload(api_as(cast.police_officer), missing_report, jpeg_bytes(), taken_on=taken)
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["record_version"] == 2 and body["taken_on"] == taken and body["width"] == 64
    photo = Photo.objects.get(missing_report=missing_report)
    assert photo.taken_on.isoformat() == taken and photo.uploaded_by == cast.police_officer
    assert audited("photo", missing_report, cast.police_officer).summary["photo"] == photo.pk


def test_it_refuses_a_text_file_as_a_photo(cast, api_as, missing_report):
    response = upload(api_as(cast.police_officer), missing_report, b"not an image at all", name="photo.jpg")
    assert response.status_code == 422
    assert "JPEG" in error_of(response)["fields"]["photo"][0]
    assert not Photo.objects.exists()


def test_a_photo_needs_the_file_and_the_version(cast, api_as, missing_report):
    response = api_as(cast.police_officer).post(f"{URL}/{missing_report.pk}/photos", {})
    assert response.status_code == 422
    assert set(error_of(response)["fields"]) == {"photo", "version"}


def test_the_outsider_gets_404_when_adding_a_photo(cast, api_as, missing_report):
    response = upload(api_as(cast.outsider), missing_report, jpeg_bytes())
    assert response.status_code == 404
    assert not Photo.objects.exists()


def test_the_photo_appears_on_the_report(cast, api_as, missing_report):
    client = api_as(cast.police_officer)
    photo_id = upload(client, missing_report, jpeg_bytes()).json()["id"]
    photos = json.loads(client.get(f"{URL}/{missing_report.pk}").content)["photos"]
    assert [photo["id"] for photo in photos] == [photo_id]
