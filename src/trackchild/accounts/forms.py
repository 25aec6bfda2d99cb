"""Forms for the people pages. They offer only the roles and places the acting user may choose; the rules
themselves (who may create whom, one jurisdiction per account, password strength) live in accounts.services.
"""

from django import forms
from django.contrib.auth import password_validation
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop, ngettext_lazy

from trackchild.geo.models import State
from trackchild.registry.models import Institution

from .models import INSTITUTION_KINDS_FOR_ROLE, LEVEL_OF_ROLE, Level, Role, User
from .selectors import districts_visible_to, institutions_visible_to
from .services import roles_creatable_by

# Which of the place fields an account of each level carries.
PLACE_FIELD_OF_LEVEL = {Level.INSTITUTION: "institution", Level.DISTRICT: "district", Level.STATE: "state"}


class InstitutionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Institution) -> str:
        return f"{obj.name} ({obj.get_kind_display()}), {obj.district.name}"


class AccountCreateForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=150)
    username = forms.CharField(
        label=_("Username"),
        max_length=150,
        help_text=_("Letters, digits and @ . + - _ only. Used to log in."),
    )
    email = forms.EmailField(label=_("Email"), required=False)
    phone = forms.CharField(label=_("Phone"), max_length=20, required=False)
    role = forms.ChoiceField(label=_("Role"))
    institution = InstitutionChoiceField(
        label=_("Institution"),
        queryset=Institution.objects.none(),
        required=False,
        help_text=_("For police station, CWC, JJB and CCI accounts."),
    )
    district = forms.ModelChoiceField(
        label=_("District"),
        queryset=None,
        required=False,
        help_text=_("For district officers."),
    )
    state = forms.ModelChoiceField(
        label=_("State"), queryset=State.objects.all(), required=False, help_text=_("For state officers.")
    )
    password1 = forms.CharField(
        label=_("Password"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )
    password2 = forms.CharField(
        label=_("Password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("Type the same password again, to be sure."),
    )

    def __init__(self, *args, actor: User, **kwargs):
        super().__init__(*args, **kwargs)
        allowed = roles_creatable_by(actor)
        self.fields["role"].choices = [("", "---------")] + [
            (value, label) for value, label in Role.choices if value in allowed
        ]
        self.fields["password1"].help_text = " ".join(password_validation.password_validators_help_texts())
        levels = {LEVEL_OF_ROLE[role] for role in allowed}
        kinds = set().union(
            *(INSTITUTION_KINDS_FOR_ROLE[r] for r in allowed if r in INSTITUTION_KINDS_FOR_ROLE)
        )
        self.fields["institution"].queryset = institutions_visible_to(actor).filter(
            is_active=True, kind__in=kinds
        )
        self.fields["district"].queryset = districts_visible_to(actor)
        for level, name in PLACE_FIELD_OF_LEVEL.items():
            if level not in levels:
                del self.fields[name]

    def clean_username(self) -> str:
        username = self.cleaned_data["username"]
        User.username_validator(username)
        return username

    def clean(self) -> dict:
        data = super().clean()
        if data.get("password1") and data.get("password2") and data["password1"] != data["password2"]:
            self.add_error("password2", _("The two passwords differ."))
        # Only the place field that matches the chosen role is kept: a district chosen and then a CCI
        # role picked should not make the account belong to two places.
        level = LEVEL_OF_ROLE.get(data.get("role"))
        for field_level, name in PLACE_FIELD_OF_LEVEL.items():
            if field_level != level:
                data[name] = None
        return data

    def service_data(self) -> dict:
        data = self.cleaned_data
        return {
            "username": data["username"],
            "password": data["password1"],
            "full_name": data["full_name"],
            "role": data["role"],
            "email": data["email"],
            "phone": data["phone"],
            "institution": data.get("institution"),
            "district": data.get("district"),
            "state": data.get("state"),
        }


ACTIVE_CHOICES = [("", _("Active and deactivated")), ("yes", _("Active only")), ("no", _("Deactivated only"))]


class AccountFilterForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), required=False)
    active = forms.ChoiceField(label=_("Status"), choices=ACTIVE_CHOICES, required=False)

    def __init__(self, *args, actor: User, **kwargs):
        super().__init__(*args, **kwargs)
        allowed = roles_creatable_by(actor)
        self.fields["role"].choices = [("", _("All roles"))] + [
            (value, label) for value, label in Role.choices if value in allowed
        ]

    def filter(self, people: QuerySet[User]) -> QuerySet[User]:
        if not self.is_valid():
            return people
        if self.cleaned_data["role"]:
            people = people.filter(role=self.cleaned_data["role"])
        if self.cleaned_data["active"]:
            people = people.filter(is_active=self.cleaned_data["active"] == "yes")
        return people


class AccountDeactivateForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for deactivating"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example: transferred, retired, left the institution."),
    )


# Django's own messages that the portal's forms show. Django's Hindi catalogue lacks most of them, so they are
# listed here for `makemessages` to copy into ours (LOCALE_PATHS wins over Django's catalogue). The text must
# stay exactly Django's, typographic apostrophes included.
DJANGO_MESSAGES_IN_OUR_CATALOGUE = (
    gettext_noop("This field is required."),
    gettext_noop("Select a valid choice. That choice is not one of the available choices."),
    gettext_noop("Select a valid choice. %(value)s is not one of the available choices."),
    gettext_noop("Enter a valid value."),
    gettext_noop("Enter a valid email address."),
    gettext_noop("Enter a whole number."),
    gettext_noop("Enter a number."),
    gettext_noop("Enter a valid date."),
    gettext_noop("Enter a valid time."),
    gettext_noop("Enter a valid date/time."),
    gettext_noop("No file was submitted. Check the encoding type on the form."),
    gettext_noop("No file was submitted."),
    gettext_noop("The submitted file is empty."),
    gettext_noop("Ensure this value is greater than or equal to %(limit_value)s."),
    gettext_noop("Ensure this value is less than or equal to %(limit_value)s."),
    ngettext_lazy(
        "Ensure this value has at most %(limit_value)d character (it has %(show_value)d).",
        "Ensure this value has at most %(limit_value)d characters (it has %(show_value)d).",
    ),
    gettext_noop("%(model_name)s with this %(field_label)s already exists."),
    gettext_noop(
        "Enter a valid username. This value may contain only letters, numbers, and @/./+/-/_ characters."
    ),
    gettext_noop("username"),
    gettext_noop("first name"),
    gettext_noop("last name"),
    gettext_noop("email address"),
    gettext_noop("Old password"),
    gettext_noop("New password"),
    gettext_noop("New password confirmation"),
    gettext_noop("Your old password was entered incorrectly. Please enter it again."),
    gettext_noop("The two password fields didn’t match."),
    gettext_noop(
        "Please enter a correct %(username)s and password. Note that both fields may be case-sensitive."
    ),
    gettext_noop("This account is inactive."),
    ngettext_lazy(
        "This password is too short. It must contain at least %d character.",
        "This password is too short. It must contain at least %d characters.",
    ),
    ngettext_lazy(
        "Your password must contain at least %(min_length)d character.",
        "Your password must contain at least %(min_length)d characters.",
    ),
    gettext_noop("The password is too similar to the %(verbose_name)s."),
    gettext_noop("Your password can’t be too similar to your other personal information."),
    gettext_noop("This password is too common."),
    gettext_noop("Your password can’t be a commonly used password."),
    gettext_noop("This password is entirely numeric."),
    gettext_noop("Your password can’t be entirely numeric."),
)
