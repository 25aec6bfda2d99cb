"""Institutions pages. Everyone sees the institutions of their jurisdiction; state officers (in their state)
and system administrators add, change and close them through registry.services."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from trackchild.accounts.selectors import districts_visible_to, institutions_visible_to
from trackchild.concurrency import StaleRecord

from . import services
from .forms import InstitutionCloseForm, InstitutionFilterForm, InstitutionForm
from .models import Institution


def _may_edit(user) -> bool:
    return user.role in services.EDITOR_ROLES


def _visible_institution(user, pk: int) -> Institution:
    return get_object_or_404(institutions_visible_to(user), pk=pk)


def _editable_institution(user, pk: int) -> Institution:
    institution = _visible_institution(user, pk)
    if not _may_edit(user):
        raise PermissionDenied(_("Only state officers add or change institutions."))
    return institution


@login_required
def institutions_list(request):
    form = InstitutionFilterForm(request.GET or None, districts=districts_visible_to(request.user))
    institutions = form.filter(institutions_visible_to(request.user))
    page = Paginator(institutions, settings.PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "registry/institution_list.html",
        {
            "form": form,
            "page": page,
            "may_edit": _may_edit(request.user),
        },
    )


@login_required
def institutions_detail(request, pk: int):
    institution = _visible_institution(request.user, pk)
    return render(
        request,
        "registry/institution_detail.html",
        {
            "institution": institution,
            "may_edit": _may_edit(request.user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def institutions_create(request):
    if not _may_edit(request.user):
        raise PermissionDenied(_("Only state officers add or change institutions."))
    form = InstitutionForm(request.POST or None, districts=districts_visible_to(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            institution = services.create_institution(actor=request.user, data=form.service_data())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The institution was added."))
            return redirect("institutions-detail", pk=institution.pk)
    return render(request, "registry/institution_form.html", {"form": form, "institution": None})


@login_required
@require_http_methods(["GET", "POST"])
def institutions_edit(request, pk: int):
    institution = _editable_institution(request.user, pk)
    form = InstitutionForm(
        request.POST or None, instance=institution, districts=districts_visible_to(request.user)
    )
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            services.update_institution(
                actor=request.user,
                institution_id=pk,
                expected_version=form.cleaned_data["version"],
                data=form.service_data(),
            )
        except StaleRecord as stale:
            form.add_error(None, str(stale))
            status = 409
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The institution was saved."))
            return redirect("institutions-detail", pk=pk)
    return render(
        request, "registry/institution_form.html", {"form": form, "institution": institution}, status=status
    )


@login_required
@require_http_methods(["GET", "POST"])
def institutions_close(request, pk: int):
    institution = _editable_institution(request.user, pk)
    form = InstitutionCloseForm(request.POST or None, initial={"version": institution.version})
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            services.close_institution(
                actor=request.user,
                institution_id=pk,
                expected_version=form.cleaned_data["version"],
                reason=form.cleaned_data["reason"],
            )
        except StaleRecord as stale:
            form.add_error(None, str(stale))
            status = 409
        except ValidationError as error:
            form.add_error("reason", error.message_dict.get("closed_reason", error.messages))
        else:
            messages.success(request, _("The institution was closed."))
            return redirect("institutions-detail", pk=pk)
    return render(
        request, "registry/institution_close.html", {"form": form, "institution": institution}, status=status
    )
