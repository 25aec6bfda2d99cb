"""What the care tests share: a second State/UT with its own CWC, CCI and police station, and steps taken
through the real services."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.utils import timezone

from tests.conftest import district, found_child_data, make_account, make_institution


@dataclass
class OtherState:
    district: object
    cwc: object
    cci: object
    police_station: object
    cwc_member: object
    cci_staff: object
    police_officer: object


def make_other_state() -> OtherState:
    """Jharkhand (Ranchi): where a child found in Patna comes from, or moves to."""
    ranchi = district("Jharkhand", "Ranchi", 20, 364)
    cwc, cci = make_institution("CWC-R", "cwc", ranchi), make_institution("CCI-R", "cci", ranchi)
    ps = make_institution("PS-R", "police_station", ranchi)
    return OtherState(
        district=ranchi,
        cwc=cwc,
        cci=cci,
        police_station=ps,
        cwc_member=make_account("cwc_ranchi", "cwc_member", institution=cwc),
        cci_staff=make_account("cci_ranchi", "cci_staff", institution=cci),
        police_officer=make_account("police_ranchi", "police_officer", institution=ps),
    )


def days_ago(n: int) -> date:
    return timezone.localdate() - timedelta(days=n)


def new_child(cast, found_days_ago: int = 200, **overrides):
    from trackchild.cases.services import register_found_child

    return register_found_child(
        actor=cast.cwc_member, data=found_child_data(cast, found_on=days_ago(found_days_ago), **overrides)
    )


def step(actor, child, name: str, **data):
    """Take a step as `actor` on the child's current version; the date defaults to today."""
    from trackchild.care.services import record_step
    from trackchild.cases.models import FoundChild

    child = FoundChild.objects.get(pk=child.pk)
    data.setdefault("happened_on", timezone.localdate())
    attachments = data.pop("attachments", ())
    return record_step(
        actor=actor,
        child_id=child.pk,
        step=name,
        expected_version=child.version,
        data=data,
        attachments=attachments,
    )


def answer(actor, request_event, accept: bool = True, **data):
    from trackchild.care.services import answer_request
    from trackchild.cases.models import FoundChild

    child = FoundChild.objects.get(pk=request_event.case.found_child_id)
    data.setdefault("happened_on", timezone.localdate())
    return answer_request(
        actor=actor, event_id=request_event.pk, accept=accept, expected_version=child.version, data=data
    )


def admitted_child(cast, admitted_days_ago: int = 100, **overrides):
    """A child the CWC placed in CCI-A and the CCI admitted, `admitted_days_ago` days ago."""
    child = new_child(cast, found_days_ago=admitted_days_ago + 5, **overrides)
    when = days_ago(admitted_days_ago)
    step(
        cast.cwc_member, child, "admission_order", cci=cast.cci_a, order_number="CWC/PAT/1", happened_on=when
    )
    step(cast.cci_staff, child, "admission", admission_number=f"ADM-{child.pk}", happened_on=when)
    return child


PLAN = {
    "health": "Eye test",
    "education": "Class 5 at the government school",
    "responsible": "Case worker",
    "review_on": None,
}


# --- Browser helpers ----------------------------------------------------------------------------------------


def take_step_in_browser(page, child_pk: int, name: str, fields: dict, *, submit: str = "Record") -> None:
    """From the child's timeline, open a step by its link, fill the form (selects by visible label),
    submit."""
    page.goto(page.url.split("/care/")[0].split("/accounts/")[0].rstrip("/") + f"/care/{child_pk}/")
    page.click(f"a[href$='/care/{child_pk}/{name}/']")
    fill_form(page, fields)
    page.click(f"button:has-text('{submit}')")
    page.wait_for_url(f"**/care/{child_pk}/")


def fill_form(page, fields: dict) -> None:
    for field, value in fields.items():
        selector = f"main form [name={field}]"
        tag = page.eval_on_selector(selector, "e => e.tagName + ':' + (e.type || '')")
        if tag.startswith("SELECT"):
            page.select_option(selector, label=value)
        elif tag.endswith("checkbox"):
            page.check(selector) if value else page.uncheck(selector)
        elif tag.endswith("file"):
            page.set_input_files(selector, value)
        else:
            page.fill(selector, value.isoformat() if hasattr(value, "isoformat") else str(value))
