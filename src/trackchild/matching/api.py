"""/api/candidates: possible matches in the caller's view, and decisions on them (same services as the pages)."""

from datetime import date, datetime
from typing import Literal

from django.http import HttpRequest
from ninja import Query, Router, Schema

from trackchild.api.errors import Status
from trackchild.api.schemas import ErrorOut

from . import selectors, services
from .models import Candidate

router = Router(tags=["matching"])
ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}


class ContributionOut(Schema):
    field: str
    level: str
    weight: float
    description: str


class CandidateOut(Schema):
    id: int
    missing_report_id: int
    found_child_id: int
    score: float
    band: str
    status: str
    explanation: list[ContributionOut]
    engine_version: str
    computed_at: datetime
    created_at: datetime
    reason: str
    verify_due: date | None
    version: int


class CandidateFilters(Schema):
    status: Literal["open", "pending", "verifying", "confirmed", "rejected"] = "open"
    order: Literal["score", "waiting"] = "score"
    limit: int = 50


class DecisionIn(Schema):
    decision: Literal["confirm", "reject", "verify", "undo"]
    version: int
    reason: str = ""


@router.get("/candidates", response={200: list[CandidateOut], 401: ErrorOut}, url_name="candidates-list")
def list_candidates(request: HttpRequest, filters: Query[CandidateFilters]):
    """Candidates in your view (records of your institution or jurisdiction), best first or longest waiting."""
    if filters.status == "open":
        rows = selectors.review_queue(request.auth, order=filters.order)
    else:
        rows = (
            selectors.candidates_visible_to(request.auth)
            .filter(status=filters.status)
            .order_by("-score", "pk")
        )
    return list(rows[: max(1, min(filters.limit, 200))])


@router.get(
    "/candidates/{int:candidate_id}", response={200: CandidateOut, **ERRORS}, url_name="candidates-detail"
)
def get_candidate(request: HttpRequest, candidate_id: int):
    """One candidate with its per-field explanation. Reading it is audited."""
    return selectors.get_candidate(request.auth, candidate_id)


@router.post(
    "/candidates/{int:candidate_id}/decision",
    response={200: CandidateOut, **ERRORS},
    url_name="candidates-decision",
)
def decide_candidate(request: HttpRequest, candidate_id: int, payload: DecisionIn):
    """Confirm, reject (with a reason), ask for a verification, or (district officers) undo a confirmation.
    Send the candidate's `version`: if it changed since you read it, you get 409."""
    selectors.get_candidate(request.auth, candidate_id, for_write=True)
    actions = {
        "confirm": services.confirm_candidate,
        "reject": services.reject_candidate,
        "verify": services.ask_verification,
        "undo": services.undo_confirmation,
    }
    extra = {"reason": payload.reason} if payload.decision in ("reject", "undo") else {}
    if payload.decision == "verify":
        extra = {"note": payload.reason}
    candidate: Candidate = actions[payload.decision](
        actor=request.auth, candidate_id=candidate_id, expected_version=payload.version, **extra
    )
    return Status(200, candidate)
