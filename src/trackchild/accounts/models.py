"""Users, their role and the one jurisdiction each belongs to."""

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from trackchild.geo.models import District, State
from trackchild.registry.models import Institution


class Role(models.TextChoices):
    POLICE_OFFICER = "police_officer", _("Police station officer")
    CWC_MEMBER = "cwc_member", _("CWC member")
    JJB_MEMBER = "jjb_member", _("JJB member")
    CCI_STAFF = "cci_staff", _("CCI staff")
    DISTRICT_OFFICER = "district_officer", _("District officer")
    STATE_OFFICER = "state_officer", _("State officer")
    NATIONAL_OFFICER = "national_officer", _("National officer")
    SYSTEM_ADMIN = "system_admin", _("System administrator")


class Level(models.TextChoices):
    INSTITUTION = "institution", _("Institution")
    DISTRICT = "district", _("District")
    STATE = "state", _("State")
    NATION = "nation", _("Nation")


# Which institution types each institution role may belong to.
INSTITUTION_KINDS_FOR_ROLE = {
    Role.POLICE_OFFICER: {Institution.Kind.POLICE_STATION, Institution.Kind.SJPU},
    Role.CWC_MEMBER: {Institution.Kind.CWC},
    Role.JJB_MEMBER: {Institution.Kind.JJB},
    Role.CCI_STAFF: {Institution.Kind.CCI},
}
LEVEL_OF_ROLE = {
    **{role: Level.INSTITUTION for role in INSTITUTION_KINDS_FOR_ROLE},
    Role.DISTRICT_OFFICER: Level.DISTRICT,
    Role.STATE_OFFICER: Level.STATE,
    Role.NATIONAL_OFFICER: Level.NATION,
    Role.SYSTEM_ADMIN: Level.NATION,
}


class User(AbstractUser):
    full_name = models.CharField(_("full name"), max_length=150)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    institution = models.ForeignKey(
        Institution, on_delete=models.PROTECT, null=True, blank=True, related_name="staff"
    )
    district = models.ForeignKey(District, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    state = models.ForeignKey(State, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    created_by = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True, related_name="+")

    REQUIRED_FIELDS = ["email"]

    @property
    def level(self) -> str:
        return LEVEL_OF_ROLE.get(self.role, "")

    def save(self, *args, **kwargs):
        # `trackchild createsuperuser` asks no role: a superuser is a system administrator.
        if self.is_superuser and not self.role:
            self.role = Role.SYSTEM_ADMIN
        super().save(*args, **kwargs)

    def clean(self) -> None:
        super().clean()
        check_jurisdiction(self.role, self.institution, self.district, self.state)

    def jurisdiction_label(self) -> str:
        if self.level == Level.INSTITUTION and self.institution:
            return str(self.institution.name)
        if self.level == Level.DISTRICT and self.district:
            return str(self.district)
        if self.level == Level.STATE and self.state:
            return str(self.state)
        return str(_("India"))

    def __str__(self) -> str:
        return self.full_name or self.username


def check_jurisdiction(role, institution, district, state) -> None:
    """An account belongs to exactly the one jurisdiction its role needs, and nothing else."""
    if role not in LEVEL_OF_ROLE:
        raise ValidationError({"role": _("Choose a role.")})
    level = LEVEL_OF_ROLE[role]
    if level == Level.INSTITUTION:
        if institution is None:
            raise ValidationError({"institution": _("This role needs an institution.")})
        if institution.kind not in INSTITUTION_KINDS_FOR_ROLE[role]:
            raise ValidationError({"institution": _("This role cannot belong to that kind of institution.")})
        if district or state:
            raise ValidationError(
                {"district": _("An institution account has no district or state of its own.")}
            )
    elif level == Level.DISTRICT:
        if district is None or institution or state:
            raise ValidationError({"district": _("A district officer belongs to one district only.")})
    elif level == Level.STATE:
        if state is None or institution or district:
            raise ValidationError({"state": _("A state officer belongs to one state only.")})
    elif institution or district or state:
        raise ValidationError({"role": _("A national account has no institution, district or state.")})
