"""The HTTP API: one NinjaAPI, bearer-token authentication, JSON errors in one shape everywhere.

Endpoints parse input, check permission and raise every 4xx, then call one service: the same services the
pages use, so a rule cannot differ between the two.
"""

from functools import wraps

from django.http import HttpRequest
from django.urls import URLPattern
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Router, Swagger

from trackchild.matching import api as matching_api

from . import api_keys, batch, changes, exchange_auth, found_children, missing_reports, people, tokens
from .auth import BearerToken
from .errors import error_response, install_error_handlers

DESCRIPTION = """
TrackChild's HTTP API: the missing-children and found-children registers, for the same operations as the
portal's pages, within the caller's jurisdiction.

Authenticate with `POST /api/tokens`, then send `Authorization: Bearer <token>`. Errors always look like
`{"error": {"code": "...", "message": "...", "fields": {"field": ["message"]}}}`. Districts and states are
given by LGD code, institutions by their code. See docs/api.md.
"""


class TrackChildAPI(NinjaAPI):
    """NinjaAPI whose 405 answers (a known address, a method it does not take) have the common error shape."""

    def _get_urls(self) -> list:
        return [_json_405(url) if isinstance(url, URLPattern) else url for url in super()._get_urls()]


def _json_405(url: URLPattern) -> URLPattern:
    view = url.callback

    @wraps(view)
    def answer_405_as_json(request: HttpRequest, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if response.status_code != 405:
            return response
        allowed = response.get("Allow", "")
        message = _("This endpoint does not take %(method)s; it takes %(allowed)s.") % {
            "method": request.method,
            "allowed": allowed,
        }
        json_response = error_response(405, "bad_request", message)
        json_response["Allow"] = allowed
        return json_response

    return URLPattern(url.pattern, answer_405_as_json, url.default_args, url.name)


api = TrackChildAPI(
    title="TrackChild API",
    version="1",
    description=DESCRIPTION,
    auth=BearerToken(),
    # No validator badge: Swagger UI would otherwise send the schema's address to validator.swagger.io.
    docs=Swagger(settings={"validatorUrl": None}),
    urls_namespace="api",
)
install_error_handlers(api)
api.add_router("", tokens.router)
api.add_router("", people.router)
api.add_router("/missing-reports", missing_reports.router)
api.add_router("/found-children", found_children.router)
api.add_router("", api_keys.router)
api.add_router("", batch.router)
api.add_router("", changes.router)
api.add_router("", matching_api.router)
exchange_auth.install(api)

# Added last, so that it only catches what no endpoint above matched.
unknown = Router()


@unknown.api_operation(
    ["GET", "POST", "PUT", "PATCH", "DELETE"], "/{path:rest}", auth=None, include_in_schema=False
)
def unknown_endpoint(request: HttpRequest, rest: str):
    # Without this, an unknown /api/ address would get the site's HTML 404 page.
    return error_response(404, "not_found", _("There is no such API endpoint. See /api/docs."))


api.add_router("", unknown)
