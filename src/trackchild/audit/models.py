"""Who did what to which record, when and from where. Rows are only ever added.

The summary names fields, never their values: the audit trail must not become a second copy of children's data.
"""

from django.conf import settings
from django.db import models


class AuditEvent(models.Model):
    class Action(models.TextChoices):
        CREATE = "create"
        UPDATE = "update"
        VIEW = "view"
        STATUS = "status"
        PHOTO = "photo"
        LOGIN = "login"
        LOGIN_FAILED = "login_failed"
        EXPORT = "export"

    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    action = models.CharField(max_length=20, choices=Action.choices)
    object_type = models.CharField(max_length=40)
    object_id = models.CharField(max_length=40, blank=True)
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    origin = models.CharField(max_length=80, blank=True, help_text="IP address, or 'cli' / 'api'")
    channel = models.CharField(max_length=10, blank=True, help_text="web, api or cli")
    summary = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"]), models.Index(fields=["actor", "at"])]
