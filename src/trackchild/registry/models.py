"""Institutions that enter data: police stations, CWCs, JJBs, CCIs, DCPUs and SJPUs, each in one district."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from trackchild.geo.models import District


class Institution(models.Model):
    class Kind(models.TextChoices):
        POLICE_STATION = "police_station", _("Police Station")
        CWC = "cwc", _("Child Welfare Committee")
        JJB = "jjb", _("Juvenile Justice Board")
        CCI = "cci", _("Child Care Institution")
        DCPU = "dcpu", _("District Child Protection Unit")
        SJPU = "sjpu", _("Special Juvenile Police Unit")

    class CciKind(models.TextChoices):
        CHILDRENS_HOME = "childrens_home", _("Children's home")
        SHELTER_HOME = "shelter_home", _("Shelter home")
        OBSERVATION_HOME = "observation_home", _("Observation home")
        SPECIAL_HOME = "special_home", _("Special home")
        PLACE_OF_SAFETY = "place_of_safety", _("Place of safety")
        ADOPTION_AGENCY = "adoption_agency", _("Specialised adoption agency")
        OPEN_SHELTER = "open_shelter", _("Open shelter")

    code = models.CharField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices, db_index=True)
    cci_kind = models.CharField(_("kind of CCI"), max_length=20, choices=CciKind.choices, blank=True)
    registration_number = models.CharField(_("registration number (JJ Act)"), max_length=60, blank=True)
    capacity = models.PositiveIntegerField(_("capacity"), null=True, blank=True)
    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="institutions")
    address = models.TextField(_("address"), blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    email = models.EmailField(_("email"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    closed_reason = models.TextField(_("reason for closing"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["name"]
        indexes = [models.Index(fields=["district", "kind"])]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_kind_display()})"

    @property
    def state(self):
        return self.district.state
