"""Every error the API returns has one shape:

    {"error": {"code": "...", "message": "...", "fields": {"field": ["message", ...]}}}

Status codes: 400 bad_request (unparsable body), 401 unauthenticated, 403 permission_denied, 404 not_found
(also for records outside the user's jurisdiction, so their existence is not revealed), 409 conflict (stale
version), transition_not_allowed and already_withdrawn (a photo), 422 validation_error (schema and domain rules alike).
"""

import logging

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import HttpError
from ninja.errors import ValidationError as SchemaValidationError

from trackchild.cases.services import PhotoAlreadyWithdrawn
from trackchild.cases.statuses import TransitionNotAllowed
from trackchild.concurrency import StaleRecord

logger = logging.getLogger(__name__)

CODE_FOR_STATUS = {
    400: "bad_request",
    401: "unauthenticated",
    403: "permission_denied",
    404: "not_found",
    405: "bad_request",
    409: "conflict",
    422: "validation_error",
}
# Where ninja puts a parameter in an error's location, before the field name.
PARAMETER_SOURCES = {"body", "query", "path", "form", "file", "header", "cookie"}


try:
    from ninja import Status
except ImportError:  # older django-ninja releases take a (status, body) tuple instead

    def Status(status_code: int, value):  # type: ignore[no-redef]
        return status_code, value


def error_body(code: str, message: str, fields: dict[str, list[str]] | None = None) -> dict:
    return {"error": {"code": code, "message": message, "fields": fields or {}}}


def error_response(status: int, code: str, message: str, fields: dict | None = None) -> HttpResponse:
    return JsonResponse(error_body(code, message, fields), status=status)


def install_error_handlers(api: NinjaAPI) -> None:
    api.add_exception_handler(SchemaValidationError, _schema_error)
    api.add_exception_handler(DjangoValidationError, _domain_error)
    api.add_exception_handler(HttpError, _http_error)
    api.add_exception_handler(Http404, _not_found)
    api.add_exception_handler(PermissionDenied, _permission_denied)
    api.add_exception_handler(StaleRecord, _stale)
    api.add_exception_handler(TransitionNotAllowed, _transition)
    api.add_exception_handler(PhotoAlreadyWithdrawn, _already_withdrawn)
    api.add_exception_handler(Exception, _unexpected)


def _schema_error(request: HttpRequest, exc: SchemaValidationError) -> HttpResponse:
    fields: dict[str, list[str]] = {}
    for error in exc.errors:
        fields.setdefault(_field_name(error), []).append(_message(error))
    return error_response(422, "validation_error", _("Some fields are missing or invalid."), fields)


def _field_name(error: dict) -> str:
    loc = [str(part) for part in error.get("loc", ())]
    if loc and loc[0] in PARAMETER_SOURCES:
        source = loc.pop(0)
        # Bodies and query schemas are nested under the view's parameter name ("payload", "filters").
        if source in {"body", "query", "form"} and len(loc) > 1:
            loc.pop(0)
        elif source == "body":
            return "__all__"  # the body as a whole: missing, or not a JSON object
    return ".".join(loc) or "__all__"


def _message(error: dict) -> str:
    kind = error.get("type", "")
    if kind == "extra_forbidden":
        return _("Unknown field.")
    if kind == "missing" or (kind == "string_too_short" and error.get("ctx", {}).get("min_length") == 1):
        return _("This field is required.")
    return str(error.get("msg", _("Invalid value.")))


def _domain_error(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
    if hasattr(exc, "error_dict"):
        fields = {field: [str(m) for m in messages] for field, messages in exc.message_dict.items()}
    else:
        fields = {"__all__": [str(m) for m in exc.messages]}
    return error_response(422, "validation_error", _("The record was not saved; see the fields."), fields)


def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    code = CODE_FOR_STATUS.get(exc.status_code, "bad_request")
    message = str(exc)
    if exc.status_code == 401:
        message = _("Send a valid API token: 'Authorization: Bearer <token>' (POST /api/tokens gives one).")
    elif exc.status_code == 400 and message.startswith("Cannot parse request body"):
        message = _("The request body is not valid JSON.")
    return error_response(exc.status_code, code, message)


def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return error_response(404, "not_found", _("There is no such record, or it is outside your jurisdiction."))


def _permission_denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return error_response(403, "permission_denied", str(exc) or _("Your role may not do this."))


def _stale(request: HttpRequest, exc: StaleRecord) -> HttpResponse:
    message = _(
        "Someone else changed this record after you read it (it is now at version %(version)d). Nothing was "
        "saved: read the record again, and repeat your change with the new version."
    ) % {"version": exc.record.version}
    return error_response(409, "conflict", message, {"version": [_("This is not the current version.")]})


def _transition(request: HttpRequest, exc: TransitionNotAllowed) -> HttpResponse:
    return error_response(409, "transition_not_allowed", str(exc), {"to_status": [str(exc)]})


def _already_withdrawn(request: HttpRequest, exc: PhotoAlreadyWithdrawn) -> HttpResponse:
    return error_response(409, "already_withdrawn", str(exc))


def _unexpected(request: HttpRequest, exc: Exception) -> HttpResponse:
    # Logged without the request body: it may hold a child's name or photo.
    logger.exception("API error on %s %s", request.method, request.path)
    return error_response(500, "server_error", _("Something went wrong on the server; it has been logged."))
