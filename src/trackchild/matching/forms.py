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


class VerificationOutcomeForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("What did the family say?"),
        choices=[
            ("family_confirms", _("The family confirms it is their child")),
            ("family_does_not", _("The family says it is not their child")),
            ("unreachable", _("The family could not be reached")),
        ],
        widget=forms.RadioSelect,
    )
    outcome_note = forms.CharField(
        label=_("Note (who was asked, how, and what they said)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)
