from django.urls import reverse

from trackchild.audit.models import AuditEvent


def url(institution) -> str:
    return reverse("institutions-close", args=[institution.pk])


def test_it_closes_an_institution_with_the_reason_and_audits_it(client, cast):
    client.force_login(cast.state_officer)
    response = client.post(url(cast.cci_a), {"reason": "Registration cancelled", "version": 1})
    assert response.status_code == 302
    cast.cci_a.refresh_from_db()
    assert (cast.cci_a.is_active, cast.cci_a.closed_reason) == (False, "Registration cancelled")
    assert cast.cci_a.closed_on is not None
    event = AuditEvent.objects.get(action="update", object_id=str(cast.cci_a.pk))
    assert event.actor == cast.state_officer
    assert "is_active" in event.summary["fields"]


def test_it_asks_for_a_reason(client, cast):
    client.force_login(cast.state_officer)
    response = client.post(url(cast.cci_a), {"reason": "  ", "version": 1})
    assert response.status_code == 200
    assert "reason" in response.context["form"].errors
    cast.cci_a.refresh_from_db()
    assert cast.cci_a.is_active


def test_it_refuses_a_stale_close(client, cast):
    client.force_login(cast.state_officer)
    response = client.post(url(cast.cci_a), {"reason": "Merged", "version": 0})
    assert response.status_code == 409
    cast.cci_a.refresh_from_db()
    assert cast.cci_a.is_active


def test_it_refuses_district_officers(client, cast):
    client.force_login(cast.district_officer)
    assert client.post(url(cast.cci_a), {"reason": "Merged", "version": 1}).status_code == 403
    cast.cci_a.refresh_from_db()
    assert cast.cci_a.is_active


def test_it_hides_district_a_from_the_outsider(client, cast):
    client.force_login(cast.outsider)
    assert client.post(url(cast.cci_a), {"reason": "Merged", "version": 1}).status_code == 404
    cast.cci_a.refresh_from_db()
    assert cast.cci_a.is_active


def test_it_says_when_the_institution_is_already_closed(client, cast):
    client.force_login(cast.state_officer)
    client.post(url(cast.cci_a), {"reason": "Registration cancelled", "version": 1})
    response = client.post(url(cast.cci_a), {"reason": "Again", "version": 2})
    assert "This institution is already closed." in response.content.decode()
    cast.cci_a.refresh_from_db()
    assert cast.cci_a.closed_reason == "Registration cancelled"
