"""/api/changes: what happened to the records you may see, after a cursor, so a police system can pull
status changes (a child traced, a record closed) back into its own register."""

from datetime import datetime

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from trackchild.exchange.changes import changes_visible_to
from trackchild.exchange.models import Register

from .exchange_auth import KeyOrToken, allows
from .registers import refuse_unknown_parameters
from .schemas import ErrorOut, TextSchema

router = Router(tags=["data exchange"], auth=KeyOrToken())


class ChangeFilters(TextSchema):
    since: int = Field(0, ge=0, description="The `next` cursor of your last call; 0 for everything")
    limit: int = Field(100, ge=1, le=1000)
    register_name: Register | None = Field(None, description="Only one register")


class ChangeOut(Schema):
    cursor: int
    register_name: str = Field(examples=["missing_reports"], description="missing_reports or found_children")
    id: int
    action: str = Field(description="create, update, status, photo or withdraw_photo", examples=["status"])
    at: datetime
    from_status: str | None = Field(examples=["reported"])
    to_status: str | None = Field(examples=["traced"])
    fields: list[str] = Field(description="Names of the fields changed (never their values)")
    record: dict = Field(
        description="The record's key, current status and version",
        examples=[{"fir_number": "FIR-101/2026", "police_station": "PS-A", "status": "traced", "version": 3}],
    )


class ChangesPage(Schema):
    results: list[ChangeOut]
    next: int = Field(description="Send as `since` next time")
    has_more: bool


@router.get(
    "/changes", response={200: ChangesPage, 401: ErrorOut, 422: ErrorOut, 429: ErrorOut}, url_name="changes"
)
def list_changes(request: HttpRequest, filters: Query[ChangeFilters]):
    """Changes to records in your jurisdiction after the `since` cursor, oldest first (scope `…:read` of each
    register). Keep the `next` cursor and call again; `has_more` says whether to call at once."""
    refuse_unknown_parameters(request, ChangeFilters)
    registers = [filters.register_name] if filters.register_name else list(Register.values)
    registers = [r for r in registers if allows(request, r, "read")]
    changes, cursor, more = changes_visible_to(
        request.auth, since=filters.since, limit=filters.limit, registers=registers
    )
    return {"results": changes, "next": cursor, "has_more": more}
