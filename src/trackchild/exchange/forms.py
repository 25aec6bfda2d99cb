from django import forms
from django.utils.translation import gettext_lazy as _

from .models import ImportJob, Register


class UploadForm(forms.Form):
    register = forms.ChoiceField(label=_("Register"), choices=Register.choices, widget=forms.RadioSelect)
    file = forms.FileField(
        label=_("File"),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.txt,.tsv,.xlsx"}),
        help_text=_(
            "CSV (UTF-8, UTF-16 or Windows-1252; comma, semicolon or tab) or Excel (.xlsx), with the "
            "template's header row."
        ),
    )
    mode = forms.ChoiceField(
        label=_("If some rows have problems"),
        choices=ImportJob.Mode.choices,
        initial=ImportJob.Mode.ALL_OR_NOTHING,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, registers: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["register"].choices = [(v, label) for v, label in Register.choices if v in registers]
        if len(registers) == 1:
            self.fields["register"].initial = registers[0]
