"""Bearer tokens for the HTTP API. Only a SHA-256 hash of each token is stored: the token itself is shown
once, when it is issued, so a copy of the database does not hand out working credentials."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ApiToken(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="api_tokens")
    name = models.CharField(
        _("name"), max_length=100, help_text=_("What the token is for, e.g. 'CCTNS sync'.")
    )
    hash = models.CharField(max_length=64, unique=True)
    created = models.DateTimeField(auto_now_add=True)
    expires = models.DateTimeField()
    last_used = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created"]

    def __str__(self) -> str:
        return f"API token {self.name!r} of {self.user}"

    def is_usable(self) -> bool:
        return self.revoked_at is None and self.expires > timezone.now() and self.user.is_active
