"""A person's own notifications: nobody reads another's."""

from django.db.models import QuerySet

from .models import Notification


def notifications_for(user) -> QuerySet[Notification]:
    return (
        Notification.objects.filter(recipient=user) if user.is_authenticated else Notification.objects.none()
    )


def latest_for(user, limit: int = 5) -> list[Notification]:
    return list(notifications_for(user).order_by("-created_at", "-id")[:limit])
