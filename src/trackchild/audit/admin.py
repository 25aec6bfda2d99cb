from django.contrib import admin

from trackchild.accounts.admin import ReadOnlyAdmin

from .models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = ("at", "actor", "action", "object_type", "object_id", "channel", "origin")
    list_filter = ("action", "channel", "object_type")
    list_select_related = ("actor",)
    search_fields = ("object_id", "actor__username", "origin")
    date_hierarchy = "at"
