"""Pages of the care pipeline: the list of children in care, a child's timeline with its next steps, one form
per step, the requests waiting on an institution, and the authorised attachment download.

Each view parses the request, checks permission, and calls one selector or service; the pipeline's rules live
in care.steps and care.services.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from trackchild.cases.forms import add_service_errors
from trackchild.cases.services import may_change_records
from trackchild.concurrency import StaleRecord

from . import selectors, services
from .forms import STEP_FORMS
from .models import Stage
from .steps import NO_CASE, STEPS, TAKERS_LABEL, StepNotAllowed, blockers, takers_of


@never_cache  # children's data must not stay in a shared computer's browser cache
@login_required
@require_GET
def care_list(request):
    stage = request.GET.get("stage", "")
    stage = stage if stage in Stage.values else ""
    page = Paginator(selectors.children_in_care(request.user, stage=stage), settings.PAGE_SIZE)
    page = page.get_page(request.GET.get("page"))
    return render(
        request,
        "care/care_list.html",
        {
            "rows": selectors.care_rows(request.user, children=page.object_list),
            "page": page,
            "stage": stage,
            "stages": Stage.choices,
            "incoming": selectors.incoming_requests_for(request.user),
            "occupancy": selectors.occupancy_visible_to(request.user),
            "moved_away": selectors.moved_away_from(request.user),
        },
    )


@never_cache
@login_required
@require_GET
def care_timeline(request, pk: int):
    view = selectors.get_care_child(request.user, pk)
    events = selectors.case_events(view)
    return render(
        request,
        "care/care_timeline.html",
        {
            "view": view,
            "child": view.child,
            "case": view.case,
            "entries": selectors.timeline(view),
            "next_steps": _next_steps(request.user, view, events) if view.is_current else [],
            "dues": selectors.dues(view.case, events) if view.is_current else [],
            "age": selectors.age_today(view.child),
            "occupancy": selectors.occupancy_of([view.child.cci])[0]
            if view.child.cci_id and view.is_current
            else None,
        },
    )


def _next_steps(user, view, events) -> list[dict]:
    """The steps the case's stage allows, each with whether the user may take it now and, if not, why."""
    case = view.case
    stage = case.stage if case else NO_CASE
    recorded = {e.step for e in events}
    age = selectors.age_today(view.child)
    takers = takers_of(user, view.child, case) if may_change_records(user) else set()
    rows = []
    for step in STEPS.values():
        if stage not in step.from_stages or step.answers_request:
            continue
        if step.name.startswith("follow_up") and step.name in recorded:
            continue
        reasons = blockers(step, stage=stage, recorded=recorded, age=age)
        mine = bool(takers & step.takers)
        rows.append(
            {
                "step": step,
                "open": mine and not reasons,
                "reasons": reasons,
                "who": ", ".join(str(TAKERS_LABEL[t]) for t in sorted(step.takers)),
                "mine": mine,
            }
        )
    return rows


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def care_step(request, pk: int, step: str):
    definition = STEPS.get(step)
    if definition is None or definition.answers_request:
        raise Http404("No such step")
    view = selectors.get_care_child(request.user, pk, for_write=request.method == "POST")
    if not view.is_current or not may_change_records(request.user):
        raise PermissionDenied(_("Your role can read this child's care record but not add to it."))
    if not takers_of(request.user, view.child, view.case) & definition.takers:
        raise PermissionDenied(
            _("%(step)s is recorded by %(who)s.")
            % {
                "step": definition.label,
                "who": ", ".join(str(TAKERS_LABEL[t]) for t in sorted(definition.takers)),
            }
        )
    form_class = STEP_FORMS[step]
    quiet = "show_choices" in request.POST
    form = form_class(
        request.POST or None,
        request.FILES or None,
        user=request.user,
        child=view.child,
        initial={"version": view.child.version},
    )
    status = 200
    if request.method == "POST" and not quiet and form.is_valid():
        try:
            services.record_step(
                actor=request.user,
                child_id=view.child.pk,
                step=step,
                expected_version=form.cleaned_data["version"],
                data=form.service_data(),
                attachments=form.uploads(),
            )
        except StaleRecord as stale:
            form.add_error(None, str(stale))
            status = 409
        except StepNotAllowed as refused:
            form.add_error(None, refused.reasons)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Recorded: %(step)s.") % {"step": definition.label})
            return redirect("care-timeline", view.child.pk)
    if request.method == "POST" and status == 200 and not quiet and form.errors:
        status = 400
    blocked = blockers(
        definition,
        stage=view.case.stage if view.case else NO_CASE,
        recorded={e.step for e in selectors.case_events(view)},
        age=selectors.age_today(view.child),
    )
    return render(
        request,
        "care/care_step.html",
        {
            "form": form,
            "child": view.child,
            "step": definition,
            "quiet": quiet,
            "blocked": blocked,
            "occupancy": _occupancy_for_form(form, view),
        },
        status=status,
    )


def _occupancy_for_form(form, view):
    """On pages that place a child, how full the CCIs offered are (a warning, never a refusal)."""
    field = form.fields.get("cci") or form.fields.get("to_cci")
    if field is None:
        admitting = "admission_number" in form.fields and view.child.cci_id
        return selectors.occupancy_of([view.child.cci]) if admitting else []
    ids = [value for value, _label in field.choices if value]
    return [o for o in selectors.occupancy_of(list(field.queryset.filter(pk__in=ids)))]


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def care_request(request, event_pk: int):
    """A transfer or repatriation waiting on the user's institution: what it may know before accepting."""
    case = selectors.get_incoming_request(request.user, event_pk)
    if not may_change_records(request.user):
        raise PermissionDenied(_("Your role can read records but not change them."))
    answer = request.POST.get("answer") if request.method == "POST" else request.GET.get("answer", "accept")
    accept = answer != "decline"
    names = {
        "transfer_request": ("transfer_accept", "transfer_decline"),
        "repatriation_request": ("repatriation_accept", "repatriation_decline"),
    }[case.pending_event.step]
    step = STEPS[names[0] if accept else names[1]]
    quiet = "show_choices" in request.POST
    form = STEP_FORMS[step.name](
        request.POST or None,
        user=request.user,
        child=case.found_child,
        initial={"version": case.found_child.version},
    )
    status = 200
    if request.method == "POST" and not quiet and form.is_valid():
        try:
            services.answer_request(
                actor=request.user,
                event_id=case.pending_event_id,
                accept=accept,
                expected_version=form.cleaned_data["version"],
                data=form.service_data(),
            )
        except StaleRecord as stale:
            form.add_error(None, str(stale))
            status = 409
        except StepNotAllowed as refused:
            form.add_error(None, refused.reasons)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Recorded: %(step)s.") % {"step": step.label})
            if accept:
                return redirect("care-timeline", case.found_child_id)
            return redirect("care-list")
    if request.method == "POST" and status == 200 and not quiet and form.errors:
        status = 400
    request_event = case.pending_event
    return render(
        request,
        "care/care_request.html",
        {
            "case": case,
            "request_event": request_event,
            "child": case.found_child,
            "form": form,
            "step": step,
            "accept": accept,
            "quiet": quiet,
            "age": selectors.age_today(case.found_child),
            "interpreter": case.events.filter(step="interpreter_request").order_by("-recorded_at").first(),
            "occupancy": selectors.occupancy_of([request.user.institution])
            if step.name == "transfer_accept"
            else [],
        },
        status=status,
    )


@login_required
@require_GET
def care_attachment(request, pk: int):
    attachment = selectors.get_attachment(request.user, pk)
    response = FileResponse(
        attachment.file.open("rb"),
        content_type=attachment.content_type,
        as_attachment=True,
        filename=f"attachment-{attachment.pk}.{attachment.extension}",
    )
    response["Cache-Control"] = "private, no-store"
    return response
