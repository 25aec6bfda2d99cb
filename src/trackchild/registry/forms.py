"""Forms for the institutions pages: they parse input only; the rules live in registry.services."""

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from .models import Institution

ACTIVE_CHOICES = [("", _("Active and closed")), ("yes", _("Active only")), ("no", _("Closed only"))]


class InstitutionFilterForm(forms.Form):
    kind = forms.ChoiceField(label=_("Type"), required=False)
    district = forms.ModelChoiceField(
        label=_("District"), queryset=None, required=False, empty_label=_("All districts")
    )
    active = forms.ChoiceField(label=_("Status"), choices=ACTIVE_CHOICES, required=False)

    def __init__(self, *args, districts: QuerySet, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("All types")), *Institution.Kind.choices]
        self.fields["district"].queryset = districts

    def filter(self, institutions: QuerySet[Institution]) -> QuerySet[Institution]:
        if not self.is_valid():
            return institutions
        data = self.cleaned_data
        if data["kind"]:
            institutions = institutions.filter(kind=data["kind"])
        if data["district"]:
            institutions = institutions.filter(district=data["district"])
        if data["active"]:
            institutions = institutions.filter(is_active=data["active"] == "yes")
        return institutions


class InstitutionForm(forms.ModelForm):
    """Create and edit. `version` is the record's version when the form was opened, to refuse stale edits."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Institution
        fields = [
            "name",
            "code",
            "kind",
            "district",
            "cci_kind",
            "registration_number",
            "capacity",
            "address",
            "phone",
            "email",
        ]
        help_texts = {
            "code": _("A short unique code, for example the CCTNS code of a police station."),
            "cci_kind": _("For a Child Care Institution only."),
            "registration_number": _(
                "For a Child Care Institution: its registration under the JJ Act, 2015."
            ),
            "capacity": _("For a Child Care Institution: the number of children it is sanctioned to hold."),
        }
        widgets = {"address": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, districts: QuerySet, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["district"].queryset = districts
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
            self.fields["version"].required = True

    def service_data(self) -> dict:
        return {name: value for name, value in self.cleaned_data.items() if name != "version"}


class InstitutionCloseForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for closing"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example: merged with another home, registration cancelled."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)
