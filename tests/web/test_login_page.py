import pytest
from django.urls import reverse

from tests.conftest import PASSWORD
from trackchild.audit.models import AuditEvent


def test_it_shows_the_login_form(client, db):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert 'name="username"' in response.text and 'name="password"' in response.text
    assert '<html lang="en">' in response.text


def test_it_logs_in_and_goes_home(client, cast):
    response = client.post(reverse("login"), {"username": "police_a", "password": PASSWORD})
    assert response.status_code == 302 and response.url == reverse("home")
    assert AuditEvent.objects.filter(action="login", actor=cast.police_officer).exists()
    home = client.get(reverse("home"))
    assert "Police_A" in home.text and "PS-A police_station" in home.text


def test_it_refuses_a_wrong_password_with_a_message(client, cast):
    response = client.post(reverse("login"), {"username": "police_a", "password": "wrong-password-1"})
    assert response.status_code == 200
    assert "Please enter a correct username and password" in response.text
    assert AuditEvent.objects.filter(action="login_failed").count() == 1


@pytest.mark.parametrize(
    "name,args",
    [
        ("home", []),
        ("missing-reports-list", []),
        ("found-children-list", []),
        ("missing-reports-create", []),
        ("missing-reports-detail", [1]),
        ("found-children-edit", [1]),
        ("photos-image", [1]),
    ],
)
def test_it_sends_visitors_who_are_not_logged_in_to_the_login_page(client, db, name, args):
    response = client.get(reverse(name, args=args))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login") + "?next=")


def test_it_logs_out_on_a_post_and_not_on_a_get(client, cast):
    client.force_login(cast.police_officer)
    assert client.get(reverse("logout")).status_code == 405
    response = client.post(reverse("logout"))
    assert response.status_code == 302 and response.url == reverse("login")
    assert client.get(reverse("home")).status_code == 302


def test_it_shows_the_locked_out_page_after_too_many_failures(client, cast, settings):
    settings.AXES_FAILURE_LIMIT = 3
    for _ in range(3):
        client.post(reverse("login"), {"username": "police_a", "password": "wrong-password-1"})
    response = client.post(reverse("login"), {"username": "police_a", "password": PASSWORD})
    assert response.status_code == 429
    assert "Login locked for now" in response.text
    assert "after 3 wrong passwords in a row" in response.text
    assert "_auth_user_id" not in client.session
