"""The two registers: children reported missing at police stations, and children found and placed in care.

Nothing here is ever deleted: a record is closed or withdrawn with a reason through `services.set_status`,
and every status change leaves a `StatusChange` row.
"""

from django.conf import settings
from django.db import models
from django.db.models.functions import Upper
from django.utils.translation import gettext_lazy as _

from trackchild.geo.models import District, State
from trackchild.registry.models import Institution


class Gender(models.TextChoices):
    MALE = "male", _("Male")
    FEMALE = "female", _("Female")
    TRANSGENDER = "transgender", _("Transgender")
    UNKNOWN = "unknown", _("Unknown")


class Build(models.TextChoices):
    THIN = "thin", _("Thin")
    MEDIUM = "medium", _("Medium")
    HEAVY = "heavy", _("Heavy")


class Complexion(models.TextChoices):
    FAIR = "fair", _("Fair")
    WHEATISH = "wheatish", _("Wheatish")
    DUSKY = "dusky", _("Dusky")
    DARK = "dark", _("Dark")


class ChildDescription(models.Model):
    """What both registers record about the child. Names are stored exactly as entered, in any script."""

    name = models.CharField(_("name"), max_length=150, blank=True)
    other_names = models.CharField(_("other names / nicknames"), max_length=300, blank=True)
    gender = models.CharField(_("gender"), max_length=12, choices=Gender.choices)
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    age_years = models.PositiveSmallIntegerField(_("age in years"), null=True, blank=True)
    height_cm = models.PositiveSmallIntegerField(_("height (cm)"), null=True, blank=True)
    build = models.CharField(_("build"), max_length=10, choices=Build.choices, blank=True)
    complexion = models.CharField(_("complexion"), max_length=10, choices=Complexion.choices, blank=True)
    identification_marks = models.TextField(_("identification marks (one per line)"), blank=True)
    clothing = models.TextField(_("clothing"), blank=True)
    languages = models.CharField(_("languages spoken"), max_length=200, blank=True)
    disability = models.TextField(_("disability or medical needs"), blank=True)
    school = models.CharField(_("school"), max_length=200, blank=True)
    father_name = models.CharField(_("father's name"), max_length=150, blank=True)
    mother_name = models.CharField(_("mother's name"), max_length=150, blank=True)
    guardian_name = models.CharField(_("guardian's name"), max_length=150, blank=True)
    home_address = models.TextField(_("home address / village or town"), blank=True)
    home_district = models.ForeignKey(
        District,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("home district"),
    )
    home_state = models.ForeignKey(
        State, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("home state")
    )
    home_pin = models.CharField(_("PIN code"), max_length=6, blank=True)

    status = models.CharField(_("status"), max_length=30, db_index=True)
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    class Meta:
        abstract = True

    @property
    def marks_list(self) -> list[str]:
        return [line.strip() for line in self.identification_marks.splitlines() if line.strip()]


class MissingReport(ChildDescription):
    class Status(models.TextChoices):
        REPORTED = "reported", _("Reported")
        TRACED = "traced", _("Traced")
        CLOSED = "closed", _("Closed")

    police_station = models.ForeignKey(
        Institution,
        on_delete=models.PROTECT,
        related_name="missing_reports",
        verbose_name=_("police station"),
    )
    fir_number = models.CharField(_("FIR / GD number"), max_length=40)
    fir_date = models.DateField(_("FIR / GD date"))
    missing_since = models.DateTimeField(_("date and time missing"))
    place_last_seen = models.CharField(_("place last seen"), max_length=300)
    last_seen_district = models.ForeignKey(
        District, on_delete=models.PROTECT, related_name="+", verbose_name=_("district last seen")
    )
    circumstances = models.TextField(_("circumstances"), blank=True)
    complainant_name = models.CharField(_("complainant's name"), max_length=150)
    complainant_relation = models.CharField(_("relation to the child"), max_length=60)
    complainant_phone = models.CharField(_("complainant's phone"), max_length=20)
    complainant_address = models.TextField(_("complainant's address"), blank=True)

    class Meta:
        ordering = ["-missing_since", "-id"]
        constraints = [
            models.UniqueConstraint(
                "police_station", Upper("fir_number"), name="fir_number_unique_per_police_station"
            )
        ]
        indexes = [
            models.Index(fields=["gender", "age_years"]),
            models.Index(fields=["name"]),
            models.Index(fields=["missing_since"]),
            models.Index(fields=["police_station", "status"]),
        ]

    def __str__(self) -> str:
        return f"Missing report {self.fir_number}"


class FoundChild(ChildDescription):
    class Status(models.TextChoices):
        IN_CARE = "in_care", _("In care")
        RESTORATION_IN_PROGRESS = "restoration_in_progress", _("Restoration in progress")
        RESTORED = "restored", _("Restored to family")
        TRANSFERRED = "transferred", _("Transferred")
        REPATRIATED = "repatriated", _("Repatriated")
        ADOPTED = "adopted", _("Adopted")
        AGED_OUT = "aged_out", _("Aged out")
        ABSCONDED = "absconded", _("Absconded")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    class FoundBy(models.TextChoices):
        POLICE = "police", _("Police")
        RAILWAY_POLICE = "railway_police", _("Railway police")
        CHILDLINE = "childline", _("Childline")
        NGO = "ngo", _("NGO")
        CITIZEN = "citizen", _("Citizen")
        OTHER = "other", _("Other")

    class Circumstance(models.TextChoices):
        RAILWAY_STATION = "railway_station", _("Found at a railway station")
        BUS_STAND = "bus_stand", _("Found at a bus stand")
        LABOUR = "labour", _("Rescued from child labour")
        TRAFFICKING = "trafficking", _("Rescued from trafficking")
        BEGGING = "begging", _("Rescued from begging")
        STREET = "street", _("Found alone on the street")
        OTHER = "other", _("Other")

    recorded_by = models.ForeignKey(
        Institution,
        on_delete=models.PROTECT,
        related_name="found_children_recorded",
        verbose_name=_("recorded by"),
    )
    found_on = models.DateField(_("date found"))
    found_place = models.CharField(_("place found"), max_length=300)
    found_district = models.ForeignKey(
        District, on_delete=models.PROTECT, related_name="+", verbose_name=_("district found")
    )
    found_by = models.CharField(_("found by"), max_length=20, choices=FoundBy.choices)
    circumstance = models.CharField(_("circumstances"), max_length=20, choices=Circumstance.choices)
    circumstances_detail = models.TextField(_("circumstances in detail"), blank=True)
    age_is_estimated = models.BooleanField(_("age is an estimate"), default=True)
    recalls_of_home = models.TextField(_("what the child recalls of home"), blank=True)
    cwc = models.ForeignKey(
        Institution,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="found_children_produced",
        verbose_name=_("CWC produced before"),
    )
    cwc_order_number = models.CharField(_("CWC order number"), max_length=60, blank=True)
    cwc_order_date = models.DateField(_("CWC order date"), null=True, blank=True)
    cci = models.ForeignKey(
        Institution,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children_placed",
        verbose_name=_("placed in CCI"),
    )
    admission_number = models.CharField(_("admission number"), max_length=60, blank=True)
    admission_date = models.DateField(_("admission date"), null=True, blank=True)

    class Meta:
        ordering = ["-found_on", "-id"]
        verbose_name_plural = "found children"
        constraints = [
            models.UniqueConstraint(
                fields=["cci", "admission_number"],
                condition=~models.Q(admission_number=""),
                name="admission_number_unique_per_cci",
            )
        ]
        indexes = [
            models.Index(fields=["gender", "age_years"]),
            models.Index(fields=["name"]),
            models.Index(fields=["found_on"]),
            models.Index(fields=["recorded_by", "status"]),
            models.Index(fields=["cci", "status"]),
        ]

    def __str__(self) -> str:
        return f"Found child #{self.pk}"


def photo_path(instance: "Photo", filename: str) -> str:
    # The stored name never carries the child's name: a random hex plus the real image's extension.
    return f"photos/{instance.sha256[:2]}/{instance.sha256}.{instance.format.lower()}"


class Photo(models.Model):
    missing_report = models.ForeignKey(
        MissingReport, on_delete=models.PROTECT, null=True, blank=True, related_name="photos"
    )
    found_child = models.ForeignKey(
        FoundChild, on_delete=models.PROTECT, null=True, blank=True, related_name="photos"
    )
    image = models.FileField(upload_to=photo_path)
    thumbnail = models.FileField(upload_to="thumbs/")
    sha256 = models.CharField(max_length=64)
    format = models.CharField(max_length=8)
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    taken_on = models.DateField(_("date taken"), null=True, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)
    # A wrong photo (another child's, a parent's, an unsuitable image) is withdrawn, never deleted: the file
    # stays for the audit trail, while pages, the API and matching leave it out (services.withdraw_photo).
    is_withdrawn = models.BooleanField(default=False)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    withdrawal_reason = models.TextField(_("reason for withdrawing"), blank=True)

    class Meta:
        ordering = ["-taken_on", "-uploaded_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(missing_report__isnull=True) ^ models.Q(found_child__isnull=True),
                name="photo_belongs_to_exactly_one_record",
            )
        ]


class StatusChange(models.Model):
    """One row per status change of either register, with the order or reason behind it."""

    missing_report = models.ForeignKey(
        MissingReport, on_delete=models.PROTECT, null=True, blank=True, related_name="status_changes"
    )
    found_child = models.ForeignKey(
        FoundChild, on_delete=models.PROTECT, null=True, blank=True, related_name="status_changes"
    )
    from_status = models.CharField(max_length=30, blank=True)
    to_status = models.CharField(max_length=30)
    effective_on = models.DateField(_("date"))
    order_number = models.CharField(_("order number"), max_length=60, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    changed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["changed_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(missing_report__isnull=True) ^ models.Q(found_child__isnull=True),
                name="status_change_belongs_to_exactly_one_record",
            )
        ]
