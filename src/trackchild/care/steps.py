"""The care pipeline as data: every step, the stages it may be taken in, the stage it leads to, who takes it,
and what must be recorded first. `services.record_step` refuses anything this table does not allow, and the
pages use `blockers` to say what is missing before a step can be taken.
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from trackchild.accounts.models import Role
from trackchild.cases.models import FoundChild
from trackchild.cases.rules import ADULT_AGE

from .models import Stage

S = Stage
F = FoundChild.Status
NO_CASE = ""  # a found child no CWC has yet ordered into a CCI through these pages

# Who takes a step: the child's own CCI or CWC, the district officer (DCPU) of a district that sees the child,
# or the institution a transfer or repatriation request waits on.
CCI, CWC, DCPU, RECEIVER = "cci", "cwc", "dcpu", "receiver"
TAKERS_LABEL = {
    CCI: gettext_lazy("the child's CCI"),
    CWC: gettext_lazy("the child's CWC"),
    DCPU: gettext_lazy("the district officer (DCPU)"),
    RECEIVER: gettext_lazy("the receiving institution"),
}

OPEN = frozenset({S.IN_CARE, S.TRANSFER_REQUESTED, S.REPATRIATION_REQUESTED, S.RESTORATION_ORDERED})
EVERY_OPEN = OPEN | {S.ORDERED, S.RESTORED, S.ABSCONDED, S.AFTERCARE_REFERRED}
FOLLOW_UP_MONTHS = {"follow_up_1": 1, "follow_up_3": 3, "follow_up_6": 6}
AFTERCARE_PLANNING_AGE = 17  # a referral is prepared in the year before the child turns 18


@dataclass(frozen=True)
class Step:
    name: str
    label: object  # the step's name on buttons and the timeline
    noun: object  # "a home verification": how a missing prerequisite is named
    from_stages: frozenset
    takers: frozenset
    to_stage: str | None = None  # None: the stage does not change
    needs_first: tuple = ()  # steps that must already be on the case
    child_status: str | None = (
        None  # the found child's status the step sets (through cases.services.set_status)
    )
    needs_order: bool = False
    min_age: int | None = None
    answers_request: bool = False  # taken from the receiving side's incoming list, not the child's page


def _step(name, label, noun, from_stages, takers, **kwargs) -> Step:
    return Step(name, label, noun, frozenset(from_stages), frozenset(takers), **kwargs)


# fmt: off
STEPS: dict[str, Step] = {s.name: s for s in [
    _step("admission_order", gettext_lazy("CWC order to admit to a CCI"), gettext_lazy("an admission order"),
          {NO_CASE, S.ORDERED}, {CWC}, to_stage=S.ORDERED, needs_order=True),
    _step("admission", gettext_lazy("Admission by the CCI"), gettext_lazy("the CCI's admission"),
          {S.ORDERED}, {CCI}, to_stage=S.IN_CARE),
    _step("care_plan", gettext_lazy("Individual care plan"), gettext_lazy("an individual care plan"),
          OPEN, {CCI}),
    _step("progress_report", gettext_lazy("Progress report"), gettext_lazy("a progress report"),
          OPEN, {CCI}, needs_first=("care_plan",)),
    _step("cwc_hearing", gettext_lazy("CWC hearing"), gettext_lazy("a CWC hearing"), EVERY_OPEN, {CWC}),
    _step("cwc_order", gettext_lazy("CWC order"), gettext_lazy("a CWC order"), EVERY_OPEN, {CWC},
          needs_order=True),
    _step("transfer_request", gettext_lazy("Transfer to another CCI"), gettext_lazy("a transfer request"),
          {S.IN_CARE}, {CCI, CWC}, to_stage=S.TRANSFER_REQUESTED, needs_order=True),
    _step("transfer_accept", gettext_lazy("Transfer accepted"), gettext_lazy("the transfer's acceptance"),
          {S.TRANSFER_REQUESTED}, {RECEIVER}, to_stage=S.IN_CARE, answers_request=True),
    _step("transfer_decline", gettext_lazy("Transfer declined"), gettext_lazy("the transfer's refusal"),
          {S.TRANSFER_REQUESTED}, {RECEIVER}, to_stage=S.IN_CARE, answers_request=True),
    _step("repatriation_request", gettext_lazy("Repatriation to the home state"),
          gettext_lazy("a repatriation request"), {S.IN_CARE}, {CWC}, to_stage=S.REPATRIATION_REQUESTED,
          needs_order=True),
    _step("request_withdrawn", gettext_lazy("Request withdrawn"), gettext_lazy("the request's withdrawal"),
          {S.TRANSFER_REQUESTED, S.REPATRIATION_REQUESTED}, {CCI, CWC}, to_stage=S.IN_CARE),
    _step("interpreter_request", gettext_lazy("Interpreter requested"),
          gettext_lazy("an interpreter request"), {S.ORDERED, *OPEN}, {CCI, CWC}),
    _step("repatriation_accept", gettext_lazy("Repatriation accepted by the home state's CWC"),
          gettext_lazy("the repatriation's acceptance"), {S.REPATRIATION_REQUESTED}, {RECEIVER},
          to_stage=S.ORDERED, needs_order=True, answers_request=True),
    _step("repatriation_decline", gettext_lazy("Repatriation declined"),
          gettext_lazy("the repatriation's refusal"), {S.REPATRIATION_REQUESTED}, {RECEIVER},
          to_stage=S.IN_CARE, answers_request=True),
    _step("home_verification", gettext_lazy("Home verification"), gettext_lazy("a home verification"),
          {S.IN_CARE}, {CCI, CWC, DCPU}),
    _step("social_investigation", gettext_lazy("Social investigation report"),
          gettext_lazy("a social investigation report"), {S.IN_CARE}, {CCI, CWC, DCPU}),
    _step("restoration_order", gettext_lazy("Restoration order"), gettext_lazy("a restoration order"),
          {S.IN_CARE}, {CWC}, to_stage=S.RESTORATION_ORDERED, needs_order=True,
          needs_first=("home_verification", "social_investigation"), child_status=F.RESTORATION_IN_PROGRESS),
    _step("handover", gettext_lazy("Hand-over to the family"), gettext_lazy("the hand-over"),
          {S.RESTORATION_ORDERED}, {CCI}, to_stage=S.RESTORED, child_status=F.RESTORED),
    _step("follow_up_1", gettext_lazy("Follow-up visit after 1 month"), gettext_lazy("the 1-month follow-up"),
          {S.RESTORED}, {CCI, CWC, DCPU}),
    _step("follow_up_3", gettext_lazy("Follow-up visit after 3 months"),
          gettext_lazy("the 3-month follow-up"), {S.RESTORED}, {CCI, CWC, DCPU}),
    _step("follow_up_6", gettext_lazy("Follow-up visit after 6 months"),
          gettext_lazy("the 6-month follow-up"), {S.RESTORED}, {CCI, CWC, DCPU}),
    _step("case_closed", gettext_lazy("Case closed: settled at home"), gettext_lazy("the closure"),
          {S.RESTORED}, {CWC, DCPU}, to_stage=S.CLOSED, needs_first=("follow_up_6",)),
    _step("absconding", gettext_lazy("Absconded"), gettext_lazy("the absconding"),
          {S.ORDERED, *OPEN}, {CCI}, to_stage=S.ABSCONDED, child_status=F.ABSCONDED),
    _step("return_to_care", gettext_lazy("Back in care"), gettext_lazy("the return"),
          {S.ABSCONDED}, {CCI, CWC}, to_stage=S.IN_CARE, child_status=F.IN_CARE),
    _step("aftercare_referral", gettext_lazy("Aftercare referral"), gettext_lazy("an aftercare referral"),
          {S.IN_CARE}, {CCI, CWC}, to_stage=S.AFTERCARE_REFERRED, min_age=AFTERCARE_PLANNING_AGE),
    _step("aged_out", gettext_lazy("Closure at 18, into aftercare"), gettext_lazy("the closure at 18"),
          {S.AFTERCARE_REFERRED}, {CWC, CCI}, to_stage=S.CLOSED, needs_first=("aftercare_referral",),
          child_status=F.AGED_OUT, min_age=ADULT_AGE),
]}
# fmt: on


# Steps whose request moves the child to another institution, and the answers the receiving side may give.
REQUESTS = {
    "transfer_request": ("transfer_accept", "transfer_decline"),
    "repatriation_request": ("repatriation_accept", "repatriation_decline"),
}


class StepNotAllowed(Exception):
    """The step cannot be taken now; `reasons` say why, in words for the page."""

    def __init__(self, reasons: list[str]):
        self.reasons = reasons
        super().__init__(" ".join(reasons))


def _join(nouns: list) -> str:
    nouns = [str(n) for n in nouns]
    if len(nouns) == 1:
        return nouns[0]
    return _("%(first)s and %(last)s") % {"first": ", ".join(nouns[:-1]), "last": nouns[-1]}


def blockers(step: Step, *, stage: str, recorded: set[str], age: int | None) -> list[str]:
    """What stands between the case and this step (empty: it may be taken), whoever is asking."""
    reasons = []
    if stage not in step.from_stages:
        reasons.append(
            _("%(step)s cannot be recorded while the case is “%(stage)s”.")
            % {"step": step.label, "stage": dict(Stage.choices).get(stage, _("not yet admitted"))}
        )
    missing = [STEPS[name].noun for name in step.needs_first if name not in recorded]
    if missing:
        reasons.append(
            _("%(step)s needs %(missing)s first.") % {"step": step.label, "missing": _join(missing)}
        )
    if step.min_age is not None and (age is None or age < step.min_age):
        reasons.append(
            _("%(step)s is possible from age %(min)d; the child's recorded age is %(age)s.")
            % {"step": step.label, "min": step.min_age, "age": age if age is not None else _("not known")}
        )
    return reasons


def takers_of(user, child, case) -> set[str]:
    """Which of the step takers the user is for this child (the selector has already scoped the child)."""
    takers = set()
    if user.role == Role.CCI_STAFF and child.cci_id and user.institution_id == child.cci_id:
        takers.add(CCI)
    if user.role == Role.CWC_MEMBER and (child.cwc_id is None or user.institution_id == child.cwc_id):
        takers.add(CWC)
    if user.role == Role.DISTRICT_OFFICER:
        takers.add(DCPU)
    if case is not None and case.pending_with_id and user.institution_id == case.pending_with_id:
        takers.add(RECEIVER)
    return takers
