from django import forms
from django.utils.translation import gettext_lazy as _


class DecisionForm(forms.Form):
    DECISIONS = [
        ("confirm", _("Confirm: the same child")),
        ("reject", _("Reject: not the same child")),
        ("verify", _("Ask the police station to verify with the family")),
    ]
    decision = forms.ChoiceField(label=_("Decision"), choices=DECISIONS, widget=forms.RadioSelect)
    reason = forms.CharField(
        label=_("Reason or note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class UndoForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is this confirmation undone?"), widget=forms.Textarea(attrs={"rows": 2})
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class MergeForm(forms.Form):
    keep = forms.IntegerField(label=_("Record to keep"))
    reason = forms.CharField(label=_("Note"), required=False)
