"""/api/openapi.json and /api/docs, and the error shape of addresses and methods the API does not have."""

import json
import re

from django.test import Client

from tests.api.conftest import error_of

PATHS = {
    "/api/tokens",
    "/api/tokens/current",
    "/api/me",
    "/api/institutions",
    "/api/missing-reports",
    "/api/missing-reports/{report_id}",
    "/api/missing-reports/{report_id}/status",
    "/api/missing-reports/{report_id}/photos",
    "/api/missing-reports/{report_id}/photos/{photo_id}/withdraw",
    "/api/found-children",
    "/api/found-children/{child_id}",
    "/api/found-children/{child_id}/status",
    "/api/found-children/{child_id}/photos",
    "/api/found-children/{child_id}/photos/{photo_id}/withdraw",
    "/api/keys",
    "/api/keys/{key_id}",
    "/api/batch/missing-reports",
    "/api/batch/found-children",
    "/api/changes",
    "/api/candidates",
    "/api/candidates/{candidate_id}",
    "/api/candidates/{candidate_id}/decision",
}


def test_the_openapi_document_is_valid_json_listing_every_path(db):
    response = Client().get("/api/openapi.json")
    assert response.status_code == 200
    document = json.loads(response.content)
    assert document["openapi"].startswith("3.")
    assert set(document["paths"]) == PATHS
    assert document["components"]["securitySchemes"]["BearerToken"]["scheme"] == "bearer"


def test_the_main_schemas_carry_examples(db):
    schemas = Client().get("/api/openapi.json").json()["components"]["schemas"]
    for name in (
        "MissingReportIn",
        "FoundChildIn",
        "MissingReportPatch",
        "StatusChangeIn",
        "TokenIn",
        "PhotoWithdrawIn",
    ):
        assert "example" in schemas[name], name
    assert schemas["MissingReportIn"]["additionalProperties"] is False


def test_the_docs_page_loads_nothing_from_another_site(db):
    response = Client().get("/api/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assert "swagger-ui-bundle.js" in html
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", html), html
    swagger_settings = re.search(r'id="swagger-settings">(.*?)</script>', html, re.S).group(1)
    assert json.loads(swagger_settings)["validatorUrl"] is None  # no call to validator.swagger.io


def test_an_unknown_api_address_gets_a_json_404(db):
    response = Client().get("/api/no-such-thing")
    assert response.status_code == 404
    assert error_of(response)["code"] == "not_found"


def test_a_method_an_endpoint_does_not_take_gets_a_json_405(cast, api_as, missing_report):
    response = api_as(cast.police_officer).put(f"/api/missing-reports/{missing_report.pk}")
    assert response.status_code == 405
    assert "PATCH" in response["Allow"]
    assert error_of(response)["code"] == "bad_request"
