"""Forms of the reports pages: they parse the query string only."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .compliance import PERIOD_LABELS, SORT_KEYS, STATEMENT_KINDS
from .tables import KIND_HEADERS


class StatementFilterForm(forms.Form):
    period = forms.ChoiceField(label=_("Period"), choices=list(PERIOD_LABELS.items()), required=False)
    kind = forms.ChoiceField(
        label=_("Type of institution"),
        required=False,
        choices=[("", _("All four types")), *[(k, KIND_HEADERS[k]) for k in STATEMENT_KINDS]],
    )
    state = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=1)
    district = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=1)
    sort = forms.ChoiceField(required=False, widget=forms.HiddenInput, choices=[(k, k) for k in SORT_KEYS])
    order = forms.ChoiceField(
        required=False, widget=forms.HiddenInput, choices=[("asc", "asc"), ("desc", "desc")]
    )

    def __init__(self, data=None, *args, **kwargs):
        # The page opens on the last 90 days: show that choice even when the query string names none.
        if data is not None and not data.get("period"):
            data = data.copy()
            data["period"] = "90"
        super().__init__(data, *args, **kwargs)

    def statement_params(self) -> dict:
        """Arguments for `compliance_statement`; an invalid query string falls back to the defaults."""
        data = self.cleaned_data if self.is_valid() else {}
        return {
            "state_id": data.get("state"),
            "district_id": data.get("district"),
            "period": data.get("period") or "90",
            "kind": data.get("kind") or "",
            "sort": data.get("sort") or "name",
            "descending": data.get("order") == "desc",
        }


class QualityFilterForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Type of institution"),
        required=False,
        choices=[("", _("All four types")), *[(k, KIND_HEADERS[k]) for k in STATEMENT_KINDS]],
    )

    def kind_value(self) -> str:
        return self.cleaned_data.get("kind", "") if self.is_valid() else ""
