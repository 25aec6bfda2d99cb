"""POST /api/tokens and DELETE /api/tokens/current, and what every other endpoint does with the token."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from tests.api.conftest import ApiClient, error_of, token_for
from tests.conftest import PASSWORD
from trackchild.api.models import ApiToken
from trackchild.api.services import hash_token
from trackchild.audit.models import AuditEvent


def log_in(username, password, client=None):
    return (client or Client()).post(
        "/api/tokens", {"username": username, "password": password}, content_type="application/json"
    )


def test_it_gives_a_token_for_the_right_password_and_stores_only_its_hash(cast, settings):
    response = Client().post(
        "/api/tokens",
        {"username": "police_a", "password": PASSWORD, "name": "CCTNS sync"},
        content_type="application/json",
    )
    assert response.status_code == 201
    body = response.json()
    assert body["token_type"] == "Bearer" and body["name"] == "CCTNS sync"
    stored = ApiToken.objects.get(user=cast.police_officer)
    assert stored.hash == hash_token(body["token"]) and body["token"] not in stored.hash
    assert stored.expires - stored.created == pytest.approx(
        timedelta(days=settings.API_TOKEN_DAYS), abs=timedelta(seconds=5)
    )
    assert AuditEvent.objects.filter(action="create", object_type="api.apitoken", channel="api").exists()
    assert AuditEvent.objects.filter(action="login", actor=cast.police_officer, channel="api").exists()


def test_the_token_opens_the_other_endpoints_and_records_when_it_was_used(cast):
    token = token_for(cast.police_officer)
    assert ApiClient(token).get("/api/me").status_code == 200
    assert ApiToken.objects.get().last_used is not None


def test_it_refuses_a_wrong_password_with_401_and_audits_the_attempt(cast):
    response = log_in("police_a", "not-the-password")
    assert response.status_code == 401
    assert error_of(response)["code"] == "unauthenticated"
    assert not ApiToken.objects.exists()
    failed = AuditEvent.objects.get(action="login_failed")
    assert failed.channel == "api" and failed.summary["username"] == "police_a"


def test_it_refuses_a_login_without_a_password_as_a_validation_error(cast):
    response = Client().post("/api/tokens", {"username": "police_a"}, content_type="application/json")
    assert response.status_code == 422
    assert error_of(response)["fields"] == {"password": ["This field is required."]}


def test_it_locks_a_username_out_after_the_failure_limit_even_with_the_right_password(cast, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert log_in("police_a", "guess").status_code == 401
    last_failure = log_in("police_a", "guess")
    assert last_failure.status_code == 403
    assert last_failure["Content-Type"] == "application/json"
    assert "Too many failed logins" in error_of(last_failure)["message"]
    locked = log_in("police_a", PASSWORD)
    assert locked.status_code == 403
    assert error_of(locked)["code"] == "permission_denied"
    assert not ApiToken.objects.exists()


def test_it_answers_401_without_a_token_or_with_an_unknown_one(cast):
    for client in (Client(), ApiClient("tc_made-up")):
        response = client.get("/api/me")
        assert response.status_code == 401
        assert error_of(response)["code"] == "unauthenticated"


def test_a_revoked_token_gets_401(cast):
    client = ApiClient(token_for(cast.police_officer))
    response = client.delete("/api/tokens/current")
    assert response.status_code == 204
    assert ApiToken.objects.get().revoked_at is not None
    assert AuditEvent.objects.filter(action="update", object_type="api.apitoken", channel="api").exists()
    assert client.get("/api/me").status_code == 401


def test_an_expired_token_gets_401(cast):
    client = ApiClient(token_for(cast.police_officer))
    ApiToken.objects.update(expires=timezone.now() - timedelta(seconds=1))
    response = client.get("/api/me")
    assert response.status_code == 401
    assert error_of(response)["code"] == "unauthenticated"


def test_a_deactivated_users_token_gets_401(cast):
    client = ApiClient(token_for(cast.police_officer))
    cast.police_officer.is_active = False
    cast.police_officer.save(update_fields=["is_active"])
    assert client.get("/api/me").status_code == 401


def test_an_inactive_user_cannot_get_a_token(cast):
    cast.outsider.is_active = False
    cast.outsider.save(update_fields=["is_active"])
    assert log_in("police_b", PASSWORD).status_code == 401


def test_one_user_cannot_revoke_anothers_token(cast):
    mine = ApiClient(token_for(cast.police_officer))
    theirs = ApiClient(token_for(cast.outsider))
    assert theirs.delete("/api/tokens/current").status_code == 204
    assert mine.get("/api/me").status_code == 200


def test_bearer_endpoints_need_no_csrf_token(cast):
    token = token_for(cast.police_officer, client=Client(enforce_csrf_checks=True))
    strict = Client(enforce_csrf_checks=True, headers={"Authorization": f"Bearer {token}"})
    assert strict.delete("/api/tokens/current").status_code == 204
