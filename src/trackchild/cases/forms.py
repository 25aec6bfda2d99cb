"""Forms of the two registers' pages. They parse what the user typed; the rules live in cases.rules and are
applied by cases.services, whose field-keyed ValidationErrors `add_service_errors` puts back on the form."""

import copy

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from trackchild.accounts.models import Level, User
from trackchild.accounts.selectors import districts_visible_to, states_visible_to
from trackchild.geo.models import District, State
from trackchild.registry.models import Institution

from . import rules
from .models import FoundChild, Gender, MissingReport
from .selectors import RecordFilters
from .services import WITHDRAWAL_REASON_MAX_LENGTH, PhotoUpload

PHOTO_ACCEPT = "image/jpeg,image/png,image/webp"
PHOTO_SLOTS = 3


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%dT%H:%M")


def user_state_id(user: User) -> int | None:
    """The state the user works in, used to offer that state's districts and institutions first."""
    if user.level == Level.INSTITUTION and user.institution_id:
        return user.institution.district.state_id
    if user.level == Level.DISTRICT and user.district_id:
        return user.district.state_id
    return user.state_id


CHILD_FIELDS = [
    "name",
    "other_names",
    "gender",
    "date_of_birth",
    "age_years",
    "height_cm",
    "build",
    "complexion",
    "identification_marks",
    "clothing",
    "languages",
    "disability",
    "school",
]
FAMILY_FIELDS = [
    "father_name",
    "mother_name",
    "guardian_name",
    "home_address",
    "home_state",
    "home_district",
    "home_pin",
]
CHILD_WIDGETS = {
    "date_of_birth": DateInput(),
    "identification_marks": forms.Textarea(attrs={"rows": 3}),
    "clothing": forms.Textarea(attrs={"rows": 2}),
    "disability": forms.Textarea(attrs={"rows": 2}),
    "home_address": forms.Textarea(attrs={"rows": 2}),
    "home_pin": forms.TextInput(attrs={"inputmode": "numeric", "pattern": "[1-9][0-9]{5}", "maxlength": 6}),
}


class RecordForm(forms.ModelForm):
    """A record of either register. `district_fields` maps each district field to the state select that narrows
    its choices: without JavaScript the page offers one state's districts (the user's own state first) and a
    "Show districts" button that re-renders the form, as typed, with another state's districts."""

    district_fields: dict[str, str] = {}
    fieldsets: list[tuple[str, list[str]]] = []
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, user: User, **kwargs):
        if kwargs.get("instance") is not None:
            # The form writes what was typed onto its instance; the page keeps showing the saved record.
            kwargs["instance"] = copy.copy(kwargs["instance"])
            kwargs.setdefault("initial", {})["version"] = kwargs["instance"].version
        super().__init__(*args, **kwargs)
        self.user = user
        for district_field, state_field in self.district_fields.items():
            self._offer_districts(district_field, state_field)

    def _offer_districts(self, district_field: str, state_field: str) -> None:
        current = getattr(self.instance, f"{district_field}_id", None)
        state_id = self._chosen_state(state_field, current)
        field = self.fields[district_field]
        field.queryset = District.objects.filter(Q(is_active=True) | Q(pk=current)).select_related("state")
        offered = (
            list(District.objects.filter(is_active=True, state_id=state_id).order_by("name"))
            if state_id
            else []
        )
        chosen = self.data.get(self.add_prefix(district_field)) if self.is_bound else current
        choices = [("", "—")] + [(d.pk, d.name) for d in offered]
        if chosen and str(chosen) not in {str(d.pk) for d in offered}:
            extra = District.objects.select_related("state").filter(
                pk=chosen if str(chosen).isdigit() else None
            )
            choices += [(d.pk, str(d)) for d in extra]
        field.choices = choices
        state = self.fields[state_field]
        state.queryset = State.objects.order_by("name")
        # A helper select may start at the offered state; a real field (the child's home state) stays empty
        # until someone knows it, or a found child's unknown home would be recorded as the user's state.
        if not self.is_bound and state_id and state_field not in self._meta.fields:
            self.initial.setdefault(state_field, state_id)

    def _chosen_state(self, state_field: str, current_district: int | None) -> int | None:
        """The state whose districts to offer: the one chosen on the page, else the record's, else the user's."""
        if self.is_bound:
            raw = self.data.get(self.add_prefix(state_field))
            if raw and str(raw).isdigit():
                return int(raw)
        elif self.initial.get(state_field):
            return self.initial[state_field]
        elif getattr(self.instance, f"{state_field}_id", None):
            return getattr(self.instance, f"{state_field}_id")
        if current_district:
            return District.objects.filter(pk=current_district).values_list("state_id", flat=True).first()
        return user_state_id(self.user)

    def validate_unique(self) -> None:
        """Uniqueness (FIR number per station, admission number per CCI) is the service's to check."""

    def service_data(self) -> dict:
        """The cleaned values of the record's own fields, as the service takes them."""
        model_fields = set(self._meta.fields)
        return {name: value for name, value in self.cleaned_data.items() if name in model_fields}

    def state_field_names(self) -> list[str]:
        return list(self.district_fields.values())

    def fieldset_list(self):
        return [(legend, [self[name] for name in names]) for legend, names in self.fieldsets]


class MissingReportForm(RecordForm):
    last_seen_state = forms.ModelChoiceField(
        queryset=State.objects.none(),
        required=False,
        label=_("State last seen"),
        help_text=_("Choose a state, then press “Show districts” to list its districts."),
    )
    district_fields = {"last_seen_district": "last_seen_state", "home_district": "home_state"}
    fieldsets = [
        (
            _("The report"),
            [
                "fir_number",
                "fir_date",
                "missing_since",
                "place_last_seen",
                "last_seen_state",
                "last_seen_district",
                "circumstances",
            ],
        ),
        (_("The child"), CHILD_FIELDS),
        (_("Family and home"), FAMILY_FIELDS),
        (
            _("The complainant"),
            ["complainant_name", "complainant_relation", "complainant_phone", "complainant_address"],
        ),
    ]

    class Meta:
        model = MissingReport
        fields = [
            "fir_number",
            "fir_date",
            "missing_since",
            "place_last_seen",
            "last_seen_district",
            "circumstances",
            *CHILD_FIELDS,
            *FAMILY_FIELDS,
            "complainant_name",
            "complainant_relation",
            "complainant_phone",
            "complainant_address",
        ]
        widgets = {
            **CHILD_WIDGETS,
            "fir_date": DateInput(),
            "missing_since": DateTimeInput(),
            "circumstances": forms.Textarea(attrs={"rows": 3}),
            "complainant_phone": forms.TextInput(attrs={"type": "tel", "inputmode": "tel"}),
            "complainant_address": forms.Textarea(attrs={"rows": 2}),
        }

    def clean_missing_since(self):
        """The form shows minutes only: an unchanged time must not lose the stored seconds on each edit."""
        value = self.cleaned_data["missing_since"]
        stored = self.instance.missing_since if self.instance.pk else None
        if value and stored and value == stored.replace(second=0, microsecond=0):
            return stored
        return value


class FoundChildForm(RecordForm):
    found_state = forms.ModelChoiceField(
        queryset=State.objects.none(),
        required=False,
        label=_("State found in"),
        help_text=_("Choose a state, then press “Show districts” to list its districts."),
    )
    district_fields = {"found_district": "found_state", "home_district": "home_state"}
    fieldsets = [
        (
            _("Where and how the child was found"),
            [
                "found_on",
                "found_place",
                "found_state",
                "found_district",
                "found_by",
                "circumstance",
                "circumstances_detail",
            ],
        ),
        (_("The child"), [*CHILD_FIELDS[:5], "age_is_estimated", *CHILD_FIELDS[5:]]),
        (_("Family and home, as far as known"), ["recalls_of_home", *FAMILY_FIELDS]),
        (
            _("CWC order and placement"),
            ["cwc", "cwc_order_number", "cwc_order_date", "cci", "admission_number", "admission_date"],
        ),
    ]

    class Meta:
        model = FoundChild
        fields = [
            "found_on",
            "found_place",
            "found_district",
            "found_by",
            "circumstance",
            "circumstances_detail",
            *CHILD_FIELDS,
            "age_is_estimated",
            "recalls_of_home",
            *FAMILY_FIELDS,
            "cwc",
            "cwc_order_number",
            "cwc_order_date",
            "cci",
            "admission_number",
            "admission_date",
        ]
        widgets = {
            **CHILD_WIDGETS,
            "found_on": DateInput(),
            "cwc_order_date": DateInput(),
            "admission_date": DateInput(),
            "circumstances_detail": forms.Textarea(attrs={"rows": 3}),
            "recalls_of_home": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        state_id = user_state_id(user)
        for name, kind in (("cwc", Institution.Kind.CWC), ("cci", Institution.Kind.CCI)):
            current = getattr(self.instance, f"{name}_id", None)
            offered = rules.care_institutions_offered(kind, state_id, current)
            self.fields[name].queryset = Institution.objects.filter(offered).order_by("name")
            if not self.is_bound and not current and user.institution_id and user.institution.kind == kind:
                self.initial[name] = user.institution_id
        self.fields["cci"].help_text = _("The Child Care Institution the CWC placed the child in.")


class PhotoSlotsForm(forms.Form):
    """Up to PHOTO_SLOTS photos, each with the date it was taken (plain file inputs: no JavaScript needed)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for slot in range(1, PHOTO_SLOTS + 1):
            self.fields[f"photo_{slot}"] = forms.FileField(
                label=_("Photo %(n)d") % {"n": slot},
                required=False,
                widget=forms.ClearableFileInput(attrs={"accept": PHOTO_ACCEPT}),
            )
            self.fields[f"taken_on_{slot}"] = forms.DateField(
                label=_("Date photo %(n)d was taken") % {"n": slot},
                required=False,
                widget=DateInput(),
            )

    def slots(self):
        return [(self[f"photo_{n}"], self[f"taken_on_{n}"]) for n in range(1, PHOTO_SLOTS + 1)]

    def uploads(self) -> list[PhotoUpload]:
        uploads = []
        for slot in range(1, PHOTO_SLOTS + 1):
            file = self.cleaned_data.get(f"photo_{slot}")
            if file:
                uploads.append(
                    PhotoUpload(content=file.read(), taken_on=self.cleaned_data.get(f"taken_on_{slot}"))
                )
        return uploads


class AddPhotoForm(forms.Form):
    photo = forms.FileField(
        label=_("Photo"),
        widget=forms.ClearableFileInput(attrs={"accept": PHOTO_ACCEPT}),
        help_text=_("A JPEG, PNG or WebP photo. Location data in the file is removed."),
    )
    taken_on = forms.DateField(label=_("Date taken"), required=False, widget=DateInput())
    version = forms.IntegerField(widget=forms.HiddenInput)

    def upload(self) -> PhotoUpload:
        return PhotoUpload(
            content=self.cleaned_data["photo"].read(), taken_on=self.cleaned_data.get("taken_on")
        )


class WithdrawPhotoForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is this photo withdrawn?"),
        max_length=WITHDRAWAL_REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("For example: another child's photo, a parent's photo, an unsuitable image."),
    )


class StatusChangeForm(forms.Form):
    to_status = forms.ChoiceField(label=_("New status"))
    effective_on = forms.DateField(label=_("Date of the change"), widget=DateInput())
    order_number = forms.CharField(
        label=_("Order number"),
        required=False,
        max_length=60,
        help_text=_("Needed for restoration, transfer, repatriation and adoption (the CWC or court order)."),
    )
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Needed when closing, withdrawing or reopening a record."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, statuses, allowed: list[str], **kwargs):
        kwargs.setdefault("initial", {}).setdefault("effective_on", timezone.localdate())
        super().__init__(*args, **kwargs)
        # Any status parses, so a stale or forged choice reaches the service and gets its clear refusal;
        # the page offers only the allowed ones, in the pipeline's order, and none chosen in advance.
        self.fields["to_status"].choices = list(statuses.choices)
        offered = [(value, label) for value, label in statuses.choices if value in allowed]
        self.fields["to_status"].widget.choices = [("", _("Choose…")), *offered]


class RecordFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Name"),
        required=False,
        max_length=100,
        help_text=_("Any script: matches the child's names and the parents' names."),
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    gender = forms.ChoiceField(label=_("Gender"), required=False, choices=[("", _("Any")), *Gender.choices])
    age_min = forms.IntegerField(label=_("Age from"), required=False, min_value=0, max_value=25)
    age_max = forms.IntegerField(label=_("Age to"), required=False, min_value=0, max_value=25)
    date_from = forms.DateField(label=_("Date from"), required=False, widget=DateInput())
    date_to = forms.DateField(label=_("Date to"), required=False, widget=DateInput())
    state = forms.ModelChoiceField(
        label=_("State"), required=False, queryset=State.objects.none(), empty_label=_("Any")
    )
    district = forms.ModelChoiceField(
        label=_("District"), required=False, queryset=District.objects.none(), empty_label=_("Any")
    )
    status = forms.ChoiceField(label=_("Status"), required=False)
    sort = forms.ChoiceField(
        label=_("Order"),
        required=False,
        choices=[("newest", _("Newest first")), ("oldest", _("Oldest first"))],
    )

    def __init__(self, *args, user: User, statuses, date_label: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", _("Any")), *statuses.choices]
        self.fields["date_from"].label = _("%(date)s from") % {"date": date_label}
        self.fields["date_to"].label = _("%(date)s to") % {"date": date_label}
        if user.level == Level.NATION:
            self.fields["state"].queryset = states_visible_to(user)
        else:
            del self.fields["state"]
        if user.level in (Level.STATE, Level.NATION):
            districts = districts_visible_to(user)
            chosen_state = self.data.get("state") if self.is_bound else None
            if user.level == Level.NATION:
                # 780 districts are too many for one select: the chosen state's only.
                districts = (
                    districts.filter(state_id=chosen_state)
                    if str(chosen_state).isdigit()
                    else districts.none()
                )
            self.fields["district"].queryset = districts.order_by("name")
        else:
            del self.fields["district"]

    def filters(self) -> RecordFilters:
        """The valid filters; a malformed one (e.g. a bad date) is ignored and shown as an error."""
        data = self.cleaned_data if self.is_bound and self.is_valid() else getattr(self, "cleaned_data", {})
        return RecordFilters(
            text=data.get("q") or "",
            gender=data.get("gender") or "",
            age_min=data.get("age_min"),
            age_max=data.get("age_max"),
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
            state=data.get("state"),
            district=data.get("district"),
            status=data.get("status") or "",
            oldest_first=data.get("sort") == "oldest",
        )


def add_service_errors(
    form: forms.Form, error: ValidationError, photo_form: forms.Form | None = None
) -> None:
    """Put a service's ValidationError on the form: each message by its field, the rest at the top."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error.messages)
        return
    for field, messages in error.message_dict.items():
        if field == "photos" and photo_form is not None:
            photo_form.add_error(None, messages)
        elif field == "photos" and "photo" in form.fields:
            form.add_error("photo", messages)
        elif field in form.fields and field != "version":
            form.add_error(field, messages)
        else:
            form.add_error(None, messages)
