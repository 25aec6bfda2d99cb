"""GET /api/institutions: the institutions within the caller's jurisdiction."""

from tests.api.conftest import error_of


def codes(response) -> set[str]:
    assert response.status_code == 200, response.content
    return {row["code"] for row in response.json()["results"]}


def test_a_district_officer_sees_the_districts_institutions_by_code(cast, api_as):
    response = api_as(cast.district_officer).get("/api/institutions")
    assert codes(response) == {"PS-A", "CWC-A", "CCI-A", "JJB-A"}
    cci = next(row for row in response.json()["results"] if row["code"] == "CCI-A")
    assert cci["district"] == cast.district_a.lgd_code and cci["state"] == cast.district_a.state.lgd_code
    assert cci["capacity"] == 50


def test_it_filters_by_kind_and_district(cast, api_as):
    client = api_as(cast.national_officer)
    assert codes(client.get("/api/institutions", {"kind": "cwc"})) == {"CWC-A"}
    assert codes(client.get("/api/institutions", {"district": cast.district_b.lgd_code})) == {"PS-B"}


def test_an_institution_account_sees_only_its_own_institution(cast, api_as):
    assert codes(api_as(cast.cci_staff).get("/api/institutions")) == {"CCI-A"}


def test_the_outsider_sees_none_of_district_a(cast, api_as):
    assert codes(api_as(cast.outsider).get("/api/institutions")) == {"PS-B"}


def test_it_refuses_an_unknown_district_code_and_an_unknown_kind(cast, api_as):
    client = api_as(cast.national_officer)
    response = client.get("/api/institutions", {"district": 999999})
    assert response.status_code == 422
    assert error_of(response)["fields"] == {"district": ["No district has LGD code 999999."]}
    response = client.get("/api/institutions", {"kind": "school"})
    assert response.status_code == 422
    assert list(error_of(response)["fields"]) == ["kind"]
