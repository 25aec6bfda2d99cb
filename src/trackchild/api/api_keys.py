"""/api/keys: API keys for connected systems (a state's CCTNS, a CCI's software), created with a user token."""

from datetime import datetime

from django.http import HttpRequest, HttpResponse
from ninja import Field, Router, Schema

from trackchild.exchange.keys import SCOPES, issue_api_key, keys_of, revoke_api_key

from .errors import Status
from .schemas import ErrorOut, StrictSchema

router = Router(tags=["data exchange"])


class ApiKeyIn(StrictSchema):
    model_config = {
        "extra": "forbid",
        "str_strip_whitespace": True,
        "json_schema_extra": {
            "example": {
                "name": "CCTNS Bihar sync",
                "scopes": ["missing_reports:read", "missing_reports:write"],
            }
        },
    }
    name: str = Field(..., min_length=1, max_length=100, description="What the key is for")
    scopes: list[str] = Field(..., min_length=1, description=f"Some of: {', '.join(SCOPES)}")


class ApiKeyOut(Schema):
    id: int
    name: str
    prefix: str = Field(description="The key's first characters, to recognise it")
    scopes: list[str]
    institution: str | None
    created: datetime
    last_used: datetime | None
    revoked_at: datetime | None

    @staticmethod
    def resolve_institution(obj) -> str | None:
        return obj.institution.code if obj.institution_id else None


class ApiKeyCreated(ApiKeyOut):
    key: str = Field(description="Shown once: only its hash is stored.", examples=["tck_Zm9v…"])


@router.post(
    "/keys",
    response={201: ApiKeyCreated, 401: ErrorOut, 403: ErrorOut, 422: ErrorOut},
    url_name="api-keys-create",
)
def create_api_key(request: HttpRequest, payload: ApiKeyIn):
    """Create a key that acts as your account, within your jurisdiction, for the chosen scopes only. Send it as
    `Authorization: Bearer tck_…` to the registers' endpoints (/api/missing-reports…, /api/found-children…:
    `…:read` to list and read, `…:write` to create, change, change status and add photos), /api/batch/…,
    /api/changes, /api/me and /api/institutions. It cannot create keys or tokens. The key is shown in this
    answer only."""
    key, raw = issue_api_key(actor=request.auth, name=payload.name, scopes=payload.scopes)
    key.key = raw
    return Status(201, key)


@router.get("/keys", response={200: list[ApiKeyOut], 401: ErrorOut}, url_name="api-keys-list")
def list_api_keys(request: HttpRequest):
    """Your keys, newest first (never the keys themselves)."""
    return list(keys_of(request.auth).select_related("institution"))


@router.delete(
    "/keys/{int:key_id}", response={204: None, 401: ErrorOut, 403: ErrorOut}, url_name="api-keys-revoke"
)
def revoke_key(request: HttpRequest, key_id: int):
    """Revoke one of your keys: it stops working at once."""
    revoke_api_key(actor=request.auth, key_id=key_id)
    return HttpResponse(status=204)
