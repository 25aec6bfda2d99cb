"""The Django admin is a read-only window for system administrators only.

Every write goes through the portal's pages and their services, so that it is checked and audited; the admin
changes nothing and deletes nothing (records are closed or deactivated with a reason, never deleted).
"""

from typing import Any

from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .models import Role, User


def is_system_admin(request: HttpRequest) -> bool:
    user = request.user
    return bool(user.is_authenticated and user.is_active and user.role == Role.SYSTEM_ADMIN)


# `is_staff` alone must not open the admin: a state officer marked staff by mistake would see every state's
# data.
admin.site.has_permission = is_system_admin


def portal_login(request: HttpRequest, extra_context: Any = None) -> HttpResponse:
    """One login page for everything, so the lockout and the login audit cover the admin too."""
    if request.user.is_authenticated:
        raise PermissionDenied  # logged in, but not a system administrator
    return redirect_to_login(request.GET.get("next", reverse("admin:index")), reverse("login"))


admin.site.login = portal_login
admin.site.site_header = _("TrackChild administration")
admin.site.site_title = _("TrackChild administration")
admin.site.index_title = _("Records (read only)")


class ReadOnlyAdmin(admin.ModelAdmin):
    """Lets system administrators look and search; nobody adds, changes or deletes here."""

    def has_module_permission(self, request: HttpRequest) -> bool:
        return is_system_admin(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_system_admin(request)

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(User)
class UserAdmin(ReadOnlyAdmin):
    list_display = ("username", "full_name", "role", "jurisdiction_label", "is_active", "last_login")
    list_filter = ("role", "is_active", "state", "district__state")
    list_select_related = ("institution", "district__state", "state")
    search_fields = ("username", "full_name", "email", "phone")
    exclude = ("password", "user_permissions", "groups")
