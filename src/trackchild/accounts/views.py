"""People pages: district and state officers (and system administrators) list, create and deactivate the
accounts they manage; everyone changes their own password. The rules live in accounts.services."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from . import services
from .forms import AccountCreateForm, AccountDeactivateForm, AccountFilterForm
from .selectors import accounts_manageable_by


def _check_manager(user) -> None:
    if not services.roles_creatable_by(user):
        raise PermissionDenied(_("Only district and state officers manage accounts."))


@login_required
def accounts_list(request):
    _check_manager(request.user)
    form = AccountFilterForm(request.GET or None, actor=request.user)
    people = form.filter(accounts_manageable_by(request.user)).order_by("-is_active", "full_name", "username")
    page = Paginator(people, settings.PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "accounts/account_list.html", {"page": page, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def accounts_create(request):
    _check_manager(request.user)
    form = AccountCreateForm(request.POST or None, actor=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            account = services.create_account(actor=request.user, **form.service_data())
        except ValidationError as error:
            _add_service_errors(form, error)
        else:
            messages.success(
                request, _("The account %(username)s was created.") % {"username": account.username}
            )
            return redirect("accounts-list")
    return render(request, "accounts/account_form.html", {"form": form})


def _add_service_errors(form, error: ValidationError) -> None:
    fields = {"password": "password1"}
    for field, messages_ in error.message_dict.items():
        name = fields.get(field, field)
        form.add_error(name if name in form.fields else None, messages_)


@login_required
@require_http_methods(["GET", "POST"])
def accounts_deactivate(request, pk: int):
    _check_manager(request.user)
    account = get_object_or_404(accounts_manageable_by(request.user), pk=pk)
    form = AccountDeactivateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.deactivate_account(actor=request.user, user=account, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            form.add_error("reason", error.message_dict.get("reason", error.messages))
        else:
            messages.success(
                request, _("The account %(username)s was deactivated.") % {"username": account.username}
            )
            return redirect("accounts-list")
    return render(request, "accounts/account_deactivate.html", {"form": form, "account": account})


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("password-change-done")

    def form_valid(self, form):
        services.change_password(
            actor=self.request.user,
            old_password=form.cleaned_data["old_password"],
            new_password=form.cleaned_data["new_password1"],
        )
        update_session_auth_hash(self.request, self.request.user)
        return HttpResponseRedirect(self.get_success_url())


class PasswordChangeDoneView(auth_views.PasswordChangeDoneView):
    template_name = "accounts/password_change_done.html"
