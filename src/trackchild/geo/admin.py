"""Read-mostly admin: States/UTs and districts come from LGD files (`trackchild load_geography`), so staff may
fix a Hindi name or retire a district but cannot add or delete rows or change an LGD code."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from trackchild.geo.models import District, State


class LGDDataAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(State)
class StateAdmin(LGDDataAdmin):
    list_display = ("name", "name_hi", "kind", "lgd_code")
    list_filter = ("kind",)
    search_fields = ("name", "name_hi", "lgd_code")
    readonly_fields = ("lgd_code", "name", "kind")


@admin.register(District)
class DistrictAdmin(LGDDataAdmin):
    list_display = ("name", "state", "lgd_code", "is_active")
    list_filter = ("is_active", "state")
    list_select_related = ("state",)
    search_fields = ("name", "lgd_code", "state__name")
    readonly_fields = ("lgd_code", "name", "state")
