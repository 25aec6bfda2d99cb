"""Care cases and their events in the admin: read only, and each one opened is audited, like the registers."""

from django.contrib import admin

from trackchild.cases.admin import CaseAdmin

from .models import CareCase, CareEvent


@admin.register(CareCase)
class CareCaseAdmin(CaseAdmin):
    list_display = ("id", "found_child", "stage", "pending_with", "progress_every_months", "updated_at")
    list_filter = ("stage",)
    list_select_related = ("found_child", "pending_with")


@admin.register(CareEvent)
class CareEventAdmin(CaseAdmin):
    list_display = ("id", "case", "step", "happened_on", "institution", "recorded_by", "recorded_at")
    list_filter = ("step",)
    list_select_related = ("case", "institution", "recorded_by")
    date_hierarchy = "happened_on"
