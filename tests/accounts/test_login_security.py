"""Login security: argon2 password hashes, lockout after repeated failures, sessions that expire."""

from django.urls import reverse

from tests.conftest import PASSWORD
from trackchild.accounts.services import create_account
from trackchild.audit.models import AuditEvent


def test_passwords_are_stored_as_argon2_hashes(db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.Argon2PasswordHasher"]
    user = create_account(
        actor=None, username="mwcd2", password=PASSWORD, full_name="Mwcd", role="national_officer"
    )
    user.refresh_from_db()
    assert user.password.startswith("argon2")
    assert PASSWORD not in user.password
    assert user.check_password(PASSWORD)


def test_the_login_is_locked_after_too_many_wrong_passwords(client, cast, settings):
    url = reverse("login")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(url, {"username": "police_a", "password": "wrong-password"})
    response = client.post(url, {"username": "police_a", "password": PASSWORD})
    assert "_auth_user_id" not in client.session
    assert response.status_code == 429
    assert "Login locked for now" in response.content.decode()
    assert AuditEvent.objects.filter(action="login_failed").count() >= settings.AXES_FAILURE_LIMIT
    assert not AuditEvent.objects.filter(action="login", actor=cast.police_officer).exists()


def test_a_few_wrong_passwords_do_not_lock_the_login(client, cast, settings):
    url = reverse("login")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        client.post(url, {"username": "police_a", "password": "wrong-password"})
    client.post(url, {"username": "police_a", "password": PASSWORD})
    assert client.session["_auth_user_id"] == str(cast.police_officer.pk)


def test_a_session_expires_when_idle_and_with_the_browser(client, cast, settings):
    response = client.post(reverse("login"), {"username": "police_a", "password": PASSWORD})
    assert client.session["_auth_user_id"] == str(cast.police_officer.pk)
    assert client.session.get_expiry_age() == settings.SESSION_COOKIE_AGE == 30 * 60
    assert client.session.get_expire_at_browser_close()
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["max-age"] == "" and cookie["expires"] == ""  # a browser-session cookie
    assert cookie["httponly"]
