from django.urls import reverse

from tests.conftest import PASSWORD
from trackchild.accounts.services import deactivate_account
from trackchild.audit.models import AuditEvent


def url(user) -> str:
    return reverse("accounts-deactivate", args=[user.pk])


def test_it_deactivates_an_account_with_the_reason_and_audits_it(client, cast):
    client.force_login(cast.district_officer)
    response = client.post(url(cast.police_officer), {"reason": "Transferred to Gaya"})
    assert response.status_code == 302
    cast.police_officer.refresh_from_db()
    assert not cast.police_officer.is_active
    event = AuditEvent.objects.get(
        action="update", object_type="accounts.user", object_id=str(cast.police_officer.pk)
    )
    assert (event.actor, event.summary["reason"]) == (cast.district_officer, "Transferred to Gaya")


def test_a_deactivated_account_cannot_log_in_any_more(client, cast):
    client.force_login(cast.district_officer)
    client.post(url(cast.police_officer), {"reason": "Retired"})
    client.logout()
    client.post(reverse("login"), {"username": "police_a", "password": PASSWORD})
    assert "_auth_user_id" not in client.session


def test_it_asks_for_a_reason(client, cast):
    client.force_login(cast.district_officer)
    response = client.post(url(cast.police_officer), {"reason": ""})
    assert "reason" in response.context["form"].errors
    cast.police_officer.refresh_from_db()
    assert cast.police_officer.is_active


def test_it_hides_accounts_the_officer_does_not_manage(client, cast):
    client.force_login(cast.district_officer)
    assert client.post(url(cast.state_officer), {"reason": "No"}).status_code == 404
    assert client.post(url(cast.outsider), {"reason": "No"}).status_code == 404
    cast.outsider.refresh_from_db()
    assert cast.outsider.is_active


def test_it_refuses_the_outsider(client, cast):
    client.force_login(cast.outsider)
    assert client.post(url(cast.police_officer), {"reason": "No"}).status_code == 403
    cast.police_officer.refresh_from_db()
    assert cast.police_officer.is_active
    assert not AuditEvent.objects.filter(action="update", object_type="accounts.user").exists()


def test_a_deactivated_account_loses_its_open_sessions(client, cast):
    client.force_login(cast.police_officer)
    assert client.get(reverse("password-change")).status_code == 200
    deactivate_account(actor=cast.district_officer, user=cast.police_officer, reason="Suspended")
    response = client.get(reverse("password-change"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
