"""Matching pages: the review queue, a candidate side by side, decisions, undo, duplicate merges, and the
failed match jobs. Each view parses, checks permission and calls one selector or service."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from trackchild.accounts.models import Role
from trackchild.concurrency import StaleRecord

from . import selectors, services
from .forms import DecisionForm, MergeForm, UndoForm, VerificationOutcomeForm


@never_cache
@login_required
@require_GET
def review_queue(request):
    order = "waiting" if request.GET.get("order") == "waiting" else "score"
    page = Paginator(selectors.review_queue(request.user, order=order), 25).get_page(request.GET.get("page"))
    return render(
        request,
        "matching/queue.html",
        {
            "page": page,
            "order": order,
            "overdue": selectors.waiting_too_long(request.user).count(),
            "review_days": selectors.REVIEW_DAYS,
            "tasks_overdue": selectors.verification_tasks(request.user, show="overdue").count(),
        },
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def candidate_detail(request, pk: int):
    candidate = selectors.get_candidate(request.user, pk, for_write=request.method == "POST")
    form = DecisionForm(request.POST or None, initial={"version": candidate.version})
    status = 200
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if data["decision"] == "confirm":
                services.confirm_candidate(
                    actor=request.user, candidate_id=pk, expected_version=data["version"]
                )
            elif data["decision"] == "reject":
                services.reject_candidate(
                    actor=request.user,
                    candidate_id=pk,
                    expected_version=data["version"],
                    reason=data["reason"],
                )
            else:
                services.ask_verification(
                    actor=request.user, candidate_id=pk, expected_version=data["version"], note=data["reason"]
                )
        except PermissionDenied:
            raise
        except StaleRecord as stale:
            form.add_error(None, str(stale))
            status = 409
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
            status = 400
        else:
            messages.success(request, _("Your decision is saved."))
            return redirect("matching-candidate", pk=pk)
    elif request.method == "POST":
        status = 400
    photos_missing, photos_found = selectors.candidate_photos(candidate)
    return render(
        request,
        "matching/candidate.html",
        {
            "candidate": candidate,
            "form": form,
            "missing_fields": selectors.verify_view_of(candidate.missing_report),
            "found_fields": selectors.verify_view_of(candidate.found_child),
            "sees_missing": selectors.sees_record(request.user, candidate.missing_report),
            "sees_found": selectors.sees_record(request.user, candidate.found_child),
            "photos_missing": photos_missing,
            "photos_found": photos_found,
            "may_decide": services.may_decide(request.user) and candidate.status in services.OPEN,
            "may_verify": services.may_ask_verification(request.user) and candidate.status == "pending",
            "may_undo": candidate.status == "confirmed" and services.may_undo(request.user, candidate),
            "tasks": selectors.tasks_of_candidate(candidate),
        },
        status=status,
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def candidate_undo(request, pk: int):
    candidate = selectors.get_candidate(request.user, pk, for_write=request.method == "POST")
    if request.user.role != Role.DISTRICT_OFFICER:
        raise PermissionDenied(_("Only a district officer can undo a match."))
    form = UndoForm(request.POST or None, initial={"version": candidate.version})
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            services.undo_confirmation(
                actor=request.user,
                candidate_id=pk,
                expected_version=form.cleaned_data["version"],
                reason=form.cleaned_data["reason"],
            )
        except StaleRecord as stale:
            form.add_error(None, str(stale))
            status = 409
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
            status = 400
        else:
            messages.success(request, _("The confirmation is undone."))
            return redirect("matching-candidate", pk=pk)
    elif request.method == "POST":
        status = 400
    return render(request, "matching/undo.html", {"candidate": candidate, "form": form}, status=status)


@login_required
@require_GET
def candidate_photo(request, pk: int, photo_pk: int):
    photo = selectors.get_candidate_photo(request.user, pk, photo_pk)
    response = FileResponse(photo.thumbnail.open("rb"), content_type="image/jpeg")
    response["Cache-Control"] = "private, no-store"
    return response


@never_cache
@login_required
@require_POST
def duplicate_merge(request, pk: int):
    row, first, _second = selectors.get_duplicate(request.user, pk)
    form = MergeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose the record to keep."))
        return redirect(_record_url(row.side, first.pk))
    try:
        services.merge_duplicate(
            actor=request.user,
            duplicate_id=pk,
            keep_id=form.cleaned_data["keep"],
            reason=form.cleaned_data["reason"],
        )
    except StaleRecord as stale:
        messages.error(request, str(stale))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The records are merged; the duplicate is closed and points here."))
    return redirect(_record_url(row.side, form.cleaned_data["keep"]))


def _record_url(side: str, pk: int) -> str:
    return reverse("missing-reports-detail" if side == "missing" else "found-children-detail", args=[pk])


@never_cache
@login_required
@require_GET
def failed_jobs(request):
    if request.user.role != Role.SYSTEM_ADMIN:
        raise PermissionDenied(_("Only system administrators see the matching jobs."))
    return render(request, "matching/jobs.html", {"jobs": selectors.failed_jobs()[:200]})


@never_cache
@login_required
@require_GET
def verification_tasks(request):
    show = request.GET.get("show") if request.GET.get("show") in ("overdue", "done") else "open"
    tasks = selectors.verification_tasks(request.user, show=show)
    page = Paginator(tasks, 25).get_page(request.GET.get("page"))
    return render(
        request,
        "matching/tasks.html",
        {
            "page": page,
            "show": show,
            "today": timezone.localdate(),
            "overdue": selectors.verification_tasks(request.user, show="overdue").count(),
        },
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def verification_task(request, pk: int):
    task = selectors.get_task(request.user, pk, for_write=request.method == "POST")
    may_complete = task.is_open and services.may_complete_verification(request.user, task)
    if request.method == "POST" and not may_complete:
        raise PermissionDenied(_("Only the police station asked, or its district officer, can record this."))
    form = VerificationOutcomeForm(request.POST or None, initial={"version": task.version})
    status = 200
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.complete_verification(
                actor=request.user,
                task_id=pk,
                expected_version=data["version"],
                outcome=data["outcome"],
                note=data["outcome_note"],
            )
        except StaleRecord as stale:
            form.add_error(None, str(stale))
            status = 409
        except ValidationError as error:
            by_field = error.message_dict if hasattr(error, "error_dict") else {None: error.messages}
            for field, errors in by_field.items():
                for message in errors:
                    form.add_error(field if field in form.fields else None, message)
            status = 400
        else:
            messages.success(request, _("The family's answer is recorded; the match is back for review."))
            return redirect("matching-task", pk=pk)
    elif request.method == "POST":
        status = 400
    return render(
        request,
        "matching/task.html",
        {
            "task": task,
            "form": form,
            "may_complete": may_complete,
            "overdue": task.is_open and task.due < timezone.localdate(),
        },
        status=status,
    )
