from django.contrib import admin

from trackchild.accounts.admin import ReadOnlyAdmin

from .models import Institution


@admin.register(Institution)
class InstitutionAdmin(ReadOnlyAdmin):
    list_display = ("name", "code", "kind", "district", "is_active")
    list_filter = ("kind", "cci_kind", "is_active", "district__state")
    list_select_related = ("district__state",)
    search_fields = ("name", "code", "registration_number")
