"""/api/keys: keys for connected systems, with scopes, shown once, stored hashed, revocable, rate-limited."""

import json

from tests.api.conftest import ApiClient, error_of
from trackchild.audit.models import AuditEvent
from trackchild.cases.models import MissingReport
from trackchild.exchange.keys import hash_key
from trackchild.exchange.models import ApiKey


def create_key(client, scopes, name="CCTNS Bihar"):
    return client.post(
        "/api/keys", json.dumps({"name": name, "scopes": scopes}), content_type="application/json"
    )


def test_a_key_is_shown_once_and_stored_hashed(cast, api_as):
    response = create_key(api_as(cast.police_officer), ["missing_reports:read", "missing_reports:write"])
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["key"].startswith("tck_") and body["institution"] == "PS-A"
    stored = ApiKey.objects.get()
    assert stored.hash == hash_key(body["key"]) and body["key"] not in json.dumps(
        list(ApiKey.objects.values()), default=str
    )
    assert AuditEvent.objects.filter(
        action="create", object_type="exchange.apikey", actor=cast.police_officer
    ).exists()
    listed = api_as(cast.police_officer).get("/api/keys").json()
    assert [k["prefix"] for k in listed] == [stored.prefix] and "key" not in listed[0]


def test_a_read_only_key_cannot_write(cast, api_as):
    raw = create_key(api_as(cast.police_officer), ["missing_reports:read"]).json()["key"]
    response = ApiClient(raw).post("/api/batch/missing-reports", "[]", content_type="application/json")
    assert response.status_code == 403
    assert "missing_reports:write" in error_of(response)["message"]
    assert MissingReport.objects.count() == 0


def test_a_key_for_one_register_does_not_read_the_other(cast, api_as):
    raw = create_key(api_as(cast.cci_staff), ["found_children:write"]).json()["key"]
    response = ApiClient(raw).get("/api/changes")
    assert response.status_code == 200 and response.json()["results"] == []


def test_write_scopes_are_refused_to_roles_that_cannot_write(cast, api_as):
    response = create_key(api_as(cast.national_officer), ["missing_reports:write"])
    assert response.status_code == 422
    assert ApiKey.objects.count() == 0


def test_unknown_scopes_are_refused(cast, api_as):
    response = create_key(api_as(cast.police_officer), ["everything"])
    assert response.status_code == 422 and "scopes" in error_of(response)["fields"]


def test_a_revoked_key_stops_working_at_once(cast, api_as):
    client = api_as(cast.police_officer)
    created = create_key(client, ["missing_reports:read"]).json()
    assert ApiClient(created["key"]).get("/api/changes").status_code == 200
    assert client.delete(f"/api/keys/{created['id']}").status_code == 204
    assert ApiClient(created["key"]).get("/api/changes").status_code == 401
    assert AuditEvent.objects.filter(
        action="update", object_type="exchange.apikey", summary__fields=["revoked_at"]
    ).exists()


def test_the_outsider_cannot_revoke_someone_elses_key(cast, api_as):
    created = create_key(api_as(cast.police_officer), ["missing_reports:read"]).json()
    assert api_as(cast.outsider).delete(f"/api/keys/{created['id']}").status_code == 403
    assert ApiKey.objects.get().revoked_at is None


def test_a_key_cannot_create_keys(cast, api_as):
    raw = create_key(api_as(cast.police_officer), ["missing_reports:read"]).json()["key"]
    assert create_key(ApiClient(raw), ["missing_reports:read"]).status_code == 401


def test_requests_past_the_rate_limit_get_429_with_retry_after(cast, api_as, settings):
    settings.API_RATE_LIMIT_PER_MINUTE = 3
    from django.core.cache import cache

    cache.clear()
    raw = create_key(api_as(cast.police_officer), ["missing_reports:read"]).json()["key"]
    answers = [ApiClient(raw).get("/api/changes") for _ in range(4)]
    assert [a.status_code for a in answers] == [200, 200, 200, 429]
    assert error_of(answers[-1])["code"] == "rate_limited" and int(answers[-1]["Retry-After"]) >= 1
