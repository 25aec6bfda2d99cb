"""Pages of the two registers (missing reports, found children) and the authorised photo views.

Both registers have the same pages, so each view takes a `Register` describing one of them. A view parses the
request, checks permission, calls one selector or service, and turns the service's refusals into messages on
the page; the rules themselves live in cases.rules, cases.statuses and cases.services.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from trackchild.concurrency import StaleRecord
from trackchild.faces.selectors import upload_warnings

from . import selectors, services
from .forms import (
    AddPhotoForm,
    FoundChildForm,
    MissingReportForm,
    PhotoSlotsForm,
    RecordFilterForm,
    StatusChangeForm,
    WithdrawPhotoForm,
    add_service_errors,
)
from .models import FoundChild, MissingReport
from .statuses import TransitionNotAllowed, next_statuses


@dataclass(frozen=True)
class Register:
    url_prefix: str  # "missing-reports": the URL names are <prefix>-list, -detail, ...
    model: type
    form_class: type
    title: str  # the list's heading
    create_title: str
    date_label: str  # what the list's date filter means
    matching: Callable  # selector: (user, RecordFilters) -> QuerySet
    get: Callable  # selector: (user, pk, for_write=) -> record
    register: Callable  # service creating a record
    update: Callable  # service: (actor, pk, expected_version, data) -> record
    may_create: Callable  # (user) -> bool

    def url(self, page: str, *args) -> str:
        return reverse(f"{self.url_prefix}-{page}", args=args)


MISSING = Register(
    url_prefix="missing-reports",
    model=MissingReport,
    form_class=MissingReportForm,
    title=gettext_lazy("Missing children"),
    create_title=gettext_lazy("Report a missing child"),
    date_label=gettext_lazy("Date missing"),
    matching=selectors.missing_reports_matching,
    get=selectors.get_missing_report,
    register=services.register_missing_report,
    update=lambda actor, pk, version, data: services.update_missing_report(
        actor=actor, report_id=pk, expected_version=version, data=data
    ),
    may_create=services.may_register_missing_report,
)
FOUND = Register(
    url_prefix="found-children",
    model=FoundChild,
    form_class=FoundChildForm,
    title=gettext_lazy("Found children"),
    create_title=gettext_lazy("Register a found child"),
    date_label=gettext_lazy("Date found"),
    matching=selectors.found_children_matching,
    get=selectors.get_found_child,
    register=services.register_found_child,
    update=lambda actor, pk, version, data: services.update_found_child(
        actor=actor, child_id=pk, expected_version=version, data=data
    ),
    may_create=services.may_register_found_child,
)


def record_sections(record) -> list[tuple[str, list[tuple[str, object]]]]:
    """Every field of the record, grouped as on its form, as (label, value shown) pairs."""
    form_class = MissingReportForm if isinstance(record, MissingReport) else FoundChildForm
    helpers = set(form_class.district_fields.values()) - {f.name for f in record._meta.fields}
    sections = []
    for legend, names in form_class.fieldsets:
        rows = []
        for name in names:
            if name in helpers:
                continue
            field = record._meta.get_field(name)
            value = getattr(record, name)
            if field.choices and value:
                value = getattr(record, f"get_{name}_display")()
            elif isinstance(value, bool):
                value = _("Yes") if value else _("No")
            rows.append((field.verbose_name, value))
        sections.append((legend, rows))
    return sections


def _page(request, register: Register, template: str, context: dict, status: int = 200):
    return render(request, f"cases/{template}", {"register": register, **context}, status=status)


@never_cache  # children's data must not stay in a shared computer's browser cache
@login_required
@require_GET
def record_list(request, register: Register):
    form = RecordFilterForm(
        request.GET or None, user=request.user, statuses=register.model.Status, date_label=register.date_label
    )
    records = register.matching(request.user, form.filters())
    page = Paginator(records, settings.PAGE_SIZE).get_page(request.GET.get("page"))
    return _page(
        request,
        register,
        "record_list.html",
        {
            "form": form,
            "page": page,
            "may_create": register.may_create(request.user),
        },
    )


@never_cache
@login_required
@require_GET
def record_detail(request, register: Register, pk: int):
    record = register.get(request.user, pk)
    labels = dict(register.model.Status.choices)
    history = selectors.status_history(record)
    for change in history:
        change.from_label = labels.get(change.from_status, "")
        change.to_label = labels.get(change.to_status, change.to_status)
    return _page(
        request,
        register,
        "record_detail.html",
        {
            "record": record,
            "sections": record_sections(record),
            "photos": selectors.record_photos(record),
            "history": history,
            "may_change": services.may_change_records(request.user),
            "can_move": bool(next_statuses(record)),
        },
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def record_create(request, register: Register):
    if not register.may_create(request.user):
        raise PermissionDenied(_("Your role cannot add records to this register."))
    form = register.form_class(request.POST or None, user=request.user)
    photo_form = PhotoSlotsForm(request.POST or None, request.FILES or None)
    quiet = "show_districts" in request.POST
    if request.method == "POST" and not quiet:
        photos_valid = photo_form.is_valid()  # both forms are checked, so every error shows at once
        lookalikes = []
        if form.is_valid() and photos_valid and not request.POST.get("duplicates_checked"):
            # A check step: records of the same register this one looks like, shown before saving.
            from trackchild.matching.selectors import likely_duplicates_of_new

            side = "missing" if register.model is MissingReport else "found"
            lookalikes = likely_duplicates_of_new(request.user, side, form.service_data())
        if lookalikes:
            return _page(
                request,
                register,
                "record_form.html",
                {
                    "form": form,
                    "photo_form": photo_form,
                    "quiet": False,
                    "heading": register.create_title,
                    "photos_lost": bool(request.FILES),
                    "lookalikes": lookalikes,
                },
            )
        if form.is_valid() and photos_valid:
            try:
                record = register.register(
                    actor=request.user, data=form.service_data(), photos=photo_form.uploads()
                )
            except ValidationError as error:
                add_service_errors(form, error, photo_form)
            else:
                messages.success(request, _("Saved. The record's number is %(pk)d.") % {"pk": record.pk})
                _warn_about_faces(request, record.photos.all())
                return redirect(register.url("detail", record.pk))
    return _page(
        request,
        register,
        "record_form.html",
        {
            "form": form,
            "photo_form": photo_form,
            "quiet": quiet,
            "heading": register.create_title,
            "photos_lost": request.method == "POST" and bool(request.FILES) and not quiet,
        },
        status=200 if request.method == "GET" or quiet or not _has_errors(form, photo_form) else 400,
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def record_edit(request, register: Register, pk: int):
    record = _changeable(request, register, pk)
    form = register.form_class(request.POST or None, instance=record, user=request.user)
    quiet = "show_districts" in request.POST
    status = 200
    if request.method == "POST" and not quiet and form.is_valid():
        try:
            register.update(request.user, record.pk, form.cleaned_data["version"], form.service_data())
        except StaleRecord as stale:
            form.add_error(None, str(stale))
            status = 409
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Your changes are saved."))
            return redirect(register.url("detail", record.pk))
    if request.method == "POST" and status == 200 and not quiet and form.errors:
        status = 400
    return _page(
        request,
        register,
        "record_form.html",
        {
            "form": form,
            "record": record,
            "quiet": quiet,
            "heading": _("Change the record"),
        },
        status=status,
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def record_status(request, register: Register, pk: int):
    record = _changeable(request, register, pk)
    statuses = register.model.Status
    form = StatusChangeForm(
        request.POST or None,
        statuses=statuses,
        allowed=next_statuses(record),
        initial={"version": record.version},
    )
    status = 200
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.set_status(
                actor=request.user,
                record=record,
                to_status=data["to_status"],
                expected_version=data["version"],
                effective_on=data["effective_on"],
                order_number=data["order_number"],
                reason=data["reason"],
            )
        except TransitionNotAllowed as refused:
            labels = dict(statuses.choices)
            form.add_error(
                "to_status",
                _("A record that is “%(from)s” cannot become “%(to)s”.")
                % {
                    "from": labels.get(refused.from_status, refused.from_status),
                    "to": labels.get(refused.to_status, refused.to_status),
                },
            )
        except StaleRecord as stale:
            form.add_error(None, str(stale))
            status = 409
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The status is changed."))
            return redirect(register.url("detail", record.pk))
    if request.method == "POST" and status == 200 and form.errors:
        status = 400
    return _page(
        request,
        register,
        "record_status.html",
        {
            "form": form,
            "record": record,
            "allowed": next_statuses(record),
        },
        status=status,
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def record_add_photo(request, register: Register, pk: int):
    record = _changeable(request, register, pk)
    form = AddPhotoForm(request.POST or None, request.FILES or None, initial={"version": record.version})
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            stored = services.add_photo(
                actor=request.user,
                record=record,
                expected_version=form.cleaned_data["version"],
                upload=form.upload(),
            )
        except StaleRecord as stale:
            form.add_error(None, str(stale))
            status = 409
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The photo is added."))
            _warn_about_faces(request, [stored])
            return redirect(register.url("detail", record.pk))
    if request.method == "POST" and status == 200 and form.errors:
        status = 400
    return _page(request, register, "record_add_photo.html", {"form": form, "record": record}, status=status)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def record_withdraw_photo(request, register: Register, pk: int, photo_pk: int):
    """Withdraw a wrong photo with a reason. The record page offers the form under each photo; this page
    shows it again with its errors, or on its own for a browser that followed a link."""
    record = _changeable(request, register, pk)
    try:
        photo = selectors.get_record_photo(record, photo_pk)
    except Http404:
        messages.error(request, _("This record has no such photo."))
        return redirect(register.url("detail", record.pk))
    if photo.is_withdrawn:
        messages.error(request, _("This photo was already withdrawn."))
        return redirect(register.url("detail", record.pk))
    form = WithdrawPhotoForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.withdraw_photo(actor=request.user, photo=photo, reason=form.cleaned_data["reason"])
        except services.PhotoAlreadyWithdrawn as refused:
            messages.error(request, str(refused))
            return redirect(register.url("detail", record.pk))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Photo withdrawn"))
            return redirect(register.url("detail", record.pk))
    return _page(
        request,
        register,
        "record_withdraw_photo.html",
        {"form": form, "record": record, "photo": photo},
        status=400 if form.is_bound and form.errors else 200,
    )


def _warn_about_faces(request, photos) -> None:
    """Photos are kept whatever their face check says; the officer is told what to retake (docs/matching.md)."""
    for warning in upload_warnings(photos):
        messages.warning(request, warning)


def _changeable(request, register: Register, pk: int):
    """The record for a change page: 404 outside the jurisdiction, 403 for a role that only reads.
    Opening the form shows the whole record, so a GET is audited as a view; the POST's change audits itself."""
    record = register.get(request.user, pk, for_write=request.method == "POST")
    if not services.may_change_records(request.user):
        raise PermissionDenied(_("Your role can read records but not change them."))
    return record


def _has_errors(*forms) -> bool:
    return any(form.is_bound and form.errors for form in forms)


PHOTO_TYPES = {"jpg": "image/jpeg", "png": "image/png", "webp": "image/webp"}


@login_required
@require_GET
def photo_image(request, pk: int):
    photo = selectors.get_photo(request.user, pk, full_image=True)
    return _photo_response(photo.image, PHOTO_TYPES.get(photo.format, "application/octet-stream"))


@login_required
@require_GET
def photo_thumbnail(request, pk: int):
    photo = selectors.get_photo(request.user, pk, full_image=False)
    return _photo_response(photo.thumbnail, "image/jpeg")


def _photo_response(file, content_type: str) -> FileResponse:
    response = FileResponse(file.open("rb"), content_type=content_type)
    # Children's photos must not stay in a shared computer's cache or any proxy.
    response["Cache-Control"] = "private, no-store"
    return response
