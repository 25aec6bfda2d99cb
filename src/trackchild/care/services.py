"""Every write of the care pipeline. Each call is atomic, takes the acting user and the child's
`expected_version`, checks the step against `care.steps`, writes one `CareEvent`, and audits itself.

A step that ends or resumes the child's stay (restoration, absconding, return, turning 18) changes the found
child's status through `cases.services.set_status`, so the two registers' rules and history stay the only
ones.
"""

from collections.abc import Iterable
from datetime import date, datetime, time

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from trackchild.accounts.models import User
from trackchild.audit.services import record_event
from trackchild.cases import services as cases_services
from trackchild.cases.models import FoundChild, StatusChange
from trackchild.cases.selectors import found_children_visible_to
from trackchild.cases.services import PhotoUpload
from trackchild.cases.statuses import TransitionNotAllowed
from trackchild.concurrency import StaleRecord
from trackchild.registry.models import Institution

from .attachments import AttachmentUpload, clean_attachment
from .models import CareAttachment, CareCase, CareEvent, Stage
from .selectors import age_today
from .steps import NO_CASE, REQUESTS, STEPS, TAKERS_LABEL, Step, StepNotAllowed, blockers, takers_of

# The fields each step keeps in `CareEvent.details` (the form's names; labels live in care.presentation).
DETAIL_FIELDS = {
    "care_plan": [
        "health",
        "education",
        "emotional",
        "vocational",
        "leisure",
        "family_contact",
        "restoration_plan",
        "responsible",
    ],
    "progress_report": ["health", "schooling", "counselling", "skills", "behaviour", "family_contact"],
    "cwc_hearing": ["present"],
    "transfer_request": ["reason"],
    "repatriation_request": ["reason"],
    "interpreter_request": ["language"],
    "home_verification": ["visited_by", "findings", "recommends_restoration"],
    "social_investigation": ["prepared_by", "findings"],
    "restoration_order": ["restored_to", "relation"],
    "handover": ["received_by", "relation"],
    "follow_up_1": ["visited_by", "findings", "child_safe"],
    "follow_up_3": ["visited_by", "findings", "child_safe"],
    "follow_up_6": ["visited_by", "findings", "child_safe"],
    "absconding": ["absconded_at", "place_last_seen", "clothing"],
    "aftercare_referral": ["referred_to"],
}
NEEDS_NOTES = {
    "transfer_decline",
    "repatriation_decline",
    "request_withdrawn",
    "absconding",
    "return_to_care",
    "case_closed",
}


def record_step(
    *,
    actor: User,
    child_id: int,
    step: str,
    expected_version: int,
    data: dict,
    attachments: Iterable[AttachmentUpload] = (),
) -> CareEvent:
    """Take one step of the pipeline on a child the actor sees (answers to requests go through
    `answer_request`)."""
    definition = STEPS.get(step)
    if definition is None or definition.answers_request:
        raise StepNotAllowed([_("This is not a step that can be recorded here.")])
    files = [clean_attachment(upload) for upload in attachments]
    with transaction.atomic():
        child = _lock_child(found_children_visible_to(actor), child_id, expected_version, actor)
        case = CareCase.objects.select_for_update().filter(found_child=child).first()
        _check_allowed(definition, actor, child, case)
        _check_common(definition, child, data)
        if case is None:
            if child.status != FoundChild.Status.IN_CARE:
                raise StepNotAllowed([_("Only a child in care can be admitted to a CCI.")])
            case = CareCase.objects.create(found_child=child, stage=Stage.ORDERED)
        event = _new_event(definition, case, actor, data)
        child = HANDLERS.get(step, _no_effect)(actor=actor, child=child, case=case, event=event, data=data)
        _finish(definition, actor, child, case, event, files)
    return event


def answer_request(
    *, actor: User, event_id: int, accept: bool, expected_version: int, data: dict
) -> CareEvent:
    """The receiving CCI (transfer) or home state's CWC (repatriation) accepts or declines a pending request.
    Until it accepts it cannot see the child, so the child is locked here by the request, not by a
    selector."""
    with transaction.atomic():
        case = (
            CareCase.objects.select_for_update(of=("self",))
            .select_related("pending_event")
            .filter(pending_event_id=event_id)
            .first()
        )
        if case is None or case.pending_with_id is None or case.pending_with_id != actor.institution_id:
            raise PermissionDenied(_("This request is not waiting on your institution."))
        request = case.pending_event
        step = STEPS[REQUESTS[request.step][0 if accept else 1]]
        child = _lock_child(FoundChild.objects.all(), case.found_child_id, expected_version, actor)
        _check_allowed(step, actor, child, case)
        _check_common(step, child, data)
        event = _new_event(step, case, actor, data)
        event.counterpart = child.cci
        child = HANDLERS.get(step.name, _no_effect)(
            actor=actor, child=child, case=case, event=event, data=data
        )
        case.pending_with, case.pending_event = None, None
        _finish(step, actor, child, case, event, [], answered=request.pk)
    return event


# --- What every step shares ---------------------------------------------------------------------------------


def _lock_child(queryset, pk: int, expected_version: int, actor: User) -> FoundChild:
    if not cases_services.may_change_records(actor):
        raise PermissionDenied(_("Your role can read records but not change them."))
    child = queryset.select_for_update(of=("self",)).filter(pk=pk).first()
    if child is None:
        raise PermissionDenied(_("This record is not in your jurisdiction."))
    if child.version != expected_version:
        raise StaleRecord(child)
    return child


def _check_allowed(step: Step, actor: User, child: FoundChild, case: CareCase | None) -> None:
    if not takers_of(actor, child, case) & step.takers:
        who = ", ".join(str(TAKERS_LABEL[t]) for t in sorted(step.takers))
        raise PermissionDenied(_("%(step)s is recorded by %(who)s.") % {"step": step.label, "who": who})
    recorded = set(case.events.values_list("step", flat=True)) if case else set()
    reasons = blockers(step, stage=case.stage if case else NO_CASE, recorded=recorded, age=age_today(child))
    if reasons:
        raise StepNotAllowed(reasons)


def _check_common(step: Step, child: FoundChild, data: dict) -> None:
    errors: dict[str, list[str]] = {}
    on = data.get("happened_on")
    if not isinstance(on, date):
        errors["happened_on"] = [_("Give the date.")]
    elif on > timezone.localdate():
        errors["happened_on"] = [_("The date cannot be in the future.")]
    elif on < child.found_on:
        errors["happened_on"] = [_("The date cannot be before the child was found.")]
    if step.needs_order and not (data.get("order_number") or "").strip():
        errors["order_number"] = [_("Give the number of the CWC's order.")]
    if step.name in NEEDS_NOTES and not (data.get("notes") or "").strip():
        errors["notes"] = [_("Say what happened or why, in a few words.")]
    if errors:
        raise ValidationError(errors)


def _new_event(step: Step, case: CareCase, actor: User, data: dict) -> CareEvent:
    details = {}
    for name in DETAIL_FIELDS.get(step.name, []):
        value = data.get(name)
        if isinstance(value, datetime):
            value = timezone.localtime(value).isoformat(timespec="minutes")
        if value not in (None, ""):
            details[name] = value
    return CareEvent(
        case=case,
        step=step.name,
        happened_on=data["happened_on"],
        due_on=data.get("due_on"),
        order_number=(data.get("order_number") or "").strip(),
        notes=(data.get("notes") or "").strip(),
        details=details,
        institution=actor.institution,
        recorded_by=actor,
    )


def _finish(step: Step, actor, child, case, event, files, answered: int | None = None) -> None:
    if step.to_stage:
        case.stage = step.to_stage
    case.save()
    event.save()
    for clean in files:
        stored = CareAttachment(
            event=event,
            title=clean.title,
            extension=clean.extension,
            content_type=clean.content_type,
            size=len(clean.content),
            sha256=clean.sha256,
            uploaded_by=actor,
        )
        stored.file.save(f"{clean.sha256}.{clean.extension}", ContentFile(clean.content), save=False)
        stored.save()
    _bump(child)
    summary = {"step": step.name, "found_child": child.pk, "stage": case.stage, "attachments": len(files)}
    if answered:
        summary["answers"] = answered
    record_event("create", event, actor=actor, fields=event.details.keys(), **summary)


def _bump(child: FoundChild, fields: Iterable[str] = ()) -> None:
    child.version += 1
    child.save(update_fields=["version", "updated_at", *fields])


def _set_child_status(actor, child, event, to_status: str, order_number: str = "") -> FoundChild:
    """Through the registers' own service, so the found child's history and rules stay the only ones."""
    try:
        child = cases_services.set_status(
            actor=actor,
            record=child,
            to_status=to_status,
            expected_version=child.version,
            effective_on=event.happened_on,
            order_number=order_number,
            reason=event.notes,
        )
    except TransitionNotAllowed:
        # The register's status was changed on the found-child page, outside this pipeline.
        raise StepNotAllowed(
            [
                _(
                    "The found-child record's status is “%(status)s”, so this step cannot change it; "
                    "correct the record's status first."
                )
                % {"status": dict(FoundChild.Status.choices).get(child.status, child.status)}
            ]
        ) from None
    event.details["status_change"] = StatusChange.objects.filter(found_child=child).latest("id").pk
    return child


def _change_child(actor, child: FoundChild, **values) -> None:
    """Placement fields the care steps move (CCI, CWC, order, admission); audited as a change of the
    record."""
    for name, value in values.items():
        setattr(child, name, value)
    try:
        with transaction.atomic():
            _bump(child, values.keys())
    except IntegrityError as error:
        raise ValidationError(
            {"admission_number": [_("This CCI already has a child with this admission number.")]}
        ) from error
    record_event("update", child, actor=actor, fields=values.keys(), by_step=True)


def _no_effect(*, child, **kwargs) -> FoundChild:
    return child


# --- What particular steps do ------------------------------------------------------------------------------


def _admission_order(*, actor, child, case, event, data) -> FoundChild:
    cci = data.get("cci")
    if cci is None or cci.kind != Institution.Kind.CCI or not cci.is_active:
        raise ValidationError({"cci": [_("Choose a Child Care Institution.")]})
    if cci.district.state_id != actor.institution.district.state_id:
        raise ValidationError({"cci": [_("A CWC places a child in a CCI of its own State/UT.")]})
    event.counterpart = cci
    _change_child(
        actor,
        child,
        cci=cci,
        cwc=child.cwc or actor.institution,
        cwc_order_number=event.order_number,
        cwc_order_date=event.happened_on,
        admission_number="",
        admission_date=None,
    )
    return child


def _admission(*, actor, child, case, event, data) -> FoundChild:
    number = (data.get("admission_number") or "").strip()
    if not number:
        raise ValidationError({"admission_number": [_("Give the CCI's admission number.")]})
    event.details["admission_number"] = number
    _change_child(actor, child, admission_number=number, admission_date=event.happened_on)
    return child


def _care_plan(*, actor, child, case, event, data) -> FoundChild:
    event.due_on = data.get("review_on")
    if event.due_on and event.due_on <= event.happened_on:
        raise ValidationError({"review_on": [_("The review date must come after the plan's date.")]})
    case.progress_every_months = data.get("progress_every_months") or case.progress_every_months
    return child


def _transfer_request(*, actor, child, case, event, data) -> FoundChild:
    to_cci, to_cwc = data.get("to_cci"), data.get("to_cwc")
    errors = {}
    if to_cci is None or to_cci.kind != Institution.Kind.CCI or not to_cci.is_active:
        errors["to_cci"] = [_("Choose the Child Care Institution the child moves to.")]
    elif to_cci.pk == child.cci_id:
        errors["to_cci"] = [_("The child already lives in this CCI.")]
    elif to_cwc is None and child.cwc and to_cci.district_id != child.cwc.district_id:
        errors["to_cwc"] = [_("A CCI in another district needs the CWC that will take the child's case.")]
    if to_cwc is not None and (
        to_cwc.kind != Institution.Kind.CWC
        or not to_cci
        or to_cwc.district.state_id != to_cci.district.state_id
    ):
        errors["to_cwc"] = [_("Choose a CWC of the receiving CCI's State/UT.")]
    if errors:
        raise ValidationError(errors)
    event.counterpart = to_cci
    if to_cwc is not None:
        event.details["to_cwc"] = to_cwc.pk
    _wait_on(case, event, to_cci)
    return child


def _repatriation_request(*, actor, child, case, event, data) -> FoundChild:
    to_cwc = data.get("to_cwc")
    if to_cwc is None or to_cwc.kind != Institution.Kind.CWC or not to_cwc.is_active:
        raise ValidationError({"to_cwc": [_("Choose the home State/UT's CWC.")]})
    if child.cci and to_cwc.district.state_id == child.cci.district.state_id:
        raise ValidationError(
            {
                "to_cwc": [
                    _("Repatriation goes to another State/UT; within a State/UT, transfer the child instead.")
                ]
            }
        )
    event.counterpart = to_cwc
    _wait_on(case, event, to_cwc)
    return child


def _wait_on(case, event, institution) -> None:
    event.save()  # the case points at the request
    case.pending_with, case.pending_event = institution, event


def _transfer_accept(*, actor, child, case, event, data) -> FoundChild:
    number = (data.get("admission_number") or "").strip()
    if not number:
        raise ValidationError({"admission_number": [_("Give the CCI's admission number.")]})
    request = case.pending_event
    event.details["admission_number"] = number
    changes = {"cci": actor.institution, "admission_number": number, "admission_date": event.happened_on}
    if request.details.get("to_cwc"):
        changes["cwc"] = Institution.objects.get(pk=request.details["to_cwc"])
    _change_child(actor, child, **changes)
    return child


def _repatriation_accept(*, actor, child, case, event, data) -> FoundChild:
    cci = data.get("cci")
    if (
        cci is None
        or cci.kind != Institution.Kind.CCI
        or cci.district.state_id != actor.institution.district.state_id
    ):
        raise ValidationError({"cci": [_("Choose a CCI of your State/UT to receive the child.")]})
    event.details["cci"] = cci.pk
    _change_child(
        actor,
        child,
        cwc=actor.institution,
        cci=cci,
        cwc_order_number=event.order_number,
        cwc_order_date=event.happened_on,
        admission_number="",
        admission_date=None,
    )
    return child


def _restoration_order(*, actor, child, case, event, data) -> FoundChild:
    return _set_child_status(
        actor, child, event, FoundChild.Status.RESTORATION_IN_PROGRESS, event.order_number
    )


def _handover(*, actor, child, case, event, data) -> FoundChild:
    order = case.events.filter(step="restoration_order").order_by("-recorded_at").first()
    return _set_child_status(actor, child, event, FoundChild.Status.RESTORED, order.order_number)


def _absconding(*, actor, child, case, event, data) -> FoundChild:
    case.pending_with, case.pending_event = (
        None,
        None,
    )  # a request for a child who has gone cannot be answered
    child = _set_child_status(actor, child, event, FoundChild.Status.ABSCONDED)
    station = data.get("police_station")
    if station is not None:
        if not (data.get("contact_phone") or "").strip():
            raise ValidationError({"contact_phone": [_("Give a phone number the police can call.")]})
        event.save()
        report = cases_services.register_missing_report(
            actor=actor,
            data=_missing_report_data(actor, child, data),
            photos=_latest_photo(child),
            police_station=station,
            absconded_child=child,
        )
        event.missing_report, event.counterpart = report, station
    return child


def _request_withdrawn(*, actor, child, case, event, data) -> FoundChild:
    event.counterpart = case.pending_with
    case.pending_with, case.pending_event = None, None
    return child


def _return_to_care(*, actor, child, case, event, data) -> FoundChild:
    return _set_child_status(actor, child, event, FoundChild.Status.IN_CARE)


def _aged_out(*, actor, child, case, event, data) -> FoundChild:
    return _set_child_status(actor, child, event, FoundChild.Status.AGED_OUT)


HANDLERS = {
    "admission_order": _admission_order,
    "admission": _admission,
    "care_plan": _care_plan,
    "transfer_request": _transfer_request,
    "transfer_accept": _transfer_accept,
    "repatriation_request": _repatriation_request,
    "repatriation_accept": _repatriation_accept,
    "restoration_order": _restoration_order,
    "handover": _handover,
    "absconding": _absconding,
    "return_to_care": _return_to_care,
    "request_withdrawn": _request_withdrawn,
    "aged_out": _aged_out,
}


def _missing_report_data(actor: User, child: FoundChild, data: dict) -> dict:
    """The missing report a CCI files when a child absconds: the child's description as the CCI has it."""
    cci = child.cci
    when = data.get("absconded_at") or timezone.make_aware(datetime.combine(data["happened_on"], time(12)))
    copied = [
        "name",
        "other_names",
        "gender",
        "date_of_birth",
        "height_cm",
        "build",
        "complexion",
        "identification_marks",
        "languages",
        "disability",
        "school",
        "father_name",
        "mother_name",
        "guardian_name",
        "home_address",
        "home_district",
        "home_state",
        "home_pin",
    ]
    report = {name: getattr(child, name) for name in copied}
    if child.date_of_birth is None:
        report["age_years"] = age_today(child, timezone.localdate(when))
    report.update(
        {
            "fir_number": (data.get("fir_number") or "").strip()
            or f"CCI/{cci.code}/{child.pk}/{when:%Y%m%d}",
            "fir_date": timezone.localdate(),
            "missing_since": when,
            "place_last_seen": (data.get("place_last_seen") or "").strip() or cci.name,
            "last_seen_district": cci.district,
            "clothing": (data.get("clothing") or "").strip() or child.clothing,
            "circumstances": _("Absconded from %(cci)s (found-child record %(pk)d). %(notes)s")
            % {"cci": cci.name, "pk": child.pk, "notes": data.get("notes", "")},
            "complainant_name": actor.full_name or actor.username,
            "complainant_relation": _("CCI in charge of the child")[:60],
            "complainant_phone": (data.get("contact_phone") or "").strip(),
            "complainant_address": cci.address,
        }
    )
    return report


def _latest_photo(child: FoundChild) -> list[PhotoUpload]:
    photo = child.photos.filter(is_withdrawn=False).order_by("-taken_on", "-uploaded_at").first()
    if photo is None:
        return []
    with photo.image.open("rb") as image:
        return [PhotoUpload(content=image.read(), taken_on=photo.taken_on)]
