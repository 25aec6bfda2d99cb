from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.dispatch import receiver

from .services import record_event


@receiver(user_logged_in)
def audit_login(sender, request, user, **kwargs):
    record_event("login", user, actor=user)


@receiver(user_login_failed)
def audit_failed_login(sender, credentials, request=None, **kwargs):
    # The username tried is kept: it is how an administrator spots an attack on one account.
    record_event("login_failed", None, actor=None, username=str(credentials.get("username", ""))[:150])
