"""Children's records in the admin: read only, and each record opened is audited like any other read."""

from django.contrib import admin

from trackchild.accounts.admin import ReadOnlyAdmin
from trackchild.audit.services import record_event

from .models import FoundChild, MissingReport


class CaseAdmin(ReadOnlyAdmin):
    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        if response.status_code == 200 and getattr(response, "context_data", None):
            original = response.context_data.get("original")
            if original is not None:
                record_event("view", original, actor=request.user)
        return response


@admin.register(MissingReport)
class MissingReportAdmin(CaseAdmin):
    list_display = ("id", "fir_number", "police_station", "gender", "age_years", "status", "missing_since")
    list_filter = ("status", "gender", "police_station__kind", "police_station__district__state")
    list_select_related = ("police_station",)
    search_fields = ("fir_number",)
    date_hierarchy = "missing_since"


@admin.register(FoundChild)
class FoundChildAdmin(CaseAdmin):
    list_display = ("id", "recorded_by", "gender", "age_years", "status", "found_on")
    list_filter = ("status", "gender", "found_by", "circumstance", "found_district__state")
    list_select_related = ("recorded_by",)
    date_hierarchy = "found_on"
