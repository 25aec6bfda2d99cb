"""`notify`: one in-app row per recipient, then email and SMS once the transaction commits.

Matching, care and monitoring all call this one function, so a person's messages live in one list.
"""

import logging
from collections.abc import Iterable

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils.module_loading import import_string

from .models import Notification

logger = logging.getLogger(__name__)


def notify(users: Iterable, subject: str, body: str, *, link: str = "") -> list[Notification]:
    """Store a notification for each active user and send it by email (and SMS, if a gateway is set) on commit.

    Sending happens after commit so a rolled-back change never announces itself; a failed email is logged
    (without the body) and leaves the in-app row in place.
    """
    rows = [
        Notification(recipient=user, subject=subject[:200], body=body, link=link)
        for user in users
        if user.is_active
    ]
    Notification.objects.bulk_create(rows)
    if rows:
        transaction.on_commit(lambda: _deliver(rows))
    return rows


def _deliver(rows: list[Notification]) -> None:
    site = settings.SITE_URL.rstrip("/")
    sms = sms_sender()
    emailed = []
    for row in rows:
        text = row.body + (f"\n\n{site}{row.link}" if row.link else "")
        if row.recipient.email:
            try:
                send_mail(row.subject, text, settings.DEFAULT_FROM_EMAIL, [row.recipient.email])
            except Exception:
                logger.exception("email for notification %s failed", row.pk)
            else:
                emailed.append(row.pk)
        if sms and row.recipient.phone:
            try:
                sms(row.recipient.phone, row.subject)
            except Exception:
                logger.exception("SMS for notification %s failed", row.pk)
    if emailed:
        Notification.objects.filter(pk__in=emailed).update(emailed=True)


def sms_sender():
    """The configured SMS gateway: a dotted path to `send(phone, text)` in SMS_GATEWAY, or None (no SMS)."""
    path = getattr(settings, "SMS_GATEWAY", "")
    return import_string(path) if path else None


def unread_count(user) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def mark_all_read(user) -> int:
    """The person has seen their messages (their own only)."""
    from django.utils import timezone

    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(read_at=timezone.now())
