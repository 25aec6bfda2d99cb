"""GET /api/me: the caller's role and jurisdiction."""

from django.test import Client

from tests.api.conftest import error_of


def test_it_tells_a_police_officer_their_station(cast, api_as):
    response = api_as(cast.police_officer).get("/api/me")
    assert response.status_code == 200
    body = response.json()
    assert body["role"] == "police_officer" and body["level"] == "institution"
    assert body["institution"] == {
        "code": "PS-A",
        "name": cast.police_station_a.name,
        "kind": "police_station",
    }
    assert body["district"] is None and body["state"] is None


def test_it_tells_a_district_officer_their_district_by_lgd_code(cast, api_as):
    body = api_as(cast.district_officer).get("/api/me").json()
    assert body["level"] == "district"
    assert body["district"] == {"lgd_code": cast.district_a.lgd_code, "name": "Patna"}


def test_it_tells_the_outsider_only_about_themselves(cast, api_as):
    body = api_as(cast.outsider).get("/api/me").json()
    assert body["username"] == "police_b"
    assert body["institution"]["code"] == "PS-B"


def test_it_needs_a_token(cast):
    response = Client().get("/api/me")
    assert response.status_code == 401
    assert error_of(response)["code"] == "unauthenticated"
