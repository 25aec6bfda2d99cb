from django.urls import reverse

from trackchild.audit.models import AuditEvent
from trackchild.registry.services import update_institution


def url(institution) -> str:
    return reverse("institutions-edit", args=[institution.pk])


def form_of(institution, **overrides) -> dict:
    return {
        "name": institution.name,
        "code": institution.code,
        "kind": institution.kind,
        "district": institution.district_id,
        "cci_kind": institution.cci_kind,
        "registration_number": institution.registration_number,
        "capacity": institution.capacity or "",
        "address": institution.address,
        "phone": institution.phone,
        "email": institution.email,
        "version": institution.version,
        **overrides,
    }


def test_it_saves_a_change_and_audits_it(client, cast):
    client.force_login(cast.state_officer)
    response = client.post(url(cast.cci_a), form_of(cast.cci_a, capacity=60))
    assert response.status_code == 302
    cast.cci_a.refresh_from_db()
    assert (cast.cci_a.capacity, cast.cci_a.version) == (60, 2)
    event = AuditEvent.objects.get(action="update", object_id=str(cast.cci_a.pk))
    assert event.actor == cast.state_officer
    assert event.summary["fields"] == ["capacity"]


def test_it_carries_the_records_version_in_the_form(client, cast):
    client.force_login(cast.state_officer)
    page = client.get(url(cast.cci_a)).content.decode()
    assert 'type="hidden" name="version" value="1"' in page


def test_it_refuses_a_stale_edit_with_a_clear_message(client, cast):
    client.force_login(cast.state_officer)
    opened = form_of(cast.cci_a)
    update_institution(
        actor=cast.system_admin, institution_id=cast.cci_a.pk, expected_version=1, data={"capacity": 70}
    )
    response = client.post(url(cast.cci_a), {**opened, "name": "Renamed home"})
    assert response.status_code == 409
    assert "Someone else changed this record while you were editing it" in response.content.decode()
    cast.cci_a.refresh_from_db()
    assert (cast.cci_a.name, cast.cci_a.capacity) == ("CCI-A cci", 70)


def test_it_refuses_a_kind_of_cci_for_a_police_station(client, cast):
    client.force_login(cast.state_officer)
    response = client.post(
        url(cast.police_station_a), form_of(cast.police_station_a, cci_kind="shelter_home")
    )
    assert "Only a CCI has a kind of CCI." in response.content.decode()
    cast.police_station_a.refresh_from_db()
    assert cast.police_station_a.cci_kind == ""


def test_it_refuses_district_officers(client, cast):
    client.force_login(cast.district_officer)
    assert client.post(url(cast.cci_a), form_of(cast.cci_a, capacity=60)).status_code == 403
    cast.cci_a.refresh_from_db()
    assert cast.cci_a.capacity == 50


def test_it_hides_district_a_from_the_outsider(client, cast):
    client.force_login(cast.outsider)
    assert client.post(url(cast.cci_a), form_of(cast.cci_a, capacity=60)).status_code == 404
    assert not AuditEvent.objects.filter(action="update").exists()
