"""/api/batch/missing-reports and /api/batch/found-children: upsert many records in one request.

Each item is keyed by its external key (FIR number at the caller's police station; admission number at a
CCI): an existing record is updated, never duplicated. Each item gets its own result; invalid items do not
stop the valid ones. With an `Idempotency-Key` header, a retried request returns the stored answer."""

import hashlib
import json

from django.core.exceptions import ValidationError
from django.http import HttpRequest, JsonResponse
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema
from pydantic import ValidationError as PydanticError

from trackchild.cases.bulk import Upsert
from trackchild.cases.services import WITHDRAWAL_REASON_MAX_LENGTH
from trackchild.exchange.batches import MAX_ITEMS, KeyReused, run_batch
from trackchild.exchange.models import Register

from .codes import resolve_codes
from .errors import error_response
from .exchange_auth import KeyOrToken, allows
from .schemas import (
    FOUND_CHILD_EXAMPLE,
    MISSING_REPORT_EXAMPLE,
    ErrorOut,
    FoundChildIn,
    MissingReportIn,
    StrictSchema,
)

router = Router(tags=["data exchange"], auth=KeyOrToken())


class WithdrawMissingReport(StrictSchema):
    fir_number: str = Field(..., min_length=1, max_length=40)
    withdraw_reason: str = Field(..., min_length=1, max_length=WITHDRAWAL_REASON_MAX_LENGTH)


class FoundChildBatchIn(FoundChildIn):
    admission_number: str = Field(
        ..., min_length=1, max_length=60, description="With the CCI, the child's key"
    )


class WithdrawFoundChild(StrictSchema):
    admission_number: str = Field(..., min_length=1, max_length=60)
    cci: str | None = Field(None, max_length=40)
    withdraw_reason: str = Field(..., min_length=1, max_length=WITHDRAWAL_REASON_MAX_LENGTH)


class ItemResult(Schema):
    index: int = Field(description="Position of the item in the request, from 0")
    outcome: str = Field(
        description="created, updated, unchanged, withdrawn or invalid", examples=["created"]
    )
    id: int | None
    version: int | None
    errors: dict[str, list[str]]


class BatchOut(Schema):
    counts: dict[str, int] = Field(examples=[{"created": 2, "unchanged": 1, "invalid": 1}])
    results: list[ItemResult]


def _body_doc(schema: str, example: dict, withdraw: dict) -> dict:
    return {
        "requestBody": {
            "required": True,
            "content": {
                "application/json": {
                    "schema": {
                        "type": "array",
                        "maxItems": MAX_ITEMS,
                        "items": {"$ref": f"#/components/schemas/{schema}"},
                    },
                    "example": [example, withdraw],
                }
            },
        },
        "parameters": [
            {
                "in": "header",
                "name": "Idempotency-Key",
                "required": False,
                "schema": {"type": "string", "maxLength": 100},
                "description": "A unique value per batch (e.g. a UUID); a retry with the same key and "
                "body returns the first answer and writes nothing.",
            }
        ],
    }


RESPONSES = {200: BatchOut, 401: ErrorOut, 403: ErrorOut, 409: ErrorOut, 422: ErrorOut, 429: ErrorOut}


@router.post(
    "/batch/missing-reports",
    response=RESPONSES,
    url_name="batch-missing-reports",
    openapi_extra=_body_doc(
        "MissingReportIn",
        MISSING_REPORT_EXAMPLE,
        {"fir_number": "FIR-77/2026", "withdraw_reason": "Registered twice"},
    ),
)
def batch_missing_reports(request: HttpRequest):
    """File or update up to 500 missing reports at your police station (scope `missing_reports:write`). An
    item with `withdraw_reason` (and its `fir_number`) closes that report instead."""
    return _batch(request, Register.MISSING_REPORTS)


@router.post(
    "/batch/found-children",
    response=RESPONSES,
    url_name="batch-found-children",
    openapi_extra=_body_doc(
        "FoundChildIn",
        {**FOUND_CHILD_EXAMPLE, "cci": "CCI-A", "admission_number": "ADM-2026-041"},
        {"admission_number": "ADM-2026-007", "cci": "CCI-A", "withdraw_reason": "Registered twice"},
    ),
)
def batch_found_children(request: HttpRequest):
    """Register or update up to 500 found children (scope `found_children:write`), keyed by `cci` and
    `admission_number` (both required; a CCI's own key may leave out `cci`). An item with `withdraw_reason`
    withdraws that record instead."""
    return _batch(request, Register.FOUND_CHILDREN)


def _batch(request: HttpRequest, register: str):
    if not allows(request, register, "write"):
        return error_response(
            403, "permission_denied", _("This API key has no %(s)s scope.") % {"s": f"{register}:write"}
        )
    key = request.headers.get("Idempotency-Key", "").strip()
    if len(key) > 100:
        return error_response(
            422, "validation_error", _("The Idempotency-Key is longer than 100 characters.")
        )
    try:
        items = json.loads(request.body or b"null")
    except (ValueError, UnicodeDecodeError):
        return error_response(400, "bad_request", _("The request body is not valid JSON."))
    if not isinstance(items, list) or not items:
        return error_response(422, "validation_error", _("Send a JSON array of records (at least one)."))
    if len(items) > MAX_ITEMS:
        return error_response(
            422, "validation_error", _("At most %(n)d records per request.") % {"n": MAX_ITEMS}
        )
    parsed = [_parse(item, register, request.auth) for item in items]
    digest = hashlib.sha256(request.body).hexdigest()
    try:
        status, body, replayed = run_batch(
            actor=request.auth,
            credential=request.credential,
            register=register,
            parsed=parsed,
            idempotency_key=key,
            request_hash=digest,
        )
    except KeyReused:
        return error_response(
            409, "conflict", _("This Idempotency-Key was used before with a different body.")
        )
    response = JsonResponse(body, status=status)
    if replayed:
        response["Idempotent-Replayed"] = "true"
    return response


def _parse(item, register: str, user) -> Upsert | dict:
    if not isinstance(item, dict):
        return {"__all__": [_("Each record must be a JSON object.")]}
    withdraw = bool(item.get("withdraw_reason"))
    if register == Register.MISSING_REPORTS:
        schema = WithdrawMissingReport if withdraw else MissingReportIn
    else:
        schema = WithdrawFoundChild if withdraw else FoundChildBatchIn
    try:
        data = schema.model_validate(item).model_dump()
    except PydanticError as error:
        fields: dict[str, list[str]] = {}
        for problem in error.errors():
            name = ".".join(str(part) for part in problem.get("loc", ())) or "__all__"
            kind = problem.get("type", "")
            message = (
                _("Unknown field.")
                if kind == "extra_forbidden"
                else _("This field is required.")
                if kind == "missing"
                else str(problem.get("msg", ""))
            )
            fields.setdefault(name, []).append(message)
        return fields
    reason = data.pop("withdraw_reason", "")
    try:
        data = resolve_codes(data, user=user)
    except ValidationError as error:
        return {field: [str(m) for m in messages] for field, messages in error.message_dict.items()}
    return Upsert(data=data, withdraw_reason=reason)
