from django.urls import reverse

from tests.conftest import PASSWORD
from trackchild.audit.models import AuditEvent

URL = reverse("password-change")
NEW = "monsoon-rickshaw-lantern-7"


def test_anyone_changes_their_own_password_and_stays_logged_in(client, cast):
    client.force_login(cast.outsider)
    response = client.post(URL, {"old_password": PASSWORD, "new_password1": NEW, "new_password2": NEW})
    assert response.status_code == 302
    assert response["Location"] == reverse("password-change-done")
    cast.outsider.refresh_from_db()
    assert cast.outsider.check_password(NEW)
    assert client.get(reverse("password-change-done")).status_code == 200
    event = AuditEvent.objects.get(
        action="update", object_type="accounts.user", object_id=str(cast.outsider.pk)
    )
    assert (event.actor, event.summary["fields"]) == (cast.outsider, ["password"])


def test_it_refuses_a_wrong_old_password(client, cast):
    client.force_login(cast.police_officer)
    response = client.post(URL, {"old_password": "wrong", "new_password1": NEW, "new_password2": NEW})
    assert "old_password" in response.context["form"].errors
    cast.police_officer.refresh_from_db()
    assert cast.police_officer.check_password(PASSWORD)


def test_it_shows_why_a_new_password_is_refused(client, cast):
    client.force_login(cast.police_officer)
    response = client.post(
        URL, {"old_password": PASSWORD, "new_password1": "police_a", "new_password2": "police_a"}
    )
    assert "This password is too short" in response.content.decode()
    cast.police_officer.refresh_from_db()
    assert cast.police_officer.check_password(PASSWORD)
    assert not AuditEvent.objects.filter(action="update", object_type="accounts.user").exists()


def test_it_needs_a_login(client, cast):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
