"""/api/found-children: list, read, register, change, move along the pipeline, add photos."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from tests.api.conftest import error_of, jpeg_bytes
from tests.conftest import found_child_data
from trackchild.audit.models import AuditEvent
from trackchild.cases.models import FoundChild, Photo
from trackchild.cases.services import register_found_child

URL = "/api/found-children"


def payload(cast, **overrides) -> dict:
    return {
        "found_on": (timezone.localdate() - timedelta(days=2)).isoformat(),
        "found_place": "Rajendra Nagar",
        "found_district": cast.district_a.lgd_code,
        "found_by": "childline",
        "circumstance": "street",
        "name": "",
        "gender": "female",
        "age_years": 8,
        "languages": "Santali",
        **overrides,
    }


def audited(action, record, actor) -> AuditEvent:
    return AuditEvent.objects.get(
        action=action, object_type="cases.foundchild", object_id=str(record.pk), actor=actor, channel="api"
    )


def test_it_lists_the_children_of_the_jurisdiction(cast, api_as, found_child):
    response = api_as(cast.cwc_member).get(URL)
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1
    row = body["results"][0]
    assert (row["id"], row["name"], row["recorded_by"], row["cci"]) == (
        found_child.pk,
        "सोनू",
        "CCI-A",
        "CCI-A",
    )
    assert row["found_district"] == cast.district_a.lgd_code


def test_it_searches_and_filters_found_children(cast, api_as, found_child):
    register_found_child(
        actor=cast.cci_staff, data=found_child_data(cast, name="Munni", gender="female", age_years=5)
    )
    client = api_as(cast.district_officer)

    def names(**query):
        response = client.get(URL, query)
        assert response.status_code == 200, response.content
        return {row["name"] for row in response.json()["results"]}

    assert names(q="सोनू") == {"सोनू"}
    assert names(gender="female", age_max=6) == {"Munni"}
    assert names(status="in_care") == {"सोनू", "Munni"}
    assert names(date_from=timezone.localdate().isoformat()) == set()


def test_the_outsider_gets_an_empty_list(cast, api_as, found_child):
    assert api_as(cast.outsider).get(URL).json() == {"count": 0, "page": 1, "page_size": 25, "results": []}


def test_it_shows_one_child_in_full_and_audits_the_reading(cast, api_as, found_child):
    response = api_as(cast.cci_staff).get(f"{URL}/{found_child.pk}")
    assert response.status_code == 200
    assert response.json()["circumstance"] == "railway_station"
    assert audited("view", found_child, cast.cci_staff)


def test_the_outsider_gets_404_for_a_child_of_district_a(cast, api_as, found_child):
    response = api_as(cast.outsider).get(f"{URL}/{found_child.pk}")
    assert response.status_code == 404
    assert error_of(response)["code"] == "not_found"


def test_a_cci_registers_a_child_placed_with_itself_and_names_the_cwc_by_code(cast, api_as):
    response = api_as(cast.cci_staff).post_json(URL, payload(cast, cwc="cwc-a"))
    assert response.status_code == 201, response.content
    child = FoundChild.objects.get()
    assert (child.recorded_by, child.cci, child.cwc) == (cast.cci_a, cast.cci_a, cast.cwc_a)
    assert (response.json()["cci"], response.json()["cwc"]) == ("CCI-A", "CWC-A")
    assert "languages" in audited("create", child, cast.cci_staff).summary["fields"]


@pytest.mark.parametrize(
    ("overrides", "field", "words"),
    [
        ({"age_years": 19}, "age_years", "under 18"),
        ({"found_on": "2099-01-01"}, "found_on", "future"),
        ({"found_district": 999999}, "found_district", "LGD code 999999"),
        ({"cwc": "NO-SUCH"}, "cwc", "NO-SUCH"),
        ({"cwc": "PS-A"}, "cwc", "Child Welfare Committee"),
        ({"found_by": "aliens"}, "found_by", "police"),
        ({"recorded_by": "PS-B"}, "recorded_by", "Unknown field"),
    ],
)
def test_it_refuses_invalid_children_with_field_messages(cast, api_as, overrides, field, words):
    response = api_as(cast.cwc_member).post_json(URL, payload(cast, **overrides))
    assert response.status_code == 422
    error = error_of(response)
    assert error["code"] == "validation_error"
    assert words in " ".join(error["fields"][field])
    assert not FoundChild.objects.exists()


def test_the_outsider_cannot_place_a_child_in_a_cci_of_another_state(cast, api_as):
    response = api_as(cast.outsider).post_json(
        URL, payload(cast, found_district=cast.district_b.lgd_code, cci="CCI-A")
    )
    assert response.status_code == 422
    assert error_of(response)["fields"] == {
        "cci": ["No active institution in your State/UT has the code CCI-A."]
    }
    assert not FoundChild.objects.exists()


def test_the_cci_the_record_already_names_can_be_sent_again(cast, api_as, found_child):
    response = api_as(cast.cci_staff).patch_json(
        f"{URL}/{found_child.pk}", {"version": 1, "cci": "CCI-A", "admission_number": "ADM-9"}
    )
    assert response.status_code == 200, response.content
    found_child.refresh_from_db()
    assert found_child.admission_number == "ADM-9"


def test_it_refuses_one_admission_number_twice_at_a_cci(cast, api_as):
    client = api_as(cast.cci_staff)
    assert client.post_json(URL, payload(cast, admission_number="ADM-1")).status_code == 201
    response = client.post_json(URL, payload(cast, admission_number="ADM-1"))
    assert response.status_code == 422
    assert "admission_number" in error_of(response)["fields"]


def test_a_district_officer_cannot_register_a_found_child(cast, api_as):
    response = api_as(cast.district_officer).post_json(URL, payload(cast))
    assert response.status_code == 403
    assert not FoundChild.objects.exists()


def test_it_changes_a_child_and_refuses_a_stale_version(cast, api_as, found_child):
    client = api_as(cast.cci_staff)
    response = client.patch_json(f"{URL}/{found_child.pk}", {"version": 1, "recalls_of_home": "A big temple"})
    assert response.status_code == 200 and response.json()["version"] == 2
    stale = client.patch_json(f"{URL}/{found_child.pk}", {"version": 1, "recalls_of_home": "A river"})
    assert stale.status_code == 409 and error_of(stale)["code"] == "conflict"
    found_child.refresh_from_db()
    assert found_child.recalls_of_home == "A big temple" and found_child.version == 2
    assert audited("update", found_child, cast.cci_staff).summary["fields"] == ["recalls_of_home"]


def test_the_outsider_gets_404_when_changing_a_child(cast, api_as, found_child):
    response = api_as(cast.outsider).patch_json(f"{URL}/{found_child.pk}", {"version": 1, "clothing": "x"})
    assert response.status_code == 404
    found_child.refresh_from_db()
    assert found_child.version == 1


def test_restoration_needs_the_order_number_and_then_is_recorded(cast, api_as, found_child):
    client = api_as(cast.cwc_member)
    path = f"{URL}/{found_child.pk}/status"
    refused = client.post_json(path, {"to_status": "restored", "version": 1})
    assert refused.status_code == 422 and list(error_of(refused)["fields"]) == ["order_number"]
    response = client.post_json(path, {"to_status": "restored", "order_number": "CWC/PAT/12", "version": 1})
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "restored" and response.json()["next_statuses"] == []
    found_child.refresh_from_db()
    assert found_child.status_changes.last().order_number == "CWC/PAT/12"
    assert audited("status", found_child, cast.cwc_member)


def test_a_restored_child_cannot_go_back_into_care(cast, api_as, found_child):
    client = api_as(cast.cwc_member)
    path = f"{URL}/{found_child.pk}/status"
    client.post_json(path, {"to_status": "restored", "order_number": "CWC/PAT/12", "version": 1})
    response = client.post_json(path, {"to_status": "in_care", "reason": "x", "version": 2})
    assert response.status_code == 409 and error_of(response)["code"] == "transition_not_allowed"


def test_the_outsider_gets_404_when_changing_a_status(cast, api_as, found_child):
    response = api_as(cast.outsider).post_json(
        f"{URL}/{found_child.pk}/status", {"to_status": "absconded", "reason": "x", "version": 1}
    )
    assert response.status_code == 404
    found_child.refresh_from_db()
    assert found_child.status == "in_care"


def test_it_adds_a_photo_and_refuses_a_text_file(cast, api_as, found_child):
    client = api_as(cast.cci_staff)
    path = f"{URL}/{found_child.pk}/photos"
    refused = client.post(path, {"photo": SimpleUploadedFile("notes.txt", b"hello"), "version": 1})
    assert refused.status_code == 422 and "photo" in error_of(refused)["fields"]
    response = client.post(path, {"photo": SimpleUploadedFile("p.png", jpeg_bytes()), "version": 1})
    assert response.status_code == 201, response.content
    assert Photo.objects.get().found_child == found_child
    assert audited("photo", found_child, cast.cci_staff)


def test_a_photo_cannot_be_taken_in_the_future(cast, api_as, found_child):
    response = api_as(cast.cci_staff).post(
        f"{URL}/{found_child.pk}/photos",
        {"photo": SimpleUploadedFile("p.jpg", jpeg_bytes()), "version": 1, "taken_on": "2099-01-01"},
    )
    assert response.status_code == 422
    assert "future" in error_of(response)["fields"]["photo"][0]


def test_the_outsider_gets_404_when_adding_a_photo(cast, api_as, found_child):
    response = api_as(cast.outsider).post(
        f"{URL}/{found_child.pk}/photos", {"photo": SimpleUploadedFile("p.jpg", jpeg_bytes()), "version": 1}
    )
    assert response.status_code == 404
    assert not Photo.objects.exists()
