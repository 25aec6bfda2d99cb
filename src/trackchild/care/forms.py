"""One form per care step. They parse what was typed; `care.services` checks the rules and the pipeline.

Choosing a CCI or CWC in another State/UT works without JavaScript: the form offers one State/UT's
institutions, and a "Show institutions" button re-renders it, as typed, with another State/UT's.
"""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from trackchild.cases.forms import DateInput, DateTimeInput, user_state_id
from trackchild.geo.models import State
from trackchild.registry.models import Institution

from .attachments import AttachmentUpload
from .selectors import ccis_in_state, cwcs_in_state, police_stations_near

ATTACHMENT_ACCEPT = "application/pdf,image/jpeg,image/png"
ATTACHMENT_SLOTS = 2


def _text(label, rows=2, required=False, help_text=""):
    return forms.CharField(
        label=label, required=required, help_text=help_text, widget=forms.Textarea(attrs={"rows": rows})
    )


class StepForm(forms.Form):
    """Fields every step has: its date, notes, the child's record version, and (some steps) attachments."""

    happened_on = forms.DateField(label=_("Date"), widget=DateInput())
    version = forms.IntegerField(widget=forms.HiddenInput)
    order_label = None  # steps on a CWC order set this, and get an order number field
    notes_label = _("Notes")
    notes_required = False
    attachments = False
    chooser: tuple[str, str] | None = None  # (institution field, kind) chosen State/UT by State/UT

    def __init__(self, *args, user, child, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("happened_on", timezone.localdate())
        super().__init__(*args, **kwargs)
        self.user, self.child = user, child
        if self.order_label:
            self.fields["order_number"] = forms.CharField(label=self.order_label, max_length=60)
        self.fields["notes"] = _text(self.notes_label, 3, self.notes_required)
        if self.attachments:
            for n in range(1, ATTACHMENT_SLOTS + 1):
                self.fields[f"file_{n}"] = forms.FileField(
                    label=_("Attachment %(n)d") % {"n": n},
                    required=False,
                    help_text=_("A report or certificate: PDF, JPEG or PNG, up to 5 MB."),
                    widget=forms.ClearableFileInput(attrs={"accept": ATTACHMENT_ACCEPT}),
                )
                self.fields[f"file_{n}_title"] = forms.CharField(
                    label=_("What attachment %(n)d is") % {"n": n}, required=False, max_length=150
                )
        if self.chooser:
            self._offer_institutions(*self.chooser)

    def _offer_institutions(self, name: str, kind: str) -> None:
        self.fields["state"] = forms.ModelChoiceField(
            label=_("State/UT"),
            queryset=State.objects.order_by("name"),
            required=False,
            help_text=_("Choose a State/UT, then press “Show institutions” to list its institutions."),
        )
        raw = self.data.get("state") if self.is_bound else None
        state_id = int(raw) if raw and str(raw).isdigit() else self.default_state_id()
        self.initial.setdefault("state", state_id)
        finder = ccis_in_state if kind == "cci" else cwcs_in_state
        self.fields[name].queryset = Institution.objects.filter(kind=kind)
        self.fields[name].choices = (
            [("", "—")] + [(i.pk, f"{i.name}, {i.district.name}") for i in finder(state_id)]
            if state_id
            else [("", "—")]
        )

    def default_state_id(self):
        return user_state_id(self.user)

    def service_data(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k != "version" and not k.startswith("file_")}

    def uploads(self) -> list[AttachmentUpload]:
        if not self.attachments:
            return []
        return [
            AttachmentUpload(
                content=self.cleaned_data[f"file_{n}"].read(),
                title=self.cleaned_data.get(f"file_{n}_title") or "",
            )
            for n in range(1, ATTACHMENT_SLOTS + 1)
            if self.cleaned_data.get(f"file_{n}")
        ]


class AdmissionOrderForm(StepForm):
    order_label = _("CWC order number")
    cci = forms.ModelChoiceField(label=_("CCI the child is placed in"), queryset=Institution.objects.none())
    chooser = ("cci", "cci")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["state"]  # a CWC places a child in its own State/UT


class AdmissionForm(StepForm):
    admission_number = forms.CharField(label=_("Admission number"), max_length=60)


class CarePlanForm(StepForm):
    health = _text(_("Health: needs and goals"))
    education = _text(_("Education: needs and goals"))
    emotional = _text(_("Emotional and psychological support"))
    vocational = _text(_("Vocational training"))
    leisure = _text(_("Leisure and recreation"))
    family_contact = _text(_("Family contact"))
    restoration_plan = _text(_("Plan for restoration"))
    responsible = forms.CharField(label=_("Responsible person (case worker)"), max_length=150)
    review_on = forms.DateField(label=_("Review the plan on"), widget=DateInput())
    progress_every_months = forms.IntegerField(
        label=_("Progress report every … months"), min_value=1, max_value=6, initial=1
    )


class ProgressReportForm(StepForm):
    health = _text(_("Health check-ups"))
    schooling = _text(_("Schooling"))
    counselling = _text(_("Counselling"))
    skills = _text(_("Skills"))
    behaviour = _text(_("Behaviour"))
    family_contact = _text(_("Family contact"))
    attachments = True


class HearingForm(StepForm):
    present = forms.CharField(label=_("Present at the hearing"), max_length=300, required=False)
    due_on = forms.DateField(label=_("Next hearing"), required=False, widget=DateInput())
    notes_label = _("What the CWC heard and decided")


class CwcOrderForm(StepForm):
    order_label = _("Order number")
    notes_label = _("What the order says")
    attachments = True


class TransferRequestForm(StepForm):
    order_label = _("CWC transfer order number")
    to_cci = forms.ModelChoiceField(label=_("CCI the child moves to"), queryset=Institution.objects.none())
    chooser = ("to_cci", "cci")
    reason = _text(_("Why the child moves"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        state_id = self.data.get("state") if self.is_bound else self.initial.get("state")
        self.fields["to_cwc"] = forms.ModelChoiceField(
            label=_("CWC that takes the child's case"),
            required=False,
            queryset=Institution.objects.filter(kind="cwc"),
            help_text=_("Needed when the CCI is in another district."),
        )
        self.fields["to_cwc"].choices = (
            [("", "—")] + [(i.pk, f"{i.name}, {i.district.name}") for i in cwcs_in_state(state_id)]
            if state_id
            else [("", "—")]
        )


class RepatriationRequestForm(StepForm):
    order_label = _("CWC repatriation order number")
    to_cwc = forms.ModelChoiceField(
        label=_("CWC of the child's home State/UT"), queryset=Institution.objects.none()
    )
    chooser = ("to_cwc", "cwc")
    reason = _text(_("What is known of the child's home"))

    def default_state_id(self):
        return self.child.home_state_id or super().default_state_id()


class InterpreterRequestForm(StepForm):
    language = forms.CharField(label=_("Language the child speaks"), max_length=100)
    notes_label = _("What the interpreter is needed for")


class HomeVerificationForm(StepForm):
    visited_by = forms.CharField(label=_("Visited by"), max_length=150)
    findings = _text(_("Findings"), 3, required=True)
    recommends_restoration = forms.BooleanField(
        label=_("Recommends restoration to this family"), required=False
    )
    attachments = True


class SocialInvestigationForm(StepForm):
    prepared_by = forms.CharField(label=_("Prepared by"), max_length=150)
    findings = _text(_("Findings and recommendation"), 3, required=True)
    attachments = True


class RestorationOrderForm(StepForm):
    order_label = _("CWC restoration order number")
    restored_to = forms.CharField(label=_("Restored to (name)"), max_length=150)
    relation = forms.CharField(label=_("Relation to the child"), max_length=60)
    attachments = True


class HandoverForm(StepForm):
    received_by = forms.CharField(label=_("Received by (name)"), max_length=150)
    relation = forms.CharField(label=_("Relation to the child"), max_length=60)


class FollowUpForm(StepForm):
    visited_by = forms.CharField(label=_("Visited by"), max_length=150)
    findings = _text(_("Findings"), 3, required=True)
    child_safe = forms.BooleanField(label=_("The child is safe and settled"), required=False)
    attachments = True


class ClosureForm(StepForm):
    order_label = None
    notes_label = _("Why the case can close")
    notes_required = True


class AbscondingForm(StepForm):
    notes_label = _("What happened")
    notes_required = True
    absconded_at = forms.DateTimeField(label=_("Missing since (date and time)"), widget=DateTimeInput())
    place_last_seen = forms.CharField(label=_("Place last seen"), max_length=300, required=False)
    clothing = _text(_("Clothing when last seen"))
    police_station = forms.ModelChoiceField(
        label=_("File a missing report at this police station"),
        required=False,
        queryset=Institution.objects.none(),
        empty_label=_("Do not file a report now"),
        help_text=_(
            "The police station of your district nearest the CCI. The report is filed in its register "
            "on its behalf, in your name."
        ),
    )
    fir_number = forms.CharField(
        label=_("FIR / GD number, if the police have given one"), required=False, max_length=40
    )
    contact_phone = forms.CharField(
        label=_("Phone the police can call"),
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"type": "tel", "inputmode": "tel"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        cci = self.child.cci
        stations = police_stations_near(cci) if cci else Institution.objects.none()
        self.fields["police_station"].queryset = stations.select_related("district")
        self.fields["police_station"].label_from_instance = lambda station: (
            f"{station.name}, {station.district.name}"
        )
        if not self.is_bound and stations.count() == 1:
            self.initial["police_station"] = stations.first().pk
        self.initial.setdefault("contact_phone", (cci.phone if cci else "") or self.user.phone)
        self.initial.setdefault("absconded_at", timezone.localtime().replace(second=0, microsecond=0))
        del self.fields["happened_on"]  # the date is the date of "missing since"

    def service_data(self) -> dict:
        data = super().service_data()
        data["happened_on"] = timezone.localdate(data["absconded_at"]) if data.get("absconded_at") else None
        return data


class WithdrawForm(StepForm):
    notes_label = _("Why the request is withdrawn")
    notes_required = True


class ReturnForm(StepForm):
    notes_label = _("How the child came back")
    notes_required = True


class AftercareReferralForm(StepForm):
    referred_to = forms.CharField(label=_("Referred to (aftercare organisation)"), max_length=200)


class DeclineForm(StepForm):
    notes_label = _("Why the request is declined")
    notes_required = True


class TransferAcceptForm(StepForm):
    admission_number = forms.CharField(label=_("Admission number at your CCI"), max_length=60)


class RepatriationAcceptForm(StepForm):
    order_label = _("Your CWC's order number")
    cci = forms.ModelChoiceField(
        label=_("CCI of your State/UT that receives the child"), queryset=Institution.objects.none()
    )
    chooser = ("cci", "cci")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["state"]


STEP_FORMS = {
    "admission_order": AdmissionOrderForm,
    "admission": AdmissionForm,
    "care_plan": CarePlanForm,
    "progress_report": ProgressReportForm,
    "cwc_hearing": HearingForm,
    "cwc_order": CwcOrderForm,
    "transfer_request": TransferRequestForm,
    "repatriation_request": RepatriationRequestForm,
    "interpreter_request": InterpreterRequestForm,
    "home_verification": HomeVerificationForm,
    "social_investigation": SocialInvestigationForm,
    "restoration_order": RestorationOrderForm,
    "handover": HandoverForm,
    "follow_up_1": FollowUpForm,
    "follow_up_3": FollowUpForm,
    "follow_up_6": FollowUpForm,
    "case_closed": ClosureForm,
    "absconding": AbscondingForm,
    "return_to_care": ReturnForm,
    "request_withdrawn": WithdrawForm,
    "aftercare_referral": AftercareReferralForm,
    "aged_out": ClosureForm,
    "transfer_accept": TransferAcceptForm,
    "transfer_decline": DeclineForm,
    "repatriation_accept": RepatriationAcceptForm,
    "repatriation_decline": DeclineForm,
}
