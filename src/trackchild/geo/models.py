"""States/UTs and districts of India, identified by their LGD (Local Government Directory) codes."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class State(models.Model):
    class Kind(models.TextChoices):
        STATE = "state", _("State")
        UNION_TERRITORY = "ut", _("Union Territory")

    lgd_code = models.PositiveIntegerField(unique=True)
    name = models.CharField(max_length=100, unique=True)
    name_hi = models.CharField(max_length=100, blank=True)
    kind = models.CharField(max_length=5, choices=Kind.choices, default=Kind.STATE)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class District(models.Model):
    lgd_code = models.PositiveIntegerField(unique=True)
    name = models.CharField(max_length=100)
    state = models.ForeignKey(State, on_delete=models.PROTECT, related_name="districts")
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["state__name", "name"]
        constraints = [
            models.UniqueConstraint(fields=["state", "name"], name="district_name_unique_in_state")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.state.name})"
